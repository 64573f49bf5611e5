import Testing
@testable import RNNCore

@Suite struct GradientCheckTests {
    @Test func agreesOnACorrectGradient() {
        let w = Parameter<Double>(name: "w", value: Tensor(shape: [3, 2], scalars: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]))
        let x = Tensor<Double>(shape: [4, 3], scalars: (0..<12).map { Double($0) / 10 - 0.5 })
        let report = GradientCheck.run(parameters: [w], inputs: [x]) { tape, inputs in
            matmul(inputs[0], tape.read(w)).tanh().squared().sum()
        }
        #expect(report.entries.count == 2)
        #expect(report.worstRelativeError < 1e-7, "\(report)")
    }

    /// The check leaves the parameters exactly as they were (adding and subtracting the step left rounding residue).
    @Test func parametersArePutBackExactly() {
        let scalars = (0..<40).map { 0.1 * Double($0) + 1 / 3 }
        let w = Parameter<Double>(name: "w", value: Tensor(shape: [40], scalars: scalars))
        _ = GradientCheck.run(parameters: [w], epsilon: 1e-3) { tape, _ in tape.read(w).tanh().sum() }
        #expect(w.value.scalars == scalars)
    }

    /// The check of w ↦ Σ w² through a pullback that multiplies by `factor` · w (2 is right).
    func checkSquares(pullbackFactor factor: Double) -> GradientCheck.Report {
        let w = Parameter<Double>(name: "w", value: Tensor(shape: [2], scalars: [0.3, -0.7]))
        return GradientCheck.run(parameters: [w]) { tape, _ in
            let v = tape.read(w)
            let squares = tape.record(v.value * v.value, inputs: [v]) { t, g in
                t.accumulate(g * v.value * factor, into: v.id)
            }
            return squares.sum()
        }
    }

    @Test func catchesAWrongGradient() {
        #expect(checkSquares(pullbackFactor: 2).worstRelativeError < 1e-7)
        // A deliberately wrong pullback (factor 4, twice the gradient) must be reported.
        #expect(checkSquares(pullbackFactor: 4).worstRelativeError > 0.1)
    }

    /// A NaN gradient is the worst error there is: NaN > worst is false, so a check that kept the largest error by
    /// comparing so would report 0 for it, and every NaN gradient would pass.
    @Test func reportsANaNGradientAsInfinitelyWrong() {
        let report = checkSquares(pullbackFactor: .nan)
        #expect(report.worstRelativeError == .infinity, "\(report)")
    }
}
