/// Why a run stopped.
public enum StopReason: String, Sendable {
    /// ``StopConditions/maxSteps`` updates were done.
    case maxSteps = "step limit reached"
    /// ``StopConditions/maxEpochs`` epochs were completed.
    case maxEpochs = "epoch limit reached"
    /// ``StopConditions/timeBudget`` seconds of training were spent.
    case timeBudget = "time budget spent"
    /// ``StopConditions/patience`` scheduled evaluations in a row found no new best validation loss.
    case earlyStopping = "validation loss stopped improving (patience)"
    /// ``StopConditions/maxConsecutiveFailures`` updates in a row had a non-finite loss or gradient norm, or the run
    /// reached a limit or was asked to stop with weights that are no longer finite (an update overflowed them), which no checkpoint can hold.
    case diverged = "training diverged"
    /// A ``StopRequest`` was made: the run stopped after the update in progress (abandoning an evaluation in progress)
    /// and wrote `latest` without evaluating.
    case stopRequested = "stop requested"
}
