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

extension CheckpointUser {
    /// Reads `path` and switches on its cell once.
    func withModel(at path: String) throws {
        let checkpoint = try LanguageModelCheckpoint(contentsOf: path)
        switch checkpoint.config.cell {
        case .lstm: try use(checkpoint.model(LSTMCell<Float>.self), checkpoint)
        case .gru: try use(checkpoint.model(GRUCell<Float>.self), checkpoint)
        case .rnn: try use(checkpoint.model(ElmanCell<Float>.self), checkpoint)
        }
    }
}
