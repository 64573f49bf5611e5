import Foundation
import RNNCore

/// The training loop: updates until a stop condition holds.
extension LanguageModelTraining {
    /// Trains until a stop condition holds; evaluates, checkpoints and reports on the way.
    ///
    /// At every evaluation `latest.safetensors` is written to `checkpointDirectory`
    /// (and `best.safetensors` when the validation loss is the best so far); a
    /// stop between evaluations evaluates once more and writes `latest` (and `best` when lower). That closing
    /// evaluation leaves the run as it was (no schedule or early-stopping step, the training loss still summed),
    /// so a run resumed from it goes on as if it had not stopped. A run
    /// that diverges (``StopConditions/maxConsecutiveFailures`` non-finite
    /// updates in a row, or a limit reached or a stop requested with weights that are no longer finite) writes nothing more: the last good
    /// checkpoints stay. A run stopped by `stopRequest`
    /// (``StopReason/stopRequested``) stops after the update in progress and writes `latest` without evaluating, so it
    /// stops quickly: an evaluation in progress (its validation pass polls the request between chunks) is abandoned,
    /// neither recorded nor checkpointed, and a limit reached at that update no longer takes precedence. A run resumed
    /// from that checkpoint goes on as if it had not stopped: it makes the abandoned evaluation first, as the
    /// evaluation due at its step and not recorded.
    /// - Parameters:
    ///   - stop: limits, counted from the start of the run (before a resume too).
    ///   - checkpointDirectory: an existing folder, or nil for no checkpoints.
    ///   - replacingCheckpoints: false never replaces a checkpoint file the run has not written itself (another run's,
    ///     which appeared after the caller checked the folder): when one is there at the first write of `latest` or
    ///     `best`, it stays, the checkpoint is kept under a numbered name beside it (`latest.1.safetensors`,
    ///     ``AtomicFile/write(_:to:replacing:)``) and the run stops, throwing ``FileExistsError``.
    ///   - stopRequest: a request another thread or a signal handler may make to end the run early; a limit
    ///     reached at the same update takes precedence.
    ///   - onEvent: progress reports.
    /// - Throws: ``ConfigurationError`` for stop conditions out of range (``StopConditions/validate()``), before the
    ///   first update; ``AtomicFileError`` when a checkpoint cannot be written: a folder that takes no
    ///   new file is found before the first update, as is (``ConfigurationError``) a device or pipe
    ///   under a checkpoint's name; ``FileExistsError`` (see `replacingCheckpoints`).
    public func run(_ stop: StopConditions, checkpointDirectory: String?, replacingCheckpoints: Bool = true,
                    stopRequest: StopRequest? = nil, onEvent: (TrainingEvent) -> Void) throws -> TrainingOutcome {
        try stop.validate()
        let checkpoints = checkpointDirectory.map { RunCheckpoints(directory: $0, replacingOthers: replacingCheckpoints) }
        if let checkpoints {
            // A checkpoint is read back to resume: it must be a file, not a device or pipe found under its name.
            if let stream = [checkpoints.latest, checkpoints.best].first(where: AtomicFile.isStream) {
                throw ConfigurationError("\(stream) is a device or pipe; a checkpoint must be a file")
            }
            try AtomicFile.checkWritable(URL(filePathAsGiven: checkpoints.latest))
        }
        let tokensPerUpdate = record.settings.batchSize * record.settings.sequenceLength
        let startTokens = record.tokens, startElapsed = record.elapsed
        // A new cadence counts from now; the same one keeps the evaluation it had scheduled (an exact resume).
        let sameCadence = record.stop?.evaluateEvery == stop.evaluateEvery
        if !sameCadence { record.nextEvaluationTime = nil }
        record.stop = stop
        var failures = 0
        if case .seconds(let s) = stop.evaluateEvery, record.nextEvaluationTime == nil { record.nextEvaluationTime = record.elapsed + s }
        // The evaluation due after the last update; at the start, one a stop request abandoned (due at the checkpoint's
        // step and not recorded), which the run makes first, as the run that did not stop made it.
        var pendingEvaluation = sameCadence && record.step > 0 && record.evaluations.last?.step != record.step && evaluationDue(stop)
        // The seconds this process's evaluations took, which the time left counts for those to come.
        var evaluationTimes: [Double] = []
        /// ``evaluate(_:_:_:closing:stopRequest:)``, timed when it completes.
        func evaluate(closing: Bool = false) throws -> Bool {
            let started = DispatchTime.now().uptimeNanoseconds
            guard try self.evaluate(stop, checkpoints, onEvent, closing: closing, stopRequest: stopRequest) else { return false }
            evaluationTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return true
        }
        while true {
            let abandoned = try pendingEvaluation && !evaluate()
            let limit = stopReason(stop), requested = stopRequest?.isRequested == true
            // Weights an update overflowed, fewer than maxConsecutiveFailures updates before the run stops (at a limit
            // or on request): the run has diverged as surely, and no checkpoint can hold its model.
            if limit != nil || requested, !weightsAreFinite { return outcome(.diverged) }
            // A limit reached takes precedence over a request, unless the request abandoned this step's evaluation, or
            // the closing one: the run then stops at once, and one resumed from its checkpoint makes that evaluation.
            if let reason = limit, !abandoned, try record.evaluations.last?.step == record.step || evaluate(closing: true) {
                return outcome(reason)
            }
            if requested || limit != nil {  // a limit here is one whose closing evaluation a request abandoned
                try writeCheckpoints(checkpoints, best: false, onEvent)
                return outcome(.stopRequested)
            }
            if record.batch == 0 { trainer.carried = nil }
            let started = DispatchTime.now().uptimeNanoseconds
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
                fractionDone: fractionDone(stop),
                evaluationsLeft: stop.evaluationsLeft(step: record.step, epoch: epochProgress, updatesPerEpoch: updates.count,
                                                      elapsed: record.elapsed, nextEvaluationTime: record.nextEvaluationTime),
                evaluationSeconds: evaluationTimes.isEmpty ? nil : evaluationTimes.reduce(0, +) / Double(evaluationTimes.count))))
            pendingEvaluation = evaluationDue(stop)
        }
    }

    /// Completed epochs plus the fraction of the current one.
    var epochProgress: Double { Double(record.epoch) + Double(record.batch) / Double(updates.count) }

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

    private func outcome(_ reason: StopReason) -> TrainingOutcome {
        TrainingOutcome(reason: reason, step: record.step, bestValidationLoss: record.bestSavedLoss, evaluations: record.evaluations)
    }
}
