import ArgumentParser
import CommandLineSupport
import RNNKit

/// `forecast predict`: forecast after the end of a series with a trained model.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Forecast after the end of a series with a trained model.",
                                                    discussion: signalsDiscussion(abandoning: "the forecast, writing nothing"))
    @Option(name: .customLong("model"), help: "Checkpoint written by train.", transform: FileName.model) var checkpoint: String
    @OptionGroup var input: InputOptions<PredictionInput>
    @Option(parsing: .unconditional, help: "Steps to forecast, at most 1000 (a direct model's: its trained horizon). (default: the trained horizon)") var horizon: Int?
    @Option(help: "CSV to write: date (step without dates), mean, lower and upper per level; - for standard output. (default: standard output)",
            transform: FileName.given)
    var output: String?
    @Option(help: "SVG chart to write (\(OutputName.svgNames)).", transform: FileName.given) var plot: String?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "No progress line on standard error (drawn on a terminal while the sample paths of a long horizon are drawn).") var quiet = false

    /// Where the forecast goes: `--output` resolved, standard output without it.
    private var resolvedOutput: String { OutputName.resolved(output ?? "-") }

    func validate() throws {
        try OutputName.requireSVG(plot, flag: "--plot")
        if let plot, OutputName.resolved(plot) == resolvedOutput, AtomicFile.isStream(resolvedOutput) {
            guard output != nil else {
                throw ValidationError("--plot \(plot) names standard output, where the forecast goes without --output; "
                    + "give the chart a file, or the forecast one with --output")
            }
            throw ValidationError("--output and --plot both name \(StreamName.shown(resolvedOutput)); give the chart a file")
        }
    }

    func run() throws {
        setComputeThreads(compute.threads)
        let output = resolvedOutput, plot = plot.map(OutputName.resolved)
        let display = ProgressDisplay(verbose: false, quiet: quiet)
        try stoppingOnSignals(display, nothingWas: "written") { stop in
            let summary = try checkingSettings(modelSettings: true) {
                try ForecastJobs.predict(model: checkpoint, input: input.series, horizon: horizon, output: output, plot: plot,
                                         warn: { try? DescriptorText.standardError.line(ForecastCommand.warningLine($0)) },
                                         display: display, stopRequest: stop)
            }
            try report(summary, writtenTo: output, plot)
        }
    }
}
