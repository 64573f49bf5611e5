import RNNCore

/// Why a file could not be used as a language-model checkpoint: the file and what was wrong.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path of the checkpoint.
    public var file: String
    /// What was wrong, in words.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }

    /// A safetensors file without RNNKit's checkpoint metadata.
    static func foreign(_ file: String) -> CheckpointError {
        CheckpointError(file: file, reason: "not an RNNKit language-model checkpoint (no \"\(LanguageModelCheckpoint.formatKey)\" = \"\(LanguageModelCheckpoint.formatName)\" in its metadata)")
    }

    /// A metadata entry that is missing or does not decode.
    static func metadata(_ file: String, _ key: String, _ problem: String) -> CheckpointError {
        CheckpointError(file: file, reason: "metadata \"\(key)\": \(problem)")
    }
}
