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
        subcommands: [Train.self, Predict.self, Evaluate.self])

    /// Runs the command; every error becomes one line `forecast: error: …` and a non-zero exit.
    static func main() { mainWithOneLineErrors() }
}

/// Prints the summary of a command that wrote `outputs`: on stdout, unless one of them is a stream
/// such as `/dev/stdout`, whose data it would then follow (stderr then).
func report(_ summary: String, writtenTo outputs: String?...) throws {
    let stream = outputs.contains(where: { $0.map(AtomicFile.isStream) ?? false }) ? DescriptorText.standardError : .standardOutput
    try stream.line(summary)
}

/// Runs a command's work, reporting a setting it refuses (a flag's value, or flags that do not fit together
/// or with the series) as a usage error that names the flag, as char-rnn does, and every other forecasting
/// or data error (ForecastError, SequenceDataError) with the flags in its advice.
func checkingSettings<T>(_ work: () throws -> T) throws -> T {
    do { return try work() } catch let error as ForecastError {
        let message = error.message(naming: SettingFlags.flag)
        switch error {
        case .invalidSetting, .modelTooLarge: throw UsageError(message)  // a flag's value, or sizes too large for memory
        default: throw RunError(message)
        }
    } catch let error as SequenceDataError {
        throw RunError(error.message(naming: SettingFlags.flag))
    }
}

/// Progress lines on standard error.
func progress(_ verbose: Bool) -> ((String) -> Void)? {
    verbose ? { try? DescriptorText.standardError.line($0) } : nil  // progress is best effort
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a model and save a self-describing checkpoint.")
    @OptionGroup var input: InputOptions<TrainingInput>
    @OptionGroup var model: ModelOptions
    @Option(parsing: .unconditional, help: "Steps to forecast (H > 0), at most 1000.") var horizon: Int
    @Option(help: "Checkpoint to write (safetensors).") var out: String

    func validate() throws {
        guard out != "-" else { throw ValidationError("--out -: the model is a file that predict reads back, so it needs a file name") }
    }

    func run() throws {
        setComputeThreads(model.compute.threads)
        try report(try checkingSettings { try ForecastJobs.train(input.series, config: try model.config(horizon: horizon), output: out,
                                                              log: progress(model.verbose)) },
               writtenTo: out)
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Forecast after the end of a series with a trained model.")
    @Option(name: .customLong("model"), help: "Checkpoint written by train.") var checkpoint: String
    @OptionGroup var input: InputOptions<PredictionInput>
    @Option(parsing: .unconditional, help: "Steps to forecast, at most 1000 (default: the trained horizon).") var horizon: Int?
    @Option(help: "CSV to write: date (step without dates), mean, lower and upper per level (- for standard output).") var output: String
    @Option(help: "SVG chart to write (a name ending in .svg).") var plot: String?
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        try OutputName.requireSVG(plot, flag: "--plot")
        if let plot, OutputName.resolved(plot) == OutputName.resolved(output), AtomicFile.isStream(OutputName.resolved(output)) {
            throw ValidationError("--output and --plot both name \(output == "-" ? "standard output" : output); give the chart a file")
        }
    }

    func run() throws {
        setComputeThreads(compute.threads)
        let output = OutputName.resolved(output), plot = plot.map(OutputName.resolved)
        try report(try checkingSettings { try ForecastJobs.predict(model: checkpoint, input: input.series, horizon: horizon, output: output, plot: plot,
                                                                    warn: { try? DescriptorText.standardError.line("warning: \($0)") }) },
               writtenTo: output, plot)
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold out the last H points and score the RNN and classical baselines (every built-in series without --csv).")
    @OptionGroup var input: InputOptions<EvaluationInput>
    @OptionGroup var model: ModelOptions
    @Option(parsing: .unconditional, help: "Held-out steps (default from the dates: monthly 24, quarterly 8, yearly 11, daily 14; otherwise required).") var horizon: Int?
    @Option(parsing: .unconditional, help: "Rolling origins to average over.") var backtest: Int = 1
    @Option(name: .customLong("backtest-step"), parsing: .unconditional, help: "Steps between origins (default ceil(H/2)).") var backtestStep: Int?
    @Flag(help: "Print one JSON object per model.") var json = false

    func run() throws {
        setComputeThreads(model.compute.threads)
        try checkingSettings {
            if let backtestStep, backtest == 1 {
                throw UsageError.invalid("--backtest-step", backtestStep, expected: "no value with --backtest 1: the steps between origins need two or more origins")
            }
            if let column = input.column, input.csv == nil {
                throw UsageError("--column \(column) needs --csv: without it evaluate runs every built-in series, each with its own columns")
            }
            let evaluation = Evaluation(config: try model.config(horizon: horizon ?? 1), horizon: horizon, backtest: backtest, step: backtestStep)
            try ForecastJobs.evaluate(input.series, evaluation: evaluation, json: json, emit: DescriptorText.standardOutput.line, log: progress(model.verbose))
        }
    }
}
