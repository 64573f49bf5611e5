import Requirements

/// Gradient clipping over a list of parameters, as `torch.nn.utils.clip_grad_norm_`
/// and `clip_grad_value_`. Clipping by global norm keeps exploding gradients in
/// recurrent networks in check: Pascanu, Mikolov & Bengio, "On the difficulty of
/// training recurrent neural networks" (ICML 2013).
public enum GradientClipping {
    /// What ``clipNorm(_:maxNorm:)`` measured and did.
    public struct NormReport: Sendable, Equatable {
        /// The global L2 norm of all gradients before clipping (may be +∞ or NaN).
        public var norm: Double
        /// The factor every gradient was multiplied by (1: untouched).
        public var scale: Double
        /// False when the norm is +∞ or NaN: the gradients were left untouched and
        /// the caller should skip the optimizer step.
        public var isFinite: Bool { norm.isFinite }
        /// True when the gradients were scaled down.
        public var clipped: Bool { scale < 1 }
    }

    /// The L2 norm of all gradients of `parameters`, as if concatenated into one vector.
    ///
    /// Sums squares in the parameters' scalar type, as PyTorch; if that overflows
    /// while every element is finite, sums again in Double, where PyTorch reports +∞
    /// (so Float gradients of 1e20 have a norm here, and Double ones beyond about
    /// 1e154 still give +∞).
    /// - Returns: the norm; +∞ or NaN when a gradient holds one.
    public static func globalNorm<Scalar>(_ parameters: [Parameter<Scalar>]) -> Double {
        var total: Scalar = 0
        for p in parameters { total += p.grad.sumOfSquares() }
        if total.isFinite || !parameters.allSatisfy({ $0.grad.isFinite }) {
            return Double(total.squareRoot())
        }
        // Finite elements whose squares overflow the scalar type: rare, not a hot path.
        var wide = 0.0
        for p in parameters { for g in p.grad.scalars { wide += Double(g) * Double(g) } }
        return wide.squareRoot()
    }

    /// Scales all gradients down so their global L2 norm is at most `maxNorm`.
    ///
    /// The scale is `maxNorm / (norm + 1e-6)`, applied only when it is below 1
    /// (PyTorch's `clip_grad_norm_`). A non-finite norm leaves every gradient
    /// untouched and is reported, where PyTorch multiplies them by 0 (+∞) or NaN:
    /// no NaN is spread through them, and the caller skips the step.
    /// - Parameters:
    ///   - parameters: the gradients to clip, in place.
    ///   - maxNorm: > 0.
    /// - Returns: the norm before clipping and the scale applied.
    @discardableResult
    public static func clipNorm<Scalar>(_ parameters: [Parameter<Scalar>], maxNorm: Double) -> NormReport {
        require(maxNorm > 0, "clipNorm: max norm \(maxNorm) must be > 0")
        let norm = globalNorm(parameters)
        guard norm.isFinite else { return NormReport(norm: norm, scale: 1) }
        // In the scalar type, as PyTorch computes the coefficient in the gradients' dtype.
        let scale = Scalar(maxNorm) / (Scalar(norm) + Scalar(1e-6))
        guard scale < 1 else { return NormReport(norm: norm, scale: 1) }
        for p in parameters where p.grad.count > 0 {
            p.grad.withUnsafeMutableBufferPointer { Scalar.affineKernel($0.baseAddress!, scale, 0, $0.baseAddress!, $0.count) }
        }
        return NormReport(norm: norm, scale: Double(scale))
    }

    /// Clamps every gradient element to [−limit, limit] (`clip_grad_value_`); NaN stays NaN.
    /// - Parameters:
    ///   - parameters: the gradients to clip, in place.
    ///   - limit: > 0.
    public static func clipValue<Scalar>(_ parameters: [Parameter<Scalar>], limit: Double) {
        require(limit > 0, "clipValue: limit \(limit) must be > 0")
        let bound = Scalar(limit)
        for p in parameters where p.grad.count > 0 {
            p.grad.withUnsafeMutableBufferPointer { Scalar.clampKernel($0.baseAddress!, lower: -bound, upper: bound, $0.count) }
        }
    }
}
