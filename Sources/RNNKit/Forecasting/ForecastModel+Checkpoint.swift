import Foundation

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

    /// The tag this code writes and reads, `rnnkit-forecast/1`.
    public static let format = "rnnkit-forecast/1"
}

extension ForecastModel {
    /// Writes the model as safetensors: member k's weights under `m<k>.rnn.*`
    /// and `m<k>.head.*`, and the ``ForecastCheckpointInfo`` as JSON in the
    /// metadata key `forecast` (also `column`, `last_date`, `frequency` as plain strings, and `rnnkit_version`, the
    /// ``rnnKitVersion`` that wrote it).
    /// The file is written atomically.
    /// - Parameters:
    ///   - source: the path of the CSV trained on, which `forecast predict` reads without `--csv`; empty for a
    ///     series from memory.
    ///   - fill: how gaps in `series` were filled, for forecasts from series read the same way.
    ///   - replacing: false never replaces a file at `path`, even one that appeared while the model trained: the model is
    ///     then kept under a numbered name next to it (``AtomicFile/write(_:to:replacing:)``).
    /// - Throws: ``AtomicFileError`` naming the path; not `replacing`, ``FileExistsError`` naming where the model was kept.
    public func save(to path: String, source: String, series: TimeSeries, fill: MissingValues = .error, replacing: Bool = true) throws {
        let info = ForecastCheckpointInfo(config: config, transform: transform, scaler: scaler, column: column, source: source,
                                          lastDate: series.dates?.last, frequency: series.frequency, members: members.count, fill: fill,
                                          intervalScales: intervalScales)
        var metadata = SafetensorsFile.recordingWriter(["forecast": MetadataJSON.encode(info), "column": column])
        metadata["last_date"] = info.lastDate
        metadata["frequency"] = info.frequency.map { "\($0)" }
        try SafetensorsFile(parameters: members.flatMap(\.parameters), metadata: metadata).write(to: URL(fileURLWithPath: path), replacing: replacing)
    }

    /// Reads a model written by ``save(to:source:series:fill:replacing:)``.
    /// - Returns: the model and its info.
    /// - Throws: ``SafetensorsError`` for an unreadable or malformed file, ``ForecastError/invalidCheckpoint(file:reason:)``
    ///   naming the field when the metadata is missing or wrong (``ForecastCheckpointInfo/validate(file:)``),
    ///   ``StateDictError`` when the weights do not fit the config.
    public static func load(from path: String) throws -> (model: ForecastModel, info: ForecastCheckpointInfo) {
        let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
        let info = try checkpointInfo(file, path)
        // Every parameter comes from a stored tensor: networks larger than the file are refused before they are built.
        let stored = file.elementCount
        guard let needed = CheckedSize.product(info.members, info.config.parameterCount), needed <= stored else {
            throw ForecastError.invalidCheckpoint(file: path, reason: "\(CountText.of(info.members, "network")) of this configuration \(info.members == 1 ? "needs" : "need") more "
                + "parameters than the file's \(CountText.of(stored, "value"))")
        }
        let shell = ForecastModel(config: info.config, transform: info.transform, scaler: info.scaler, column: info.column, members: [])
        let members = (0..<info.members).map { shell.makeNetwork(seed: 0, prefix: "m\($0)") }
        try file.load(into: members.flatMap(\.parameters))
        let model = ForecastModel(config: info.config, transform: info.transform, scaler: info.scaler, column: info.column, members: members,
                                  intervalScales: info.intervalScales)
        // Settings that cannot forecast even one step here (an edited lookback of a billion) are the file's fault; a
        // horizon too long for memory is the forecast's, which checks the one asked for.
        let memory = CheckedSize.physicalMemory
        guard let bytes = model.forecastBytes(horizon: 1), bytes <= memory else {
            throw ForecastError.invalidCheckpoint(file: path, reason: "its settings (lookback \(model.lookback), season \(model.season), "
                + "\(info.config.samples) samples) need more memory to forecast one step than this machine's \(CheckedSize.gibibytes(memory))")
        }
        return (model, info)
    }

    /// The ``ForecastCheckpointInfo`` in `file`'s metadata, validated.
    /// - Throws: ``ForecastError/invalidCheckpoint(file:reason:)`` naming the version that wrote the file when it records one.
    private static func checkpointInfo(_ file: SafetensorsFile, _ path: String) throws -> ForecastCheckpointInfo {
        // A file from another version may be refused for what that version changed: say which one wrote it.
        func refuse(_ reason: String) -> ForecastError { .invalidCheckpoint(file: path, reason: reason + file.writerNote) }
        guard let text = file.metadata["forecast"] else { throw refuse("no 'forecast' metadata; it was not written by forecast train") }
        let info: ForecastCheckpointInfo
        do { info = try MetadataJSON.decode(ForecastCheckpointInfo.self, from: text) } catch {
            throw refuse("the 'forecast' metadata does not decode: \(error.problem)")
        }
        do { try info.validate(file: path) } catch let ForecastError.invalidCheckpoint(_, reason) { throw refuse(reason) }
        return info
    }
}
