import Requirements

extension Loss {
    /// L1 penalty λ·Σ|w| over every element of `parameters`, read onto `tape`
    /// (Keras' `l1(λ)`); gradient λ·sign(w).
    ///
    /// - Parameters:
    ///   - parameters: the weights to penalize (usually not the biases).
    ///   - lambda: λ ≥ 0.
    ///   - tape: the tape of the training step.
    /// - Returns: the penalty, rank 0; add it to the loss.
    public static func l1Penalty<Scalar>(_ parameters: [Parameter<Scalar>], lambda: Scalar,
                                         tape: Tape<Scalar>) -> Variable<Scalar> {
        penalty(parameters, lambda: lambda, tape: tape) { $0.abs().sum() }
    }

    /// L2 penalty λ·Σw² over every element of `parameters`, read onto `tape`
    /// (Keras' `l2(λ)`); gradient 2λ·w. PyTorch's `weight_decay=wd` in SGD
    /// equals this penalty with λ = wd / 2.
    ///
    /// - Parameters:
    ///   - parameters: the weights to penalize (usually not the biases).
    ///   - lambda: λ ≥ 0.
    ///   - tape: the tape of the training step.
    /// - Returns: the penalty, rank 0; add it to the loss.
    public static func l2Penalty<Scalar>(_ parameters: [Parameter<Scalar>], lambda: Scalar,
                                         tape: Tape<Scalar>) -> Variable<Scalar> {
        penalty(parameters, lambda: lambda, tape: tape) { $0.squared().sum() }
    }

    private static func penalty<Scalar>(_ parameters: [Parameter<Scalar>], lambda: Scalar, tape: Tape<Scalar>,
                                        _ term: (Variable<Scalar>) -> Variable<Scalar>) -> Variable<Scalar> {
        require(lambda >= 0, "Loss penalty: lambda \(lambda) must be non-negative")
        let total = parameters.map { term(tape.read($0)) }.reduce(nil) { (s: Variable<Scalar>?, t) in s.map { $0 + t } ?? t }
        return (total ?? tape.constant(Tensor(0))) * lambda
    }
}
