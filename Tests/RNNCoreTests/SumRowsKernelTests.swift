import Testing
@testable import RNNCore

/// Float's column sums (a bias's gradient over B·T rows) run a C kernel; it must give exactly what the Swift loop
/// gives, whose order of additions (each column's terms one row after another) Double keeps.
@Suite struct SumRowsKernelTests {
    /// Column counts with whole blocks of 64 and tails (1, 63, 64, 65, 200), strides wider than the rows, no rows,
    /// and a y that already holds sums.
    @Test(arguments: [(rows: 37, cols: 200, stride: 203), (rows: 5, cols: 64, stride: 64), (rows: 9, cols: 65, stride: 70),
                      (rows: 3, cols: 63, stride: 63), (rows: 1, cols: 1, stride: 1), (rows: 0, cols: 10, stride: 10)])
    func cKernelMatchesTheSwiftLoopBitForBit(rows: Int, cols: Int, stride: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 1000 + cols))
        let x: [Float] = (0..<(max(rows, 1) * stride)).map { _ in generator.uniform(-1e3, 1e3) }
        let y0: [Float] = (0..<cols).map { _ in generator.uniform(-1, 1) }
        var kernel = y0, loop = y0
        x.withUnsafeBufferPointer { x in
            kernel.withUnsafeMutableBufferPointer { Float.sumRowsKernel(x.baseAddress!, rows: rows, cols: cols, stride: stride, into: $0.baseAddress!) }
            loop.withUnsafeMutableBufferPointer { Float.sumRowsLoop(x.baseAddress!, rows: rows, cols: cols, stride: stride, into: $0.baseAddress!) }
        }
        #expect(kernel.map(\.bitPattern) == loop.map(\.bitPattern))
        // And the sums are sums: within rounding of the Double ones.
        for c in 0..<cols {
            let exact = (0..<rows).reduce(Double(y0[c])) { $0 + Double(x[$1 * stride + c]) }
            #expect(abs(Double(kernel[c]) - exact) <= 1e-4 * Double(max(rows, 1)) * 1e3, "column \(c)")
        }
    }
}
