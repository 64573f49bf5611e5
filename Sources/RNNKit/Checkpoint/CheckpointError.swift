import FileReading
import RNNCore
import SequenceData

/// Why a file could not be used as a language-model checkpoint: the file and what was wrong.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path of the checkpoint.
    public var file: String
    /// What was wrong, in words.
    public var reason: String

    /// The error for the checkpoint at `file`, with `reason` in words.
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// `file: reason`, standard input (`/dev/stdin`) named as such (``StreamName/shown(_:)``); a list of misfitting tensors
    /// continues on indented lines.
    public var description: String { "\(StreamName.shown(file)): \(reason)" }

    /// A safetensors file without RNNKit's checkpoint metadata, read from `path`: what it is when RNNKit wrote it as
    /// another kind (``SafetensorsFile/rnnKitKind``, a forecast model), else the metadata it lacks.
    static func foreign(_ path: String, _ file: SafetensorsFile) -> CheckpointError {
        CheckpointError(file: path, reason: file.rnnKitKind.map { "\($0), not a language-model checkpoint" }
            ?? "not an RNNKit language-model checkpoint (no \"\(LanguageModelCheckpoint.formatKey)\" = \"\(LanguageModelCheckpoint.formatName)\" in its metadata)")
    }

    /// Tensors that do not fit a model's parameters (a ``StateDictError`` lists each problem).
    static func parameters(_ file: String, _ error: any Error) -> CheckpointError {
        guard let error = error as? StateDictError else {
            return CheckpointError(file: file, reason: "the parameters do not fit the model configuration: \(error)")
        }
        // Values that are all there and well shaped but not finite: say that alone, without the file's listing.
        if error.fitsShapes {
            return CheckpointError(file: file, reason: "the weights are not finite: " + error.nonFiniteProblems.joined(separator: "; "))
        }
        return CheckpointError(file: file, reason: (["the parameters do not fit the model configuration"] + error.problems)
            .joined(separator: "\n  "))
    }

    /// A checkpoint whose vocabulary is not the data's.
    static func vocabularyMismatch(_ file: String, checkpoint: Vocabulary, data: Vocabulary, token: String) -> CheckpointError {
        CheckpointError(file: file, reason: "vocabulary mismatch: the checkpoint has \(CountText.of(checkpoint.count, token)) "
            + "\(quoted(checkpoint)), the data has \(data.count) \(quoted(data))")
    }

    private static func quoted(_ v: Vocabulary) -> String {
        let s = v.characters.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"" + (s.count > 60 ? String(s.prefix(60)) + "…" : s) + "\""
    }

    /// A metadata entry that is missing or does not decode.
    static func metadata(_ file: String, _ key: String, _ problem: String) -> CheckpointError {
        CheckpointError(file: file, reason: "metadata \"\(key)\": \(problem)")
    }
}
