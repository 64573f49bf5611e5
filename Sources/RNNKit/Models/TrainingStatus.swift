/// A snapshot of a run for progress displays.
public struct TrainingStatus: Sendable {
    /// Updates done so far (skipped ones and those before a resume included).
    public var step: Int
    /// Completed epochs plus the fraction of the current one.
    public var epoch: Double
    /// The loss of the last update (nats per character).
    public var loss: Double
    /// The mean training loss since the last evaluation.
    public var meanLoss: Double?
    /// The validation loss (nats per character) of the latest evaluation, or nil before any.
    public var lastValidationLoss: Double?
    /// Training tokens so far, B·k1 per update.
    public var tokens: Int
    /// Seconds of training, evaluations excluded.
    public var elapsed: Double
    /// Tokens per second of training over this process's updates.
    public var tokensPerSecond: Double
    /// The part of the run done, by the nearest limit (steps, epochs or time), in [0, 1], if known.
    public var fractionDone: Double?
    /// The evaluations the run has still to make before its nearest limit (steps, epochs or time), the closing one
    /// included (``StopConditions/evaluationsLeft(step:epoch:updatesPerEpoch:elapsed:nextEvaluationTime:)``), if known.
    public var evaluationsLeft: Double?
    /// The mean seconds an evaluation of this process took (its validation pass and checkpoints), nil before the first.
    public var evaluationSeconds: Double?
}
