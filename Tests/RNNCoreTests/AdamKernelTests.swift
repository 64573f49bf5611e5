import Testing
@testable import RNNCore

/// Float's Adam runs a C kernel; it must give exactly what the Swift loop gives.
@Suite struct AdamKernelTests {
    struct Variant: CustomStringConvertible, Sendable {
        var amsgrad: Bool
        var decoupled: Bool
        var oneMinusBeta1: Float
        var description: String { "amsgrad \(amsgrad), decoupled \(decoupled), 1 − β1 \(oneMinusBeta1)" }
    }

    static let variants = [false, true].flatMap { amsgrad in
        [false, true].flatMap { decoupled in
            [Float(0.1), 0.7].map { Variant(amsgrad: amsgrad, decoupled: decoupled, oneMinusBeta1: $0) }
        }
    }

    /// n = 1003: the AVX2 loop's blocks of 8 and a tail of 3; three steps so the moments are not fresh.
    @Test(arguments: variants)
    func cKernelMatchesTheSwiftLoopBitForBit(_ variant: Variant) {
        let n = 1003
        var generator = SeededGenerator(seed: 11)
        func values(_ scale: Float, positive: Bool = false) -> [Float] {
            (0..<n).map { _ in
                let x = Float.random(in: -scale...scale, using: &generator)
                return positive ? abs(x) : x
            }
        }
        var (p, m, v, vmax) = (values(1), values(0.1), values(0.01, positive: true), values(0.01, positive: true))
        var (p2, m2, v2, vmax2) = (p, m, v, vmax)
        for step in 1...3 {
            let g = values(Float(step))
            let scalars = (stepSize: Float(1e-3), beta2: Float(0.999), oneMinusBeta2: Float(1e-3), bc: Float(0.05),
                           eps: Float(1e-8), weightDecay: Float(variant.decoupled ? 0 : 0.01), decay: Float(variant.decoupled ? 0.99 : 1))
            g.withUnsafeBufferPointer { g in
                p.withUnsafeMutableBufferPointer { p in m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in vmax.withUnsafeMutableBufferPointer { vmax in
                    Float.adamKernel(p.baseAddress!, g.baseAddress!, expAvg: m.baseAddress!, expAvgSq: v.baseAddress!,
                                     maxExpAvgSq: variant.amsgrad ? vmax.baseAddress! : nil, n,
                                     stepSize: scalars.stepSize, oneMinusBeta1: variant.oneMinusBeta1, beta2: scalars.beta2,
                                     oneMinusBeta2: scalars.oneMinusBeta2, biasCorrection2Sqrt: scalars.bc, eps: scalars.eps,
                                     weightDecay: scalars.weightDecay, decay: scalars.decay)
                }}}}
                p2.withUnsafeMutableBufferPointer { p in m2.withUnsafeMutableBufferPointer { m in
                v2.withUnsafeMutableBufferPointer { v in vmax2.withUnsafeMutableBufferPointer { vmax in
                    Float.adamLoop(p.baseAddress!, g.baseAddress!, expAvg: m.baseAddress!, expAvgSq: v.baseAddress!,
                                   maxExpAvgSq: variant.amsgrad ? vmax.baseAddress! : nil, n,
                                   stepSize: scalars.stepSize, oneMinusBeta1: variant.oneMinusBeta1, beta2: scalars.beta2,
                                   oneMinusBeta2: scalars.oneMinusBeta2, biasCorrection2Sqrt: scalars.bc, eps: scalars.eps,
                                   weightDecay: scalars.weightDecay, decay: scalars.decay)
                }}}}
            }
        }
        #expect(p == p2, "parameters")
        #expect(m == m2 && v == v2 && vmax == vmax2, "moments")
        #expect(p.allSatisfy { $0.isFinite })
    }
}
