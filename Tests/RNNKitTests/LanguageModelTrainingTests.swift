import Testing
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
}
