import CKernels

/// The right operand B [K, N] of many products `C = A·B` (or `C += A·B`),
/// laid out once for all of them: a recurrent layer's weights serve every
/// time step of a sequence.
///
/// For `Float` on a CPU with AVX2 and FMA, B is packed into panels of 16
/// columns and each product runs RNNKit's own micro-kernel on them (AVX-512
/// where the CPU has it and `RNNKIT_DISABLE_AVX512` is not set, else AVX2; the
/// same results bit for bit), skipping the repacking a BLAS call repeats on
/// every step. Otherwise (Double, other CPUs, products of fewer than 4 rows)
/// each product is a plain BLAS call on B as stored. Valid only inside ``TensorScalar/withPreparedRight(_:ldb:transposed:k:n:_:)``.
public struct PreparedRight<Scalar: TensorScalar>: @unchecked Sendable {
    /// The inner dimension K.
    public let k: Int
    /// The columns N.
    public let n: Int
    /// B as stored: [K, N], or Bᵀ [N, K] when `transposed`, leading dimension `ld`.
    let source: UnsafePointer<Scalar>
    let ld: Int
    let transposed: Bool
    /// The panels, when packed.
    let packed: UnsafePointer<Float>?

    /// Whether products run on packed panels (else on BLAS).
    public var isPacked: Bool { packed != nil }

    /// The fewest rows worth giving to each of several products on these weights, for a caller that cuts a
    /// batch into groups: 10 on the AVX2 kernels, which run blocks of 5 and 6 rows at full speed and a block
    /// of 4 at about 4/5 of it (so 8 rows, 4 + 4, run a quarter slower per row than 10, 5 + 5); else 4, the
    /// fewest rows that run on the panels at all.
    public var fewestRowsPerGroup: Int { packed != nil && rk_avx512_available() == 0 ? 10 : 4 }

    /// `c [m, N] = a [m, K] · B`, or `c += a · B` when `accumulate`, through BLAS.
    func blasProduct(m: Int, a: UnsafePointer<Scalar>, lda: Int, accumulate: Bool, c: UnsafeMutablePointer<Scalar>, ldc: Int) {
        Scalar.gemm(transA: false, transB: transposed, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
                    b: source, ldb: ld, beta: accumulate ? 1 : 0, c: c, ldc: ldc)
    }
}

extension TensorScalar {
    /// Prepares B for many products with ``gemm(m:a:lda:right:accumulate:c:ldc:)``
    /// and runs `body` with it. B is [k, n] stored with leading dimension `ldb`,
    /// or given as Bᵀ [n, k] when `transposed` (a weight [out, in] for `x·Wᵀ`).
    /// The default keeps B as stored; `Float` packs it.
    public static func withPreparedRight(_ b: UnsafePointer<Self>, ldb: Int, transposed: Bool, k: Int, n: Int,
                                         _ body: (PreparedRight<Self>) -> Void) {
        body(PreparedRight(k: k, n: n, source: b, ld: ldb, transposed: transposed, packed: nil))
    }

    /// `c [m, N] = a [m, K] · B`, or `c += a · B` when `accumulate`; row-major,
    /// leading dimensions `lda` and `ldc`.
    public static func gemm(m: Int, a: UnsafePointer<Self>, lda: Int, right: PreparedRight<Self>,
                            accumulate: Bool, c: UnsafeMutablePointer<Self>, ldc: Int) {
        right.blasProduct(m: m, a: a, lda: lda, accumulate: accumulate, c: c, ldc: ldc)
    }
}

extension Float {
    /// Packs B into 16-column panels when the CPU runs the packed micro-kernel.
    public static func withPreparedRight(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, k: Int, n: Int,
                                         _ body: (PreparedRight<Float>) -> Void) {
        guard hasAVX2Kernels, k > 0, n > 0 else {
            body(PreparedRight(k: k, n: n, source: b, ld: ldb, transposed: transposed, packed: nil))
            return
        }
        let count = rk_packed_right_count(k, n)
        let panels = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        defer { panels.deallocate() }
        rk_pack_right(k, n, b, ldb, transposed ? 1 : 0, panels)
        body(PreparedRight(k: k, n: n, source: b, ld: ldb, transposed: transposed, packed: panels))
    }

    /// Runs on the packed panels from 4 rows up; fewer rows go to BLAS (one row: a matrix-vector product).
    public static func gemm(m: Int, a: UnsafePointer<Float>, lda: Int, right: PreparedRight<Float>,
                            accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard let packed = right.packed, m >= 4 else {
            right.blasProduct(m: m, a: a, lda: lda, accumulate: accumulate, c: c, ldc: ldc)
            return
        }
        rk_gemm_packed(m, right.n, right.k, a, lda, packed, accumulate ? 1 : 0, c, ldc)
    }
}
