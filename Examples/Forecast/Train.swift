import ArgumentParser
import CommandLineSupport
import RNNKit

/// `forecast train`: train a model on a series and save a self-describing checkpoint.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a model and save a self-describing checkpoint.", discussion: trainingSignalsDiscussion)
    @OptionGroup var input: InputOptions<TrainingInput>
    @OptionGroup var model: ModelOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Steps to forecast (H > 0), at most 1000; required when the dates do not give them. "
                                                        + "(default: the horizon evaluate holds out: \(Evaluate.defaultHorizons); "
                                                        + "spacings under 15 minutes one season: \(Evaluate.finerHorizons))")) var horizon: Int?
    @Option(help: "Checkpoint to write (safetensors); an existing file is replaced only with --overwrite.", transform: FileName.given) var out: String
    @Flag(help: Overwrite.help(replacing: "an existing --out file")) var overwrite = false

    func validate() throws {
        guard out != "-" else { throw ValidationError("--out -: the model is a file that predict reads back, so it needs a file name") }
    }

    func run() throws {
        setComputeThreads(model.compute.threads)
        let display = ProgressDisplay(verbose: model.verbose, quiet: model.quiet)
        try stoppingOnSignals(display) { stop in
            // The configuration is checked before the series is read, with H = 1 where the dates will give it.
            let config = try checkingSettings { try model.config(horizon: horizon ?? 1) }
            let summary = try checkingSettings { try ForecastJobs.train(input.series, config: config, horizon: horizon, output: out,
                                                                        overwrite: overwrite, display: display, stopRequest: stop) }
            display.finish()
            try report(summary, writtenTo: out)
        }
    }
}
