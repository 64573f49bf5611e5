/// How a language model is trained: everything a resumed run must keep the same.
public struct TrainingSettings: Codable, Equatable, Sendable {
    /// k1: steps between updates (the chunk of each stream per batch), T.
    public var sequenceLength: Int
    /// k2 ≥ k1: steps each update backpropagates through.
    public var bpttWindow: Int
    /// B, the number of parallel streams.
    public var batchSize: Int
    public var optimizer: OptimizerSettings
    public var schedule: ScheduleSettings
    /// Clip the global gradient norm at this value, or nil.
    public var clipNorm: Double?
    /// Clamp each gradient element to ±this value, or nil.
    public var clipValue: Double?
    /// Seeds the weights, dropout masks and everything random.
    public var seed: UInt64
    /// The last fraction of the text held out for validation (contiguous).
    public var validationFraction: Double

    public init(sequenceLength: Int = 100, bpttWindow: Int? = nil, batchSize: Int = 32,
                optimizer: OptimizerSettings = OptimizerSettings(), schedule: ScheduleSettings = ScheduleSettings(),
                clipNorm: Double? = 5, clipValue: Double? = nil, seed: UInt64 = 0, validationFraction: Double = 0.1) {
        self.sequenceLength = sequenceLength
        self.bpttWindow = bpttWindow ?? sequenceLength
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.schedule = schedule
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.seed = seed
        self.validationFraction = validationFraction
    }

    /// Checks every value.
    /// - Throws: ``ConfigurationError`` naming the flag and what was expected.
    public func validate() throws(ConfigurationError) {
        do {
            _ = try TBPTT.validated(k1: sequenceLength, k2: bpttWindow)
        } catch {
            let flags: ConfigurationError.Message = if case .nonPositiveK1 = error { "k1 is \(setting: "TrainingSettings.sequenceLength")" } else { "k1 is \(setting: "TrainingSettings.sequenceLength"), k2 \(setting: "TrainingSettings.bpttWindow")" }
            throw ConfigurationError("\(error) (\(flags))")
        }
        try ConfigurationError.requirePositive(batchSize, "batch size (\(setting: "TrainingSettings.batchSize"))")
        try optimizer.validate()
        try schedule.validate()
        if let clipNorm, !(clipNorm > 0) { throw ConfigurationError("\(setting: "TrainingSettings.clipNorm") must be > 0, got \(clipNorm)") }
        if let clipValue, !(clipValue > 0) { throw ConfigurationError("\(setting: "TrainingSettings.clipValue") must be > 0, got \(clipValue)") }
        guard validationFraction > 0 && validationFraction < 1 else {
            throw ConfigurationError("the validation fraction (\(setting: "TrainingSettings.validationFraction")) must be in (0, 1), got \(validationFraction)")
        }
    }
}

/// The learning-rate schedule, counted in updates (``ReduceOnPlateau`` in evaluations).
public struct ScheduleSettings: Codable, Equatable, Sendable {
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
    }
    public var kind: Kind
    public var warmup: Int
    /// N for cosine (the run's step limit).
    public var totalSteps: Int?
    public var every: Int
    public var gamma: Double
    public var patience: Int

    public init(kind: Kind = .constant, warmup: Int = 0, totalSteps: Int? = nil, every: Int = 1000, gamma: Double = 0.5,
                patience: Int = 2) {
        self.kind = kind
        self.warmup = warmup
        self.totalSteps = totalSteps
        self.every = every
        self.gamma = gamma
        self.patience = patience
    }

    /// - Throws: ``ConfigurationError`` naming the invalid value.
    public func validate() throws(ConfigurationError) {
        switch kind {
        case .constant: break
        case .cosine:
            guard let totalSteps else { throw ConfigurationError("\(setting: "ScheduleSettings.kind") cosine needs \(setting: "ScheduleSettings.totalSteps") (the step where the rate reaches 0)") }
            guard warmup >= 0 && totalSteps > warmup else {
                throw ConfigurationError("\(setting: "ScheduleSettings.kind") cosine needs 0 ≤ \(setting: "ScheduleSettings.warmup") (\(warmup)) < \(setting: "ScheduleSettings.totalSteps") (\(totalSteps))")
            }
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

    /// The schedule starting from `rate`.
    public func make(rate: Double) -> any LearningRateSchedule {
        switch kind {
        case .constant: ConstantRate(rate)
        case .cosine: WarmupCosine(peak: rate, warmupSteps: warmup, totalSteps: totalSteps ?? 1)
        case .step: StepDecay(initial: rate, stepSize: every, gamma: gamma)
        case .exponential: ExponentialDecay(initial: rate, gamma: gamma)
        case .plateau: ReduceOnPlateau(factor: gamma, patience: patience)
        }
    }
}

/// One evaluation of a training run, as logged (JSON keys in snake case).
public struct EvaluationRecord: Codable, Equatable, Sendable {
    /// Updates so far.
    public var step: Int
    /// Epochs completed, with the fraction of the current one.
    public var epoch: Double
    /// Seconds of training so far, evaluations excluded.
    public var t: Double
    /// Training tokens (B·k1 per update) so far.
    public var tokens: Int
    /// Mean training loss (nats per character) of the updates since the previous evaluation.
    public var trainLoss: Double?
    /// Mean validation cross-entropy, nats per character.
    public var valLoss: Double
    /// The same in bits per character.
    public var valBPC: Double

    enum CodingKeys: String, CodingKey {
        case step, epoch, t, tokens
        case trainLoss = "train_loss", valLoss = "val_loss", valBPC = "val_bpc"
    }

    public init(step: Int, epoch: Double, t: Double, tokens: Int, trainLoss: Double?, valLoss: Double) {
        self.step = step
        self.epoch = epoch
        self.t = t
        self.tokens = tokens
        self.trainLoss = trainLoss
        self.valLoss = valLoss
        self.valBPC = valLoss / Double.log(2)
    }
}

/// Where a training run stands: everything besides tensors that resuming needs.
public struct TrainingRecord: Codable, Equatable, Sendable {
    public var settings: TrainingSettings
    /// The data file the run trained on (a hint for resuming) and its length in characters.
    public var dataPath: String
    public var dataCharacters: Int
    /// ``TokenIDs/fingerprint`` of the text's ids, so a resume on another text of the same length
    /// is refused (nil in checkpoints written before it was recorded).
    public var dataFingerprint: String?
    /// Updates so far (skipped ones included).
    public var step = 0
    /// Completed epochs.
    public var epoch = 0
    /// The next update within the epoch.
    public var batch = 0
    public var tokens = 0
    /// Seconds of training so far, evaluations excluded.
    public var elapsed = 0.0
    /// The training time of the next evaluation, for evaluations every so many seconds.
    public var nextEvaluationTime: Double?
    /// The lowest validation loss of the run's scheduled evaluations, which early stopping and the plateau schedule go by.
    public var bestValidationLoss: Double?
    /// The validation loss of the model in `best.safetensors` when lower than ``bestValidationLoss``: a closing
    /// evaluation's (at a stop between evaluations); nil otherwise.
    public var bestCheckpointLoss: Double?
    /// The validation loss of the model in `best.safetensors`: the lowest of every evaluation, closing ones included.
    public var bestSavedLoss: Double? { [bestValidationLoss, bestCheckpointLoss].compactMap { $0 }.min() }
    /// Evaluations since the best one.
    public var evaluationsWithoutImprovement = 0
    /// Sum and count of the training losses since the last evaluation.
    public var trainLossSum = 0.0
    public var trainLossCount = 0
    /// The generator's four state words, in hexadecimal.
    public var generator: [String] = []
    /// The optimizer's scalars (`optimizer.step`, `optimizer.lr`).
    public var optimizerScalars: [String: Double] = [:]
    /// The schedule's state (`scheduler.*`).
    public var scheduleState: [String: Double] = [:]
    /// Whether `state.*` tensors hold the carried recurrent state (else zeros).
    public var hasCarriedState = false
    /// Every evaluation so far, in order.
    public var evaluations: [EvaluationRecord] = []
    /// The run's limits and evaluation cadence, so a resumed run keeps them unless told otherwise
    /// (nil in checkpoints written before they were recorded).
    public var stop: StopConditions?
    /// The compute threads the run trained on (``computeThreads`` when the checkpoint was taken). Products split
    /// across threads round differently, so a run resumes exactly on the same count; nil in checkpoints written
    /// before it was recorded.
    public var computeThreads: Int?

    public init(settings: TrainingSettings, dataPath: String, dataCharacters: Int) {
        self.settings = settings
        self.dataPath = dataPath
        self.dataCharacters = dataCharacters
    }

    /// Checks a record read from a file: its settings, and counts and times that a run can have
    /// reached (the position within the epoch is checked against the data when the run is rebuilt).
    /// - Throws: ``ConfigurationError`` naming the first value out of range.
    public func validate() throws(ConfigurationError) {
        try settings.validate()
        try stop?.validate()
        if !generator.isEmpty && generator.allSatisfy({ UInt64($0, radix: 16) == 0 }) {
            throw ConfigurationError("the generator state (\(setting: "TrainingRecord.generator")) is all zeros, which the generator never reaches "
                + "and never leaves")
        }
        if let computeThreads, !(1...computeThreadLimit).contains(computeThreads) {
            throw ConfigurationError("the compute threads (\(setting: "TrainingRecord.computeThreads")) must be from 1 to \(computeThreadLimit), "
                + "got \(computeThreads)")
        }
        let counts = [("step", step), ("epoch", epoch), ("batch", batch), ("tokens", tokens),
                      ("evaluationsWithoutImprovement", evaluationsWithoutImprovement), ("trainLossCount", trainLossCount)]
        // 2^53 is more than any run reaches and leaves room to count on without overflow.
        if let (name, value) = counts.first(where: { !(0...(1 << 53)).contains($0.1) }) {
            throw ConfigurationError("\(name) must be from 0 to 2^53, got \(value)")
        }
        for (name, loss) in [("bestValidationLoss", bestValidationLoss), ("bestCheckpointLoss", bestCheckpointLoss)] {
            if let loss, !loss.isFinite { throw ConfigurationError("\(name) must be a finite number, got \(loss)") }
        }
        for (name, time) in [("elapsed", elapsed), ("nextEvaluationTime", nextEvaluationTime ?? 0)] where !(time >= 0 && time.isFinite) {
            throw ConfigurationError("\(name) must be a finite number of seconds ≥ 0, got \(time)")
        }
    }
}
