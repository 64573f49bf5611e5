/// Why a run stopped.
public enum StopReason: String, Sendable {
    case maxSteps = "step limit reached"
    case maxEpochs = "epoch limit reached"
    case timeBudget = "time budget spent"
    case earlyStopping = "validation loss stopped improving (patience)"
    case diverged = "training diverged"
}
