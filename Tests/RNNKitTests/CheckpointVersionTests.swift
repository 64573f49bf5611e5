import Foundation
import Testing
import _TestSupport
import RNNKit
import SequenceData

/// Language-model checkpoints record the RNNKit version that wrote them, and refusals of a file name it.
@Suite struct CheckpointVersionTests {
    /// A small untrained run's checkpoint (V = 8), written to `c.safetensors` in `dir`; its path.
    func written(in dir: TemporaryDirectory) throws -> String {
        let corpus = try TextCorpus(text: String(repeating: "abcdefgh", count: 25))
        let config = LanguageModelConfig(cell: .gru, vocabularySize: 8, embeddingSize: 4, hiddenSize: 4, layers: 1)
        let training = try LanguageModelTraining<GRUCell<Float>>(config: config, settings: TrainingSettings(sequenceLength: 5, batchSize: 2),
                                                                 corpus: corpus, dataPath: "<text>")
        let path = dir.path("c.safetensors")
        try training.checkpoint().write(to: path)
        return path
    }

    /// The checkpoint at `path` with its metadata changed by `edit`, written back; the reason it is refused, or nil.
    func refusal(_ path: String, _ edit: (inout [String: String]) -> Void) throws -> String? {
        var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
        edit(&file.metadata)
        try file.write(to: URL(fileURLWithPath: path))
        do {
            _ = try LanguageModelCheckpoint(contentsOf: path)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func aWrittenCheckpointRecordsThisVersion() throws {
        let dir = try TemporaryDirectory()
        let path = try written(in: dir)
        #expect(try SafetensorsFile(contentsOf: URL(fileURLWithPath: path)).metadata["rnnkit_version"] == rnnKitVersion)
        #expect(try LanguageModelCheckpoint(contentsOf: path).writerVersion == rnnKitVersion)
    }

    /// Files written before the version was recorded read as before.
    @Test func aCheckpointWithoutTheVersionReads() throws {
        let dir = try TemporaryDirectory()
        let path = try written(in: dir)
        #expect(try refusal(path) { $0["rnnkit_version"] = nil } == nil)
        #expect(try LanguageModelCheckpoint(contentsOf: path).writerVersion == nil)
    }

    @Test func anUnsupportedLayoutNamesTheVersionThatWroteIt() throws {
        let dir = try TemporaryDirectory()
        let path = try written(in: dir)
        #expect(try refusal(path) { $0["format_version"] = "2"; $0["rnnkit_version"] = "0.9.0" }
            == "metadata \"format_version\": version 2 is not supported (RNNKit \(rnnKitVersion) reads 1); the file was written by RNNKit 0.9.0")
        #expect(try refusal(path) { $0["format_version"] = "2"; $0["rnnkit_version"] = nil }
            == "metadata \"format_version\": version 2 is not supported (RNNKit \(rnnKitVersion) reads 1)")
    }

    /// Another RNNKit file (a forecast model, say) is not a language-model checkpoint, and the refusal says who wrote it.
    @Test func aForeignFileNamesTheVersionThatWroteIt() throws {
        let dir = try TemporaryDirectory()
        let path = try written(in: dir)
        let reason = try refusal(path) { $0["format"] = nil }
        #expect(reason?.hasPrefix("not an RNNKit language-model checkpoint") == true)
        #expect(reason?.hasSuffix("; the file was written by RNNKit \(rnnKitVersion)") == true)
        #expect(try refusal(path) { $0["model"] = "{}" }?.hasSuffix("; the file was written by RNNKit \(rnnKitVersion)") == true)
    }
}
