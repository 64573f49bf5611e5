/// Where a training run stands: everything besides tensors that resuming needs.
public struct TrainingRecord: Codable, Equatable, Sendable {
    /// The run's settings, which a resume keeps.
    public var settings: TrainingSettings
    /// The data file the run trained on, as given (a hint for resuming, not checked).
    public var dataPath: String
    /// N, the length of that text in characters; a resume on a text of another length is refused.
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
    /// Training tokens so far, B·k1 per update (skipped ones included).
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
    /// The sum of the training losses (nats per character) since the last scheduled evaluation (a closing
    /// one leaves it), skipped updates left out.
    public var trainLossSum = 0.0
    /// The number of losses in ``trainLossSum``: the updates since the last scheduled evaluation that were not skipped.
    public var trainLossCount = 0
    /// The training's random generator (dropout masks), as it is after the last update.
    public var generator: SeededGenerator
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

    /// The record of a new run: step 0, no evaluations, the generator seeded with `settings.seed`.
    public init(settings: TrainingSettings, dataPath: String, dataCharacters: Int) {
        self.settings = settings
        self.dataPath = dataPath
        self.dataCharacters = dataCharacters
        generator = SeededGenerator(seed: settings.seed)
    }

    /// Checks a record read from a file: its settings, and counts and times that a run can have
    /// reached (the position within the epoch is checked against the data when the run is rebuilt).
    /// - Throws: ``ConfigurationError`` naming the first value out of range.
    public func validate() throws(ConfigurationError) {
        try settings.validate()
        try stop?.validate()
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
