/// When a ``LanguageModelTraining`` run stops and how often it evaluates. Saved in
/// checkpoints (``TrainingRecord/stop``), so a program can resume with the run's own limits; a
/// resumed run takes the ones ``LanguageModelTraining/run(_:checkpointDirectory:onEvent:)`` is given
/// (step and epoch limits count the updates before the resume too).
public struct StopConditions: Codable, Equatable, Sendable {
    /// How often to evaluate on the validation split.
    public enum Interval: Codable, Sendable, Equatable {
        /// Every n updates.
        case steps(Int)
        /// Every so many seconds of training (evaluations excluded).
        case seconds(Double)
    }

    public var maxSteps: Int?
    public var maxEpochs: Int?
    /// Seconds of training, evaluations excluded.
    public var timeBudget: Double?
    public var evaluateEvery: Interval
    /// Stop after this many evaluations in a row without a new best validation loss.
    public var patience: Int?
    /// Stop (as diverged) after this many non-finite updates in a row.
    public var maxConsecutiveFailures: Int

    public init(maxSteps: Int? = nil, maxEpochs: Int? = nil, timeBudget: Double? = nil, evaluateEvery: Interval = .steps(250),
                patience: Int? = nil, maxConsecutiveFailures: Int = 5) {
        self.maxSteps = maxSteps
        self.maxEpochs = maxEpochs
        self.timeBudget = timeBudget
        self.evaluateEvery = evaluateEvery
        self.patience = patience
        self.maxConsecutiveFailures = maxConsecutiveFailures
    }

    /// - Throws: ``ConfigurationError`` for a non-positive limit, interval or failure count.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.requirePositive(maxConsecutiveFailures, "failure limit (\(setting: "StopConditions.maxConsecutiveFailures"))")
        if let maxSteps { try ConfigurationError.requirePositive(maxSteps, "step limit (\(setting: "StopConditions.maxSteps"))") }
        if let maxEpochs { try ConfigurationError.requirePositive(maxEpochs, "epoch limit (\(setting: "StopConditions.maxEpochs"))") }
        if let timeBudget, !(timeBudget > 0 && timeBudget.isFinite) {
            throw ConfigurationError("the time budget (\(setting: "StopConditions.timeBudget")) must be a number of seconds > 0, got \(timeBudget)")
        }
        if let patience { try ConfigurationError.requirePositive(patience, "patience (\(setting: "StopConditions.patience"))") }
        switch evaluateEvery {
        case .steps(let n): try ConfigurationError.requirePositive(n, "evaluation interval (\(setting: "StopConditions.evaluateEvery"))")
        case .seconds(let s):
            guard s > 0 && s.isFinite else { throw ConfigurationError("the evaluation interval (\(setting: "StopConditions.evaluateEvery")) must be > 0 seconds, got \(s)") }
        }
        guard maxSteps != nil || maxEpochs != nil || timeBudget != nil || patience != nil else {
            throw ConfigurationError("no stopping condition: give \(setting: "StopConditions.maxSteps"), \(setting: "StopConditions.maxEpochs"), \(setting: "StopConditions.timeBudget") or \(setting: "StopConditions.patience")")
        }
    }
}

/// What a training run reports while it runs (the library never prints).
public enum TrainingEvent: Sendable {
    /// After every update, skipped ones too (after their ``skipped(step:loss:gradientNorm:)``), except the
    /// skipped update that ends the run as diverged.
    case update(TrainingStatus)
    /// An update whose loss or gradient was not finite: the optimizer step was skipped.
    case skipped(step: Int, loss: Double, gradientNorm: Double)
    /// After every evaluation; `improved` when it is the best validation loss so far.
    case evaluation(EvaluationRecord, improved: Bool)
    /// A checkpoint was written.
    case checkpoint(path: String)
}

/// A snapshot of a run for progress displays.
public struct TrainingStatus: Sendable {
    public var step: Int
    /// Completed epochs plus the fraction of the current one.
    public var epoch: Double
    /// The loss of the last update (nats per character).
    public var loss: Double
    /// The mean training loss since the last evaluation.
    public var meanLoss: Double?
    public var lastValidationLoss: Double?
    public var tokens: Int
    /// Seconds of training, evaluations excluded.
    public var elapsed: Double
    /// Tokens per second of training over this process's updates.
    public var tokensPerSecond: Double
    /// The part of the run done, by the nearest limit (steps, epochs or time), in [0, 1], if known.
    public var fractionDone: Double?
}

/// Why a run stopped.
public enum StopReason: String, Sendable {
    case maxSteps = "step limit reached"
    case maxEpochs = "epoch limit reached"
    case timeBudget = "time budget spent"
    case earlyStopping = "validation loss stopped improving (patience)"
    case diverged = "training diverged"
}

/// The end of a run.
public struct TrainingOutcome: Sendable {
    public var reason: StopReason
    public var step: Int
    /// The validation loss of the model in `best.safetensors` (``TrainingRecord/bestSavedLoss``).
    public var bestValidationLoss: Double?
    /// The evaluations of the whole run (before a resume too).
    public var evaluations: [EvaluationRecord]
}
