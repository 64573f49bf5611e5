/// Default implementations of the loss kernels of ``TensorScalar``:
/// the fused softmax cross-entropy (runs over B·T·V logits every step) and
/// the binary cross-entropy on logits.
extension TensorScalar {
    /// Default: for each row r of `logits` [rows, cols], the softmax into `probabilities` [rows, cols] and
    /// `logsumexp(logits[r]) − logits[r][targets[r]]` into `losses` [rows], finite even where the softmax underflows
    /// (`Float` overrides it with `rk_softmax_rows`).
    /// `targets` [rows] must lie in 0..<cols (not checked here).
    @inlinable public static func softmaxCrossEntropyKernel(
        _ logits: UnsafePointer<Self>, targets: UnsafePointer<Int>, rows: Int, cols: Int,
        probabilities: UnsafeMutablePointer<Self>, losses: UnsafeMutablePointer<Self>
    ) {
        for r in 0..<rows {
            let x = logits + r * cols
            let (m, s) = softmaxRow(x, probabilities + r * cols, cols: cols)
            // -log softmax[t] = logsumexp - x[t], computed without log(p[t]) so it stays finite.
            losses[r] = m + Self.log(s) - x[targets[r]]
        }
    }

    /// Default: `gradient[r] += scales[r]·(probabilities[r] − onehot(targets[r]))` for each row r of the
    /// [rows, cols] buffers; rows whose scale is 0 (masked) are skipped.
    @inlinable public static func softmaxCrossEntropyBackwardKernel(
        _ probabilities: UnsafePointer<Self>, targets: UnsafePointer<Int>, scales: UnsafePointer<Self>,
        rows: Int, cols: Int, into gradient: UnsafeMutablePointer<Self>
    ) {
        for r in 0..<rows {
            let k = scales[r]
            if k == 0 { continue }
            let p = probabilities + r * cols, g = gradient + r * cols
            for c in 0..<cols { g[c] += k * p[c] }
            g[targets[r]] -= k
        }
    }

    /// Default: PyTorch's form, −log σ(x) = log1p(e^−|x|) + max(−x, 0) (``softplus(_:)`` of −x), which neither
    /// overflows nor loses the digits of a tiny σ(x).
    @inlinable public static func binaryCrossEntropyWithLogitsKernel(
        _ logits: UnsafePointer<Self>, targets: UnsafePointer<Self>, positiveWeight: UnsafePointer<Self>?, classes: Int,
        _ n: Int, losses: UnsafeMutablePointer<Self>, derivatives: UnsafeMutablePointer<Self>
    ) {
        for i in 0..<n {
            let x = logits[i], y = targets[i]
            let pw = positiveWeight.map { $0[i % classes] } ?? 1
            let logWeight = 1 + (pw - 1) * y
            losses[i] = (1 - y) * x + logWeight * softplus(-x)
            derivatives[i] = logWeight * sigmoidPair(x).0 - pw * y
        }
    }
}
