import Foundation
import RNNKit
import Testing
import _TestSupport

/// A run resumed from a checkpoint that had reached its limit says what the resumed run did there.
@Suite struct ResumedAtTheLimitTests {
    /// A run stopped during the validation pass of its last step (its closing evaluation abandoned, as Ctrl-C then does),
    /// resumed: the run makes that evaluation, then says so, not that the checkpoint had already reached the limit.
    @Test func aRunResumedOnlyForItsAbandonedEvaluationSaysItMadeIt() throws {
        let w = try Workspace()
        let text = w.path("text.txt")
        let corpus = try TextCorpus(contentsOf: text)
        let config = LanguageModelConfig(cell: .lstm, vocabularySize: corpus.vocabulary.count, embeddingSize: 8, hiddenSize: 8, layers: 1)
        let training = try LanguageModelTraining<LSTMCell<Float>>(config: config, settings: TrainingSettings(sequenceLength: 8, batchSize: 3),
                                                                  corpus: corpus, dataPath: text)
        try FileManager.default.createDirectory(atPath: w.path("ck"), withIntermediateDirectories: false)
        let request = StopRequest()
        let stopped = try training.run(StopConditions(maxSteps: 3, evaluateEvery: .steps(2)), checkpointDirectory: w.path("ck"),
                                       stopRequest: request) { event in
            if case .validating(3, _, _) = event { request.request() }  // during the closing evaluation at the limit
        }
        #expect(stopped.reason == .stopRequested && stopped.step == 3 && stopped.evaluations.map(\.step) == [2])
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--log", "log.jsonl"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try w.loggedLosses("log.jsonl").count == 2)  // the evaluation at step 2, and the one this run made at 3
        #expect(resumed.stderr.contains("\nstopped at step 3: step limit reached; ")
                && resumed.stderr.hasSuffix("; the checkpoint had reached it without its evaluation, which this run made: nothing else to "
                                            + "train (give a larger limit to train further)\n"), "\(resumed.stderr)")
        // Resumed again, the run has nothing left to do, and says that.
        let again = try w.run(["train", "--resume", "ck/latest.safetensors"])
        #expect(again.status == 0 && again.stderr.hasSuffix("; the checkpoint had already reached it: give a larger limit to train further\n"),
                "\(again.stderr)")
    }
}
