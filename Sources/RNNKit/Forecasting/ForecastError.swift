import FileReading

/// An error in the input to forecasting: a setting, a series, a checkpoint.
///
/// Every case names what was wrong and what was expected, so a command-line
/// tool can print its ``description`` as one line. A file is named by its path, standard input (`/dev/stdin`) as such
/// (`StreamName.shown`). Where the message names a setting
/// (out of range, or one to change), it names the property that holds it, `ForecastConfig.hidden` say;
/// ``message(naming:)`` writes another name for it, such as a command line's flag.
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A cell of a CSV file, for messages: its column's name, its line and its text.
    public struct Cell: Equatable, Sendable {
        /// The column's name in the header, the cell's line in the file, and the cell's text.
        public var column: String, line: Int, text: String
        /// The cell of `column` on `line`, reading `text`.
        public init(column: String, line: Int, text: String) { (self.column, self.line, self.text) = (column, line, text) }
    }

    /// A setting out of range, in the words of the language models' checks ("the horizon (`ForecastConfig.horizon`)
    /// must be a positive number of steps, got 0"), and by their checks for a setting a language model's run has too
    /// (`ForecastConfig.hidden`, the learning rate of ``OptimizerSettings``). The message names the setting by the
    /// property that holds it (`ForecastConfig.batchSize`, `Evaluation.step`) or the parameter (`horizon`); a command
    /// line writes its flag instead (`forecast`'s `SettingFlags`).
    case configuration(ConfigurationError)
    /// The networks and their training state need more than this machine's memory (bytes), or more than can be counted (nil).
    case modelTooLarge(networks: Int, parameters: Int?, bytes: Int?, memory: Int)
    /// The file's first line holds numbers and dates only (`header`): the file has no header naming its columns, or
    /// (`0`, `0,1`, …) the names pandas gives unnamed columns, which the message says how to replace.
    case missingHeader(file: String, header: [String])
    /// The file has no column of numbers to forecast.
    /// `firstBadCell`: the first cell that is not a number in the first column that could have been the one.
    case noNumericColumn(file: String, columns: [String], firstBadCell: Cell?)
    /// The column to forecast has an empty name or shares it with another column (a model records its column by name);
    /// `position` is 1-based.
    case unusableColumnName(file: String, position: Int, name: String)
    /// The dates skip periods: they jump from `after` to `next`, more than the smallest step between them (`spacing`, such as `1 business day`).
    case dateGap(file: String, after: String, next: String, spacing: String)
    /// Filling the skipped periods would insert more values (`inserted`) than the file holds (`read`): most of the
    /// series would be made up, as when a typo puts one date centuries on. The longest gap runs from `after` to `next`.
    case gapsExceedData(file: String, inserted: Int, read: Int, after: String, next: String)
    /// A file written newest first (its first date after its last) with a date at `line` not before the one above it.
    case unorderedNewestFirst(file: String, line: Int, text: String, previous: String)
    /// The dates jump by a step that is not a whole number of the smallest step (`spacing`, such as `2 months`, first
    /// taken from `smallestFrom` to `smallestTo`: a step of 23 hours there is a daylight-saving change in times written in UTC).
    case irregularDates(file: String, after: String, next: String, spacing: String, smallestFrom: String, smallestTo: String)
    /// The series is shorter than `reason` needs (training windows and a validation tail, an evaluation's held-out
    /// and training parts, or a forecast's history); `needed` is nil when the sizes add up to more than can be counted.
    /// `smaller` names the settings whose smaller values would need fewer values (`ForecastConfig.lookback`), for the
    /// advice; none for a trained model's forecast, whose settings are the model's.
    case seriesTooShort(file: String, length: Int, needed: Int?, reason: String, smaller: [String] = [])
    /// The training part left after holding out the evaluation's last values (`total` − `length` of them)
    /// is shorter than training needs.
    /// `smaller`: the settings the advice names to make smaller (the evaluation's horizon and backtest, the training's
    /// lookback or season and validation).
    case trainingPartTooShort(file: String, length: Int, total: Int, needed: Int?, reason: String, smaller: [String] = [])
    /// Every value an evaluation's fold holds out, from `first` to `last` (dates, or `value 97` for a series without
    /// them), is a gap that was filled, none read from the file: there is nothing to score the forecasts against. (A
    /// series' last value is always read, so this is an earlier fold's.)
    case heldOutAllFilled(file: String, first: String, last: String)
    /// The setting (a horizon: `Evaluation.horizon`, `ForecastConfig.horizon`) was not given and cannot be inferred from the dates.
    case cannotInfer(setting: String, file: String)
    /// The setting (a horizon: `Evaluation.horizon`, `ForecastConfig.horizon`) was not given, and the series has no dates to infer it from.
    case undated(setting: String, file: String)
    /// The history's dates are `found` apart, but the model was trained on dates `trained` apart (``ForecastModel/frequency``):
    /// its season, lookback and calendar features count steps of the training spacing.
    case frequencyMismatch(file: String, found: Frequency, trained: Frequency)
    /// The checkpoint file is not a forecast checkpoint or is inconsistent.
    case invalidCheckpoint(file: String, reason: String)
    /// A forecast with a value or bound that is not a finite number; nothing is written.
    case nonFiniteForecast(file: String, reason: String)
    /// The trained model's forecast from the end of its own series is not finite: training diverged.
    case trainingDiverged(file: String)
    /// A score of a model's forecast (`metric`, such as `MASE`) that is not a finite number; nothing is printed.
    case nonFiniteScore(file: String, model: String, metric: String, reason: String)
    /// The training part of an evaluation is one value repeated: there is nothing to forecast, and MASE divides by 0.
    case constantTrainingPart(file: String)
    /// The MASE of a model's forecast divides by 0: the training part repeats every season (of `season` steps), so the
    /// seasonal naive forecast has no error to scale by.
    case periodicTrainingPart(file: String, model: String, season: Int)
    /// The series has values the transform cannot take (log of a non-positive value).
    case invalidTransform(file: String, reason: String)
    /// Calendar features cannot be made for the series: `reason` says what they need that it lacks (regular dates, a
    /// spacing finer than a year); `setting` is the one that asked for them (``ForecastConfig/calendarSetting``:
    /// `ForecastConfig.calendar`, or `ForecastConfig.calendarCycles` when cycles were chosen).
    case calendarUnavailable(file: String, setting: String, reason: String)

    /// The message on one line, each setting named by its property (`ForecastConfig.hidden`).
    public var description: String { message { $0 } }

    /// "needs at least n", or that the count overflows.
    static func needs(_ needed: Int?) -> String { needed.map { "needs at least \($0)" } ?? "needs more values than can be counted" }

    /// "; use a smaller a, b or c" for the settings named, nothing for none: the advice of settings that ask for more than
    /// the series or the machine has.
    static func useSmaller(_ settings: [String]) -> String {
        guard let last = settings.last else { return "" }
        return "; use a smaller " + (settings.count > 1 ? settings.dropLast().joined(separator: ", ") + " or " + last : last)
    }

    /// The description, with every setting it names written as `name` gives it (a command line's flag for
    /// `ForecastConfig.batchSize`, say), as ``ConfigurationError/message(naming:)`` does.
    public func message(naming name: (String) -> String) -> String {
        switch self {
        case let .configuration(error):
            return error.message(naming: name)
        case let .modelTooLarge(networks, parameters, bytes, memory):
            let size = parameters.flatMap { p in bytes.map { "\(CountText.of(networks, "network")) of \(p) parameters \(networks == 1 ? "needs" : "need") \(CheckedSize.gibibytes($0)) "
                + "with the training state, more than this machine's \(CheckedSize.gibibytes(memory))" } } ?? "the model needs more memory than can be counted"
            return size + Self.useSmaller(["ForecastConfig.hidden", "ForecastConfig.layers", "ForecastConfig.ensemble", "ForecastConfig.horizon"].map(name))
        case let .missingHeader(file, header):
            let line = header.joined(separator: ",")
            // pandas names unnamed columns 0, 1, …: a header added above those would make them a row of values.
            let pandas = header == header.indices.map(String.init)
                ? " (if pandas wrote the file, '\(line)' \(header.count == 1 ? "is its name of an unnamed column" : "are its names of unnamed columns"): "
                    + "replace that line instead, or \(header.count == 1 ? "write the file with to_csv(path, header=['value'])" : "name the columns before to_csv"))"
                : ""
            return "\(StreamName.shown(file)): the first line, '\(line)', holds values, not column names; "
                + "add a header line naming the columns, such as \(header.count == 1 ? "'value'" : "'date,value'")" + pandas
        case let .noNumericColumn(file, columns, cell):
            let separator = columns.count == 1 ? ["\t", "|"].first { columns[0].contains($0) } : nil
            return "\(StreamName.shown(file)): no numeric column to forecast; the columns are \(columns.map { "'\($0)'" }.joined(separator: ", "))"
                + (separator.map { "; the header holds \($0 == "\t" ? "tabs" : "'\($0)'"), but the columns must be separated by commas or semicolons" }
                   ?? cell.map { "; in column '\($0.column)', '\($0.text)' on line \($0.line) is not a number" + SequenceDataError.commaAdvice($0.text) } ?? "")
        case let .unusableColumnName(file, position, name):
            let problem = name.isEmpty ? "has no name in the header" : "shares its name '\(name)' with another column"
            return "\(StreamName.shown(file)): column \(position), the one to forecast, \(problem); a model records its column by name, so give it a name of its own"
        case let .unorderedNewestFirst(file, line, text, previous):
            let problem = text == previous ? "repeats the date above it" : "does not come before the date above it, '\(previous)'"
            return "\(StreamName.shown(file)):\(line): date '\(text)' \(problem); a file written newest first needs strictly decreasing dates"
        case let .dateGap(file, after, next, spacing):
            return "\(StreamName.shown(file)): the dates jump from \(after) to \(next), skipping steps of \(spacing) (the smallest step between the dates); "
                + "fill the gap, or interpolate it: \(name("SeriesLoader.fill")) interpolate"
        case let .gapsExceedData(file, inserted, read, after, next):
            return "\(StreamName.shown(file)): filling the skipped dates would insert \(CountText.of(inserted, "value")) into \(CountText.of(read, "value")) read "
                + "(the longest gap is from \(after) to \(next)), so most of the series would be made up; check the dates"
        case let .irregularDates(file, after, next, spacing, smallestFrom, smallestTo):
            return "\(StreamName.shown(file)): the dates jump from \(after) to \(next), which is not a whole number of steps of \(spacing) "
                + "(the smallest step between the dates, from \(smallestFrom) to \(smallestTo)); the dates must be evenly spaced"
        case let .seriesTooShort(file, length, needed, reason, smaller):
            return "\(StreamName.shown(file)): the series has \(CountText.of(length, "value")); \(reason) \(Self.needs(needed))"
                + Self.useSmaller(smaller.map(name))
        case let .trainingPartTooShort(file, length, total, needed, reason, smaller):
            return "\(StreamName.shown(file)): holding out the last \(total - length) of the \(total) values leaves \(length) to train on; "
                + "\(reason) \(Self.needs(needed))" + Self.useSmaller(smaller.map(name))
        case let .heldOutAllFilled(file, first, last):
            return "\(StreamName.shown(file)): the values held out from \(first) to \(last) are all gaps that were filled, none read from the file, "
                + "so there is nothing to score the forecasts against; hold out other values with another \(name("Evaluation.backtest")) or \(name("Evaluation.step"))"
        case let .cannotInfer(setting, file):
            return "\(StreamName.shown(file)): cannot infer the \(setting.split(separator: ".").last ?? "") from the dates; set \(name(setting))"
        case let .undated(setting, file):
            return "\(StreamName.shown(file)): the series has no dates; set \(name(setting))"
        case let .frequencyMismatch(file, found, trained):
            return "\(StreamName.shown(file)): the series' dates are \(found.spacing) apart, but the model was trained on dates \(trained.spacing) apart; "
                + "pass a series of the model's frequency"
        case let .invalidCheckpoint(file, reason):
            return "\(StreamName.shown(file)): not a usable forecast checkpoint (\(reason))"
        case let .nonFiniteForecast(file, reason):
            return "\(StreamName.shown(file)): the forecast is not finite: \(reason)"
        case let .trainingDiverged(file):
            return "\(StreamName.shown(file)): training diverged: the trained model's forecast from the end of its own series is not finite; "
                + "train with a smaller \(name("ForecastConfig.learningRate")) or \(name("ForecastConfig.clipNorm"))"
        case let .nonFiniteScore(file, model, metric, reason):
            return "\(StreamName.shown(file)): the \(metric) of the \(model) forecast is not finite: \(reason)"
        case let .periodicTrainingPart(file, model, season):
            return "\(StreamName.shown(file)): the MASE of the \(model) forecast is not finite: MASE divides by the training part's mean change over the season "
                + "(\(season) steps), which is 0 since the part repeats every season; compare the models by another score or set another \(name("ForecastConfig.season"))"
        case let .constantTrainingPart(file):
            return "\(StreamName.shown(file)): the training part holds one value throughout, so there is nothing to forecast (and MASE, which divides "
                + "by the part's mean change, is not finite)"
        case let .invalidTransform(file, reason):
            return "\(StreamName.shown(file)): \(reason)"
        case let .calendarUnavailable(file, setting, reason):
            return "\(StreamName.shown(file)): calendar features (\(name(setting))) need \(reason)"
        }
    }
}
