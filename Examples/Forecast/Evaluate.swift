import ArgumentParser
import CommandLineSupport
import RNNKit

/// `forecast evaluate`: score the RNN and classical baselines on the held-out end of a series.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold out the last H points and score the RNN and classical baselines (every built-in series without --csv).",
        discussion: trainingSignalsDiscussion)
    @OptionGroup var input: InputOptions<EvaluationInput>
    @OptionGroup var model: ModelOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Held-out steps, required when the dates do not give them. (default: \(Self.defaultHorizons); "
                                                        + "spacings under 15 minutes hold out one season, an hour's steps from a minute and a "
                                                        + "minute's from 250 ms: \(Self.finerHorizons))")) var horizon: Int?
    @Option(parsing: .unconditional, help: "Rolling origins to average over.") var backtest: Int = 1
    @Option(name: .customLong("backtest-step"), parsing: .unconditional, help: "Steps between origins. (default: ceil(H/2))") var backtestStep: Int?
    @Flag(help: "Print one JSON object per model.") var json = false

    /// The horizons the dates give, `monthly 24, …`: the library's (``Evaluation/defaultHorizon(_:)``), named by their spacing.
    static let defaultHorizons = horizons([("monthly", .months(1)), ("quarterly", .months(3)), ("yearly", .years(1)), ("daily", .days(1)),
                                           ("weekly", .days(7)), ("business-daily", .businessDays(1)), ("6-hourly", .seconds(21_600)),
                                           ("hourly", .seconds(3600)), ("half-hourly", .seconds(1800)), ("15-minute", .seconds(900))])
    /// The horizons of spacings under 15 minutes, `10-minute 6, …`, as ``defaultHorizons``.
    static let finerHorizons = horizons([("10-minute", .seconds(600)), ("5-minute", .seconds(300)), ("1-minute", .seconds(60)), ("10-second", .seconds(10)),
                                         ("1-second", .seconds(1)), ("250-millisecond", .microseconds(250_000))])

    /// `name H` for each named spacing that gives a horizon, separated by commas.
    static func horizons(_ spacings: [(name: String, frequency: Frequency)]) -> String {
        spacings.compactMap { name, frequency in Evaluation.defaultHorizon(frequency).map { "\(name) \($0)" } }.joined(separator: ", ")
    }

    func run() throws {
        setComputeThreads(model.compute.threads)
        try checkingSettings {
            if let backtestStep, backtest == 1 {
                throw UsageError("the step between origins (--backtest-step) must not be given with --backtest 1, since it needs two or more origins, "
                                 + "got \(backtestStep)")
            }
            if let column = input.column, input.csv == nil {
                throw UsageError("--column \(column) needs --csv: without it evaluate runs every built-in series, each with its own columns")
            }
            let evaluation = Evaluation(config: try model.config(horizon: horizon ?? 1), horizon: horizon, backtest: backtest, step: backtestStep)
            let display = ProgressDisplay(verbose: model.verbose, quiet: model.quiet)
            try stoppingOnSignals(display) { stop in
                try ForecastJobs.evaluate(input.series, evaluation: evaluation, json: json, emit: DescriptorText.standardOutput.line,
                                          warn: { try? DescriptorText.standardError.line(ForecastCommand.warningLine($0)) },
                                          display: display, stopRequest: stop)
            }
        }
    }
}
