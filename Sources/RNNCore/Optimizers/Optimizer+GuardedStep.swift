extension Optimizer {
    /// One update from the gradients summed into the parameters, guarded: clips their global norm to `clipNorm`
    /// (nil: only measures it); when the loss or the norm is not finite, drops the gradients and steps not at all,
    /// so one bad batch cannot poison the weights; otherwise clips each gradient value to `clipValue` (nil: none) and steps.
    /// - Returns: the gradient norm before clipping, and whether the update was applied.
    @discardableResult
    public func guardedStep(loss: Double, clipNorm: Double?, clipValue: Double? = nil) -> (norm: Double, applied: Bool) {
        let norm = clipNorm.map { GradientClipping.clipNorm(parameters, maxNorm: $0).norm } ?? GradientClipping.globalNorm(parameters)
        guard loss.isFinite && norm.isFinite else {
            zeroGrad()
            return (norm, false)
        }
        if let clipValue { GradientClipping.clipValue(parameters, limit: clipValue) }
        step()
        return (norm, true)
    }
}
