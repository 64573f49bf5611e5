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

    /// Stop after this many updates in all (skipped ones and those before a resume included), ≥ 1; nil for no limit.
    public var maxSteps: Int?
    /// Stop after this many completed epochs, ≥ 1; nil for no limit.
    public var maxEpochs: Int?
    /// Seconds of training, evaluations excluded.
    public var timeBudget: Double?
    /// How often to score the validation part and write the checkpoints; ≥ 1 step or > 0 seconds.
    public var evaluateEvery: Interval
    /// Stop after this many evaluations in a row without a new best validation loss.
    public var patience: Int?
    /// Stop (as diverged) after this many non-finite updates in a row.
    public var maxConsecutiveFailures: Int

    /// Unchecked conditions (see ``validate()``, which wants at least one limit); by default every 250 updates, and diverged after 5 failures.
    public init(maxSteps: Int? = nil, maxEpochs: Int? = nil, timeBudget: Double? = nil, evaluateEvery: Interval = .steps(250),
                patience: Int? = nil, maxConsecutiveFailures: Int = 5) {
        self.maxSteps = maxSteps
        self.maxEpochs = maxEpochs
        self.timeBudget = timeBudget
        self.evaluateEvery = evaluateEvery
        self.patience = patience
        self.maxConsecutiveFailures = maxConsecutiveFailures
    }

    /// Checks every limit, the interval and the failure count, and that at least one limit is set.
    /// - Throws: ``ConfigurationError`` for a non-positive limit, interval or failure count, or when
    ///   none of maxSteps, maxEpochs, timeBudget and patience is set.
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
