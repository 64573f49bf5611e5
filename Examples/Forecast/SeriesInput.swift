import CommandLineSupport
import RNNKit

/// Where a job's series comes from: a CSV file, its column, and how gaps are filled.
struct SeriesInput: Sendable {
    /// The CSV file, or nil for the job's default (a built-in series, or the series a checkpoint was trained on).
    var csv: String?
    /// The column to forecast, or nil for the first numeric column.
    var column: String?
    /// Empty or NaN cells and skipped dates: an error or interpolated; nil for the job's default
    /// (`.error`, or for `predict` the fill the model was trained with).
    var fill: MissingValues?

    init(csv: String? = nil, column: String? = nil, fill: MissingValues? = nil) {
        self.csv = csv
        self.column = column
        self.fill = fill
    }

    /// Loads column `column` (default: this input's) of `file` with this input's fill, or `defaultFill` when it has none;
    /// a `stopRequest` abandons it. A refusal of the file starts with `flag`, what gives the file (``FlagFile``), and ends
    /// with `context` of that error.
    /// - Throws: what ``SeriesLoader/load(stopRequest:)`` throws, its refusals of the file as a ``RunError``.
    func load(_ file: String, flag: String, column: String? = nil, season: Int?, defaultFill: MissingValues = .error,
              context: (any Error) -> String = { _ in "" }, stopRequest: StopRequest? = nil) throws -> TimeSeries {
        try FlagFile.read(flag, naming: SettingFlags.flag, context: context) {
            try SeriesLoader(file: file, column: column ?? self.column, fill: fill ?? defaultFill, season: season).load(stopRequest: stopRequest)
        }
    }

    /// What gives the CSV of a job that reads `csv` or else `otherwise`: `--csv`, or `otherwise` (the built-in series).
    func flag(otherwise: String = "the built-in series") -> String { csv == nil ? otherwise : "--csv" }
}
