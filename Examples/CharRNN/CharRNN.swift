import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

/// `char-rnn`: train, sample and evaluate character-level language models.
@main
struct CharRNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "char-rnn",
        abstract: "Train, sample and evaluate character-level recurrent language models (LSTM, GRU, RNN).",
        subcommands: [Train.self, Sample.self, Evaluate.self])

    /// Runs the command; every error becomes one line `char-rnn: error: …` and a non-zero exit.
    static func main() { mainWithOneLineErrors() }
}

extension CellKind: ExpressibleByArgument {}
extension OptimizerSettings.Kind: ExpressibleByArgument {}
extension ScheduleSettings.Kind: ExpressibleByArgument {}

/// Loads a checkpoint and calls `body` with its model, built for the checkpoint's cell.
protocol CheckpointUser {
    func use<Cell: LanguageModelCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float
}

/// Where `char-rnn train` writes unless given --checkpoint-dir, and so where `sample` and `evaluate`
/// look without --checkpoint.
enum DefaultCheckpoint {
    static let folder = "checkpoints"
    static let (latest, best) = LanguageModelCheckpoint.runFiles(in: folder)
    static let help = "(default: \(best), the best model of a `char-rnn train` run in this folder)"
}

extension CheckpointUser {
    /// Reads `path` (``DefaultCheckpoint/best`` when nil) and switches on its cell once.
    func withModel(at path: String?) throws {
        if path == nil && !FileManager.default.fileExists(atPath: DefaultCheckpoint.best) {
            let file = FileManager.default.fileExists(atPath: DefaultCheckpoint.latest) ? DefaultCheckpoint.latest : "FILE"
            throw UsageError("no --checkpoint given, and no \(DefaultCheckpoint.best) here (where `char-rnn train` writes "
                + "without --checkpoint-dir); give --checkpoint \(file)")
        }
        let checkpoint = try LanguageModelCheckpoint(contentsOf: path ?? DefaultCheckpoint.best)
        switch checkpoint.config.cell {
        case .lstm: try use(checkpoint.model(LSTMCell<Float>.self), checkpoint)
        case .gru: try use(checkpoint.model(GRUCell<Float>.self), checkpoint)
        case .rnn: try use(checkpoint.model(ElmanCell<Float>.self), checkpoint)
        }
    }
}
