import CKernels
import COpenBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS set up once, before its first use (every function here that calls it reads this first): single-threaded, as
/// RNNKit does its own threading (``setComputeThreads(_:)``), and on the kernels of this CPU's instruction set where it
/// fell back to its generic ones (`rk_blas_use_known_core`).
private let openBLASSetUp: Void = {
    _ = rk_blas_use_known_core()
    openblas_set_num_threads(1)
}()

/// The scalar types a ``Tensor`` can hold: `Float` for training, `Double` for
/// gradient checks.
///
/// Every bulk kernel that loops over memory is a requirement of this protocol,
/// so each conformance (`Float`, `Double`) gets its own specialized copy of the
/// loop, compiled in this module. Generic code anywhere — another module, an
/// unspecialized generic context — calls a kernel through the witness table
/// once per buffer, never once per element, and the loop inside runs at full
/// speed. The default implementations live in `Kernels.swift` and its `Kernels+…` files; BLAS calls
/// dispatch to `sgemm`/`dgemm` and friends.
public protocol TensorScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// Name of the type in a safetensors header (`F32`, `F64`).
    static var dtypeName: String { get }

    // MARK: Scalar math
    /// e raised to `x`, for one scalar (+inf on overflow).
    static func exp(_ x: Self) -> Self
    /// The natural logarithm of `x` (−inf at 0, NaN below 0).
    static func log(_ x: Self) -> Self
    /// The hyperbolic tangent of `x`, in [−1, 1].
    static func tanh(_ x: Self) -> Self
    /// `x` raised to the power `y`, for one scalar.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// log(1 + x), accurate where x is tiny.
    static func log1p(_ x: Self) -> Self
    /// e^x − 1, accurate where x is tiny.
    static func expm1(_ x: Self) -> Self
    /// The complementary error function 1 − erf(x), accurate where it is tiny (large x).
    static func erfc(_ x: Self) -> Self

    // MARK: BLAS
    /// `C = alpha * op(A) * op(B) + beta * C`, row-major.
    /// `op(A)` is [M, K], `op(B)` is [K, N], `C` is [M, N].
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// Prepares a right operand B for many products (see ``PreparedRight``)
    /// and runs `body` with it; default in `PreparedRight.swift`.
    static func withPreparedRight(_ b: UnsafePointer<Self>, ldb: Int, transposed: Bool, k: Int, n: Int,
                                  _ body: (PreparedRight<Self>) -> Void)
    /// `C [m, N] = A [m, K] · B` (or `C += A · B`) with a prepared B; default in `PreparedRight.swift`.
    static func gemm(m: Int, a: UnsafePointer<Self>, lda: Int, right: PreparedRight<Self>,
                     accumulate: Bool, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// `y += alpha * x` over `n` elements.
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    /// Dot product of `n` elements.
    static func dot(n: Int, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) -> Self

    // MARK: Bulk elementwise kernels (default implementations in Kernels.swift and Kernels+Elementwise.swift)
    /// `y[i] = tanh(x[i])`; `x` and `y` may alias.
    static func tanhKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] = 1 / (1 + exp(-x[i]))`; `x` and `y` may alias.
    static func sigmoidKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] = exp(x[i])`.
    static func expKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] = log(x[i])`.
    static func logKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] += x[i]`.
    static func addKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `z[i] = x[i] * y[i]`; may alias.
    static func mulKernel(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ z: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] = a * x[i] + b`; may alias.
    static func affineKernel(_ x: UnsafePointer<Self>, _ a: Self, _ b: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `y[i] = f(x[i])`; `x` and `y` may alias. Default in `Kernels+Elementwise.swift`.
    static func elementwiseKernel(_ f: ElementwiseFunction, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int)
    /// `g[i] *= f′` at element i, from the forward pass's input `x` and output `y`, in place over `g`.
    static func elementwiseBackwardKernel(_ f: ElementwiseFunction, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
                                          _ g: UnsafeMutablePointer<Self>, _ n: Int)
    /// Sum of `n` elements.
    static func sumKernel(_ x: UnsafePointer<Self>, _ n: Int) -> Self
    /// Sum of squares of `n` elements.
    static func sumOfSquaresKernel(_ x: UnsafePointer<Self>, _ n: Int) -> Self
    /// Sums the rows of `x` [rows, cols] (row r at `x + r·stride`) into `y` [cols] (adds into `y`).
    static func sumRowsKernel(_ x: UnsafePointer<Self>, rows: Int, cols: Int, stride: Int, into y: UnsafeMutablePointer<Self>)
    /// Adds `row` [cols] to every row of `x` [rows, cols] in place.
    static func addRowKernel(_ row: UnsafePointer<Self>, to x: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
    /// Row-wise softmax of `x` [rows, cols] into `y`; may alias.
    static func softmaxRowsKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
    /// Row-wise log-softmax of `x` [rows, cols] into `y`; may alias.
    static func logSoftmaxRowsKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int)

    // MARK: Loss and layer kernels (default implementations in Kernels+Losses.swift)
    /// Fused softmax cross-entropy, forward: for each row r of `logits` [rows, cols],
    /// writes softmax(logits[r]) into `probabilities[r]` and
    /// `-log softmax(logits[r])[targets[r]]` into `losses[r]`.
    static func softmaxCrossEntropyKernel(
        _ logits: UnsafePointer<Self>, targets: UnsafePointer<Int>, rows: Int, cols: Int,
        probabilities: UnsafeMutablePointer<Self>, losses: UnsafeMutablePointer<Self>)
    /// Fused softmax cross-entropy, backward: adds
    /// `scales[r] * (probabilities[r] - onehot(targets[r]))` into `gradient[r]` for every row.
    static func softmaxCrossEntropyBackwardKernel(
        _ probabilities: UnsafePointer<Self>, targets: UnsafePointer<Int>, scales: UnsafePointer<Self>,
        rows: Int, cols: Int, into gradient: UnsafeMutablePointer<Self>)
    /// Binary cross-entropy on logits, forward and derivative: for each element i of `logits` and `targets` [n],
    /// with pw = `positiveWeight[i % classes]` (1 where nil) and lw = 1 + (pw − 1)·y, writes
    /// `(1 − y)·x − lw·log σ(x)` into `losses[i]` and its derivative in x, `lw·σ(x) − pw·y`, into `derivatives[i]`.
    static func binaryCrossEntropyWithLogitsKernel(
        _ logits: UnsafePointer<Self>, targets: UnsafePointer<Self>, positiveWeight: UnsafePointer<Self>?, classes: Int,
        _ n: Int, losses: UnsafeMutablePointer<Self>, derivatives: UnsafeMutablePointer<Self>)
    /// Inverted-dropout mask: `y[i] = scale` with probability `keep`, else 0, one
    /// uniform draw from `generator` per element in order.
    static func dropoutMaskKernel(_ y: UnsafeMutablePointer<Self>, _ n: Int, keep: Double, scale: Self,
                                  generator: inout SeededGenerator)

    // MARK: Optimizer kernels (default implementations in Kernels+Optimizers.swift)
    // Each is one fused pass over a parameter's `n` elements, in PyTorch's order of
    // operations; `p` parameter, `g` gradient, the rest the optimizer's state buffers.
    // Coefficients are computed once per step in Double and rounded to `Self`, as
    // PyTorch rounds its Python-float hyperparameters.
    /// SGD (see ``SGD``): `d = g + weightDecay·p`; with a momentum buffer, `buf = d` on the
    /// first step, else `buf = momentum·buf + (1 − dampening)·d`, then `d = d + momentum·buf`
    /// (Nesterov) or `d = buf`; finally `p −= lr·d`. `buf` is nil without momentum.
    static func sgdKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, momentumBuffer buf: UnsafeMutablePointer<Self>?,
        _ n: Int, lr: Self, weightDecay: Self, momentum: Self, dampening: Self, nesterov: Bool, firstStep: Bool)
    /// Adagrad (see ``Adagrad``): `d = g + weightDecay·p`, `sum += d²`, `p −= lr·d / (√sum + eps)`;
    /// `lr` is already decayed for this step.
    static func adagradKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, sum: UnsafeMutablePointer<Self>,
        _ n: Int, lr: Self, weightDecay: Self, eps: Self)
    /// RMSprop (see ``RMSprop``): `d = g + weightDecay·p`, `sq = alpha·sq + (1 − alpha)·d²`;
    /// centered (`gradAvg` non-nil): `avg = lerp(avg, d, 1 − alpha)`, `den = √(sq − avg²) + eps`,
    /// else `den = √sq + eps`; with a momentum buffer `buf = momentum·buf + d/den`, `p −= lr·buf`,
    /// else `p −= lr·d/den`.
    static func rmspropKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, squareAvg: UnsafeMutablePointer<Self>,
        gradAvg: UnsafeMutablePointer<Self>?, momentumBuffer: UnsafeMutablePointer<Self>?,
        _ n: Int, lr: Self, alpha: Self, oneMinusAlpha: Self, eps: Self, weightDecay: Self, momentum: Self)
    /// Adam / AdamW (see ``Adam``): `p *= decay` (decoupled decay, 1 for Adam), `d = g + weightDecay·p`
    /// (coupled decay, 0 for AdamW), `m = lerp(m, d, 1 − β1)`, `v = β2·v + (1 − β2)·d²`,
    /// `vmax = max(vmax, v)` when `maxExpAvgSq` is non-nil (AMSGrad), then
    /// `p −= stepSize · m / (√v̂ / biasCorrection2Sqrt + eps)` with v̂ = vmax or v.
    static func adamKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>,
        expAvg m: UnsafeMutablePointer<Self>, expAvgSq v: UnsafeMutablePointer<Self>,
        maxExpAvgSq vmax: UnsafeMutablePointer<Self>?, _ n: Int,
        stepSize: Self, oneMinusBeta1: Self, beta2: Self, oneMinusBeta2: Self,
        biasCorrection2Sqrt: Self, eps: Self, weightDecay: Self, decay: Self)
    /// `x[i] = min(max(x[i], lower), upper)` in place; NaN stays NaN.
    static func clampKernel(_ x: UnsafeMutablePointer<Self>, lower: Self, upper: Self, _ n: Int)
}

extension Float {
    /// Whether the AVX2 + FMA kernels of `CKernels` run here (``rk_avx2_available``):
    /// the packed per-step product and the matrix-vector product, which otherwise fall back to BLAS.
    static let hasAVX2Kernels = rk_avx2_available() != 0
}

extension Float: TensorScalar {
    /// `F32`: Float tensors are written to safetensors as 32-bit IEEE floats.
    public static var dtypeName: String { "F32" }
    /// libm's `expf`.
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    /// libm's `logf`.
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    /// libm's `tanhf` (the bulk ``tanhKernel(_:_:_:)`` uses a faster rational form).
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    /// libm's `powf`.
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    /// libm's `log1pf`.
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    /// libm's `expm1f`.
    @inlinable public static func expm1(_ x: Float) -> Float { expm1f(x) }
    /// libm's `erfcf`.
    @inlinable public static func erfc(_ x: Float) -> Float { erfcf(x) }

    /// `cblas_sgemm`. A one-row product (m = 1) is a matrix-vector product instead: RNNKit's AVX2 kernel
    /// when A is not transposed, B is stored [N, K], alpha is 1 and beta 0 or 1 and the CPU has AVX2, else `cblas_sgemv`.
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = openBLASSetUp
        if m == 1 {
            // One row (sampling, batch 1): a matrix-vector product, which
            // skips the packing a GEMM does. c[1, N] = op(A)[1, K] · op(B).
            if transB, !transA, alpha == 1, beta == 0 || beta == 1, hasAVX2Kernels {
                // B stored [N, K] (a weight times a vector): RNNKit's AVX2 kernel.
                rk_gemv_rows(n, k, b, ldb, a, beta == 1 ? 1 : 0, c)
                return
            }
            // op(B)ᵀ is [N, K]: B stored [K, N] is read transposed, B stored [N, K] as is.
            cblas_sgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans,
                        Int32(transB ? n : k), Int32(transB ? k : n), alpha, b, Int32(ldb),
                        a, transA ? Int32(lda) : 1, beta, c, 1)
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    /// `cblas_saxpy` with unit strides: `y[0..<n] += alpha · x[0..<n]`.
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        _ = openBLASSetUp
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }
    /// `cblas_sdot` with unit strides: Σ `x[i]·y[i]` over 0..<n.
    public static func dot(n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        _ = openBLASSetUp
        return cblas_sdot(Int32(n), x, 1, y, 1)
    }

    /// tanh for Float as a rational function (Eigen's `ptanh_float`, within a
    /// few ulp), vectorized in `CKernels` with AVX2 where the CPU has it.
    public static func tanhKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        rk_tanh(x, y, n)
    }

    /// sigmoid(x) = 0.5 · tanh(x / 2) + 0.5, through the same rational tanh.
    public static func sigmoidKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        rk_sigmoid(x, y, n)
    }

    /// Column sums in `CKernels`, 64 columns at a time (eight at once with AVX2), bit for bit the generic loop.
    public static func sumRowsKernel(_ x: UnsafePointer<Float>, rows: Int, cols: Int, stride: Int, into y: UnsafeMutablePointer<Float>) {
        rk_sum_rows(x, rows, cols, stride, y)
    }

    /// Row softmax in `CKernels`: e^x through Cephes' expf polynomial (about 1 ulp) eight columns at a time,
    /// where libm's `expf` is a call per element.
    public static func softmaxRowsKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        rk_softmax_rows(x, y, rows, cols, nil, nil)
    }

    /// Row log-softmax with ``softmaxRowsKernel(_:_:rows:cols:)``'s e^x.
    public static func logSoftmaxRowsKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        rk_log_softmax_rows(x, y, rows, cols)
    }

    /// The softmax of ``softmaxRowsKernel(_:_:rows:cols:)`` and the loss `m + log s − x[target]` in one pass per row.
    public static func softmaxCrossEntropyKernel(
        _ logits: UnsafePointer<Float>, targets: UnsafePointer<Int>, rows: Int, cols: Int,
        probabilities: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>
    ) {
        rk_softmax_rows(logits, probabilities, rows, cols, targets, losses)
    }

    /// The Adam update in `CKernels` (eight elements at a time with AVX2), bit for bit ``adamLoop``.
    public static func adamKernel(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
        expAvg m: UnsafeMutablePointer<Float>, expAvgSq v: UnsafeMutablePointer<Float>,
        maxExpAvgSq vmax: UnsafeMutablePointer<Float>?, _ n: Int,
        stepSize: Float, oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float,
        biasCorrection2Sqrt: Float, eps: Float, weightDecay: Float, decay: Float
    ) {
        var settings = rk_adam_settings(step_size: stepSize, one_minus_beta1: oneMinusBeta1, beta2: beta2,
                                        one_minus_beta2: oneMinusBeta2, bias_correction2_sqrt: biasCorrection2Sqrt,
                                        eps: eps, weight_decay: weightDecay, decay: decay)
        rk_adam(p, g, m, v, vmax, n, &settings)
    }
}

extension Double: TensorScalar {
    /// `F64`: Double tensors are written to safetensors as 64-bit IEEE floats.
    public static var dtypeName: String { "F64" }
    /// libm's `exp`.
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    /// libm's `log`.
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    /// libm's `tanh` (also what the bulk ``tanhKernel(_:_:_:)`` calls for Double).
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    /// libm's `pow`.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    /// libm's `log1p`.
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    /// libm's `expm1`.
    @inlinable public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    /// libm's `erfc`.
    @inlinable public static func erfc(_ x: Double) -> Double { Glibc.erfc(x) }

    /// `cblas_dgemm`; a one-row product (m = 1) runs as the matrix-vector product `cblas_dgemv`.
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        _ = openBLASSetUp
        if m == 1 {
            // One row (sampling, batch 1): a matrix-vector product, which
            // skips the packing a GEMM does. c[1, N] = op(A)[1, K] · op(B).
            // op(B)ᵀ is [N, K]: B stored [K, N] is read transposed, B stored [N, K] as is.
            cblas_dgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans,
                        Int32(transB ? n : k), Int32(transB ? k : n), alpha, b, Int32(ldb),
                        a, transA ? Int32(lda) : 1, beta, c, 1)
            return
        }
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    /// `cblas_daxpy` with unit strides: `y[0..<n] += alpha · x[0..<n]`.
    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        _ = openBLASSetUp
        cblas_daxpy(Int32(n), alpha, x, 1, y, 1)
    }
    /// `cblas_ddot` with unit strides: Σ `x[i]·y[i]` over 0..<n.
    public static func dot(n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        _ = openBLASSetUp
        return cblas_ddot(Int32(n), x, 1, y, 1)
    }
}
