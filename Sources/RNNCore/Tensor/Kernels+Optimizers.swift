/// Default implementations of the optimizer kernels of ``TensorScalar``.
///
/// One fused pass over memory per parameter and step, each line in the order
/// PyTorch's `_single_tensor_*` update applies its tensor operations, so Float32
/// results agree with PyTorch to rounding. Options are tested outside the loops
/// (one loop per combination) so the loops stay branch-free. Loops with a square
/// root stay scalar (on Linux Swift's square root is a call to libm's `sqrtf`);
/// Float's Adam, the default optimizer, runs a C kernel instead (`rk_adam`).
extension TensorScalar {
    /// PyTorch's `lerp`: `a + w·(b − a)` for |w| < 0.5, else `b − (b − a)·(1 − w)`.
    @inlinable @inline(__always)
    static func lerp(_ a: Self, _ b: Self, _ w: Self) -> Self {
        Swift.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
    }

    /// Default: the SGD step described on the requirement, over `n` elements of `p`, `g` and `buf`,
    /// one branch-free loop per (`firstStep`, `nesterov`) pair; without a buffer, plain `p −= lr·(g + weightDecay·p)`.
    @inlinable public static func sgdKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, momentumBuffer buf: UnsafeMutablePointer<Self>?,
        _ n: Int, lr: Self, weightDecay: Self, momentum: Self, dampening: Self, nesterov: Bool, firstStep: Bool
    ) {
        guard let buf else {
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                p[i] = p[i] - lr * d
            }
            return
        }
        let keep = 1 - dampening
        switch (firstStep, nesterov) {
        case (true, false):
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                buf[i] = d
                p[i] = p[i] - lr * d
            }
        case (true, true):
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                buf[i] = d
                p[i] = p[i] - lr * (d + momentum * d)
            }
        case (false, false):
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                let b = buf[i] * momentum + keep * d
                buf[i] = b
                p[i] = p[i] - lr * b
            }
        case (false, true):
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                let b = buf[i] * momentum + keep * d
                buf[i] = b
                p[i] = p[i] - lr * (d + momentum * b)
            }
        }
    }

    /// Default: `d = g + weightDecay·p`, `sum += d²`, `p −= lr·d / (√sum + eps)` over `n` elements.
    @inlinable public static func adagradKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, sum: UnsafeMutablePointer<Self>,
        _ n: Int, lr: Self, weightDecay: Self, eps: Self
    ) {
        for i in 0..<n {
            let d = g[i] + weightDecay * p[i]
            let s = sum[i] + d * d
            sum[i] = s
            p[i] = p[i] - lr * (d / (s.squareRoot() + eps))
        }
    }

    /// Default: the RMSprop step described on the requirement over `n` elements: centered when
    /// `gradAvg` is non-nil, with momentum when `momentumBuffer` is non-nil.
    @inlinable public static func rmspropKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, squareAvg sq: UnsafeMutablePointer<Self>,
        gradAvg avg: UnsafeMutablePointer<Self>?, momentumBuffer buf: UnsafeMutablePointer<Self>?,
        _ n: Int, lr: Self, alpha: Self, oneMinusAlpha: Self, eps: Self, weightDecay: Self, momentum: Self
    ) {
        /// Second moment and (centered) mean of `d` at `i`, returning the denominator.
        @inline(__always) func denominator(_ i: Int, _ d: Self) -> Self {
            let s = sq[i] * alpha + oneMinusAlpha * (d * d)
            sq[i] = s
            guard let avg else { return s.squareRoot() + eps }
            let a = lerp(avg[i], d, oneMinusAlpha)
            avg[i] = a
            return (s - a * a).squareRoot() + eps
        }
        if let buf {
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                let b = buf[i] * momentum + d / denominator(i, d)
                buf[i] = b
                p[i] = p[i] - lr * b
            }
        } else {
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                p[i] = p[i] - lr * (d / denominator(i, d))
            }
        }
    }

    /// Default: the Adam / AdamW step described on the requirement, as the scalar Swift loop `adamLoop`;
    /// `Float` overrides it with the C kernel `rk_adam`, which gives the same bits.
    @inlinable public static func adamKernel(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>,
        expAvg m: UnsafeMutablePointer<Self>, expAvgSq v: UnsafeMutablePointer<Self>,
        maxExpAvgSq vmax: UnsafeMutablePointer<Self>?, _ n: Int,
        stepSize: Self, oneMinusBeta1: Self, beta2: Self, oneMinusBeta2: Self,
        biasCorrection2Sqrt: Self, eps: Self, weightDecay: Self, decay: Self
    ) {
        adamLoop(p, g, expAvg: m, expAvgSq: v, maxExpAvgSq: vmax, n, stepSize: stepSize, oneMinusBeta1: oneMinusBeta1,
                 beta2: beta2, oneMinusBeta2: oneMinusBeta2, biasCorrection2Sqrt: biasCorrection2Sqrt, eps: eps,
                 weightDecay: weightDecay, decay: decay)
    }

    /// The Adam update as a Swift loop: the default ``adamKernel``, and the
    /// definition Float's C kernel (`rk_adam`) matches bit for bit. The square
    /// root is a libm call on Linux, so this loop does not vectorize.
    @inlinable @inline(__always)
    static func adamLoop(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>,
        expAvg m: UnsafeMutablePointer<Self>, expAvgSq v: UnsafeMutablePointer<Self>,
        maxExpAvgSq vmax: UnsafeMutablePointer<Self>?, _ n: Int,
        stepSize: Self, oneMinusBeta1: Self, beta2: Self, oneMinusBeta2: Self,
        biasCorrection2Sqrt: Self, eps: Self, weightDecay: Self, decay: Self
    ) {
        /// Moments of `d` at `i`, returning the first moment and the denominator.
        @inline(__always) func moments(_ i: Int, _ d: Self) -> (Self, Self) {
            let mi = lerp(m[i], d, oneMinusBeta1)
            m[i] = mi
            var vi = v[i] * beta2 + oneMinusBeta2 * (d * d)
            v[i] = vi
            if let vmax {
                vi = Swift.max(vmax[i], vi)
                vmax[i] = vi
            }
            return (mi, vi.squareRoot() / biasCorrection2Sqrt + eps)
        }
        if decay != 1 {
            // AdamW (decoupled): shrink the weights first; the gradient is used as is.
            for i in 0..<n {
                let w = p[i] * decay
                let (mi, den) = moments(i, g[i])
                p[i] = w - stepSize * (mi / den)
            }
        } else {
            for i in 0..<n {
                let d = g[i] + weightDecay * p[i]
                let (mi, den) = moments(i, d)
                p[i] = p[i] - stepSize * (mi / den)
            }
        }
    }

    /// Default: `x[i] = min(max(x[i], lower), upper)` in place for i in 0..<n; a NaN fails both comparisons and stays NaN.
    @inlinable public static func clampKernel(_ x: UnsafeMutablePointer<Self>, lower: Self, upper: Self, _ n: Int) {
        for i in 0..<n {
            let v = x[i]
            x[i] = v < lower ? lower : (v > upper ? upper : v)
        }
    }
}
