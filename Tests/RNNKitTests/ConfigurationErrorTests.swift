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

    /// A dropout just below 1 as a Double is 1 as the layers' Float: it trapped in `Recurrent` when the model was built
    /// (a checkpoint's `model` metadata, `--dropout`) instead of being refused.
    @Test func aDropoutThatRoundsToOneIsRefused() throws {
        var config = LanguageModelConfig(cell: .lstm, vocabularySize: 5, embeddingSize: 4, hiddenSize: 4, layers: 2, dropout: 0.99999997)
        try config.validate()
        config.dropout = 0.9999999999999999
        let error = #expect(throws: ConfigurationError.self) { try config.validate() }
        #expect(error?.message == "dropout (LanguageModelConfig.dropout) must be in [0, 1), got 0.9999999999999999, which is 1 as the Float the layers keep")
        config.dropout = 1
        #expect(#expect(throws: ConfigurationError.self) { try config.validate() }?.message == "dropout (LanguageModelConfig.dropout) must be in [0, 1), got 1.0")
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
        for error in errors {
            let message = error?.message ?? "no error"
            #expect(!message.contains("--") && message.contains("."), "\(message)")
        }
    }
}
