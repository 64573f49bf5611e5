import Testing
@testable import RNNCore

/// Products with a prepared (for Float: packed) right operand equal BLAS
/// products, over shapes with partial panels, partial row blocks and several
/// K blocks, in both storage orders of B, overwriting and accumulating.
struct PreparedRightTests {
    @Test(arguments: [false, true], [false, true])
    func preparedProductsMatchBLAS(transposed: Bool, accumulate: Bool) {
        for (m, n, k) in [(32, 1024, 256), (7, 37, 300), (4, 16, 1), (13, 50, 513), (2, 40, 20), (1, 64, 64)] {
            var g = SeededGenerator(seed: UInt64(m * 1000 + n + k))
            let (lda, ldc) = (k + 3, n + 5)   // leading dimensions wider than the rows
            let a: [Float] = (0..<(m * lda)).map { _ in g.uniform(-1, 1) }
            let ldb = transposed ? k + 1 : n + 2
            let b: [Float] = (0..<((transposed ? n : k) * ldb)).map { _ in g.uniform(-1, 1) }
            let c0: [Float] = (0..<(m * ldc)).map { _ in g.uniform(-1, 1) }
            var expected = c0, actual = c0
            Float.gemm(transA: false, transB: transposed, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
                       b: b, ldb: ldb, beta: accumulate ? 1 : 0, c: &expected, ldc: ldc)
            var packed = false
            b.withUnsafeBufferPointer { pb in
                Float.withPreparedRight(pb.baseAddress!, ldb: ldb, transposed: transposed, k: k, n: n) { right in
                    packed = right.isPacked
                    actual.withUnsafeMutableBufferPointer { pc in
                        Float.gemm(m: m, a: a, lda: lda, right: right, accumulate: accumulate, c: pc.baseAddress!, ldc: ldc)
                    }
                }
            }
            #expect(packed == Float.hasAVX2Kernels)
            // Columns past n in each row of C are padding and stay untouched.
            let worst = zip(expected, actual).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0
            #expect(worst < 1e-5, "m \(m) n \(n) k \(k): relative error \(worst)")
        }
    }
}

/// One-row products (sampling) with B stored [N, K] take RNNKit's AVX2
/// matrix-vector kernel where the CPU has it; they equal the sums in Double,
/// over row counts and lengths that leave tails of both loops.
struct MatrixVectorTests {
    @Test(arguments: [false, true])
    func weightTimesVectorMatchesDouble(accumulate: Bool) {
        for (n, k) in [(1024, 256), (65, 256), (7, 37), (3, 8), (5, 16), (4, 1)] {
            var g = SeededGenerator(seed: UInt64(n * 100 + k))
            let ldb = k + 2
            let w: [Float] = (0..<(n * ldb)).map { _ in g.uniform(-1, 1) }
            let x: [Float] = (0..<k).map { _ in g.uniform(-1, 1) }
            let y0: [Float] = (0..<n).map { _ in g.uniform(-1, 1) }
            var y = y0
            Float.gemm(transA: false, transB: true, m: 1, n: n, k: k, alpha: 1, a: x, lda: k,
                       b: w, ldb: ldb, beta: accumulate ? 1 : 0, c: &y, ldc: n)
            for r in 0..<n {
                let dot = (0..<k).reduce(0.0) { $0 + Double(w[r * ldb + $1]) * Double(x[$1]) }
                let want = (accumulate ? Double(y0[r]) : 0) + dot
                #expect(abs(Double(y[r]) - want) <= 1e-5 * max(1, abs(want)), "n \(n) k \(k) row \(r)")
            }
        }
    }
}
