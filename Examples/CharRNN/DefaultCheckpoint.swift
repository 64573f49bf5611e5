import RNNKit

/// Where `char-rnn train` writes unless given --checkpoint-dir, and so where `sample` and `evaluate`
/// look without --checkpoint.
enum DefaultCheckpoint {
    static let folder = "checkpoints"
    /// The end of `sample`'s and `evaluate`'s --checkpoint help: the file they take in a folder, and the default.
    static let help = ", or a run's folder, whose best.safetensors it takes. (default: \(LanguageModelCheckpoint.runFiles(in: folder).best), "
        + "the best model of a `char-rnn train` run in this folder)"
}
