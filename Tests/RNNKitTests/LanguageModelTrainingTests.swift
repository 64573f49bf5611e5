import Foundation
import Testing
import _TestSupport
import RNNKit
import SequenceData

/// What `LanguageModelTraining` refuses before it trains: each is a thrown error
/// that names the problem, not a trap.
@Suite struct LanguageModelTrainingTests {
    /// 8 distinct characters, 200 in all.
    let corpus: TextCorpus
    let settings = TrainingSettings(sequenceLength: 5, batchSize: 2)

    init() throws { corpus = try TextCorpus(text: String(repeating: "abcdefgh", count: 25)) }

    func config(_ cell: CellKind = .lstm, vocabulary: Int) -> LanguageModelConfig {
        LanguageModelConfig(cell: cell, vocabularySize: vocabulary, embeddingSize: 4, hiddenSize: 4, layers: 1)
    }

    func refusal(_ config: LanguageModelConfig, _ corpus: TextCorpus) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self) {
            try LanguageModelTraining<LSTMCell<Float>>(config: config, settings: settings, corpus: corpus, dataPath: "<text>")
        }
    }

    @Test func aConfigThatFitsTrains() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings,
                                                                  corpus: corpus, dataPath: "<text>")
        let outcome = try training.run(StopConditions(maxSteps: 2), checkpointDirectory: nil) { _ in }
        #expect(outcome.step == 2)
    }

    /// An update that overflows the weights (Adam at 3e38, a rate Float holds, moves each by about the rate) a step before the limit, too
    /// few failed updates after it to stop the run: the run has diverged all the same, and writes no checkpoint.
    @Test func aLimitReachedWithWeightsNoLongerFiniteIsADivergence() throws {
        var overflowing = settings
        overflowing.optimizer = OptimizerSettings(learningRate: 3e38)
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: overflowing,
                                                                  corpus: corpus, dataPath: "<text>")
        let dir = try TemporaryDirectory()
        let outcome = try training.run(StopConditions(maxSteps: 2), checkpointDirectory: dir.url.path) { _ in }
        #expect(outcome.reason == .diverged && outcome.step == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    /// The same overflow with a stop requested after it (at the first skipped update, a step later) rather than a
    /// limit: a divergence too, not a stop whose `latest` could not be written.
    @Test func aStopRequestedWithWeightsNoLongerFiniteIsADivergence() throws {
        var overflowing = settings
        overflowing.optimizer = OptimizerSettings(learningRate: 3e38)
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: overflowing,
                                                                  corpus: corpus, dataPath: "<text>")
        let dir = try TemporaryDirectory(), request = StopRequest()
        let outcome = try training.run(StopConditions(maxSteps: 50), checkpointDirectory: dir.url.path, stopRequest: request) { event in
            if case .skipped = event { request.request() }
        }
        #expect(outcome.reason == .diverged && outcome.step == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    /// An interval below the resolution of the clock's Double still moves the next evaluation past now.
    @Test(.timeLimit(.minutes(1)))
    func evaluationsEveryTinyIntervalEndOncePerUpdate() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings,
                                                                  corpus: corpus, dataPath: "<text>")
        let outcome = try training.run(StopConditions(maxSteps: 3, evaluateEvery: .seconds(1e-300)), checkpointDirectory: nil) { _ in }
        #expect(outcome.evaluations.map(\.step) == [1, 2, 3])
        let next = try #require(training.record.nextEvaluationTime)
        #expect(next > training.record.elapsed)
    }

    /// The `latest` checkpoint a new run trained with `stop` writes in `folder`.
    func latestCheckpoint(after stop: StopConditions, in folder: TemporaryDirectory) throws -> LanguageModelCheckpoint {
        let run = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus,
                                                             dataPath: "<text>")
        _ = try run.run(stop, checkpointDirectory: folder.url.path) { _ in }
        return try LanguageModelCheckpoint(contentsOf: LanguageModelCheckpoint.runFiles(in: folder.url.path).latest)
    }

    /// Early stopping counts the evaluations since the best one: an improvement resets the count, so a run whose loss
    /// rises, falls below its best again and then fails to improve `patience` times stops at the last of those, not at
    /// the `patience`-th evaluation without improvement in all.
    @Test func patienceCountsTheEvaluationsSinceTheBestOne() throws {
        var tuned = settings
        tuned.optimizer = OptimizerSettings(learningRate: 1)  // Adam at a rate high enough for the loss to jump
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: tuned, corpus: corpus,
                                                                  dataPath: "<text>")
        let outcome = try training.run(StopConditions(maxSteps: 60, evaluateEvery: .steps(1), patience: 3), checkpointDirectory: nil) { _ in }
        // The stop the losses call for: the first evaluation that ends three in a row not below the best before them.
        var best = Double.infinity, since = 0, expected: Int?, improvedAfterAMiss = false
        for e in outcome.evaluations {
            if e.valLoss < best { (best, improvedAfterAMiss, since) = (e.valLoss, improvedAfterAMiss || since > 0, 0) } else { since += 1 }
            if since == 3 { expected = e.step; break }
        }
        #expect(improvedAfterAMiss, "the losses \(outcome.evaluations.map(\.valLoss)) never improve after rising: the reset goes untested")
        #expect(outcome.reason == (expected == nil ? .maxSteps : .earlyStopping) && outcome.step == expected ?? 60)
    }

    /// A run resumed with the same cadence in seconds keeps the evaluation it had scheduled (an exact resume): the due
    /// time is the one saved, 1000 s after the start, not 1000 s after the resume.
    @Test func aResumedRunKeepsItsScheduledEvaluationTime() throws {
        let latest = try latestCheckpoint(after: StopConditions(maxSteps: 3, evaluateEvery: .seconds(1000)), in: TemporaryDirectory())
        #expect(latest.training?.nextEvaluationTime == 1000)
        let resumed = try LanguageModelTraining<LSTMCell<Float>>(resuming: latest, corpus: corpus)
        _ = try resumed.run(StopConditions(maxSteps: 5, evaluateEvery: .seconds(1000)), checkpointDirectory: nil) { _ in }
        #expect(resumed.record.nextEvaluationTime == 1000)
    }

    /// The time budget counts the training time a checkpoint saved: a run resumed with a budget below the time it has
    /// already trained stops before any update.
    @Test func aResumedRunCountsItsSavedTrainingTimeAgainstTheBudget() throws {
        let latest = try latestCheckpoint(after: StopConditions(maxSteps: 3), in: TemporaryDirectory())
        let spent = try #require(latest.training?.elapsed)
        #expect(spent > 0)
        let resumed = try LanguageModelTraining<LSTMCell<Float>>(resuming: latest, corpus: corpus)
        let outcome = try resumed.run(StopConditions(maxSteps: 1000, timeBudget: spent * 0.75), checkpointDirectory: nil) { _ in }
        #expect(outcome.reason == .timeBudget && outcome.step == 3)
    }

    /// A run with dropout stopped and resumed from its `latest` draws the masks of the run that never stopped: the
    /// checkpoint holds the random stream.
    @Test func aRunWithDropoutResumesItsRandomStream() throws {
        let dropping = LanguageModelConfig(cell: .lstm, vocabularySize: 8, embeddingSize: 4, hiddenSize: 4, layers: 2, dropout: 0.5)
        func run(_ training: LanguageModelTraining<LSTMCell<Float>>, steps: Int, in folder: String? = nil) throws -> [Double] {
            var losses: [Double] = []
            _ = try training.run(StopConditions(maxSteps: steps, evaluateEvery: .steps(100)), checkpointDirectory: folder) { event in
                if case .update(let s) = event { losses.append(s.loss) }
            }
            return losses
        }
        let whole = try run(LanguageModelTraining(config: dropping, settings: settings, corpus: corpus, dataPath: "<text>"), steps: 6)
        let dir = try TemporaryDirectory()
        let first = try run(LanguageModelTraining(config: dropping, settings: settings, corpus: corpus, dataPath: "<text>"), steps: 3,
                            in: dir.url.path)
        let latest = try LanguageModelCheckpoint(contentsOf: LanguageModelCheckpoint.runFiles(in: dir.url.path).latest)
        let rest = try run(LanguageModelTraining(resuming: latest, corpus: corpus), steps: 6)
        #expect(first + rest == whole)
    }

    /// A stop requested during a validation pass (at step 4, a scheduled evaluation; at step 5, the closing one of a
    /// run that stops at its limit) takes effect before the pass's next chunk: the evaluation is abandoned, neither
    /// recorded nor checkpointed, and the run stops at that step, writing `latest` as a stop between evaluations does.
    /// Resumed from it, the run makes that evaluation first and ends with the evaluations and losses of the run that
    /// never stopped.
    @Test(arguments: [4, 5])
    func aStopDuringAnEvaluationAbandonsItAndTheRunResumesExactly(stoppedAt: Int) throws {
        let stop = StopConditions(maxSteps: 5, evaluateEvery: .steps(2))
        func trained(_ training: LanguageModelTraining<LSTMCell<Float>>, in folder: String? = nil, request: StopRequest? = nil,
                     stoppingAt step: Int? = nil) throws -> (outcome: TrainingOutcome, events: [String]) {
            var events: [String] = []
            let outcome = try training.run(stop, checkpointDirectory: folder, stopRequest: request) { event in
                switch event {
                case .update(let s): events.append("update \(s.step) \(s.loss)")
                case .validating(let at, let scored, _):
                    events.append("validating \(at): \(scored)")
                    if at == step { request?.request() }
                case .evaluation(let e, _): events.append("evaluation \(e.step) \(e.valLoss) \(e.trainLoss ?? .nan)")
                case .checkpoint(let path): events.append("checkpoint \((path as NSString).lastPathComponent)")
                case .skipped: events.append("skipped")
                }
            }
            return (outcome, events)
        }
        func newRun() throws -> LanguageModelTraining<LSTMCell<Float>> {
            try LanguageModelTraining(config: config(vocabulary: 8), settings: settings, corpus: corpus, dataPath: "<text>")
        }
        let whole = try trained(newRun())
        #expect(whole.outcome.reason == .maxSteps && whole.outcome.evaluations.map(\.step) == [2, 4, 5])
        let dir = try TemporaryDirectory(), request = StopRequest()
        let first = try trained(newRun(), in: dir.url.path, request: request, stoppingAt: stoppedAt)
        #expect(first.outcome.reason == .stopRequested && first.outcome.step == stoppedAt)
        #expect(first.outcome.evaluations.map(\.step) == [2, 4].filter { $0 < stoppedAt })
        // The pass stopped after its first chunk (10 of 18 predictions), and only latest was written after it.
        #expect(Array(first.events.suffix(2)) == ["validating \(stoppedAt): 10", "checkpoint latest.safetensors"], "\(first.events)")
        let latest = try LanguageModelCheckpoint(contentsOf: LanguageModelCheckpoint.runFiles(in: dir.url.path).latest)
        #expect(latest.training?.step == stoppedAt && latest.training?.evaluations.count == first.outcome.evaluations.count)
        let rest = try trained(LanguageModelTraining(resuming: latest, corpus: corpus))
        #expect(rest.outcome.reason == .maxSteps)
        let completed = { (events: [String]) in events.filter { $0.hasPrefix("update") || $0.hasPrefix("evaluation") } }
        #expect(completed(first.events + rest.events) == completed(whole.events))
        #expect(rest.outcome.evaluations.map { [$0.step, $0.valLoss, $0.trainLoss] as [AnyHashable?] }
                == whole.outcome.evaluations.map { [$0.step, $0.valLoss, $0.trainLoss] as [AnyHashable?] })
    }

    /// Each evaluation reports its validation pass chunk by chunk before its result: the predictions scored so far, up to
    /// all of them. The 20 validation characters are 2 streams of 9 predictions, read in chunks of 5 steps: 10, then 18.
    @Test func anEvaluationReportsItsValidationPassChunkByChunk() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus,
                                                                  dataPath: "<text>")
        var events: [String] = []
        _ = try training.run(StopConditions(maxSteps: 2, evaluateEvery: .steps(1)), checkpointDirectory: nil) { event in
            switch event {
            case .validating(let step, let scored, let total): events.append("\(step): \(scored) of \(total)")
            case .evaluation(let entry, _): events.append("\(entry.step) evaluated")
            default: break
            }
        }
        #expect(events == ["1: 10 of 18", "1: 18 of 18", "1 evaluated", "2: 10 of 18", "2: 18 of 18", "2 evaluated"])
        #expect(try training.validationScore().count == 18)
    }

    /// The fraction of a run done, from which the CLI tells the time left, is that of the limit nearest to being reached:
    /// half of 4 steps after 2, not the fraction of 100 epochs.
    @Test func theFractionDoneIsThatOfTheNearestLimit() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus,
                                                                  dataPath: "<text>")
        var fractions: [Double?] = []
        _ = try training.run(StopConditions(maxSteps: 4, maxEpochs: 100), checkpointDirectory: nil) { event in
            if case .update(let s) = event { fractions.append(s.fractionDone) }
        }
        #expect(fractions == [0.25, 0.5, 0.75, 1])
    }

    /// Each update's status counts the evaluations still to come before the limit, the one due at its own step and the
    /// closing one included: every 4 steps to step 10, those at 4 and 8 and the closing one at 10. The time one takes is
    /// known once the first is made.
    @Test func theStatusCountsTheEvaluationsLeft() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus,
                                                                  dataPath: "<text>")
        var left: [Double?] = [], timed: [Bool] = []
        _ = try training.run(StopConditions(maxSteps: 10, evaluateEvery: .steps(4)), checkpointDirectory: nil) { event in
            if case .update(let s) = event { (left, timed) = (left + [s.evaluationsLeft], timed + [s.evaluationSeconds != nil]) }
        }
        #expect(left == [3, 3, 3, 3, 2, 2, 2, 2, 1, 1])
        #expect(timed == [false, false, false, false, true, true, true, true, true, true])
    }

    /// The evaluations left by the nearest limit of each kind, and at each cadence. Epochs: 15 updates left of 2 epochs of
    /// 10, to step 20, every 4: at 8, 12, 16 and 20. A time budget: 80 s left at 2 s an update, 40 updates to step 50,
    /// every 10: at 10 (due now) to 50; every 30 s of training from 30 s: at 30, 60 and 90 s and the closing one; from
    /// 15 s, late: one now, at 45 and 75 s and the closing one. The nearer of two limits, 2 steps away: the one due now
    /// and the closing one. At the limit: the closing one; with patience only: unknown.
    @Test func theEvaluationsLeftAreThoseOfTheNearestLimit() {
        func left(_ stop: StopConditions, step: Int, epoch: Double = 0, elapsed: Double, next: Double? = nil) -> Double? {
            stop.evaluationsLeft(step: step, epoch: epoch, updatesPerEpoch: 10, elapsed: elapsed, nextEvaluationTime: next)
        }
        #expect(left(StopConditions(maxEpochs: 2, evaluateEvery: .steps(4)), step: 5, epoch: 0.5, elapsed: 10) == 4)
        #expect(left(StopConditions(timeBudget: 100, evaluateEvery: .steps(10)), step: 10, elapsed: 20) == 5)
        #expect(left(StopConditions(timeBudget: 100, evaluateEvery: .seconds(30)), step: 10, elapsed: 20, next: 30) == 4)
        #expect(left(StopConditions(timeBudget: 100, evaluateEvery: .seconds(30)), step: 10, elapsed: 20, next: 15) == 4)
        #expect(left(StopConditions(maxSteps: 12, timeBudget: 100, evaluateEvery: .steps(10)), step: 10, elapsed: 20) == 2)
        #expect(left(StopConditions(maxSteps: 10, evaluateEvery: .steps(4)), step: 10, elapsed: 20) == 1)
        #expect(left(StopConditions(evaluateEvery: .steps(4), patience: 3), step: 10, elapsed: 20) == nil)
    }

    /// A decaying schedule's gamma above 1 would grow the rate until it overflows: refused with the settings.
    @Test(arguments: [ScheduleSettings.Kind.step, .exponential])
    func aDecayThatGrowsIsRefused(kind: ScheduleSettings.Kind) {
        let expected = ConfigurationError("\(setting: "ScheduleSettings.gamma") must be in (0, 1] for a decay, got 2.0")
        #expect(throws: expected) { try ScheduleSettings(kind: kind, gamma: 2).validate() }
        #expect(throws: Never.self) { try ScheduleSettings(kind: kind, gamma: 1).validate() }
    }

    /// Stop conditions out of range are refused by `run` before the first update (an interval of 0 divided by zero,
    /// no limit trained forever).
    @Test(arguments: [StopConditions(maxSteps: 3, evaluateEvery: .steps(0)), StopConditions(),
                      StopConditions(maxSteps: 3, maxConsecutiveFailures: 0)])
    func stopConditionsAreCheckedByRun(stop: StopConditions) throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings,
                                                                  corpus: corpus, dataPath: "<text>")
        #expect(throws: ConfigurationError.self) { try training.run(stop, checkpointDirectory: nil) { _ in } }
        #expect(training.record.step == 0)
    }

    /// A run stopped between evaluations and resumed from its `latest` goes on as the run that never stopped. Stopped
    /// by a limit, its closing evaluation takes no schedule or early-stopping step and keeps the training loss summing
    /// (the plateau schedule and patience diverged from step 11 on, and the next evaluation's training loss differed);
    /// stopped by a ``StopRequest``, it stops after the update in progress and writes `latest` without evaluating.
    /// A onecycle or linear schedule over the run's 20 steps continues from the step it saved, a multistep one decays at
    /// its milestones before and after the stop.
    @Test(arguments: [(9, .plateau), (10, .plateau), (11, .plateau), (10, .onecycle), (10, .multistep), (10, .linear)]
            as [(Int, ScheduleSettings.Kind)], [false, true])
    func aRunStoppedBetweenEvaluationsResumesExactly(stopped: (at: Int, schedule: ScheduleSettings.Kind), byRequest: Bool) throws {
        let stoppedAt = stopped.at
        var tuned = settings
        tuned.schedule = switch stopped.schedule {
        case .plateau: ScheduleSettings(kind: .plateau, gamma: 0.1, patience: 0)
        case .multistep: .multistep(milestones: [6, 13], gamma: 0.1)
        default: ScheduleSettings(kind: stopped.schedule, totalSteps: 20)
        }
        let stop = StopConditions(maxSteps: 20, evaluateEvery: .steps(4), patience: 3)
        final class Events { var lines: [String] = [] }
        func losses(_ events: Events) -> (TrainingEvent) -> Void {
            { event in
                switch event {
                case .update(let s): events.lines.append("\(s.step) \(s.loss)")
                case .evaluation(let e, _) where e.step % 4 == 0: events.lines.append("eval \(e.step) \(String(describing: e.trainLoss)) \(e.valLoss)")
                default: break
                }
            }
        }
        let whole = Events(), parts = Events()
        let uninterrupted = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: tuned, corpus: corpus, dataPath: "<text>")
        let wholeOutcome = try uninterrupted.run(stop, checkpointDirectory: nil, onEvent: losses(whole))
        let first = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: tuned, corpus: corpus, dataPath: "<text>")
        let dir = try TemporaryDirectory()
        let request = StopRequest()
        var shortStop = stop
        if !byRequest { shortStop.maxSteps = stoppedAt }
        let stopped = try first.run(shortStop, checkpointDirectory: dir.url.path, stopRequest: request) { event in
            losses(parts)(event)
            if byRequest, case .update(let s) = event, s.step == stoppedAt { request.request() }
        }
        #expect(stopped.step == stoppedAt && stopped.reason == (byRequest ? .stopRequested : .maxSteps))
        #expect(stopped.evaluations.last?.step == (byRequest ? 8 : stoppedAt), "an evaluation closes a limit's stop, not a request's")
        let latest = try LanguageModelCheckpoint(contentsOf: LanguageModelCheckpoint.runFiles(in: dir.url.path).latest)
        #expect(latest.training?.step == stoppedAt)
        let resumed = try LanguageModelTraining<LSTMCell<Float>>(resuming: latest, corpus: corpus)
        let outcome = try resumed.run(stop, checkpointDirectory: nil, onEvent: losses(parts))
        #expect(parts.lines == whole.lines && whole.lines.count > 20)
        #expect(outcome.step == wholeOutcome.step && outcome.reason == wholeOutcome.reason)
        let scores = { (e: [EvaluationRecord]) in e.filter { $0.step % 4 == 0 }.map { "\($0.step) \($0.tokens) \(String(describing: $0.trainLoss)) \($0.valLoss)" } }
        #expect(scores(outcome.evaluations) == scores(wholeOutcome.evaluations))  // all but the times
    }

    /// A checkpoint of one cell resumed as another is an error naming the file, not a trap.
    @Test func aCheckpointResumedAsAnotherCellIsRefused() throws {
        let lstm = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus, dataPath: "<text>")
        _ = try lstm.run(StopConditions(maxSteps: 1), checkpointDirectory: nil) { _ in }
        #expect(throws: CheckpointError(file: "<memory>", reason: "holds a lstm model, resumed here as gru")) {
            try LanguageModelTraining<GRUCell<Float>>(resuming: lstm.checkpoint(), corpus: corpus)
        }
    }

    /// Weights without a training record cannot be resumed: an error naming the file.
    @Test func aWeightsOnlyCheckpointIsNotResumed() throws {
        let lstm = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: corpus, dataPath: "<text>")
        var weights = lstm.checkpoint()
        weights.training = nil
        #expect(throws: CheckpointError(file: "<memory>", reason: "holds weights only, no training state to resume")) {
            try LanguageModelTraining<LSTMCell<Float>>(resuming: weights, corpus: corpus)
        }
    }

    /// A checkpoint whose config does not fit its vocabulary is not written (its reader would refuse it).
    @Test func aCheckpointOfAnotherVocabularySizeIsNotWritten() throws {
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings,
                                                                  corpus: corpus, dataPath: "<text>")
        var checkpoint = training.checkpoint()
        checkpoint.config.vocabularySize = 9
        let dir = try TemporaryDirectory()
        #expect(throws: CheckpointError(file: dir.path("c.safetensors"), reason: "metadata \"model\": vocabulary_size 9 but the vocabulary has 8 characters")) {
            try checkpoint.write(to: dir.path("c.safetensors"))
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test func aRecordWithANonFiniteBestLossIsRefused() throws {
        var record = TrainingRecord(settings: settings, dataPath: "<text>", dataCharacters: 200)
        try record.validate()
        record.bestValidationLoss = .nan
        #expect(throws: ConfigurationError("bestValidationLoss must be a finite number, got nan")) { try record.validate() }
    }

    @Test(arguments: [7, 9])
    func aVocabularySizeThatIsNotTheTextsIsRefused(_ size: Int) {
        let error = refusal(config(vocabulary: size), corpus)
        #expect(error?.message == "the config's vocabulary size is \(size) but the text has 8 distinct characters")
    }

    @Test func aConfigForAnotherCellIsRefused() {
        #expect(refusal(config(.gru, vocabulary: 8), corpus)?.message == "the config describes a gru model, trained here as lstm")
    }

    @Test func aTextTooShortForOneBatchIsRefused() throws {
        let short = try TextCorpus(text: "abcdefgh")
        #expect(refusal(config(vocabulary: 8), short)?.message.contains("too short for one batch") == true)
    }

    /// A text read as bytes is counted in bytes: refusals say what the run's tokens are.
    @Test func aBytesTextIsCountedInBytes() throws {
        let bytes = try TextCorpus(data: Data("abcdefgh".utf8), encoding: .bytes)
        #expect(refusal(config(vocabulary: 8), bytes)?.message.hasPrefix("the training part (7 bytes) is too short") == true)
        let long = try TextCorpus(data: Data(String(repeating: "abcdefgh", count: 25).utf8), encoding: .bytes)
        #expect(refusal(config(vocabulary: 9), long)?.message == "the config's vocabulary size is 9 but the text has 8 distinct bytes")
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config(vocabulary: 8), settings: settings, corpus: long,
                                                                  dataPath: "<bytes>")
        var checkpoint = training.checkpoint()
        let other = try TextCorpus(data: Data(String(repeating: "abcdefgi", count: 25).utf8), encoding: .bytes)
        let mismatch = #expect(throws: CheckpointError.self) { try checkpoint.requireVocabulary(other.vocabulary) }
        #expect(mismatch?.reason.hasPrefix("vocabulary mismatch: the checkpoint has 8 bytes") == true)
        checkpoint.config.vocabularySize = 9
        let dir = try TemporaryDirectory()
        #expect(throws: CheckpointError(file: dir.path("c.safetensors"), reason: "metadata \"model\": vocabulary_size 9 but the vocabulary has 8 bytes")) {
            try checkpoint.write(to: dir.path("c.safetensors"))
        }
    }
}
