import Foundation
import RNNCore
import Requirements
import SequenceData

/// A self-describing language-model checkpoint: one safetensors file any user can load.
///
/// Tensors: the parameters under PyTorch's names (`embed.weight` [V, E],
/// `rnn.weight_ih_l0` [G·H, E], …, `head.weight` [V, H], `head.bias` [V]), so
/// `CharModel.load_state_dict(load_file(path), strict=False)` reads them; when the
/// file continues a training run, also the optimizer's buffers (`optimizer.*`,
/// see ``OptimizerState``) and the carried recurrent state (`state.<k>.<j>`:
/// layer k, j = 0 for h and 1 for c, each [B, H]).
/// Metadata (strings): `format` = `rnnkit.language-model`, `format_version`,
/// `rnnkit_version` (the ``rnnKitVersion`` that wrote it; older files lack it),
/// `model` (``LanguageModelConfig`` as JSON), `vocabulary` (the code points as a
/// JSON array), `encoding` = `bytes` for a model of raw bytes (``TextEncoding``;
/// absent for UTF-8, as in files written before it was recorded, which read as
/// UTF-8), and `training` (``TrainingRecord`` as JSON) when present.
public struct LanguageModelCheckpoint: Sendable {
    /// The metadata key naming the format.
    public static let formatKey = "format"
    /// The format's name, the value of ``formatKey``.
    public static let formatName = "rnnkit.language-model"
    /// The layout version this code writes and reads.
    public static let formatVersion = 1
    /// The metadata key of the ``encoding``, present only for ``TextEncoding/bytes``.
    public static let encodingKey = "encoding"

    /// The prefix of the carried-state tensors.
    public static let carriedStatePrefix = "state."

    /// The name of the carried state `j` (0 for h, 1 for c) of layer `k`.
    public static func carriedStateKey(layer k: Int, _ j: Int) -> String { "\(carriedStatePrefix)\(k).\(j)" }

    /// The files a training run keeps in its checkpoint folder: `latest.safetensors`, written at
    /// every evaluation, and `best.safetensors`, at the lowest validation loss so far.
    public static func runFiles(in directory: String) -> (latest: String, best: String) {
        (PathText.joining(directory, "latest.safetensors"), PathText.joining(directory, "best.safetensors"))
    }

    /// The model's shape.
    public var config: LanguageModelConfig
    /// Token id i is the i-th character of the vocabulary. V = `vocabulary.count`.
    public var vocabulary: Vocabulary
    /// How the model's text became tokens: UTF-8 scalars, or raw bytes (each token a byte, its vocabulary of code points
    /// U+0000...U+00FF; ``Vocabulary/decodeBytes(_:)`` gives a sample's bytes). A text to continue training on, score or
    /// prime with is read the same way.
    public var encoding: TextEncoding
    /// Parameters, optimizer buffers and carried state, by name.
    public var tensors: [String: Tensor<Float>]
    /// Where a training run stood, or nil for weights only.
    public var training: TrainingRecord?
    /// Where the checkpoint was read from, for errors.
    public var source = "<memory>"
    /// The ``rnnKitVersion`` that wrote the file read, nil for a checkpoint made in memory or a file written before
    /// versions were recorded; ``write(to:replacing:)`` records this build's version whatever this holds.
    public var writerVersion: String?

    /// A checkpoint in memory (``source`` `<memory>`), not checked: ``write(to:replacing:)`` refuses a config whose
    /// vocabulary size is not `vocabulary.count`, or a bytes `encoding` with a vocabulary beyond U+00FF, and ``model(_:)``
    /// one whose tensors do not fit.
    public init(config: LanguageModelConfig, vocabulary: Vocabulary, encoding: TextEncoding = .utf8, tensors: [String: Tensor<Float>],
                training: TrainingRecord? = nil) {
        self.config = config
        self.vocabulary = vocabulary
        self.encoding = encoding
        self.tensors = tensors
        self.training = training
    }

    /// Reads and validates a checkpoint: format, configuration, vocabulary, the
    /// training record (``TrainingRecord/validate()``) and the presence and shapes of the parameters.
    /// - Throws: ``CheckpointError`` naming the file and the problem (unreadable,
    ///   truncated or not safetensors, a foreign file, bad metadata, missing or
    ///   misshapen parameters).
    public init(contentsOf path: String) throws(CheckpointError) {
        try self.init(file: Self.readFile(path))
    }

    /// Reads a safetensors file, with the errors of a checkpoint.
    /// - Returns: the file, its ``SafetensorsFile/source`` the path as given (for messages).
    /// - Throws: ``CheckpointError`` when the file cannot be read or is not safetensors.
    public static func readFile(_ path: String) throws(CheckpointError) -> SafetensorsFile {
        do {
            var file = try SafetensorsFile(contentsOf: URL(filePathAsGiven: path))
            file.source = path
            return file
        } catch let error as SafetensorsError {
            // A file that cannot be read at all is named as the data loaders name one: `cannot read the file (reason)`.
            if case .unreadable = error.problem { throw CheckpointError(file: path, reason: error.problem.description) }
            throw CheckpointError(file: path, reason: "not a readable safetensors file: \(error.problem)")
        } catch {
            throw CheckpointError(file: path, reason: "cannot read the file (\(error))")
        }
    }

    /// The checkpoint in a safetensors file already read, validated as by ``init(contentsOf:)``.
    /// - Throws: ``CheckpointError`` naming `file.source`.
    public init(file: SafetensorsFile) throws(CheckpointError) {
        let path = file.source
        source = path
        writerVersion = file.writerVersion
        do {
            (config, vocabulary, encoding, training) = try Self.header(of: file, path)
        } catch {
            // A file from another version may be refused for what that version changed: say which one wrote it.
            throw CheckpointError(file: error.file, reason: error.reason + file.writerNote)
        }
        // Every parameter comes from a stored tensor: a configuration larger than the file is refused before it is built.
        let stored = file.elementCount
        guard let needed = config.parameterCount, needed <= stored else {
            let needs = config.parameterCount.map { "\($0) parameters" } ?? "more parameters than can be counted"
            throw .metadata(path, "model", "the configuration needs \(needs), the file holds \(CountText.of(stored, "value"))")
        }
        tensors = file.tensors.mapValues { $0.converted(to: Float.self) }
        // Check the parameters against the configuration now, so a bad file fails here.
        try checkParametersFit(config.cell.cellType(Float.self))
    }

    /// The format, configuration, vocabulary, encoding and training record of `file`, checked.
    private static func header(of file: SafetensorsFile, _ path: String) throws(CheckpointError)
    -> (LanguageModelConfig, Vocabulary, TextEncoding, TrainingRecord?) {
        guard file.metadata[formatKey] == formatName else { throw .foreign(path, file) }
        guard let version = file.metadata["format_version"] else { throw .metadata(path, "format_version", "missing") }
        guard version == String(formatVersion) else {
            throw .metadata(path, "format_version", "version \(version) is not supported (RNNKit \(rnnKitVersion) reads \(formatVersion))")
        }
        let config = try decode(LanguageModelConfig.self, "model", file, path)
        let codePoints = try decode([UInt32].self, "vocabulary", file, path)
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(codePoints: codePoints)
        } catch {
            throw .metadata(path, "vocabulary", "\(error)")
        }
        do {
            try config.validate()
        } catch {
            throw .metadata(path, "model", error.message)
        }
        let encoding = try Self.encoding(file.metadata[encodingKey], path)
        try requireVocabularySize(config, vocabulary, encoding, path)
        try requireVocabularyFits(encoding, vocabulary, path)
        let training: TrainingRecord? = file.metadata["training"] == nil ? nil : try decode(TrainingRecord.self, "training", file, path)
        do {
            try training?.validate()
        } catch {
            throw .metadata(path, "training", error.message)
        }
        return (config, vocabulary, encoding, training)
    }

    /// The encoding a metadata value names: nil (a file written before the encoding was recorded, or a UTF-8 model's) is UTF-8.
    private static func encoding(_ value: String?, _ path: String) throws(CheckpointError) -> TextEncoding {
        guard let value else { return .utf8 }
        guard let encoding = TextEncoding(rawValue: value) else {
            throw .metadata(path, encodingKey, "\(MetadataJSON.encode(value)) is not an encoding; expected \"utf8\" or \"bytes\"")
        }
        return encoding
    }

    /// Throws unless a bytes model's vocabulary is of bytes (code points up to U+00FF).
    private static func requireVocabularyFits(_ encoding: TextEncoding, _ vocabulary: Vocabulary, _ path: String) throws(CheckpointError) {
        guard encoding == .utf8 || vocabulary.holdsBytes else {
            throw .metadata(path, encodingKey, "bytes, but the vocabulary holds \(Unicode.Scalar.codePoint(of: vocabulary.codePoints.last!)), "
                + "which is no byte value (U+0000...U+00FF)")
        }
    }

    /// Throws unless the config's vocabulary size is the vocabulary's.
    private static func requireVocabularySize(_ config: LanguageModelConfig, _ vocabulary: Vocabulary, _ encoding: TextEncoding,
                                              _ path: String) throws(CheckpointError) {
        guard config.vocabularySize == vocabulary.count else {
            throw .metadata(path, "model", "vocabulary_size \(config.vocabularySize) but the vocabulary has "
                + CountText.of(vocabulary.count, encoding.tokenName))
        }
    }

    /// Writes the checkpoint atomically (temporary file, fsync, rename); not `replacing`, as a new file that never
    /// replaces one at `path` (``AtomicFile/write(_:to:replacing:)``).
    /// - Throws: ``CheckpointError`` for a config whose vocabulary size is not the vocabulary's (a file
    ///   ``init(contentsOf:)`` would refuse), before anything is written; ``AtomicFileError`` naming the path;
    ///   not `replacing`, ``FileExistsError`` when a file was at `path`, naming where the checkpoint was kept instead.
    public func write(to path: String, replacing: Bool = true) throws {
        try Self.requireVocabularySize(config, vocabulary, encoding, path)
        try Self.requireVocabularyFits(encoding, vocabulary, path)
        var metadata = SafetensorsFile.recordingWriter([
            Self.formatKey: Self.formatName,
            "format_version": String(Self.formatVersion),
            "model": MetadataJSON.encode(config),
            "vocabulary": MetadataJSON.encode(vocabulary.codePoints),
        ])
        // Only a bytes model records its encoding, so a UTF-8 model's file is as it was before the encoding was recorded.
        if encoding == .bytes { metadata[Self.encodingKey] = encoding.rawValue }
        if let training { metadata["training"] = MetadataJSON.encode(training) }
        let file = SafetensorsFile(tensors: tensors.mapValues { AnyTensor($0) }, metadata: metadata)
        try file.write(to: URL(filePathAsGiven: path), replacing: replacing)
    }

    /// The model with the saved weights.
    /// - Parameter cell: must be the cell of ``config``: `config.cell.cellType(Float.self)`, opened by a function
    ///   generic over the cell (see ``CellKind/cellType(_:)``).
    /// - Throws: ``CheckpointError`` when a parameter is missing, misshapen or not finite.
    public func model<Cell: BuiltinCell>(_ cell: Cell.Type = Cell.self) throws(CheckpointError) -> LanguageModel<Cell>
    where Cell.Scalar == Float {
        require(Cell.kind == config.cell, "LanguageModelCheckpoint: a \(config.cell) checkpoint loaded as \(Cell.kind)")
        var generator = SeededGenerator(seed: 0)
        let model = LanguageModel<Cell>(config, generator: &generator)
        let file = SafetensorsFile(tensors: tensors.mapValues { AnyTensor($0) })
        do {
            try file.load(into: model.parameters, unexpected: .ignore)
        } catch {
            throw .parameters(source, error)
        }
        return model
    }

    /// Checks that `vocabulary` (the data's) is the checkpoint's, character for character.
    /// - Throws: ``CheckpointError`` naming both vocabularies.
    public func requireVocabulary(_ vocabulary: Vocabulary) throws(CheckpointError) {
        guard vocabulary == self.vocabulary else {
            throw .vocabularyMismatch(source, checkpoint: self.vocabulary, data: vocabulary, token: encoding.tokenName)
        }
    }

    /// The training record, for resuming.
    /// - Throws: ``CheckpointError`` when the checkpoint holds weights only.
    public func requireTraining() throws(CheckpointError) -> TrainingRecord {
        guard let training else { throw CheckpointError(file: source, reason: "holds weights only, no training state to resume") }
        return training
    }

    /// Builds the model of `Cell` to check that the parameters fit.
    private func checkParametersFit<Cell: BuiltinCell>(_: Cell.Type) throws(CheckpointError) where Cell.Scalar == Float {
        _ = try model(Cell.self)
    }

    /// The tensors of a model's parameters, by name.
    public static func tensors<Cell: RecurrentCell>(of model: LanguageModel<Cell>) -> [String: Tensor<Float>]
    where Cell.Scalar == Float {
        Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.value) })
    }

    /// The JSON value of metadata `key`, with errors naming the file and the key.
    static func decode<T: Decodable>(_ type: T.Type, _ key: String, _ file: SafetensorsFile, _ path: String) throws(CheckpointError) -> T {
        guard let text = file.metadata[key] else { throw .metadata(path, key, "missing") }
        do {
            return try MetadataJSON.decode(T.self, from: text)
        } catch {
            throw .metadata(path, key, error.problem)
        }
    }
}
