import RNNKit

/// What a new run's unset flags default to: the full run's values (those of the PyTorch reference script the
/// quality comparison runs), or the built-in demonstration's, a smaller model for about a minute, ending with samples.
struct RunDefaults {
    /// H, and the embedding size unless given.
    var hidden: Int
    /// k1, and k2 unless given.
    var sequenceLength: Int
    /// The limits when none is given.
    var stop: StopConditions
    /// Whether the run prints a few samples when it ends.
    var endsWithSamples: Bool

    /// A run on --data: hidden 256, sequence 100, 10 epochs.
    static let full = RunDefaults(hidden: 256, sequenceLength: 100, stop: StopConditions(maxEpochs: 10), endsWithSamples: false)
    /// The run without --data, on the names corpus: hidden 128, sequence 50, 1500 steps, then samples.
    static let demonstration = RunDefaults(hidden: 128, sequenceLength: 50, stop: StopConditions(maxSteps: 1500), endsWithSamples: true)
}
