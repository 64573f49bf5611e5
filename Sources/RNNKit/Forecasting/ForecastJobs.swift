import Foundation

/// The built-in series under `corpora/timeseries`.
public enum BuiltinSeries {
    /// The series `train` and `predict` use without `--csv`.
    public static let defaultName = "air_passengers_monthly.csv"

    /// The `corpora/timeseries` folder in `directory` or its nearest parent that has one.
    /// - Throws: ``ForecastError/corporaNotFound(searched:)``.
    public static func folder(from directory: String = FileManager.default.currentDirectoryPath) throws -> String {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("corpora/timeseries").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { throw ForecastError.corporaNotFound(searched: directory) }
            url = parent
        }
    }

    /// Every CSV in the folder, sorted.
    public static func all() throws -> [String] {
        let dir = try folder()
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted().map { "\(dir)/\($0)" }
    }
}

/// `forecast train`: load a series, train, save a checkpoint.
public struct TrainJob: Sendable {
    public var csv: String?
    public var column: String?
    public var fill: MissingValues = .error
    public var config: ForecastConfig
    public var output: String

    public init(csv: String?, column: String?, fill: MissingValues, config: ForecastConfig, output: String) {
        self.csv = csv
        self.column = column
        self.fill = fill
        self.config = config
        self.output = output
    }

    /// Trains and writes the checkpoint.
    /// - Returns: a one-line summary.
    public func run(log: ((String) -> Void)? = nil) throws -> String {
        let file = try csv ?? "\(BuiltinSeries.folder())/\(BuiltinSeries.defaultName)"
        let series = try SeriesLoader(file: file, column: column, fill: fill, season: config.season).load()
        let model = try ForecastModel.train(series: series, config: config, name: file, log: log)
        try model.save(to: output, source: file, series: series)
        return "trained \(model.config.ensemble) \(model.config.cell.rawValue) network(s) on '\(model.column)' of \(file) "
            + "(\(series.count) values, season \(model.season), lookback \(model.lookback), horizon \(model.config.horizon), "
            + "\(model.config.strategy.rawValue), transform \(model.transform.rawValue)); saved \(output)"
    }
}

/// `forecast predict`: load a checkpoint and a series, forecast, write CSV and SVG.
public struct PredictJob: Sendable {
    public var model: String
    public var csv: String?
    public var column: String?
    public var fill: MissingValues = .error
    public var horizon: Int?
    public var output: String
    public var plot: String?

    public init(model: String, csv: String?, column: String?, fill: MissingValues, horizon: Int?, output: String, plot: String?) {
        self.model = model
        self.csv = csv
        self.column = column
        self.fill = fill
        self.horizon = horizon
        self.output = output
        self.plot = plot
    }

    /// Forecasts after the end of the series and writes the files.
    /// - Returns: a one-line summary.
    public func run() throws -> String {
        let (model, info) = try ForecastModel.load(from: self.model)
        let file = csv ?? info.source
        if let column, column != info.column {
            throw ForecastError.columnMismatch(checkpoint: info.column, column: column, file: file)
        }
        let series: TimeSeries
        do { series = try SeriesLoader(file: file, column: info.column, fill: fill, season: info.config.season).load() } catch let SequenceDataError.unknownColumn(_, _, available) {
            throw ForecastError.columnMismatch(checkpoint: info.column, column: available.filter { !SeriesLoader.dateNames.contains($0.lowercased()) }.joined(separator: "', '"), file: file)
        }
        let forecast = try model.forecast(history: series.column(0), horizon: horizon)
        let dates = series.nextDates(forecast.mean.count)
        try forecast.writeCSV(to: output, dates: dates)
        if let plot {
            let shown = Array(series.column(0).suffix(Swift.max(4 * forecast.mean.count, 3 * model.lookback)))
            let start = series.dates.map { $0[$0.count - shown.count] } ?? "-\(shown.count - 1)"
            try ForecastPlot(history: shown, forecast: forecast, title: "\(info.column): forecast of \(forecast.mean.count) steps",
                             labels: (start, series.dates?.last ?? "0", dates?.last ?? "+\(forecast.mean.count)")).write(to: plot)
        }
        return "wrote \(forecast.mean.count) steps to \(output)" + (plot.map { " and \($0)" } ?? "")
    }
}

/// `forecast evaluate`: the hold-out protocol on one series or on every built-in one.
public struct EvaluateJob: Sendable {
    public var csv: String?
    public var column: String?
    public var fill: MissingValues = .error
    public var evaluation: Evaluation
    public var json: Bool

    public init(csv: String?, column: String?, fill: MissingValues, evaluation: Evaluation, json: Bool) {
        self.csv = csv
        self.column = column
        self.fill = fill
        self.evaluation = evaluation
        self.json = json
    }

    /// Evaluates and prints each series' table (or JSON lines) through `emit`.
    public func run(emit: (String) -> Void, log: ((String) -> Void)? = nil) throws {
        let files = try csv.map { [$0] } ?? BuiltinSeries.all()
        for file in files {
            let series = try SeriesLoader(file: file, column: column, fill: fill, season: evaluation.config.season).load()
            let scores = try evaluation.run(series: series, name: file, log: log)
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            if json {
                scores.forEach { s in emit(String(s.jsonLine.dropLast()) + ",\"series\":\"\(name)\"}") }
            } else {
                emit(Evaluation.table(scores, title: "\(name) (\(series.count) values, season \(evaluation.config.season ?? series.seasonLength))"))
            }
        }
    }
}
