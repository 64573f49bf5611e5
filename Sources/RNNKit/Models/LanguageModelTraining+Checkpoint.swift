import FileReading
import Foundation
import RNNCore
import SequenceData

/// A run as a checkpoint, and a run resumed from one.
extension LanguageModelTraining {
    /// The whole state of the run as a checkpoint.
    public func checkpoint() -> LanguageModelCheckpoint {
        var record = self.record
        record.generator = trainer.generator
        record.computeThreads = computeThreads
        let optimizerState = trainer.optimizer.exportState()
        record.optimizerScalars = optimizerState.scalars
        record.scheduleState = trainer.schedule?.exportState() ?? [:]
        var tensors = LanguageModelCheckpoint.tensors(of: model)
        tensors.merge(optimizerState.tensors) { a, _ in a }
        record.hasCarriedState = trainer.carried != nil
        for (k, layer) in (trainer.carried ?? []).enumerated() {
            for (j, t) in layer.enumerated() { tensors[LanguageModelCheckpoint.carriedStateKey(layer: k, j)] = t }
        }
        return LanguageModelCheckpoint(config: config, vocabulary: vocabulary, encoding: encoding, tensors: tensors, training: record)
    }

    /// Continues the run saved in `checkpoint` on the same text.
    ///
    /// The training record is taken as the checkpoint holds it: one read from a file was checked when it was read
    /// (``LanguageModelCheckpoint/init(file:)``), and one made in memory is the program's own, as its configuration is.
    /// - Throws: ``CheckpointError`` when the checkpoint holds no training state or another cell,
    ///   when the text was read with another encoding than the run's, when its vocabulary, length or fingerprint
    ///   differs from the run's, or when the
    ///   optimizer, schedule or carried state does not fit; ``ConfigurationError`` when the run no
    ///   longer fits this machine's memory or the saved position lies past the epoch.
    public convenience init(resuming checkpoint: LanguageModelCheckpoint, corpus: TextCorpus) throws {
        let path = checkpoint.source
        let record = try checkpoint.requireTraining()
        guard corpus.encoding == checkpoint.encoding else {
            throw CheckpointError(file: path, reason: "the run read its text as \(checkpoint.encoding), the data was read as \(corpus.encoding)")
        }
        try checkpoint.requireVocabulary(corpus.vocabulary)
        guard checkpoint.config.cell == Cell.kind else {
            throw CheckpointError(file: path, reason: "holds a \(checkpoint.config.cell) model, resumed here as \(Cell.kind)")
        }
        guard corpus.ids.count == record.dataCharacters else {
            throw CheckpointError(file: path, reason: "the run trained on \(CountText.of(record.dataCharacters, checkpoint.encoding.tokenName)) (\(StreamName.shown(record.dataPath))), the data has \(corpus.ids.count)")
        }
        if let expected = record.dataFingerprint, expected != corpus.ids.fingerprint {
            throw CheckpointError(file: path, reason: "the run trained on another text of the same length (\(StreamName.shown(record.dataPath)), "
                + "\(CountText.of(record.dataCharacters, checkpoint.encoding.tokenName)); fingerprint \(expected), the data's \(corpus.ids.fingerprint))")
        }
        try checkpoint.config.requireTrainingMemory(batch: record.settings.batchSize, steps: record.settings.bpttWindow)
        let model = try checkpoint.model(Cell.self)
        try self.init(config: checkpoint.config, vocabulary: checkpoint.vocabulary, encoding: checkpoint.encoding, model: model,
                      record: record, corpus: corpus)
        do {
            try trainer.optimizer.restoreState(OptimizerState(tensors: checkpoint.tensors.filter { $0.key.hasPrefix("optimizer.") },
                                                              scalars: record.optimizerScalars))
            try trainer.schedule?.restoreState(record.scheduleState)
        } catch {
            throw CheckpointError(file: path, reason: "\(error)")
        }
        if record.hasCarriedState {
            trainer.carried = try Self.carriedState(checkpoint, model: model, batch: record.settings.batchSize)
        } else if let stray = checkpoint.tensors.keys.sorted().first(where: { $0.hasPrefix(LanguageModelCheckpoint.carriedStatePrefix) }) {
            // Resuming from zeros would silently change the run.
            throw CheckpointError.metadata(path, "training", "hasCarriedState is false, but the file holds the carried state tensor \(stray)")
        }
    }

    /// The carried state tensors `state.k.j` of a checkpoint, checked against the model.
    private static func carriedState(_ checkpoint: LanguageModelCheckpoint, model: LanguageModel<Cell>, batch: Int) throws -> CarriedState<Float> {
        let cells = model.rnn.cells.flatMap { $0 }
        return try cells.enumerated().map { k, cell in
            try cell.stateSizes.enumerated().map { j, width in
                let key = LanguageModelCheckpoint.carriedStateKey(layer: k, j)
                guard let t = checkpoint.tensors[key] else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" (carried state) is missing")
                }
                guard t.shape == [batch, width] else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" has shape \(t.shape), expected \([batch, width])")
                }
                guard t.isFinite else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" (carried state) holds NaN or infinite values")
                }
                return t
            }
        }
    }
}
