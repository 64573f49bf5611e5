/// The end of a run.
public struct TrainingOutcome: Sendable {
    /// Why the run stopped.
    public var reason: StopReason
    /// Updates done when it stopped, those before a resume included.
    public var step: Int
    /// The validation loss of the model in `best.safetensors` (``TrainingRecord/bestSavedLoss``).
    public var bestValidationLoss: Double?
    /// The evaluations of the whole run (before a resume too).
    public var evaluations: [EvaluationRecord]
}
