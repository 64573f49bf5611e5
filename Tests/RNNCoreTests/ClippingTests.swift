import Testing
@testable import RNNCore

@Suite struct ClippingTests {
    /// Gradients [3, 4] and [12]: global norm exactly 13.
    func parameters<S: TensorScalar>(_: S.Type) -> [Parameter<S>] {
        let a = Parameter<S>(name: "a", value: Tensor(zeros: [2]))
        let b = Parameter<S>(name: "b", value: Tensor(zeros: [1, 1]))
        a.grad = Tensor(shape: [2], scalars: [3, -4])
        b.grad = Tensor(shape: [1, 1], scalars: [12])
        return [a, b]
    }

    @Test func clipNormScalesByMaxNormOverNormPlusEpsilon() {
        let ps = parameters(Float.self)
        let report = GradientClipping.clipNorm(ps, maxNorm: 6.5)
        #expect(report.norm == 13)
        #expect(report.isFinite && report.clipped)
        let scale = Float(6.5) / (Float(13) + Float(1e-6))  // PyTorch's coefficient, in Float32
        #expect(report.scale == Double(scale))
        #expect(ps[0].grad.scalars == [3 * scale, -4 * scale])
        #expect(ps[1].grad.scalars == [12 * scale])
        #expect(abs(GradientClipping.globalNorm(ps) - 6.5) < 1e-5)
    }

    @Test func clipNormLeavesSmallGradientsAlone() {
        let ps = parameters(Double.self)
        let report = GradientClipping.clipNorm(ps, maxNorm: 13)  // 13 / (13 + 1e-6) < 1: clipped by a hair
        #expect(report.clipped && abs(report.scale - 13 / (13 + 1e-6)) < 1e-15)
        let qs = parameters(Double.self)
        let untouched = GradientClipping.clipNorm(qs, maxNorm: 20)
        #expect(untouched.norm == 13 && untouched.scale == 1 && !untouched.clipped)
        #expect(qs[0].grad.scalars == [3, -4] && qs[1].grad.scalars == [12])
    }

    @Test func nonFiniteNormIsReportedAndGradientsAreUntouched() {
        for bad in [Float.nan, .infinity] {
            let ps = parameters(Float.self)
            ps[0].grad[flat: 1] = bad
            let report = GradientClipping.clipNorm(ps, maxNorm: 1)
            #expect(!report.isFinite && report.scale == 1)
            #expect(bad.isNaN ? report.norm.isNaN : report.norm == .infinity)
            #expect(ps[0].grad[flat: 0] == 3 && ps[1].grad.scalars == [12])
        }
    }

    @Test func finiteGradientsWhoseSquaresOverflowFloatStillClip() {
        let p = Parameter<Float>(name: "p", value: Tensor(zeros: [2]))
        p.grad = Tensor(shape: [2], scalars: [3e20, 4e20])
        let report = GradientClipping.clipNorm([p], maxNorm: 1)
        #expect(report.isFinite && abs(report.norm / 5e20 - 1) < 1e-6)
        #expect(abs(p.grad[flat: 0] - 0.6) < 1e-6 && abs(p.grad[flat: 1] - 0.8) < 1e-6)
    }

    @Test func clipValueClampsEachElement() {
        let ps = parameters(Double.self)
        ps[0].grad[flat: 0] = .nan
        GradientClipping.clipValue(ps, limit: 3.5)
        #expect(ps[0].grad[flat: 0].isNaN)
        #expect(ps[0].grad[flat: 1] == -3.5 && ps[1].grad.scalars == [3.5])
        let qs = parameters(Float.self)
        GradientClipping.clipValue(qs, limit: 100)
        #expect(qs[0].grad.scalars == [3, -4] && qs[1].grad.scalars == [12])
    }
}
