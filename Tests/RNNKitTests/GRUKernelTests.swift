import Testing
@testable import RNNKit

/// Float's GRU step runs a C kernel; it must give exactly what the Swift loops give.
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
}
