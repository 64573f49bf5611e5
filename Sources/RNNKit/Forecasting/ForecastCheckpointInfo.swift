/// What a checkpoint records besides the weights: enough to rebuild the model
/// and to place its forecasts after the series it was trained on.
public struct ForecastCheckpointInfo: Sendable, Codable, Equatable {
    /// The format tag, ``ForecastCheckpointInfo/format``.
    public var format: String = ForecastCheckpointInfo.format
    /// The settings with season and lookback resolved.
    public var config: ForecastConfig
    /// The resolved value transform.
    public var transform: ValueTransform
    /// The scaler of the transformed values, nil for none.
    public var scaler: Scaler?
    /// The column trained on.
    public var column: String
    /// The CSV trained on: its absolute path when `forecast train` wrote the checkpoint (a relative
    /// path, as older checkpoints have, is read from the current folder); empty for a series that came
    /// from memory, not a file.
    public var source: String
    /// The last date of the training series, if it had dates.
    public var lastDate: String?
    /// The spacing of the dates, if regular.
    public var frequency: Frequency?
    /// K, the number of ensemble networks (`m0`, …, `m<K−1>` in the file).
    public var members: Int
    /// How gaps in the training series were filled; `predict` fills the same way unless told otherwise
    /// (nil in checkpoints written before it was recorded: gaps are errors).
    public var fill: MissingValues?
    /// The factor each level's intervals are scaled by, in the order of `config.levels` (``ForecastModel/intervalScales``);
    /// nil for the ensemble's own intervals, as in checkpoints written before intervals were calibrated, which forecast as they did.
    public var intervalScales: [Double]?
    /// The calendar cycles whose features the networks read (``ForecastModel/calendar``), for a model trained with
    /// ``ForecastConfig/calendar``; nil without them, as in checkpoints written before calendar features, which forecast as they did.
    public var calendar: [CalendarCycle]? = nil

    /// The tag this code writes and reads, `rnnkit-forecast/1`.
    public static let format = "rnnkit-forecast/1"
}
