import Foundation
import RNNCore
import SequenceData

/// Trains a character-level ``LanguageModel`` on a text, char-rnn style, with
/// checkpoints that resume exactly.
///
/// The first (1 − validationFraction) of the characters train, the rest
/// validate (contiguous). Training cuts the train part into B streams
/// (``StreamBatches``) and runs TBPTT(k1, k2) over them with the state carried
/// from update to update; each epoch starts from a zero state. Validation is
/// ``LanguageModel/score(_:streams:chunk:progress:)`` over the validation part with B
/// streams and chunks of k1 (state carried, every position scored).
///
/// A checkpoint (``LanguageModelCheckpoint``) holds the weights, the optimizer
/// buffers and scalars, the schedule, the random generator, the carried state,
/// the position in the data and the evaluations so far: a run stopped at any
/// checkpoint (even killed) and resumed computes the same losses, bit for bit,
/// as one that never stopped (same machine, same thread count).
public final class LanguageModelTraining<Cell: BuiltinCell> where Cell.Scalar == Float {
    /// The model's shape: cell, V, E, H, L and dropout.
    public let config: LanguageModelConfig
    /// The text's characters: token id i is character i, V = `vocabulary.count`.
    public let vocabulary: Vocabulary
    /// How the text's bytes became tokens (the corpus's), recorded in the checkpoints.
    public let encoding: TextEncoding
    /// The model trained; every update changes its parameters in place.
    public let model: LanguageModel<Cell>
    /// False once an update has overflowed the model's weights (a rate far too large): no checkpoint can hold them, and
    /// a run that stops with them has diverged (``StopReason/diverged``).
    public var weightsAreFinite: Bool { model.parameters.allSatisfy { $0.value.isFinite } }
    /// The settings and the position of the run.
    public internal(set) var record: TrainingRecord
    let task: TextStreamTask<Cell>
    let updates: [TBPTT.Update]
    let validation: TokenIDs
    /// The optimizer, clipping and schedule of the run, and the state it carries between updates.
    var trainer: Trainer<Float>

    /// A new run.
    /// - Parameters:
    ///   - config: the model's shape; its vocabulary size must be the corpus's.
    ///   - settings: validated training settings.
    ///   - corpus: the text, read with either ``TextEncoding`` (the checkpoints record which); `dataPath` names it in the checkpoint.
    ///   - initialWeights: weights to start from instead of random ones (char-rnn's `-init_from`):
    ///     a tensor for every parameter under its PyTorch name, as in a checkpoint or a PyTorch
    ///     `state_dict` saved with safetensors; `optimizer.*` and `state.*` tensors are skipped.
    ///     Row i of `embed.weight` and `head.weight` belongs to character i of the corpus's vocabulary.
    /// - Throws: ``ConfigurationError`` for invalid settings, a config for another cell or vocabulary size,
    ///   a run too large for this machine's memory or a text too short for one batch; ``CheckpointError``
    ///   when `initialWeights` do not fit the model.
    public convenience init(config: LanguageModelConfig, settings: TrainingSettings, corpus: TextCorpus, dataPath: String,
                            initialWeights: SafetensorsFile? = nil) throws {
        try config.validate()
        guard config.cell == Cell.kind else {
            throw ConfigurationError("the config describes a \(config.cell) model, trained here as \(Cell.kind)")
        }
        guard config.vocabularySize == corpus.vocabulary.count else {
            throw ConfigurationError("the config's vocabulary size is \(config.vocabularySize) "
                + "but the text has \(corpus.vocabulary.count) distinct \(corpus.encoding.tokenName)s")
        }
        try settings.validate()
        try config.requireTrainingMemory(batch: settings.batchSize, steps: settings.bpttWindow)
        var generator = SeededGenerator(seed: settings.seed)
        let model = LanguageModel<Cell>(config, generator: &generator)
        if let initialWeights {
            do {
                let skipped = [OptimizerState<Float>.keyPrefix, LanguageModelCheckpoint.carriedStatePrefix]
                try initialWeights.load(into: model.parameters, unexpected: .allow(prefixes: skipped))
            } catch {
                throw CheckpointError.parameters(initialWeights.source, error)
            }
        }
        var record = TrainingRecord(settings: settings, dataPath: dataPath, dataCharacters: corpus.ids.count)
        record.dataFingerprint = corpus.ids.fingerprint
        record.generator = generator
        try self.init(config: config, vocabulary: corpus.vocabulary, encoding: corpus.encoding, model: model, record: record, corpus: corpus)
    }

    /// The run of `record` on `corpus`: its data split, updates, optimizer and schedule.
    init(config: LanguageModelConfig, vocabulary: Vocabulary, encoding: TextEncoding, model: LanguageModel<Cell>,
         record: TrainingRecord, corpus: TextCorpus) throws {
        let settings = record.settings
        let splits = try corpus.split(train: 1 - settings.validationFraction, validation: settings.validationFraction)
        let streams: StreamBatches
        do {
            streams = try StreamBatches(splits.train, batchSize: settings.batchSize, steps: settings.sequenceLength)
        } catch {
            throw ConfigurationError("the training part (\(CountText.of(splits.train.count, corpus.encoding.tokenName))) is too short for one batch of "
                + "\(setting: "TrainingSettings.batchSize") \(settings.batchSize) × \(setting: "TrainingSettings.sequenceLength") \(settings.sequenceLength) (needs \(settings.batchSize * settings.sequenceLength + 1))")
        }
        guard splits.validation.count >= 2 else {
            throw ConfigurationError("the validation part (\(setting: "TrainingSettings.validationFraction") \(settings.validationFraction) of "
                + "\(CountText.of(corpus.ids.count, corpus.encoding.tokenName))) has \(CountText.of(splits.validation.count, corpus.encoding.tokenName)); "
                + "at least 2 are needed")
        }
        self.config = config
        self.vocabulary = vocabulary
        self.encoding = encoding
        self.model = model
        self.record = record
        self.validation = splits.validation
        task = TextStreamTask(model: model, streams: streams)
        let policy = TBPTT(k1: settings.sequenceLength, k2: settings.bpttWindow)
        updates = policy.updates(length: task.length)
        guard record.batch < updates.count else {
            throw ConfigurationError("the checkpoint's position, update \(record.batch) of the epoch, is past the epoch's \(CountText.of(updates.count, "update"))")
        }
        let optimizer = settings.optimizer.make(model.parameters)
        trainer = Trainer(policy: policy, optimizer: optimizer, schedule: settings.schedule.make(for: optimizer),
                          clipNorm: settings.clipNorm, clipValue: settings.clipValue, generator: record.generator)
    }

    /// Updates in one epoch.
    public var updatesPerEpoch: Int { updates.count }

    /// The validation cross-entropy of the model as it is now; `progress` and `stopRequest` as in
    /// ``LanguageModel/score(_:streams:chunk:progress:stopRequest:)``.
    /// - Throws: `CancellationError` when `stopRequest` abandoned the pass.
    public func validationScore(progress: (_ scored: Int, _ total: Int) -> Void = { _, _ in },
                                stopRequest: StopRequest? = nil) throws(CancellationError) -> TextScore {
        try model.score(validation, streams: record.settings.batchSize, chunk: record.settings.sequenceLength, progress: progress,
                        stopRequest: stopRequest)
    }
}
