/// An error in the input to forecasting: a flag, a series, a checkpoint.
///
/// Every case names what was wrong and what was expected, so a command-line
/// tool can print its ``description`` as one line.
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting out of range, named by the property that holds it (`ForecastConfig.batchSize`, `Evaluation.step`)
    /// or the parameter (`horizon`, `history`); a command line writes its flag instead (`forecast`'s `SettingFlags`).
    case invalidSetting(name: String, value: String, expected: String)
    /// The networks and their training state need more than this machine's memory (bytes), or more than can be counted (nil).
    case modelTooLarge(networks: Int, parameters: Int?, bytes: Int?, memory: Int)
    /// The file has no column of numbers to forecast.
    case noNumericColumn(file: String, columns: [String])
    /// The column to forecast has an empty name or shares it with another column (a model records its column by name);
    /// `position` is 1-based.
    case unusableColumnName(file: String, position: Int, name: String)
    /// The dates skip periods.
    case dateGap(file: String, after: String, next: String)
    /// A file written newest first (its first date after its last) with a date at `line` not before the one above it.
    case unorderedNewestFirst(file: String, line: Int, text: String, previous: String)
    /// The dates jump by a step that is not a whole number of the smallest step (`spacing`, such as `2 months`).
    case irregularDates(file: String, after: String, next: String, spacing: String)
    /// The series is shorter than one training window plus the held-out part.
    case seriesTooShort(file: String, length: Int, needed: Int, reason: String)
    /// The training part left after holding out the evaluation's last values (`total` − `length` of them)
    /// is shorter than training needs.
    case trainingPartTooShort(file: String, length: Int, total: Int, needed: Int, reason: String)
    /// No horizon or season can be inferred from the dates.
    case cannotInfer(name: String, file: String)
    /// The series lacks the column the checkpoint was trained on; `available` lists the ones it has, quoted and comma-separated.
    case columnMismatch(checkpoint: String, available: String, file: String)
    /// The series' dates have another spacing than the dates the checkpoint was trained on.
    case frequencyMismatch(file: String, checkpoint: Frequency, series: Frequency)
    /// The checkpoint file is not a forecast checkpoint or is inconsistent.
    case invalidCheckpoint(file: String, reason: String)
    /// A forecast with a value or bound that is not a finite number; nothing is written.
    case nonFiniteForecast(file: String, reason: String)
    /// A score of a model's forecast (`metric`, such as `MASE`) that is not a finite number; nothing is printed.
    case nonFiniteScore(file: String, model: String, metric: String, reason: String)
    /// The series path stored in a checkpoint (used without --csv) cannot be read.
    case unreadableStoredSeries(checkpoint: String, source: String, reason: String)
    /// The checkpoint records no series file (it was saved with an empty source), and none was given.
    case noStoredSeries(checkpoint: String)
    /// The built-in series folder is not where it was looked for.
    case corporaNotFound(searched: String)
    /// The series has values the transform cannot take (log of a non-positive value).
    case invalidTransform(file: String, reason: String)

    public var description: String { message { $0 } }

    /// The description, with the setting of ``invalidSetting(name:value:expected:)`` written as `name` gives it
    /// (a command line's flag for `ForecastConfig.batchSize`, say), as ``ConfigurationError/message(naming:)`` does.
    public func message(naming name: (String) -> String) -> String {
        switch self {
        case let .invalidSetting(setting, value, expected):
            return "invalid \(name(setting)) '\(value)': expected \(expected)"
        case let .modelTooLarge(networks, parameters, bytes, memory):
            let size = parameters.flatMap { p in bytes.map { "\(CountText.of(networks, "network")) of \(p) parameters \(networks == 1 ? "needs" : "need") \(CheckedSize.gibibytes($0)) "
                + "with the training state, more than this machine's \(CheckedSize.gibibytes(memory))" } } ?? "the model needs more memory than can be counted"
            return "\(size); use a smaller --hidden, --layers, --ensemble or --horizon"
        case let .noNumericColumn(file, columns):
            let separator = columns.count == 1 ? [";", "\t", "|"].first { columns[0].contains($0) } : nil
            return "\(file): no numeric column to forecast; the columns are \(columns.map { "'\($0)'" }.joined(separator: ", "))"
                + (separator.map { "; the header holds \($0 == "\t" ? "tabs" : "'\($0)'"), but the columns must be separated by commas" } ?? "")
        case let .unusableColumnName(file, position, name):
            let problem = name.isEmpty ? "has no name in the header" : "shares its name '\(name)' with another column"
            return "\(file): column \(position), the one to forecast, \(problem); a model records its column by name, so give it a name of its own"
        case let .unorderedNewestFirst(file, line, text, previous):
            let problem = text == previous ? "repeats the date above it" : "does not come before the date above it, '\(previous)'"
            return "\(file):\(line): date '\(text)' \(problem); a file written newest first needs strictly decreasing dates"
        case let .dateGap(file, after, next):
            return "\(file): the dates jump from \(after) to \(next), skipping periods; fill the gap or pass --fill interpolate"
        case let .irregularDates(file, after, next, spacing):
            return "\(file): the dates jump from \(after) to \(next), which is not a whole number of steps of \(spacing) "
                + "(the smallest step between the dates); the dates must be evenly spaced"
        case let .seriesTooShort(file, length, needed, reason):
            return "\(file): the series has \(length) values; \(reason) needs at least \(needed)"
        case let .trainingPartTooShort(file, length, total, needed, reason):
            return "\(file): holding out the last \(total - length) of the \(total) values leaves \(length) to train on; "
                + "\(reason) needs at least \(needed); pass a smaller --horizon, --backtest or --lookback"
        case let .cannotInfer(name, file):
            return "\(file): cannot infer the \(name) from the dates; pass --\(name)"
        case let .columnMismatch(checkpoint, available, file):
            return "\(file): the checkpoint was trained on column '\(checkpoint)', which the file does not have (its columns: '\(available)'); "
                + "pass --column to forecast one of them"
        case let .frequencyMismatch(file, checkpoint, series):
            return "\(file): the series' dates are \(series.spacing) apart, but the model was trained on dates \(checkpoint.spacing) apart; "
                + "pass a series of the model's frequency"
        case let .invalidCheckpoint(file, reason):
            return "\(file): not a usable forecast checkpoint (\(reason))"
        case let .nonFiniteForecast(file, reason):
            return "\(file): the forecast is not finite: \(reason)"
        case let .nonFiniteScore(file, model, metric, reason):
            return "\(file): the \(metric) of the \(model) forecast is not finite: \(reason)"
        case let .unreadableStoredSeries(checkpoint, source, reason):
            return "\(source): cannot read the series (\(reason)); this path was stored in the model file \(checkpoint) "
                + "as the series it was trained on; pass the series with --csv"
        case let .noStoredSeries(checkpoint):
            return "the model file \(checkpoint) records no series it was trained on (its source is empty); pass the series with --csv"
        case let .corporaNotFound(searched):
            return "no --csv given and the built-in series folder corpora/timeseries was not found in \(searched) or its parents; run from the repository or pass --csv"
        case let .invalidTransform(file, reason):
            return "\(file): \(reason)"
        }
    }
}
