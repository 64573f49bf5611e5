import RNNKit

/// Where `char-rnn train` writes unless given --checkpoint-dir, and so where `sample` and `evaluate`
/// look without --checkpoint.
enum DefaultCheckpoint {
    static let folder = "checkpoints"
    static let (latest, best) = LanguageModelCheckpoint.runFiles(in: folder)
    static let help = "(default: \(best), the best model of a `char-rnn train` run in this folder)"
}
