/// Evaluations during a run, and the checkpoints they write.
extension LanguageModelTraining {
    /// Scores the validation part, records it, updates the schedule and early
    /// stopping, and writes the checkpoints when the model is finite. A `closing` evaluation (at a stop
    /// between evaluations) is recorded and writes `latest` but changes nothing the run goes on with.
    /// - Returns: false when `stopRequest` abandoned the validation pass: the run is as it was, nothing recorded or written.
    func evaluate(_ stop: StopConditions, _ checkpoints: RunCheckpoints?, _ onEvent: (TrainingEvent) -> Void, closing: Bool = false,
                  stopRequest: StopRequest?) throws -> Bool {
        let step = record.step
        let score: TextScore
        do {
            score = try validationScore(progress: { onEvent(.validating(step: step, scored: $0, of: $1)) }, stopRequest: stopRequest)
        } catch {
            return false
        }
        let loss = score.meanNats
        let entry = EvaluationRecord(step: record.step, epoch: epochProgress, t: record.elapsed, tokens: record.tokens,
                                     trainLoss: record.trainLossCount > 0 ? record.trainLossSum / Double(record.trainLossCount) : nil,
                                     valLoss: loss)
        record.evaluations.append(entry)
        // The best checkpoint holds the lowest loss of any evaluation; early stopping and the schedule see only the scheduled ones.
        let bestSaved = loss.isFinite && loss < (record.bestSavedLoss ?? .infinity)
        if closing {
            if bestSaved { record.bestCheckpointLoss = loss }
            onEvent(.evaluation(entry, improved: bestSaved))
            if loss.isFinite { try writeCheckpoints(checkpoints, best: bestSaved, onEvent) }
            return true
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
        if loss.isFinite { trainer.observe(metric: loss) }
        onEvent(.evaluation(entry, improved: bestSaved))
        if loss.isFinite { try writeCheckpoints(checkpoints, best: bestSaved, onEvent) }
        return true
    }

    /// Writes `latest` (and `best` when asked) when the model is finite.
    func writeCheckpoints(_ checkpoints: RunCheckpoints?, best writeBest: Bool, _ onEvent: (TrainingEvent) -> Void) throws {
        guard let checkpoints, weightsAreFinite else { return }
        let checkpoint = self.checkpoint()
        for path in [checkpoints.latest] + (writeBest ? [checkpoints.best] : []) {
            try checkpoints.write(checkpoint, to: path)
            onEvent(.checkpoint(path: path))
        }
    }
}
