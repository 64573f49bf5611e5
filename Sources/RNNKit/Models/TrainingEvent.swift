/// What a training run reports while it runs (the library never prints).
public enum TrainingEvent: Sendable {
    /// After every update, skipped ones too (after their ``skipped(step:loss:gradientNorm:)``), except the
    /// skipped update that ends the run as diverged.
    case update(TrainingStatus)
    /// An update whose loss or gradient was not finite: the optimizer step was skipped.
    case skipped(step: Int, loss: Double, gradientNorm: Double)
    /// During an evaluation after update `step`, after each chunk of the validation pass: `scored` of its `of`
    /// predictions made (on a long text a pass takes minutes, which a display can show).
    case validating(step: Int, scored: Int, of: Int)
    /// After every evaluation; `improved` when it is the best validation loss so far.
    case evaluation(EvaluationRecord, improved: Bool)
    /// A checkpoint was written.
    case checkpoint(path: String)
}
