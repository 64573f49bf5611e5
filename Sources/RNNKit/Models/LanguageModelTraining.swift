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
/// ``LanguageModel/score(_:streams:chunk:)`` over the validation part with B
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
    /// The model trained; every update changes its parameters in place.
    public let model: LanguageModel<Cell>
    /// The settings and the position of the run.
    public private(set) var record: TrainingRecord
    private let task: TextStreamTask<Cell>
    private let updates: [TBPTT.Update]
    private let validation: TokenIDs
    private var trainer: Trainer<Float>
    private var schedule: any LearningRateSchedule

    /// A new run.
    /// - Parameters:
    ///   - config: the model's shape; its vocabulary size must be the corpus's.
    ///   - settings: validated training settings.
    ///   - corpus: the text; `dataPath` names it in the checkpoint.
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
                + "but the text has \(corpus.vocabulary.count) distinct characters")
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
        try self.init(config: config, vocabulary: corpus.vocabulary, model: model, record: record, corpus: corpus)
    }

    /// Continues the run saved in `checkpoint` on the same text.
    /// - Throws: ``CheckpointError`` when the checkpoint holds no training state or another cell,
    ///   when the text's vocabulary, length or fingerprint differs from the run's, or when the
    ///   optimizer, schedule or carried state does not fit; ``ConfigurationError`` when the run no
    ///   longer fits this machine's memory or the saved position lies past the epoch.
    public convenience init(resuming checkpoint: LanguageModelCheckpoint, corpus: TextCorpus) throws {
        let path = checkpoint.source
        let record = try checkpoint.requireTraining()
        try checkpoint.requireVocabulary(corpus.vocabulary)
        guard checkpoint.config.cell == Cell.kind else {
            throw CheckpointError(file: path, reason: "holds a \(checkpoint.config.cell) model, resumed here as \(Cell.kind)")
        }
        do {
            try record.validate()
        } catch {
            throw CheckpointError.metadata(path, "training", error.message)
        }
        guard corpus.ids.count == record.dataCharacters else {
            throw CheckpointError(file: path, reason: "the run trained on \(record.dataCharacters) characters (\(record.dataPath)), the data has \(corpus.ids.count)")
        }
        if let expected = record.dataFingerprint, expected != corpus.ids.fingerprint {
            throw CheckpointError(file: path, reason: "the run trained on another text of the same length (\(record.dataPath), "
                + "\(record.dataCharacters) characters; fingerprint \(expected), the data's \(corpus.ids.fingerprint))")
        }
        try checkpoint.config.requireTrainingMemory(batch: record.settings.batchSize, steps: record.settings.bpttWindow)
        let model = try checkpoint.model(Cell.self)
        try self.init(config: checkpoint.config, vocabulary: checkpoint.vocabulary, model: model, record: record, corpus: corpus)
        do {
            try trainer.optimizer.restoreState(OptimizerState(tensors: checkpoint.tensors.filter { $0.key.hasPrefix("optimizer.") },
                                                              scalars: record.optimizerScalars))
            try schedule.restoreState(record.scheduleState)
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

    private init(config: LanguageModelConfig, vocabulary: Vocabulary, model: LanguageModel<Cell>, record: TrainingRecord,
                 corpus: TextCorpus) throws {
        let settings = record.settings
        let splits = try corpus.split(train: 1 - settings.validationFraction, validation: settings.validationFraction)
        let streams: StreamBatches
        do {
            streams = try StreamBatches(splits.train, batchSize: settings.batchSize, steps: settings.sequenceLength)
        } catch {
            throw ConfigurationError("the training part (\(splits.train.count) characters) is too short for one batch of "
                + "\(setting: "TrainingSettings.batchSize") \(settings.batchSize) × \(setting: "TrainingSettings.sequenceLength") \(settings.sequenceLength) (needs \(settings.batchSize * settings.sequenceLength + 1))")
        }
        guard splits.validation.count >= 2 else {
            throw ConfigurationError("the validation part has \(splits.validation.count) characters; at least 2 are needed")
        }
        self.config = config
        self.vocabulary = vocabulary
        self.model = model
        self.record = record
        self.validation = splits.validation
        task = TextStreamTask(model: model, streams: streams)
        let policy = TBPTT(k1: settings.sequenceLength, k2: settings.bpttWindow)
        updates = policy.updates(length: task.length)
        guard record.batch < updates.count else {
            throw ConfigurationError("the checkpoint's position, update \(record.batch) of the epoch, is past the epoch's \(updates.count) updates")
        }
        let optimizer = settings.optimizer.make(model.parameters)
        trainer = Trainer(policy: policy, optimizer: optimizer, clipNorm: settings.clipNorm, clipValue: settings.clipValue,
                          generator: record.generator)
        schedule = settings.schedule.make(rate: settings.optimizer.learningRate)
    }

    /// Updates in one epoch.
    public var updatesPerEpoch: Int { updates.count }

    /// The validation cross-entropy of the model as it is now.
    public func validationScore() -> TextScore {
        model.score(validation, streams: record.settings.batchSize, chunk: record.settings.sequenceLength)
    }

    /// Trains until a stop condition holds; evaluates, checkpoints and reports on the way.
    ///
    /// At every evaluation `latest.safetensors` is written to `checkpointDirectory`
    /// (and `best.safetensors` when the validation loss is the best so far); a
    /// stop between evaluations evaluates once more and writes `latest` (and `best` when lower). That closing
    /// evaluation leaves the run as it was (no schedule or early-stopping step, the training loss still summed),
    /// so a run resumed from it goes on as if it had not stopped. A run
    /// that diverges (``StopConditions/maxConsecutiveFailures`` non-finite
    /// updates in a row) writes nothing more: the last good checkpoints stay.
    /// - Parameters:
    ///   - stop: limits, counted from the start of the run (before a resume too).
    ///   - checkpointDirectory: an existing folder, or nil for no checkpoints.
    ///   - onEvent: progress reports.
    /// - Throws: ``ConfigurationError`` for stop conditions out of range (``StopConditions/validate()``), before the
    ///   first update; ``AtomicFileError`` when a checkpoint cannot be written: a folder that takes no
    ///   new file is found before the first update, as is (``ConfigurationError``) a device or pipe
    ///   under a checkpoint's name.
    public func run(_ stop: StopConditions, checkpointDirectory: String?, onEvent: (TrainingEvent) -> Void) throws -> TrainingOutcome {
        try stop.validate()
        if let checkpointDirectory {
            let (latest, best) = LanguageModelCheckpoint.runFiles(in: checkpointDirectory)
            // A checkpoint is read back to resume: it must be a file, not a device or pipe found under its name.
            if let stream = [latest, best].first(where: AtomicFile.isStream) {
                throw ConfigurationError("\(stream) is a device or pipe; a checkpoint must be a file")
            }
            try AtomicFile.checkWritable(URL(fileURLWithPath: latest))
        }
        let tokensPerUpdate = record.settings.batchSize * record.settings.sequenceLength
        let startTokens = record.tokens, startElapsed = record.elapsed
        // A new cadence counts from now; the same one keeps the evaluation it had scheduled (an exact resume).
        if record.stop?.evaluateEvery != stop.evaluateEvery { record.nextEvaluationTime = nil }
        record.stop = stop
        var failures = 0
        if case .seconds(let s) = stop.evaluateEvery, record.nextEvaluationTime == nil { record.nextEvaluationTime = record.elapsed + s }
        while true {
            if let reason = stopReason(stop) {
                if record.evaluations.last?.step != record.step { try evaluate(stop, checkpointDirectory, onEvent, closing: true) }
                return outcome(reason)
            }
            if record.batch == 0 { trainer.carried = nil }
            let started = DispatchTime.now().uptimeNanoseconds
            schedule.apply(to: trainer.optimizer)
            let report = trainer.train(updates[record.batch], task: task)
            record.elapsed += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            record.step += 1
            record.tokens += tokensPerUpdate
            record.batch += 1
            if record.batch == updates.count { (record.epoch, record.batch) = (record.epoch + 1, 0) }
            if report.skipped {
                failures += 1
                onEvent(.skipped(step: record.step, loss: report.loss, gradientNorm: report.gradientNorm))
                if failures >= stop.maxConsecutiveFailures { return outcome(.diverged) }
            } else {
                failures = 0
                record.trainLossSum += report.loss
                record.trainLossCount += 1
            }
            let elapsed = record.elapsed - startElapsed
            onEvent(.update(TrainingStatus(
                step: record.step, epoch: epochProgress, loss: report.loss,
                meanLoss: record.trainLossCount > 0 ? record.trainLossSum / Double(record.trainLossCount) : nil,
                lastValidationLoss: record.evaluations.last?.valLoss, tokens: record.tokens, elapsed: record.elapsed,
                tokensPerSecond: elapsed > 0 ? Double(record.tokens - startTokens) / elapsed : 0,
                fractionDone: fractionDone(stop))))
            if evaluationDue(stop) { try evaluate(stop, checkpointDirectory, onEvent) }
        }
    }

    /// Completed epochs plus the fraction of the current one.
    private var epochProgress: Double { Double(record.epoch) + Double(record.batch) / Double(updates.count) }

    private func stopReason(_ stop: StopConditions) -> StopReason? {
        if let n = stop.maxSteps, record.step >= n { return .maxSteps }
        if let n = stop.maxEpochs, record.epoch >= n { return .maxEpochs }
        if let t = stop.timeBudget, record.elapsed >= t { return .timeBudget }
        if let p = stop.patience, record.evaluationsWithoutImprovement >= p { return .earlyStopping }
        return nil
    }

    private func fractionDone(_ stop: StopConditions) -> Double? {
        var parts: [Double] = []
        if let n = stop.maxSteps { parts.append(Double(record.step) / Double(n)) }
        if let n = stop.maxEpochs { parts.append(epochProgress / Double(n)) }
        if let t = stop.timeBudget { parts.append(record.elapsed / t) }
        return parts.max().map { Swift.min(1, $0) }
    }

    private func evaluationDue(_ stop: StopConditions) -> Bool {
        switch stop.evaluateEvery {
        case .steps(let n): return record.step % n == 0
        case .seconds: return record.elapsed >= (record.nextEvaluationTime ?? .infinity)
        }
    }

    /// Scores the validation part, records it, updates the schedule and early
    /// stopping, and writes the checkpoints when the model is finite. A `closing` evaluation (at a stop
    /// between evaluations) is recorded and writes `latest` but changes nothing the run goes on with.
    private func evaluate(_ stop: StopConditions, _ directory: String?, _ onEvent: (TrainingEvent) -> Void, closing: Bool = false) throws {
        let loss = validationScore().meanNats
        let entry = EvaluationRecord(step: record.step, epoch: epochProgress, t: record.elapsed, tokens: record.tokens,
                                     trainLoss: record.trainLossCount > 0 ? record.trainLossSum / Double(record.trainLossCount) : nil,
                                     valLoss: loss)
        record.evaluations.append(entry)
        // The best checkpoint holds the lowest loss of any evaluation; early stopping and the schedule see only the scheduled ones.
        let bestSaved = loss.isFinite && loss < (record.bestSavedLoss ?? .infinity)
        if closing {
            if bestSaved { record.bestCheckpointLoss = loss }
            onEvent(.evaluation(entry, improved: bestSaved))
            try writeCheckpoints(directory, loss: loss, best: bestSaved, onEvent)
            return
        }
        (record.trainLossSum, record.trainLossCount) = (0, 0)
        if case .seconds(let s) = stop.evaluateEvery, let due = record.nextEvaluationTime, record.elapsed >= due {
            // The first due time after now on the grid due + k·s (k ≥ 1), and after now even when s is below its resolution.
            let next = due + (((record.elapsed - due) / s).rounded(.down) + 1) * s
            record.nextEvaluationTime = Swift.max(next, record.elapsed.nextUp)
        }
        let improved = loss.isFinite && loss < (record.bestValidationLoss ?? .infinity)
        if improved {
            record.bestValidationLoss = loss
            record.evaluationsWithoutImprovement = 0
        } else {
            record.evaluationsWithoutImprovement += 1
        }
        if bestSaved { record.bestCheckpointLoss = nil }
        if loss.isFinite { schedule.observe(metric: loss, optimizer: trainer.optimizer) }
        onEvent(.evaluation(entry, improved: bestSaved))
        try writeCheckpoints(directory, loss: loss, best: bestSaved, onEvent)
    }

    /// Writes `latest` (and `best` when asked) when the loss and the model are finite.
    private func writeCheckpoints(_ directory: String?, loss: Double, best writeBest: Bool, _ onEvent: (TrainingEvent) -> Void) throws {
        guard let directory, loss.isFinite, model.parameters.allSatisfy({ $0.value.isFinite }) else { return }
        let (latest, best) = LanguageModelCheckpoint.runFiles(in: directory)
        let checkpoint = self.checkpoint()
        try checkpoint.write(to: latest)
        onEvent(.checkpoint(path: latest))
        if writeBest {
            try checkpoint.write(to: best)
            onEvent(.checkpoint(path: best))
        }
    }

    /// The whole state of the run as a checkpoint.
    public func checkpoint() -> LanguageModelCheckpoint {
        var record = self.record
        record.generator = trainer.generator
        record.computeThreads = computeThreads
        let optimizerState = trainer.optimizer.exportState()
        record.optimizerScalars = optimizerState.scalars
        record.scheduleState = schedule.exportState()
        var tensors = LanguageModelCheckpoint.tensors(of: model)
        tensors.merge(optimizerState.tensors) { a, _ in a }
        record.hasCarriedState = trainer.carried != nil
        for (k, layer) in (trainer.carried ?? []).enumerated() {
            for (j, t) in layer.enumerated() { tensors[LanguageModelCheckpoint.carriedStateKey(layer: k, j)] = t }
        }
        return LanguageModelCheckpoint(config: config, vocabulary: vocabulary, tensors: tensors, training: record)
    }

    private func outcome(_ reason: StopReason) -> TrainingOutcome {
        TrainingOutcome(reason: reason, step: record.step, bestValidationLoss: record.bestSavedLoss, evaluations: record.evaluations)
    }

    /// The carried state tensors `state.k.j` of a checkpoint, checked against the model.
    private static func carriedState(_ checkpoint: LanguageModelCheckpoint, model: LanguageModel<Cell>, batch: Int) throws -> CarriedState<Float> {
        let cells = model.rnn.cells.flatMap { $0 }
        return try cells.enumerated().map { k, cell in
            try (0..<cell.stateCount).map { j in
                let key = LanguageModelCheckpoint.carriedStateKey(layer: k, j)
                guard let t = checkpoint.tensors[key] else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" (carried state) is missing")
                }
                guard t.shape == [batch, cell.hiddenSize] else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" has shape \(t.shape), expected \([batch, cell.hiddenSize])")
                }
                guard t.isFinite else {
                    throw CheckpointError(file: checkpoint.source, reason: "tensor \"\(key)\" (carried state) holds NaN or infinite values")
                }
                return t
            }
        }
    }
}
