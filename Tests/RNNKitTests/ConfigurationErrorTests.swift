import RNNKit
import Testing

@Suite struct ConfigurationErrorTests {
    /// The library names a setting by its property; a program writes its own name for it.
    @Test func settingsAreNamedByPropertyOrAsTheCallerNamesThem() {
        let config = LanguageModelConfig(cell: .lstm, vocabularySize: 5, embeddingSize: 4, hiddenSize: 0, layers: 1)
        let error = #expect(throws: ConfigurationError.self) { try config.validate() }
        #expect(error?.message == "the hidden size (LanguageModelConfig.hiddenSize) must be positive, got 0")
        #expect(error?.description == error?.message)
        #expect(error?.message { $0 == "LanguageModelConfig.hiddenSize" ? "--hidden" : "?" } == "the hidden size (--hidden) must be positive, got 0")
    }

    /// A dropout just below 1 is below 1 for the layers too, which keep the Double as given (as the Float they kept
    /// before it was 1, and refused): a model with it builds and runs a training step; 1 is refused.
    @Test func aDropoutJustBelowOneBuildsAndRuns() throws {
        var config = LanguageModelConfig(cell: .lstm, vocabularySize: 5, embeddingSize: 4, hiddenSize: 4, layers: 2,
                                         dropout: 0.9999999999999999)
        try config.validate()
        var generator = SeededGenerator(seed: 1)
        let model = LanguageModel<LSTMCell<Float>>(config, generator: &generator)
        #expect(model.rnn.dropout == 0.9999999999999999)
        let tape = Tape<Float>(generator: generator.split())
        let logits = model([0, 1, 2, 3], batch: 2, steps: 2, state: nil, tape: tape).logits   // [2, 2, 5]
        #expect(logits.shape == [2, 2, 5] && logits.value.isFinite)
        config.dropout = 1
        #expect(#expect(throws: ConfigurationError.self) { try config.validate() }?.message == "the dropout probability (LanguageModelConfig.dropout) must be in [0, 1), got 1.0")
    }

    /// Only marked settings are renamed: interpolated values and messages joined with `+` keep their text.
    @Test func onlyMarkedSettingsAreRenamed() {
        let value = "(LanguageModelConfig.layers)"
        let error = ConfigurationError("\(value) and \(setting: "A.b")" + " then \(setting: "C.d")")
        #expect(error.message == "(LanguageModelConfig.layers) and A.b then C.d")
        #expect(error.message { "<\($0)>" } == "(LanguageModelConfig.layers) and <A.b> then <C.d>")
    }

    /// No message of the library's settings names a command-line flag.
    @Test func libraryMessagesNameNoFlags() {
        var stop = StopConditions(maxSteps: nil, maxEpochs: nil, timeBudget: nil, patience: nil)
        var errors: [ConfigurationError?] = [#expect(throws: ConfigurationError.self) { try stop.validate() }]
        stop.maxSteps = 0
        errors.append(#expect(throws: ConfigurationError.self) { try stop.validate() })
        errors.append(#expect(throws: ConfigurationError.self) { try TokenSampler(temperature: 0) })
        errors.append(#expect(throws: ConfigurationError.self) { try TrainingSettings(sequenceLength: 4, bpttWindow: 2).validate() })
        errors.append(#expect(throws: ConfigurationError.self) { try OptimizerSettings(learningRate: -1).validate() })
        errors.append(#expect(throws: ConfigurationError.self) { try ScheduleSettings(kind: .cosine).validate() })
        errors.append(#expect(throws: ConfigurationError.self) { try ScheduleSettings(kind: .onecycle).validate() })
        for error in errors {
            let message = error?.message ?? "no error"
            #expect(!message.contains("--") && message.contains("."), "\(message)")
        }
    }
}
