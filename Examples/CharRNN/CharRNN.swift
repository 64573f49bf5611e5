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
        version: rnnKitVersion,
        subcommands: [Train.self, Sample.self, Evaluate.self])

    /// Runs the command; every error becomes one line `char-rnn: error: …` and a non-zero exit.
    static func main() { mainWithOneLineErrors() }
}

extension CellKind: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension OptimizerSettings.Kind: ExpressibleByArgument {}
extension ScheduleSettings.Kind: ExpressibleByArgument {}
