import Testing
@testable import RNNKit

/// Float's GRU step runs C kernels, forward and backward; they must give exactly what the Swift loops give.
@Suite struct GRUKernelTests {
    /// H = 32 fills the AVX2 loops' blocks of 8; H = 13 leaves tails. Pre-activations up to ±12 reach
    /// the activations' saturation, and the ones under 4e-4 their identity branch.
    @Test(arguments: [32, 13])
    func cKernelMatchesTheSwiftLoopsBitForBit(hidden n: Int) {
        var generator = SeededGenerator(seed: 5)
        func values(_ count: Int, _ scale: Float) -> [Float] { (0..<count).map { _ in generator.uniform(-scale, scale) } }
        var xGates = values(3 * n, 12)
        xGates[0] = 1e-4
        xGates[2 * n] = -2e-4
        let hGates = values(3 * n, 3), hPrev = values(n, 1)
        /// The activated gates, hn and h of one kernel.
        func run(_ kernel: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>,
                            UnsafeMutablePointer<Float>, Int) -> Void) -> [[Float]] {
            var (x, hn, h) = (xGates, [Float](repeating: .nan, count: n), [Float](repeating: .nan, count: n))
            x.withUnsafeMutableBufferPointer { x in hn.withUnsafeMutableBufferPointer { hn in h.withUnsafeMutableBufferPointer { h in
                kernel(x.baseAddress!, hGates, hPrev, hn.baseAddress!, h.baseAddress!, n)
            }}}
            return [x, hn, h]
        }
        let c = run { Float.gruForwardRow(xGates: $0, hGates: $1, hPrev: $2, hn: $3, h: $4, hidden: $5) }
        let swift = run { Float.gruForwardLoop(xGates: $0, hGates: $1, hPrev: $2, hn: $3, h: $4, hidden: $5) }
        #expect(c[0].map(\.bitPattern) == swift[0].map(\.bitPattern), "activated gates")
        #expect(c[1].map(\.bitPattern) == swift[1].map(\.bitPattern), "hn")
        #expect(c[2].map(\.bitPattern) == swift[2].map(\.bitPattern), "h")
        #expect(c[2].allSatisfy { $0.isFinite && Swift.abs($0) <= 1 })
    }

    /// Backward from activated gates (r, z in (0, 1), n in (−1, 1)), with dh_prev apart and, as the fused
    /// path calls it, written over dh.
    @Test(arguments: [32, 13])
    func backwardCKernelMatchesTheSwiftLoopBitForBit(hidden n: Int) {
        var generator = SeededGenerator(seed: 7)
        func values(_ count: Int, _ low: Float, _ high: Float) -> [Float] { (0..<count).map { _ in generator.uniform(low, high) } }
        let gates = values(2 * n, 0.01, 0.99) + values(n, -0.99, 0.99)
        let hn = values(n, -3, 3), hPrev = values(n, -1, 1), dh = values(n, -2, 2)
        /// The input-gate gradients, the recurrent-gate gradients and dh_prev of one kernel.
        func run(inPlace: Bool, _ kernel: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafePointer<Float>,
                                           UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)
            -> [[Float]] {
            var (x, hg, d, dPrev) = (gates, [Float](repeating: .nan, count: 3 * n), dh, [Float](repeating: .nan, count: n))
            x.withUnsafeMutableBufferPointer { x in hg.withUnsafeMutableBufferPointer { hg in
            d.withUnsafeMutableBufferPointer { d in dPrev.withUnsafeMutableBufferPointer { dPrev in
                kernel(x.baseAddress!, hg.baseAddress!, hn, hPrev, d.baseAddress!, inPlace ? d.baseAddress! : dPrev.baseAddress!, n)
            }}}}
            return [x, hg, inPlace ? d : dPrev]
        }
        for inPlace in [false, true] {
            let c = run(inPlace: inPlace) { Float.gruBackwardRow(xGates: $0, hGatesGrad: $1, hn: $2, hPrev: $3, dh: $4, dhPrev: $5, hidden: $6) }
            let swift = run(inPlace: inPlace) {
                Float.gruBackwardLoop(xGates: $0, hGatesGrad: $1, hn: $2, hPrev: $3, dh: $4, dhPrev: $5, hidden: $6)
            }
            #expect(c[0].map(\.bitPattern) == swift[0].map(\.bitPattern), "input-gate gradients, in place: \(inPlace)")
            #expect(c[1].map(\.bitPattern) == swift[1].map(\.bitPattern), "recurrent-gate gradients, in place: \(inPlace)")
            #expect(c[2].map(\.bitPattern) == swift[2].map(\.bitPattern), "dh_prev, in place: \(inPlace)")
            #expect(c[2].allSatisfy { $0.isFinite })
        }
    }
}
