import Foundation
import Testing
import _TestSupport
import RNNKit
import SequenceData

/// A checkpoint records how its text became tokens: a bytes model says so in its metadata, a UTF-8 model's file is as
/// before the encoding was recorded, and a run resumes only on its text read the same way.
@Suite struct CheckpointEncodingTests {
    /// ASCII text: read as UTF-8 or as bytes, the same 8 characters, ids and fingerprint.
    let text = Data(String(repeating: "abcdefgh", count: 25).utf8)
    let config = LanguageModelConfig(cell: .gru, vocabularySize: 8, embeddingSize: 4, hiddenSize: 4, layers: 1)

    /// A run of 2 updates on the text read with `encoding`, its checkpoint written to `c.safetensors` in `dir`; its path.
    func written(_ encoding: TextEncoding, in dir: TemporaryDirectory) throws -> String {
        let corpus = try TextCorpus(data: text, encoding: encoding)
        let training = try LanguageModelTraining<GRUCell<Float>>(config: config, settings: TrainingSettings(sequenceLength: 5, batchSize: 2),
                                                                 corpus: corpus, dataPath: "<text>")
        _ = try training.run(StopConditions(maxSteps: 2), checkpointDirectory: nil) { _ in }
        let path = dir.path("c.safetensors")
        try training.checkpoint().write(to: path)
        return path
    }

    @Test func aBytesModelRecordsItsEncoding() throws {
        let dir = try TemporaryDirectory()
        let path = try written(.bytes, in: dir)
        #expect(try SafetensorsFile(contentsOf: URL(fileURLWithPath: path)).metadata["encoding"] == "bytes")
        #expect(try LanguageModelCheckpoint(contentsOf: path).encoding == .bytes)
    }

    /// A UTF-8 model writes the metadata it wrote before the encoding was recorded, and such a file reads as UTF-8.
    @Test func aUTF8ModelsFileIsAsBefore() throws {
        let dir = try TemporaryDirectory()
        let path = try written(.utf8, in: dir)
        #expect(Set(try SafetensorsFile(contentsOf: URL(fileURLWithPath: path)).metadata.keys)
            == ["format", "format_version", "model", "rnnkit_version", "training", "vocabulary"])
        #expect(try LanguageModelCheckpoint(contentsOf: path).encoding == .utf8)
    }

    /// The same bytes read the other way give the same vocabulary and fingerprint here, so only the encoding tells
    /// that the run would continue on other tokens.
    @Test(arguments: [TextEncoding.utf8, .bytes])
    func aRunResumesOnlyOnItsTextReadItsWay(encoding: TextEncoding) throws {
        let dir = try TemporaryDirectory()
        let checkpoint = try LanguageModelCheckpoint(contentsOf: written(encoding, in: dir))
        let other: TextEncoding = encoding == .utf8 ? .bytes : .utf8
        #expect(throws: CheckpointError(file: checkpoint.source, reason: "the run read its text as \(encoding), the data was read as \(other)")) {
            try LanguageModelTraining<GRUCell<Float>>(resuming: checkpoint, corpus: TextCorpus(data: text, encoding: other))
        }
        let resumed = try LanguageModelTraining<GRUCell<Float>>(resuming: checkpoint, corpus: TextCorpus(data: text, encoding: encoding))
        #expect(resumed.encoding == encoding && resumed.checkpoint().encoding == encoding)
    }

    /// An encoding this build does not know is refused, naming the version that wrote it (a later one may know it), and a
    /// bytes model whose vocabulary is not bytes is not written (nor read).
    @Test func aBadEncodingIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try written(.bytes, in: dir)
        var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
        file.metadata["encoding"] = "latin1"
        try file.write(to: URL(fileURLWithPath: path))
        #expect(throws: CheckpointError(file: path, reason: "metadata \"encoding\": \"latin1\" is not an encoding; expected \"utf8\" or \"bytes\"; "
            + "the file was written by RNNKit \(rnnKitVersion)")) {
            try LanguageModelCheckpoint(contentsOf: path)
        }
        let wide = try LanguageModelCheckpoint(config: LanguageModelConfig(cell: .gru, vocabularySize: 2, embeddingSize: 4, hiddenSize: 4, layers: 1),
                                               vocabulary: Vocabulary(of: "aĀ"), encoding: .bytes, tensors: [:])
        #expect(throws: CheckpointError(file: path, reason: "metadata \"encoding\": bytes, but the vocabulary holds U+0100, "
            + "which is no byte value (U+0000...U+00FF)")) { try wide.write(to: path) }
    }
}
