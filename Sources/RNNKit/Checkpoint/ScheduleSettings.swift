/// The learning-rate schedule, counted in updates (``ReduceOnPlateau`` in evaluations).
public struct ScheduleSettings: Codable, Equatable, Sendable {
    /// The schedules, named as char-rnn's `--schedule` takes them.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The base rate throughout.
        case constant
        /// ``WarmupCosine``: `warmup` steps up, cosine down to 0 at `totalSteps`.
        case cosine
        /// ``StepDecay``: × `gamma` every `every` steps.
        case step
        /// ``ExponentialDecay``: × `gamma` every step.
        case exponential
        /// ``ReduceOnPlateau``: × `gamma` after `patience` evaluations without improvement.
        case plateau
        /// ``OneCycle`` with PyTorch's defaults: up from the base rate / 25 to the base rate over the first 30% of
        /// `totalSteps`, then a cosine down to the base rate / 250,000 at `totalSteps` (the rates only; the momentum stays).
        case onecycle
    }
    /// Which schedule ``make(for:)`` builds; it decides which of the other settings are used.
    public var kind: Kind
    /// Steps of linear warmup from 0 to the optimizer's rate (cosine only), ≥ 0.
    public var warmup: Int
    /// N for cosine and onecycle (the run's step limit): the step where cosine's rate reaches 0, onecycle's number of steps.
    public var totalSteps: Int?
    /// Steps between decays (step only), ≥ 1.
    public var every: Int
    /// The decay factor: in (0, 1] for step and exponential, in [0, 1) for plateau; unused by constant, cosine and onecycle.
    public var gamma: Double
    /// Evaluations without improvement before a plateau decay (plateau only), ≥ 0.
    public var patience: Int

    /// Settings with the defaults char-rnn uses; only those of `kind` matter.
    public init(kind: Kind = .constant, warmup: Int = 0, totalSteps: Int? = nil, every: Int = 1000, gamma: Double = 0.5,
                patience: Int = 2) {
        self.kind = kind
        self.warmup = warmup
        self.totalSteps = totalSteps
        self.every = every
        self.gamma = gamma
        self.patience = patience
    }

    /// Checks the settings the kind uses.
    /// - Throws: ``ConfigurationError`` naming the invalid value.
    public func validate() throws(ConfigurationError) {
        switch kind {
        case .constant: break
        case .cosine:
            guard let totalSteps else { throw ConfigurationError("\(setting: "ScheduleSettings.kind") cosine needs \(setting: "ScheduleSettings.totalSteps") (the step where the rate reaches 0)") }
            guard warmup >= 0 && totalSteps > warmup else {
                throw ConfigurationError("\(setting: "ScheduleSettings.kind") cosine needs 0 ≤ \(setting: "ScheduleSettings.warmup") (\(warmup)) < \(setting: "ScheduleSettings.totalSteps") (\(totalSteps))")
            }
        case .onecycle:
            guard let totalSteps else { throw ConfigurationError("\(setting: "ScheduleSettings.kind") onecycle needs \(setting: "ScheduleSettings.totalSteps") (the length of the cycle)") }
            try ConfigurationError.requirePositive(totalSteps, "length of the cycle (\(setting: "ScheduleSettings.totalSteps"))")
        case .step:
            try ConfigurationError.requirePositive(every, "decay interval (\(setting: "ScheduleSettings.every"))")
            try Self.requireDecay(gamma)
        case .exponential:
            try Self.requireDecay(gamma)
        case .plateau:
            guard gamma >= 0 && gamma < 1 else { throw ConfigurationError("\(setting: "ScheduleSettings.gamma") must be in [0, 1) for plateau, got \(gamma)") }
            guard patience >= 0 else { throw ConfigurationError("the plateau patience (\(setting: "ScheduleSettings.patience")) must be ≥ 0, got \(patience)") }
        }
    }

    /// A decay factor in (0, 1]: a larger one grows the rate until it overflows.
    private static func requireDecay(_ gamma: Double) throws(ConfigurationError) {
        guard gamma > 0 && gamma <= 1 else {
            throw ConfigurationError("\(setting: "ScheduleSettings.gamma") must be in (0, 1] for a decay, got \(gamma)")
        }
    }

    /// The schedule of `optimizer`, from its learning rate (the base rate: cosine's and onecycle's peak, the decays' rate at step 0).
    public func make<O: Optimizer>(for optimizer: O) -> any LearningRateSchedule {
        switch kind {
        case .constant: ConstantRate(for: optimizer)
        case .cosine: WarmupCosine(for: optimizer, warmupSteps: warmup, totalSteps: totalSteps ?? 1)
        case .step: StepDecay(for: optimizer, stepSize: every, gamma: gamma)
        case .exponential: ExponentialDecay(for: optimizer, gamma: gamma)
        case .plateau: ReduceOnPlateau(factor: gamma, patience: patience)
        case .onecycle: OneCycle(for: optimizer, totalSteps: totalSteps ?? 1)
        }
    }
}
