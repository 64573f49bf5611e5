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
            (0..<n).map { _ in generator.uniform(positive ? 0 : -scale, scale) }
        }
        /// p, m, v, vmax of one side.
        struct State { var p, m, v, vmax: [Float] }
        let start = State(p: values(1), m: values(0.1), v: values(0.01, positive: true), vmax: values(0.01, positive: true))
        // The C kernel, then the Swift loop, each on its own copy.
        let kernels = [Float.adamKernel(_:_:expAvg:expAvgSq:maxExpAvgSq:_:stepSize:oneMinusBeta1:beta2:oneMinusBeta2:biasCorrection2Sqrt:eps:weightDecay:decay:),
                       Float.adamLoop(_:_:expAvg:expAvgSq:maxExpAvgSq:_:stepSize:oneMinusBeta1:beta2:oneMinusBeta2:biasCorrection2Sqrt:eps:weightDecay:decay:)]
        var states = [start, start]
        for step in 1...3 {
            let g = values(Float(step))
            let (weightDecay, decay): (Float, Float) = variant.decoupled ? (0, 0.99) : (0.01, 1)
            for (k, kernel) in kernels.enumerated() {
                var s = states[k]
                g.withUnsafeBufferPointer { g in
                    s.p.withUnsafeMutableBufferPointer { p in s.m.withUnsafeMutableBufferPointer { m in
                    s.v.withUnsafeMutableBufferPointer { v in s.vmax.withUnsafeMutableBufferPointer { vmax in
                        kernel(p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!, variant.amsgrad ? vmax.baseAddress! : nil, n,
                               1e-3, variant.oneMinusBeta1, 0.999, 1e-3, 0.05, 1e-8, weightDecay, decay)
                    }}}}
                }
                states[k] = s
            }
        }
        let (c, swift) = (states[0], states[1])
        #expect(c.p == swift.p, "parameters")
        #expect(c.m == swift.m && c.v == swift.v && c.vmax == swift.vmax, "moments")
        #expect(c.p.allSatisfy { $0.isFinite })
    }
}
