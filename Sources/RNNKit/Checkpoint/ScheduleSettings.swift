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
        /// ``MultiStepDecay``: × `gamma` at each of `milestones`.
        case multistep
        /// ``ExponentialDecay``: × `gamma` every step.
        case exponential
        /// ``ReduceOnPlateau``: × `gamma` after `patience` evaluations without improvement.
        case plateau
        /// ``OneCycle`` with PyTorch's defaults: up from the base rate / 25 to the base rate over the first 30% of
        /// `totalSteps`, then a cosine down to the base rate / 250,000 at `totalSteps`, the momentum (Adam's β1, SGD's
        /// and RMSprop's momentum) from 0.95 down to 0.85 at the peak and back; Adagrad, which has none, keeps it
        /// uncycled. A run saved before the momentum cycled resumes without cycling it (``OneCycle/restoreState(_:)``).
        case onecycle
        /// ``LinearRate``: the base rate × a factor that moves linearly from `startFactor` to `endFactor` over
        /// ``linearLength`` steps, then stays.
        case linear
    }
    /// Which schedule ``make(for:)`` builds; it decides which of the other settings are used.
    public var kind: Kind
    /// Steps of linear warmup from 0 to the optimizer's rate (cosine only), ≥ 0.
    public var warmup: Int
    /// N for cosine and onecycle (the run's step limit): the step where cosine's rate reaches 0, onecycle's number of steps;
    /// linear's length too when ``linearSteps`` is nil.
    public var totalSteps: Int?
    /// Steps between decays (step only), ≥ 1.
    public var every: Int
    /// The decay factor: in (0, 1] for step, multistep and exponential, in [0, 1) for plateau; unused by constant, cosine,
    /// onecycle and linear.
    public var gamma: Double
    /// Evaluations without improvement before a plateau decay (plateau only), ≥ 0.
    public var patience: Int
    /// The steps at which multistep multiplies the rate by `gamma` once more (multistep only), each ≥ 1, strictly increasing.
    /// Nil for the other kinds, so that their settings encode as before it existed.
    public var milestones: [Int]?
    /// linear's factor of the base rate at step 0, in (0, 1]; nil for PyTorch's 1/3.
    public var startFactor: Double?
    /// linear's factor of the base rate from step ``linearLength`` on, in [0, 1]; nil for PyTorch's 1.
    public var endFactor: Double?
    /// linear's N > 0 (PyTorch's `total_iters`); nil for `totalSteps`, the run's step limit.
    public var linearSteps: Int?

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

    /// Settings of a ``Kind/multistep`` schedule: × `gamma` at each of `milestones`.
    public static func multistep(milestones: [Int], gamma: Double = 0.5) -> ScheduleSettings {
        var settings = ScheduleSettings(kind: .multistep, gamma: gamma)
        settings.milestones = milestones
        return settings
    }

    /// Settings of a ``Kind/linear`` schedule; nil takes PyTorch's factors (1/3, 1) and `totalSteps` as the length.
    public static func linear(startFactor: Double? = nil, endFactor: Double? = nil, steps: Int? = nil,
                              totalSteps: Int? = nil) -> ScheduleSettings {
        var settings = ScheduleSettings(kind: .linear, totalSteps: totalSteps)
        (settings.startFactor, settings.endFactor, settings.linearSteps) = (startFactor, endFactor, steps)
        return settings
    }

    /// linear's N, the step from which its factor is `endFactor`: ``linearSteps``, else `totalSteps`.
    public var linearLength: Int? { linearSteps ?? totalSteps }

    /// The step at which the schedule ends and its rate stays: cosine's `totalSteps` (the rate 0), onecycle's (the base
    /// rate / 250,000), linear's ``linearLength`` (`endFactor` × the base rate); nil for the kinds that never end
    /// (constant, step, multistep, exponential, plateau), and for a schedule without the length it needs.
    public var endStep: Int? {
        switch kind {
        case .cosine, .onecycle: totalSteps
        case .linear: linearLength
        case .constant, .step, .multistep, .exponential, .plateau: nil
        }
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
        case .multistep:
            guard let milestones, !milestones.isEmpty else {
                throw ConfigurationError("\(setting: "ScheduleSettings.kind") multistep needs \(setting: "ScheduleSettings.milestones") (the steps of the decays)")
            }
            guard milestones[0] >= 1 && zip(milestones, milestones.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ConfigurationError("the milestones (\(setting: "ScheduleSettings.milestones")) must be steps ≥ 1 in increasing order, "
                    + "got \(milestones.map(String.init).joined(separator: ","))")
            }
            try Self.requireDecay(gamma)
        case .linear:
            let length: ConfigurationError.Message = linearSteps == nil ? "\(setting: "ScheduleSettings.totalSteps")" : "\(setting: "ScheduleSettings.linearSteps")"
            guard let steps = linearLength else {
                throw ConfigurationError("\(setting: "ScheduleSettings.kind") linear needs \(setting: "ScheduleSettings.linearSteps") or "
                    + "\(setting: "ScheduleSettings.totalSteps") (the steps over which its factor moves)")
            }
            try ConfigurationError.requirePositive(steps, "length of the linear schedule (\(length))")
            if let startFactor, !(startFactor > 0 && startFactor <= 1) {
                throw ConfigurationError("the start factor (\(setting: "ScheduleSettings.startFactor")) must be in (0, 1], got \(startFactor)")
            }
            if let endFactor, !(endFactor >= 0 && endFactor <= 1) {
                throw ConfigurationError("the end factor (\(setting: "ScheduleSettings.endFactor")) must be in [0, 1], got \(endFactor)")
            }
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
        case .multistep: MultiStepDecay(for: optimizer, milestones: milestones ?? [], gamma: gamma)
        case .exponential: ExponentialDecay(for: optimizer, gamma: gamma)
        case .plateau: ReduceOnPlateau(factor: gamma, patience: patience)
        case .onecycle: OneCycle(for: optimizer, totalSteps: totalSteps ?? 1, cycleMomentum: OneCycle.canCycleMomentum(optimizer))
        case .linear: LinearRate(for: optimizer, startFactor: startFactor ?? 1.0 / 3, endFactor: endFactor ?? 1, totalSteps: linearLength ?? 1)
        }
    }
}
