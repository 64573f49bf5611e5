import Requirements

extension Loss {
    /// Gaussian negative log-likelihood with a predicted mean μ and log-variance s,
    /// as PyTorch's `nn.GaussianNLLLoss(full=False)` with var = exp(s):
    ///
    ///     loss = mean( ½·(s + (μ - y)²·exp(-s)) )
    ///
    /// The constant ½·log 2π (PyTorch's `full=True`) is left out. Predicting the
    /// log-variance keeps the variance positive without PyTorch's clamp at
    /// `eps` = 1e-6; the two agree wherever var ≥ 1e-6 (s ≥ -13.8).
    ///
    /// - Parameters:
    ///   - mean: μ, any shape.
    ///   - logVariance: s = log σ², the same shape.
    ///   - target: y, the same shape.
    /// - Returns: the mean over all elements, rank 0.
    public static func gaussianNLL<Scalar>(mean: Variable<Scalar>, logVariance: Variable<Scalar>,
                                           target: Tensor<Scalar>) -> Variable<Scalar> {
        require(logVariance.shape == mean.shape,
                     "Loss.gaussianNLL: mean \(mean.shape) and log-variance \(logVariance.shape) differ")
        let squaredError = difference(mean, target, "Loss.gaussianNLL").squared()
        return ((logVariance + squaredError * (-logVariance).exp()) * Scalar(0.5)).mean()
    }
}
