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

    @Test func catchesAWrongGradient() {
        // A deliberately wrong pullback (factor 2) must be reported.
        let w = Parameter<Double>(name: "w", value: Tensor(shape: [2], scalars: [0.3, -0.7]))
        let report = GradientCheck.run(parameters: [w]) { tape, _ in
            let v = tape.read(w)
            let wrong = tape.record(v.value * v.value, inputs: [v]) { t, g in
                t.accumulate(g * v.value * 4, into: v.id)
            }
            return wrong.sum()
        }
        #expect(report.worstRelativeError > 0.1)
    }
}
