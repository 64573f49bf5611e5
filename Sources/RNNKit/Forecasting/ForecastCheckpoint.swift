import Foundation

/// A trained forecast model and what its file records besides the weights: one safetensors file.
///
/// Tensors: member k's weights under `m<k>.rnn.*` and `m<k>.head.*`. Metadata (strings): `forecast` (the
/// ``ForecastCheckpointInfo`` as JSON), `column`, `last_date` and `frequency` as plain strings, and `rnnkit_version`,
/// the ``rnnKitVersion`` that wrote it.
public struct ForecastCheckpoint: Sendable {
    /// The model.
    public let model: ForecastModel
    /// What the file records besides the weights: the model's settings, and the series it was trained on.
    public let info: ForecastCheckpointInfo

    /// The checkpoint of `model`, trained on `series`. The spacing recorded is the model's own (``ForecastModel/frequency``,
    /// in whose steps its settings count), whatever the spacing of `series`.
    /// - Parameters:
    ///   - source: the path of the CSV trained on, which `forecast predict` reads without `--csv`; empty for a
    ///     series from memory.
    ///   - series: the series trained on, whose last date places the model's forecasts after it.
    ///   - fill: how gaps in `series` were filled, for forecasts from series read the same way.
    public init(model: ForecastModel, source: String, series: TimeSeries, fill: MissingValues = .error) {
        self.model = model
        info = ForecastCheckpointInfo(config: model.config, transform: model.transform, scaler: model.scaler, column: model.column,
                                      source: source, lastDate: series.dates?.last, frequency: model.frequency,
                                      members: model.members.count, fill: fill, intervalScales: model.intervalScales,
                                      calendar: model.calendar.isEmpty ? nil : model.calendar)
    }

    /// The metadata key of the ``ForecastCheckpointInfo``, which makes a safetensors file a forecast model.
    public static let metadataKey = "forecast"

    /// Reads a checkpoint written by ``write(to:replacing:)``.
    /// - Throws: ``SafetensorsError`` for an unreadable or malformed file, ``ForecastError/invalidCheckpoint(file:reason:)``
    ///   naming the field when the metadata is missing or wrong (``ForecastCheckpointInfo/validate(file:)``),
    ///   ``StateDictError`` when the weights do not fit the config.
    public init(contentsOf path: String) throws {
        let file = try SafetensorsFile(contentsOf: URL(filePathAsGiven: path))
        info = try Self.info(file, path)
        // Every parameter comes from a stored tensor: networks larger than the file are refused before they are built.
        let stored = file.elementCount
        let calendar = info.calendar ?? []
        guard let needed = CheckedSize.product(info.members, info.config.parameterCount(inputSize: 1 + 2 * calendar.count)), needed <= stored else {
            throw ForecastError.invalidCheckpoint(file: path, reason: "\(CountText.of(info.members, "network")) of this configuration \(info.members == 1 ? "needs" : "need") more "
                + "parameters than the file's \(CountText.of(stored, "value"))")
        }
        let shell = ForecastModel(config: info.config, transform: info.transform, scaler: info.scaler, column: info.column, members: [],
                                  calendar: calendar)
        let members = (0..<info.members).map { shell.makeNetwork(seed: 0, prefix: "m\($0)") }
        try file.load(into: members.flatMap(\.parameters))
        // The spacing normalized (by the model): a model saved before dates 12 months apart were read as yearly recorded them as 12 months.
        model = ForecastModel(config: info.config, transform: info.transform, scaler: info.scaler, column: info.column, members: members,
                              intervalScales: info.intervalScales, calendar: calendar, frequency: info.frequency)
        // Settings that cannot forecast even one step here (an edited lookback of a billion) are the file's fault; a
        // horizon too long for memory is the forecast's, which checks the one asked for.
        let memory = CheckedSize.physicalMemory
        guard let bytes = model.forecastBytes(horizon: 1), bytes <= memory else {
            throw ForecastError.invalidCheckpoint(file: path, reason: "its settings (lookback \(model.lookback), season \(model.season), "
                + "\(info.config.samples) samples) need more memory to forecast one step than this machine's \(CheckedSize.gibibytes(memory))")
        }
    }

    /// The ``ForecastCheckpointInfo`` in `file`'s metadata, validated.
    /// - Throws: ``ForecastError/invalidCheckpoint(file:reason:)`` naming the version that wrote the file when it records one.
    private static func info(_ file: SafetensorsFile, _ path: String) throws -> ForecastCheckpointInfo {
        // A file from another version may be refused for what that version changed: say which one wrote it.
        func refuse(_ reason: String) -> ForecastError { .invalidCheckpoint(file: path, reason: reason + file.writerNote) }
        guard let text = file.metadata[metadataKey] else {
            throw refuse(file.rnnKitKind.map { "it is \($0)" } ?? "no '\(metadataKey)' metadata; it was not written by forecast train")
        }
        let info: ForecastCheckpointInfo
        do { info = try MetadataJSON.decode(ForecastCheckpointInfo.self, from: text) } catch {
            throw refuse("the 'forecast' metadata does not decode: \(error.problem)")
        }
        do { try info.validate(file: path) } catch let ForecastError.invalidCheckpoint(_, reason) { throw refuse(reason) }
        return info
    }

    /// Writes the checkpoint atomically.
    /// - Parameter replacing: false never replaces a file at `path`, even one that appeared while the model trained: the
    ///   checkpoint is then kept under a numbered name next to it (``AtomicFile/write(_:to:replacing:)``).
    /// - Throws: ``AtomicFileError`` naming the path; not `replacing`, ``FileExistsError`` naming where the checkpoint was kept.
    public func write(to path: String, replacing: Bool = true) throws {
        var metadata = SafetensorsFile.recordingWriter([Self.metadataKey: MetadataJSON.encode(info), "column": info.column])
        metadata["last_date"] = info.lastDate
        metadata["frequency"] = info.frequency.map { "\($0)" }
        let file = SafetensorsFile(parameters: model.members.flatMap(\.parameters), metadata: metadata)
        try file.write(to: URL(filePathAsGiven: path), replacing: replacing)
    }
}
