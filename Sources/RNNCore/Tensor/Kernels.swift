/// Default implementations of the bulk kernels of ``TensorScalar``.
///
/// Each is a plain loop over raw pointers, written so the compiler vectorizes
/// it. Because they are protocol requirements, `Float` and `Double` each get a
/// copy specialized in this module (see ``TensorScalar``).
extension TensorScalar {
    /// Default: `y[i] = tanh(x[i])` for i in 0..<n, one libm call per element (`Float` overrides it with `rk_tanh`).
    @inlinable public static func tanhKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { y[i] = Self.tanh(x[i]) }
    }

    /// Default: `y[i] = 1 / (1 + exp(-x[i]))` for i in 0..<n, as `e / (1 + e)` with `e = exp(x)` for
    /// negative x so exp never overflows (`Float` overrides it with `rk_sigmoid`).
    @inlinable public static func sigmoidKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n {
            let v = x[i]
            // Stable on both sides: never exp of a large positive number.
            if v >= 0 {
                y[i] = 1 / (1 + Self.exp(-v))
            } else {
                let e = Self.exp(v)
                y[i] = e / (1 + e)
            }
        }
    }

    /// Default: `y[i] = exp(x[i])` for i in 0..<n.
    @inlinable public static func expKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { y[i] = Self.exp(x[i]) }
    }

    /// Default: `y[i] = log(x[i])` (natural log; −inf at 0, NaN below) for i in 0..<n.
    @inlinable public static func logKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { y[i] = Self.log(x[i]) }
    }

    /// Default: `y[i] += x[i]` for i in 0..<n.
    @inlinable public static func addKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { y[i] += x[i] }
    }

    /// Default: `z[i] = x[i] * y[i]` for i in 0..<n.
    @inlinable public static func mulKernel(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ z: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { z[i] = x[i] * y[i] }
    }

    /// Default: `y[i] = a * x[i] + b` for i in 0..<n.
    @inlinable public static func affineKernel(_ x: UnsafePointer<Self>, _ a: Self, _ b: Self, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { y[i] = a * x[i] + b }
    }

    /// Default: the sum of `x[0..<n]` in four interleaved partial sums, added pairwise at the end; 0 when n is 0.
    @inlinable public static func sumKernel(_ x: UnsafePointer<Self>, _ n: Int) -> Self {
        // Four partial sums: vectorizes and loses less precision than one running sum.
        var s0: Self = 0, s1: Self = 0, s2: Self = 0, s3: Self = 0
        var i = 0
        while i + 4 <= n {
            s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
            i += 4
        }
        while i < n { s0 += x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Default: Σ `x[i]²` over `x[0..<n]`, in four interleaved partial sums like ``sumKernel(_:_:)``; 0 when n is 0.
    @inlinable public static func sumOfSquaresKernel(_ x: UnsafePointer<Self>, _ n: Int) -> Self {
        var s0: Self = 0, s1: Self = 0, s2: Self = 0, s3: Self = 0
        var i = 0
        while i + 4 <= n {
            s0 += x[i] * x[i]; s1 += x[i + 1] * x[i + 1]
            s2 += x[i + 2] * x[i + 2]; s3 += x[i + 3] * x[i + 3]
            i += 4
        }
        while i < n { s0 += x[i] * x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Default: ``sumRowsLoop(_:rows:cols:stride:into:)`` (`Float` overrides it with `rk_sum_rows`).
    @inlinable public static func sumRowsKernel(_ x: UnsafePointer<Self>, rows: Int, cols: Int, stride: Int, into y: UnsafeMutablePointer<Self>) {
        sumRowsLoop(x, rows: rows, cols: cols, stride: stride, into: y)
    }

    /// Adds row r of `x` (at `x + r·stride`, `cols` long) into `y` [cols], for r in 0..<rows in order: the
    /// definition that Float's C kernel (`rk_sum_rows`) matches bit for bit.
    @inlinable static func sumRowsLoop(_ x: UnsafePointer<Self>, rows: Int, cols: Int, stride: Int, into y: UnsafeMutablePointer<Self>) {
        for r in 0..<rows {
            let row = x + r * stride
            for c in 0..<cols { y[c] += row[c] }
        }
    }

    /// Default: adds `row` [cols] to each row of the contiguous `x` [rows, cols].
    @inlinable public static func addRowKernel(_ row: UnsafePointer<Self>, to x: UnsafeMutablePointer<Self>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let out = x + r * cols
            for c in 0..<cols { out[c] += row[c] }
        }
    }

    /// Default: softmax of each row of `x` [rows, cols] into `y` [rows, cols], with the row's maximum
    /// subtracted before exp so no term overflows (`Float` overrides it with `rk_softmax_rows`).
    @inlinable public static func softmaxRowsKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int) {
        for r in 0..<rows { _ = softmaxRow(x + r * cols, y + r * cols, cols: cols) }
    }

    /// The softmax of one row `x` [cols] into `y` [cols], the row's maximum subtracted before exp so no term overflows.
    /// - Returns: that maximum m and the sum s of exp(x − m), so that logsumexp(x) = m + log s.
    @inlinable static func softmaxRow(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, cols: Int) -> (max: Self, sum: Self) {
        var m = -Self.infinity
        for c in 0..<cols { m = Swift.max(m, x[c]) }
        var s: Self = 0
        for c in 0..<cols {
            let e = Self.exp(x[c] - m)
            y[c] = e
            s += e
        }
        let inv = 1 / s
        for c in 0..<cols { y[c] *= inv }
        return (m, s)
    }

    /// Default: `y[r] = x[r] − logsumexp(x[r])` for each row of `x` [rows, cols], the row's maximum subtracted first
    /// (`Float` overrides it with `rk_log_softmax_rows`).
    @inlinable public static func logSoftmaxRowsKernel(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let xr = x + r * cols, yr = y + r * cols
            var m = -Self.infinity
            for c in 0..<cols { m = Swift.max(m, xr[c]) }
            var s: Self = 0
            for c in 0..<cols { s += Self.exp(xr[c] - m) }
            let lse = m + Self.log(s)
            for c in 0..<cols { yr[c] = xr[c] - lse }
        }
    }
}
