import CommandLineSupport
import Foundation
import RNNKit

/// The three `forecast` commands as functions of their inputs.
enum ForecastJobs {
    /// `forecast train`: loads the series (without a CSV, the default built-in one), trains `config` for `horizon` (nil: the
    /// horizon `evaluate` holds out for the series' dates, ``Evaluation/horizon(_:for:setting:name:)``), and writes the checkpoint atomically,
    /// recording the series' absolute path (none for a stream) for `predict` without `--csv`, and the fill, which `predict` applies when not given one.
    /// An existing file at `output` is refused before any work unless `overwrite`; one that appears during training is not
    /// replaced either: the model is then saved under a numbered name next to it, and the ``RunError`` says which.
    /// Training draws its progress on `display`; a `stopRequest` made during training abandons it, and nothing is saved.
    /// - Returns: a one-line summary.
    /// - Throws: `CancellationError` on a `stopRequest` made before the model is saved.
    static func train(_ input: SeriesInput, config: ForecastConfig, horizon: Int?, output: String, overwrite: Bool,
                      display: ProgressDisplay? = nil, stopRequest: StopRequest? = nil) throws -> String {
        let file = try input.csv ?? "\(BuiltinSeries.folder())/\(BuiltinSeries.defaultName)"
        try AtomicFile.requireDistinct(outputs: [("--out", output)], inputs: [(input.flag(), file)])
        try Overwrite.requireNoFile(output, flag: "--out", overwrite: overwrite)
        let series = try input.load(file, flag: input.flag(), season: config.season, stopRequest: stopRequest)
        var config = config
        config.horizon = try Evaluation.horizon(horizon, for: series, setting: "ForecastConfig.horizon", name: file)
        try FlagFile.write("--out", to: output) { try AtomicFile.checkWritable(URL(filePathAsGiven: output)) }  // before training, not after
        let name = StreamName.shown(file)  // standard input for -
        let model = try ForecastModel.train(series: series, config: config, name: name, log: display?.log, progress: display?.progress,
                                            stopRequest: stopRequest)
        try stopRequest?.throwIfRequested()  // made after training, before the model is saved
        // The series' absolute path, so that predict finds it from any folder; none for a stream (standard input, a
        // pipe), which cannot be read again.
        let source = AtomicFile.isStream(file) ? "" : PathText.absolute(file)  // a link to a file is a file
        do {
            let checkpoint = ForecastCheckpoint(model: model, source: source, series: series, fill: input.fill ?? .error)
            try FlagFile.write("--out", to: output) { try checkpoint.write(to: output, replacing: overwrite) }
        } catch let error as FileExistsError {
            throw RunError("--out \(output) appeared during training and was not replaced; the trained model is saved in \(error.keptAs) instead")
        }
        return "trained \(CountText.of(model.config.ensemble, "\(model.config.cell.rawValue) network")) on '\(model.column)' of \(name) "
            + "(\(CountText.of(series.count, "value")), season \(model.season), lookback \(model.lookback), horizon \(model.config.horizon), "
            + "\(model.config.strategy.rawValue), transform \(model.transform.rawValue)"
            + (model.calendar.isEmpty ? "" : ", calendar \(model.calendar.names)") + "); saved \(output)"
    }

    /// `forecast predict`: loads the checkpoint at `path` and the series (without a CSV, the one it was trained on;
    /// without a column, the column of the name it was trained on),
    /// filled as the input says or else as the model was trained, forecasts `horizon` steps (nil: the trained horizon) after its end, and writes the CSV `output`
    /// and, given `plot`, an SVG chart. A dated series must have the spacing the model was trained on
    /// (else the model's ``ForecastError/frequencyMismatch(file:found:trained:)``); one without dates is taken as it is. A history far from the training series is forecast,
    /// with a line through `warn`. The forecast draws its progress on `display`; a `stopRequest` made while the series
    /// loads or the forecast runs abandons them, and nothing is written.
    /// - Returns: a one-line summary.
    /// - Throws: `CancellationError` on a `stopRequest` made before the outputs are written.
    static func predict(model path: String, input: SeriesInput, horizon: Int?, output: String, plot: String?,
                        warn: (String) -> Void = { _ in }, display: ProgressDisplay? = nil, stopRequest: StopRequest? = nil) throws -> String {
        let checkpoint = try FlagFile.read("--model", naming: SettingFlags.flag) { try ForecastCheckpoint(contentsOf: path) }
        let (model, info) = (checkpoint.model, checkpoint.info)
        if input.csv == nil && info.source.isEmpty {
            throw RunError("the model file \(path) records no series file (it was trained on a stream such as standard input, or in memory); "
                           + "pass the series with --csv")
        }
        let file = input.csv ?? info.source, name = StreamName.shown(file)  // standard input for -
        let flag = input.flag(otherwise: "the series path stored in --model")
        try AtomicFile.requireDistinct(outputs: [("--output", output)] + (plot.map { [("--plot", $0)] } ?? []), inputs: [("--model", path), (flag, file)])
        // The model forecasts one column: by default the one it was trained on, or any other named with --column.
        let series = try input.load(file, flag: flag, column: input.column ?? info.column, season: info.config.season, defaultFill: info.fill ?? .error,
                                    context: { error in
            switch error {
            case SequenceDataError.unknownColumn where input.column == nil:
                "; the model was trained on that column: pass --column to forecast another with it"
            case SequenceDataError.unreadable where input.csv == nil: "; the model was trained on it: pass the series with --csv"
            default: ""
            }
        }, stopRequest: stopRequest)
        for (flag, target) in [("--output", output), ("--plot", plot)] {
            if let target { try FlagFile.write(flag, to: target) { try AtomicFile.checkWritable(URL(filePathAsGiven: target)) } }
        }
        let forecast = try model.forecast(series: series, horizon: horizon, name: "\(name): column '\(series.columns[0])'",
                                          progress: display?.progress, stopRequest: stopRequest)
        try stopRequest?.throwIfRequested()  // made after the forecast, before anything is written
        display?.finish()
        if let z = model.extrapolation(history: series.column(0)), z > ForecastModel.trainingRange {
            warn("\(name): the last \(CountText.of(model.lookback, "value")) lie far from the series the model was trained on (\(String(format: "%.3g", z)) "
                 + "in its scaled units, where the training values are within a few); the forecast and its intervals extrapolate")
        }
        let dates = series.nextDates(forecast.mean.count)
        // The dates are written in the forms the loader reads: four-digit years.
        if let last = dates?.last, CalendarDate(last) == nil {
            throw ForecastError.configuration(ConfigurationError(
                "the horizon (\(setting: "horizon")) must end the forecast by the year 9999, got \(forecast.mean.count), which ends it at \(last)"))
        }
        try FlagFile.write("--output", to: output) { try forecast.writeCSV(to: output, dates: dates) }
        if let plot {
            let shown = Array(series.column(0).suffix(Swift.max(4 * forecast.mean.count, 3 * model.lookback)))
            let start = series.dates.map { $0[$0.count - shown.count] } ?? "-\(shown.count - 1)"
            let chart = ForecastPlot(history: shown, forecast: forecast, title: "\(series.columns[0]): forecast of \(CountText.of(forecast.mean.count, "step"))",
                                     labels: (start, series.dates?.last ?? "0", dates?.last ?? "+\(forecast.mean.count)"))
            try FlagFile.write("--plot", to: plot) { try chart.write(to: plot) }  // after the forecast, which stays written
        }
        return "wrote \(CountText.of(forecast.mean.count, "step")) to \(StreamName.shown(output))" + (plot.map { " and \(StreamName.shown($0))" } ?? "")
            + ", forecasting \(series.columnAndValues()) of \(name)"
    }

    /// `forecast evaluate`: the hold-out protocol on the series (without a CSV, every built-in one);
    /// prints each series' table, or one JSON object per model when `json`, through `emit`. Training draws its
    /// progress on `display`; a `stopRequest` abandons it (the loading of a series, its training, forecasts and baselines).
    /// With calendar features, a built-in series whose spacing has no calendar cycles (yearly) is skipped with the
    /// library's refusal through `warn`; a CSV's is refused, as `train` refuses it.
    /// - Throws: `CancellationError` on a `stopRequest` (the tables of the series done before it stay printed).
    static func evaluate(_ input: SeriesInput, evaluation: Evaluation, json: Bool, emit: (String) throws -> Void,
                         warn: (String) -> Void = { _ in }, display: ProgressDisplay? = nil, stopRequest: StopRequest? = nil) throws {
        let files = try input.csv.map { [$0] } ?? BuiltinSeries.all()
        for (index, file) in files.enumerated() {
            // The file's name without its folder and extension, as it is (the table's title and JSON strings escape
            // it); standard input for -.
            let shown = StreamName.shown(file)
            let name = StreamName.of(file) ?? URL(filePathAsGiven: file).deletingPathExtension().lastPathComponent
            display?.series(index + 1, of: files.count, name: name)
            let series = try input.load(file, flag: input.flag(), season: evaluation.config.season, stopRequest: stopRequest)
            if input.csv == nil, evaluation.config.calendar == true, series.frequency?.calendarCycles.isEmpty == true,
               case .failure(let refusal) = Result(catching: { () throws(ForecastError) in try evaluation.config.calendarCycles(for: series, name: name) }) {
                display?.finish()
                warn("\(refusal.message(naming: SettingFlags.flag)); skipped")  // the library's refusal, which training would throw
                continue
            }
            let scores = try evaluation.run(series: series, name: shown, log: display?.log, progress: display?.progress,
                                            stopRequest: stopRequest)
            display?.finish()  // the table follows
            if json {
                let context: [(key: String, value: String)] = [("series", JSONText.string(name)), ("column", JSONText.string(series.columns[0])),
                                                               ("horizon", "\(evaluation.horizon(for: series)!)"), ("folds", "\(evaluation.backtest)")]
                for s in scores { try emit(JSONText.object(s.jsonFields + context)) }
            } else {
                let title = "\(name), " + series.columnAndValues("season \(evaluation.config.season ?? series.seasonLength)",
                                                                evaluation.protocolSummary(for: series))
                try emit(Evaluation.table(scores, title: title.escapingControlCharacters))  // the file's and column's names may hold them
            }
        }
    }
}
