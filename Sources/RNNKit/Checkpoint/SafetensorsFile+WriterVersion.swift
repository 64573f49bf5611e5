import RNNCore

/// The version of RNNKit that wrote a checkpoint, recorded in its metadata as Keras records `keras_version` in a
/// saved model: a file from another version can then say so when it is refused.
extension SafetensorsFile {
    /// The metadata key that holds the version, `rnnkit_version`, in every checkpoint the project writes
    /// (``LanguageModelCheckpoint`` and forecast model files).
    public static let writerVersionKey = "rnnkit_version"

    /// The ``rnnKitVersion`` that wrote the file, or nil for a file written before versions were recorded
    /// (or by other software).
    public var writerVersion: String? { metadata[Self.writerVersionKey] }

    /// `; the file was written by RNNKit <version>` when it records one, else nothing: the end of a refusal.
    var writerNote: String { writerVersion.map { "; the file was written by RNNKit \($0)" } ?? "" }

    /// `metadata` with this build's version under ``writerVersionKey``.
    static func recordingWriter(_ metadata: [String: String]) -> [String: String] {
        metadata.merging([writerVersionKey: rnnKitVersion]) { _, this in this }
    }
}
