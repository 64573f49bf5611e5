// The `forecast` command: train recurrent forecasters on a CSV series,
// predict with intervals, and evaluate against classical baselines.
import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Recurrent-network forecasting of a univariate series with prediction intervals.",
        version: rnnKitVersion,
        subcommands: [Train.self, Predict.self, Evaluate.self])

    /// Runs the command; every error becomes one line `forecast: error: …` and a non-zero exit.
    /// Every command runs the networks over and over on buffers of the same sizes (training steps, the
    /// validation forecasts of every epoch, the steps of the sample paths): freed memory is kept for reuse.
    static func main() {
        keepFreedMemoryForReuse()
        mainWithOneLineErrors()
    }
}

/// Prints the summary of a command that wrote `outputs`: on stdout, unless one of them is a stream
/// such as `/dev/stdout`, whose data it would then follow (stderr then); control characters from input (a column's
/// name) escaped.
func report(_ summary: String, writtenTo outputs: String?...) throws {
    let stream = outputs.contains(where: { $0.map(AtomicFile.isStream) ?? false }) ? DescriptorText.standardError : .standardOutput
    try stream.line(summary.escapingControlCharacters)
}

/// Runs a command's work, reporting a setting it refuses (a flag's value, or flags that do not fit together
/// or with the series) as a usage error that names the flag, as char-rnn does, and every other forecasting
/// or data error (ForecastError, SequenceDataError) with the flags in its advice.
/// - Parameter modelSettings: whether the settings the work uses are a trained model's (predict) rather than the
///   command line's (train, evaluate): a series they do not fit (too short, or without the dates calendar features
///   need) is then what is wrong, not a flag.
func checkingSettings<T>(modelSettings: Bool = false, _ work: () throws -> T) throws -> T {
    do { return try work() } catch let error as ForecastError {
        let message = error.message(naming: SettingFlags.flag)
        switch error {
        case .configuration, .modelTooLarge: throw UsageError(message)  // a flag's value, or sizes too large for memory
        // Flags that need more of the series than it has, as char-rnn refuses a batch longer than its text, or a flag the
        // series needs given (a horizon its dates do not tell).
        case .seriesTooShort, .trainingPartTooShort, .heldOutAllFilled, .calendarUnavailable, .cannotInfer, .undated:
            throw modelSettings ? RunError(message) as Error : UsageError(message)
        default: throw RunError(message)
        }
    } catch let error as SequenceDataError {
        throw RunError(error.message(naming: SettingFlags.flag))
    }
}
