/// Which optimizer, with its learning rate, weight decay and momentum: what char-rnn's checkpoints
/// record and what `forecast` trains with.
public struct OptimizerSettings: Codable, Equatable, Sendable {
    /// Adam, AdamW (decoupled weight decay), RMSprop, SGD or Adagrad; the raw values are the lower-case names
    /// (`adamw`), as char-rnn's `--optimizer` and the checkpoints write them.
    public enum Kind: String, Codable, CaseIterable, Sendable { case adam, adamw, rmsprop, sgd, adagrad }
    /// Which optimizer ``make(_:)`` builds.
    public var kind: Kind
    /// The base learning rate (schedules start from it).
    public var learningRate: Double
    /// The weight decay (decoupled for AdamW), or nil for the optimizer's default.
    public var weightDecay: Double?
    /// The momentum of SGD and RMSprop, or nil for none (PyTorch's default); the other optimizers have none.
    public var momentum: Double?

    /// Unchecked settings (see ``validate()``); the defaults are Adam at 2e-3 with its default decay and no momentum.
    public init(kind: Kind = .adam, learningRate: Double = 2e-3, weightDecay: Double? = nil, momentum: Double? = nil) {
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.momentum = momentum
    }

    /// Checks the rate, the decay and the momentum.
    /// - Throws: ``ConfigurationError`` for a rate, decay or momentum that is negative, not finite or too large for the
    ///   Float the optimizer works in (above `Float.greatestFiniteMagnitude`, which it would hold as infinity),
    ///   or a momentum for an optimizer without one.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.requireTrainingNumber(learningRate, "learning rate (\(setting: "OptimizerSettings.learningRate"))")
        if let weightDecay { try ConfigurationError.requireTrainingNumber(weightDecay, "weight decay (\(setting: "OptimizerSettings.weightDecay"))") }
        if let momentum {
            guard kind == .sgd || kind == .rmsprop else { throw ConfigurationError("\(kind) has no momentum (\(setting: "OptimizerSettings.momentum")); SGD and RMSprop do") }
            try ConfigurationError.requireTrainingNumber(momentum, "momentum (\(setting: "OptimizerSettings.momentum"))")
        }
    }

    /// The optimizer over `parameters`; a nil decay is 0 (1e-2 for AdamW), a nil momentum 0.
    public func make(_ parameters: [Parameter<Float>]) -> any Optimizer<Float> {
        switch kind {
        case .adam: Adam(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay ?? 0)
        case .adamw: AdamW(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay ?? 1e-2)
        case .rmsprop: RMSprop(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay ?? 0, momentum: momentum ?? 0)
        case .sgd: SGD(parameters: parameters, learningRate: learningRate, momentum: momentum ?? 0, weightDecay: weightDecay ?? 0)
        case .adagrad: Adagrad(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay ?? 0)
        }
    }
}
