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
    /// a `stopRequest` abandons it.
    /// - Throws: what ``SeriesLoader/load(stopRequest:)`` throws.
    func load(_ file: String, column: String? = nil, season: Int?, defaultFill: MissingValues = .error,
              stopRequest: StopRequest? = nil) throws -> TimeSeries {
        try SeriesLoader(file: file, column: column ?? self.column, fill: fill ?? defaultFill, season: season).load(stopRequest: stopRequest)
    }
}
