import Foundation
import Testing
import _TestSupport
import RNNKit
import SequenceData

/// `LanguageModelTraining.run(replacingCheckpoints: false)`: a run replaces its own checkpoints, never another's.
@Suite struct CheckpointReplacementTests {
    let corpus: TextCorpus

    init() throws { corpus = try TextCorpus(text: String(repeating: "abcdefgh", count: 25)) }

    func training() throws -> LanguageModelTraining<GRUCell<Float>> {
        let config = LanguageModelConfig(cell: .gru, vocabularySize: 8, embeddingSize: 4, hiddenSize: 4, layers: 1)
        return try LanguageModelTraining<GRUCell<Float>>(config: config, settings: TrainingSettings(sequenceLength: 5, batchSize: 2),
                                                         corpus: corpus, dataPath: "<text>")
    }

    /// Evaluations after the first write over the run's own files.
    @Test func aRunReplacesItsOwnCheckpoints() throws {
        let dir = try TemporaryDirectory()
        let outcome = try training().run(StopConditions(maxSteps: 6, evaluateEvery: .steps(2)), checkpointDirectory: dir.url.path,
                                         replacingCheckpoints: false) { _ in }
        #expect(outcome.evaluations.count == 3)
        #expect(try dir.contents() == ["best.safetensors", "latest.safetensors"])
        #expect(try LanguageModelCheckpoint(contentsOf: dir.path("latest.safetensors")).training?.step == 6)
    }

    /// Another file at `latest` (one that appeared after the caller checked) stays; the run stops at its first
    /// evaluation with the checkpoint kept beside it, from which it resumes.
    @Test func anotherFileStaysAndTheRunStopsWithItsCheckpointKept() throws {
        let dir = try TemporaryDirectory()
        try dir.write("another run's".utf8, to: "latest.safetensors")
        let run = try training()
        #expect(throws: FileExistsError(path: dir.path("latest.safetensors"), keptAs: dir.path("latest.1.safetensors"))) {
            try run.run(StopConditions(maxSteps: 6, evaluateEvery: .steps(2)), checkpointDirectory: dir.url.path, replacingCheckpoints: false) { _ in }
        }
        #expect(run.record.step == 2)
        #expect(try String(contentsOf: dir.file("latest.safetensors"), encoding: .utf8) == "another run's")
        #expect(try dir.contents() == ["latest.1.safetensors", "latest.safetensors"])  // best is the same checkpoint: not written
        let kept = try LanguageModelCheckpoint(contentsOf: dir.path("latest.1.safetensors"))
        #expect(try LanguageModelTraining<GRUCell<Float>>(resuming: kept, corpus: corpus).record.step == 2)
    }

    /// Replacing (the default) writes over whatever is there, as before.
    @Test func replacingWritesOverAnotherFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("another run's".utf8, to: "latest.safetensors")
        _ = try training().run(StopConditions(maxSteps: 2, evaluateEvery: .steps(2)), checkpointDirectory: dir.url.path) { _ in }
        #expect(try LanguageModelCheckpoint(contentsOf: dir.path("latest.safetensors")).training?.step == 2)
    }
}
