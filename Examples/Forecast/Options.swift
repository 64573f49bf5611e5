import ArgumentParser
import CommandLineSupport
import RNNKit

extension MissingValues: ExpressibleByArgument {}
extension CellKind: ExpressibleByArgument {}
extension MultiStepStrategy: ExpressibleByArgument {}
extension HeadKind: ExpressibleByArgument {}
extension IntervalCalibration: ExpressibleByArgument {}
extension TargetMode: ExpressibleByArgument {}
extension OptimizerSettings.Kind: ExpressibleByArgument {}
extension ValueTransform: ExpressibleByArgument {}

/// What a command reads without `--csv`, `--column` and `--fill`, in the words of its help.
protocol InputDefaults {
    static var csv: String { get }
    static var column: String { get }
    static var fill: String { get }
}

/// `train`: the default built-in series, its first numeric column, no filling.
enum TrainingInput: InputDefaults {
    static let csv = "corpora/timeseries/air_passengers_monthly.csv"
    static let column = "the first numeric column"
    static let fill = "error"
}

/// `evaluate`: every built-in series.
enum EvaluationInput: InputDefaults {
    static let csv = "every series in corpora/timeseries"
    static let column = TrainingInput.column
    static let fill = TrainingInput.fill
}

/// `predict`: what the model recorded.
enum PredictionInput: InputDefaults {
    static let csv = "the series the model was trained on"
    static let column = "the column of the name the model was trained on"
    static let fill = "as the model was trained"
}

/// Where the series comes from; `Defaults` says what the command reads without the options.
struct InputOptions<Defaults: InputDefaults>: ParsableArguments {
    @Option(help: ArgumentHelp("CSV file with a header, - for standard input. (default: \(Defaults.csv))"),
            transform: InputName.resolved) var csv: String?
    @Option(help: ArgumentHelp("Column to forecast. (default: \(Defaults.column))")) var column: String?
    @Option(help: ArgumentHelp("Empty or NaN cells and skipped dates: error or interpolate. (default: \(Defaults.fill))")) var fill: MissingValues?

    var series: SeriesInput { SeriesInput(csv: csv, column: column, fill: fill) }
}

/// The compute threads: train, evaluate and predict run the ensemble's networks side by side on them.
struct ComputeOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: "Compute threads: the ensemble's networks run side by side on them, each on one (the result is the same for any count).")
    var threads = 2

    func validate() throws {
        try ThreadCount.require(threads)
    }
}

/// The model and training settings.
struct ModelOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Season length m. (default: from the dates: a year's steps, a week's for days, a day's for "
                                                        + "spacings from 15 minutes to a day, an hour's from a minute, a minute's from 250 ms; 1 for a "
                                                        + "spacing that does not divide its cycle or is finer)")) var season: Int?
    @Option(parsing: .unconditional, help: "Input window L. (default: 2·m, or max(2·H, 20) without season)") var lookback: Int?
    @Option(help: "lstm, gru or rnn (Elman; also called elman).") var cell: CellKind = .gru
    @Option(parsing: .unconditional, help: "Hidden size of each recurrent layer.") var hidden: Int = 32
    @Option(parsing: .unconditional, help: "Recurrent layers.") var layers: Int = 1
    @Option(parsing: .unconditional, help: "Dropout between recurrent layers, in [0, 1) (needs 2 or more layers).") var dropout: Double = 0
    @Option(name: .customLong("max-epochs"), parsing: .unconditional, help: "Most epochs (early stopping on the validation tail picks fewer).")
    var maxEpochs: Int = 150
    @Option(parsing: .unconditional, help: "Epochs without a better validation score before early stopping; needs --validation above 0. (default: 20)")
    var patience: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Windows per update.") var batchSize: Int = 32
    @Option(name: .customLong("windows-per-epoch"), parsing: .unconditional,
            help: ArgumentHelp("Most training windows an epoch reads (0 for every window): each epoch trains on a fresh random sample of "
                               + "this many (the same for a seed); a series with no more windows trains on all of them."))
    var windowsPerEpoch: Int = 0
    @Option(name: .customLong("validation-windows"), parsing: .unconditional,
            help: ArgumentHelp("Most origins of the validation tail early stopping forecasts from after each epoch (0 for every origin): "
                               + "this many, evenly spaced, the same every epoch."))
    var validationWindows: Int = 1000
    @Option(parsing: .unconditional, help: "Learning rate.") var lr: Double = 3e-3
    @Option(help: "adam, adamw, rmsprop, sgd (momentum 0.9) or adagrad.") var optimizer: OptimizerSettings.Kind = .adam
    @Option(name: .customLong("clip-norm"), parsing: .unconditional, help: "Global gradient-norm clip (0 for none).") var clipNorm: Double = 1
    @Option(parsing: .unconditional, help: "Fraction of the training part held back for early stopping, below 0.5 and at least H values (0 for none: every epoch is trained).")
    var validation: Double = 0.2
    @Option(help: "standard, minmax or none.") var scaling: String = "standard"
    @Option(help: "auto (log for positive series), log or none.") var transform: ValueTransform = .auto
    @Option(help: "level, change or seasonal-change.") var target: TargetMode = .seasonalChange
    @Option(help: "recursive or direct.") var strategy: MultiStepStrategy = .recursive
    @Option(help: "gaussian or quantile.") var head: HeadKind = .gaussian
    @Option(parsing: .unconditional, help: "Interval levels in (0, 1), comma-separated and distinct.") var levels: String = "0.8,0.95"
    @Option(help: ArgumentHelp("validation (scale each level's intervals so that they would have covered their level of forecasts into the "
                               + "validation tail, from networks trained without it; needs --validation above 0) or none (the ensemble's own intervals). (default: none)"))
    var calibration: IntervalCalibration?
    @Flag(help: ArgumentHelp("Add calendar features to each input step: the sine and cosine of the time of day and day of the week (steps under a day), "
                             + "the day of the week and of the year (daily), the day of the week (business-daily), the week of the year (weekly), "
                             + "the month (monthly) or the quarter (quarterly) of the step it precedes; needs regular dates finer than yearly "
                             + "(--calendar-cycles chooses other cycles)."))
    var calendar = false
    @Option(name: .customLong("calendar-cycles"),
            help: ArgumentHelp("Calendar features of these cycles instead of the spacing's (implies --calendar), comma-separated: "
                               + "\(CalendarCycle.allCases.map(\.rawValue).joined(separator: ", ")); each must move from date to date and be no "
                               + "finer than the spacing (not time-of-day for daily dates, nor day-of-week for weekly or monthly ones). "
                               + "The model reads them in that order, whatever the order given."))
    var calendarCycles: String?
    @Option(parsing: .unconditional, help: "Networks in the ensemble (seeds seed, seed+1, ...); the forecast and its intervals are those of all of them together.") var ensemble: Int = 5
    @Option(parsing: .unconditional, help: "Random seed of the first network.") var seed: UInt64 = 1
    @OptionGroup var compute: ComputeOptions
    @Flag(help: ArgumentHelp("Print what training chose (the epochs early stopping picked, the networks trained) to standard error, and where "
                             + "that is not a terminal a progress line every 10 seconds.")) var verbose = false
    @Flag(help: "No progress on standard error (the live line on a terminal; with --verbose, the lines elsewhere).") var quiet = false

    /// The settings for `horizon`.
    func config(horizon: Int) throws -> ForecastConfig {
        // Flags that would change nothing are refused rather than ignored.
        try TrainingFlags.requireDropoutApplies(dropout, layers: layers)
        if let patience, validation == 0 {
            throw UsageError("the patience (--patience) must not be given with --validation 0, since early stopping needs a validation part, got \(patience)")
        }
        let clipNorm = try TrainingFlags.clipNorm(clipNorm)
        for (count, flag, name) in [(windowsPerEpoch, "--windows-per-epoch", "windows per epoch"), (validationWindows, "--validation-windows", "validation windows")]
        where count < 0 {
            throw UsageError("the \(name) (\(flag)) must be a positive number, or 0 for every window, got \(count)")
        }
        var c = ForecastConfig()
        (c.horizon, c.season, c.lookback, c.cell, c.hidden, c.layers) = (horizon, season, lookback, cell, hidden, layers)
        (c.dropout, c.epochs, c.patience, c.batchSize, c.learningRate, c.optimizer) = (dropout, maxEpochs, patience ?? c.patience, batchSize, lr, optimizer)
        (c.clipNorm, c.validationFraction, c.transform, c.target, c.strategy, c.head) = (clipNorm, validation, transform, target, strategy, head)
        (c.ensemble, c.seed, c.calibration) = (ensemble, seed, calibration ?? c.calibration)
        (c.windowsPerEpoch, c.validationWindows) = (windowsPerEpoch == 0 ? nil : windowsPerEpoch, validationWindows == 0 ? nil : validationWindows)
        if calendar || calendarCycles != nil { c.calendar = true }  // else nil, as models without the setting record it
        c.calendarCycles = try parsedCalendarCycles()
        switch scaling.lowercased() {
        case "none": c.scaling = nil
        case let s: guard let kind = ScalingKind.allCases.first(where: { $0.rawValue.lowercased() == s }) else {
            throw UsageError("the scaling (--scaling) must be standard, minmax or none, got '\(scaling)'")
        }; c.scaling = kind
        }
        c.levels = try parsedLevels()
        try c.validate()
        return c
    }

    /// `--calendar-cycles` as cycles in the order of `CalendarCycle.allCases` (repeats kept for the library to refuse, so
    /// that the order given changes neither the model nor its file); empty for an empty value, nil without the option.
    func parsedCalendarCycles() throws -> [CalendarCycle]? {
        guard let text = calendarCycles?.trimmingCharacters(in: .whitespaces) else { return nil }
        guard !text.isEmpty else { return [] }  // refused by the library, which says why a list needs a cycle
        return try CommaSeparatedList.items(text, rule: "the calendar cycles (--calendar-cycles) must be comma-separated names of "
                                            + CalendarCycle.allCases.map(\.rawValue).joined(separator: ", "), notOne: "is not one",
                                            CalendarCycle.init(rawValue:)).inCalendarOrder
    }

    /// `--levels` as numbers; every comma-separated item must be one (an empty item is an error, not skipped).
    func parsedLevels() throws -> [Double] {
        try CommaSeparatedList.items(levels, rule: "the interval levels (--levels) must be comma-separated numbers such as 0.8,0.95",
                                     notOne: "is not a number", Double.init)
    }
}
