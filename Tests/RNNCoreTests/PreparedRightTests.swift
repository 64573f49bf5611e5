import CKernels
import Testing
@testable import RNNCore

/// Random operands of `C [m, n] = A [m, k] · B (+ C)`, each stored with a leading dimension wider than its rows.
private struct ProductOperands {
    let a: [Float], lda: Int
    /// B [k, n], or Bᵀ [n, k] when transposed.
    let b: [Float], ldb: Int
    let c: [Float], ldc: Int

    init(m: Int, n: Int, k: Int, transposed: Bool) {
        var g = SeededGenerator(seed: UInt64(m * 1000 + n + k))
        (lda, ldc) = (k + 3, n + 5)
        a = (0..<(m * lda)).map { _ in g.uniform(-1, 1) }
        ldb = transposed ? k + 1 : n + 2
        b = (0..<((transposed ? n : k) * ldb)).map { _ in g.uniform(-1, 1) }
        c = (0..<(m * ldc)).map { _ in g.uniform(-1, 1) }
    }
}

/// Products with a prepared (for Float: packed) right operand equal BLAS
/// products, over shapes with partial panels, partial row blocks and several
/// K blocks, in both storage orders of B, overwriting and accumulating.
struct PreparedRightTests {
    @Test(arguments: [false, true], [false, true])
    func preparedProductsMatchBLAS(transposed: Bool, accumulate: Bool) {
        for (m, n, k) in [(32, 1024, 256), (7, 37, 300), (4, 16, 1), (13, 50, 513), (2, 40, 20), (1, 64, 64)] {
            let o = ProductOperands(m: m, n: n, k: k, transposed: transposed)
            let (a, lda, b, ldb, c0, ldc) = (o.a, o.lda, o.b, o.ldb, o.c, o.ldc)
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

/// The packed product adds each element's products one k after another, each a fused multiply-add, on
/// every micro-kernel and every plan of row blocks: its result is that sum, computed one element at a time,
/// bit for bit. Every row count from 1 to 20 (blocks of 6, 5 and 4 rows, and of 8, with partial ones), a
/// partial panel (37 columns) and two K blocks (300), overwriting and accumulating.
@Suite(.enabled(if: rk_avx2_cpu() != 0, "the CPU has no AVX2 and FMA"))
struct PackedProductSumTests {
    /// The AVX2 micro-kernels (0), and the AVX-512 one (1) where the CPU has it.
    @Test(arguments: rk_avx512_cpu() != 0 ? [0, 1] : [0] as [Int32], [false, true])
    func productIsTheSequentialFusedSum(avx512: Int32, accumulate: Bool) {
        for m in 1...20 {
            let (n, k) = (37, 300)
            let o = ProductOperands(m: m, n: n, k: k, transposed: false)
            let count = rk_packed_right_count(k, n)
            let packed = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
            defer { packed.deallocate() }
            rk_pack_right(k, n, o.b, o.ldb, 0, packed)
            var c = o.c
            rk_gemm_packed_on(avx512, m, n, k, o.a, o.lda, packed, accumulate ? 1 : 0, &c, o.ldc)
            var expected = o.c
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = accumulate ? o.c[i * o.ldc + j] : 0
                    for kk in 0..<k { sum.addProduct(o.a[i * o.lda + kk], o.b[kk * o.ldb + j]) }
                    expected[i * o.ldc + j] = sum
                }
            }
            // Columns past n in each row of C are padding and stay untouched.
            let differing = c.indices.filter { c[$0].bitPattern != expected[$0].bitPattern }
            #expect(differing.isEmpty, "m \(m): \(differing.count) elements differ, the first at \(differing.first ?? 0)")
        }
    }
}

/// The packed product's AVX-512 micro-kernel gives exactly what the AVX2 one gives, so training runs the
/// same on either: shapes with tails in M (partial blocks of 8 and 4 rows), N (a pair of panels whose second
/// is partial, 50 and 17 columns; an odd last panel, partial, 37) and K (a partial block of 256), in both
/// storage orders of B, overwriting and accumulating.
@Suite(.enabled(if: rk_avx512_cpu() != 0, "the CPU has no AVX-512"))
struct PackedKernelTests {
    @Test(arguments: [false, true], [false, true])
    func avx512KernelMatchesTheAVX2OneBitForBit(transposed: Bool, accumulate: Bool) {
        for (m, n, k) in [(13, 50, 513), (7, 37, 300), (32, 64, 256), (9, 17, 1), (4, 16, 257), (3, 5, 7)] {
            let o = ProductOperands(m: m, n: n, k: k, transposed: transposed)
            let count = rk_packed_right_count(k, n)
            let packed = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
            defer { packed.deallocate() }
            rk_pack_right(k, n, o.b, o.ldb, transposed ? 1 : 0, packed)
            var avx2 = o.c, avx512 = o.c
            rk_gemm_packed_on(0, m, n, k, o.a, o.lda, packed, accumulate ? 1 : 0, &avx2, o.ldc)
            rk_gemm_packed_on(1, m, n, k, o.a, o.lda, packed, accumulate ? 1 : 0, &avx512, o.ldc)
            #expect(avx512.map(\.bitPattern) == avx2.map(\.bitPattern), "m \(m) n \(n) k \(k)")
            // Columns past n in each row of C are padding and stay untouched.
            for i in 0..<m { #expect(avx512[(i * o.ldc + n)..<((i + 1) * o.ldc)] == o.c[(i * o.ldc + n)..<((i + 1) * o.ldc)]) }
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
