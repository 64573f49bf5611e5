import Testing
import _TestSupport
import RNNKit
import SequenceData

/// Language models without biases (`LanguageModelConfig.bias`) or over an LSTM with a projection
/// (`LanguageModelConfig.projectionSize`): their configurations encode as before when they are the
/// defaults, are checked, counted, read from PyTorch state dicts, and train, save and resume.
@Suite struct LanguageModelOptionsTests {
    static let projected = LanguageModelConfig(vocabularySize: 8, embeddingSize: 5, hiddenSize: 6, layers: 2, bias: false,
                                               projectionSize: 3)

    /// The configuration of every checkpoint written before these options existed decodes to the defaults, and the
    /// defaults encode without them, so such checkpoints are written as before.
    @Test func theDefaultsEncodeAsBeforeAndEarlierConfigurationsDecodeToThem() throws {
        let config = LanguageModelConfig(vocabularySize: 7, embeddingSize: 5, hiddenSize: 6, layers: 2)
        let earlier = #"{"cell":"lstm","dropout":0,"embedding_size":5,"hidden_size":6,"layers":2,"vocabulary_size":7}"#
        #expect(MetadataJSON.encode(config) == earlier)
        #expect(try MetadataJSON.decode(LanguageModelConfig.self, from: earlier) == config)
        let text = MetadataJSON.encode(Self.projected)
        #expect(text == #"{"bias":false,"cell":"lstm","dropout":0,"embedding_size":5,"hidden_size":6,"layers":2,"#
                + #""projection_size":3,"vocabulary_size":8}"#)
        #expect(try MetadataJSON.decode(LanguageModelConfig.self, from: text) == Self.projected)
    }

    @Test func aProjectionIsForAnLSTMSmallerThanItsHiddenSize() throws {
        var config = Self.projected
        try config.validate()
        config.cell = .gru
        #expect(throws: ConfigurationError("a projection (\(setting: "LanguageModelConfig.projectionSize")) is for an LSTM; this model's cell is gru")) {
            try config.validate()
        }
        config.cell = .lstm
        for size in [0, 6, 7] {
            config.projectionSize = size
            let error = #expect(throws: ConfigurationError.self) { try config.validate() }
            #expect(error?.message == "the projection size (LanguageModelConfig.projectionSize) must be in 1..<6, below the hidden size "
                    + "(LanguageModelConfig.hiddenSize) as PyTorch's proj_size, got \(size)")
        }
    }

    /// The count is the built model's, and the configuration is read back from the model's state dict.
    @Test(arguments: [Self.projected, LanguageModelConfig(vocabularySize: 8, embeddingSize: 5, hiddenSize: 6, layers: 2, projectionSize: 2),
                      LanguageModelConfig(vocabularySize: 8, embeddingSize: 5, hiddenSize: 6, layers: 2, bias: false)])
    func anLSTMIsCountedAndReadFromItsStateDict(config: LanguageModelConfig) throws {
        var generator = SeededGenerator(seed: 1)
        let model = LanguageModel<LSTMCell<Float>>(config, generator: &generator)
        #expect(config.parameterCount == model.parameters.reduce(0) { $0 + $1.value.count })
        #expect(model.head.weight.shape == [8, config.projectionSize ?? 6])
        #expect(try LanguageModelConfig(stateDictOf: SafetensorsFile(parameters: model.parameters)) == config)
    }

    @Test func aGRUWithoutBiasesIsReadFromItsStateDict() throws {
        let config = LanguageModelConfig(cell: .gru, vocabularySize: 8, embeddingSize: 5, hiddenSize: 6, layers: 3, bias: false)
        var generator = SeededGenerator(seed: 1)
        let model = LanguageModel<GRUCell<Float>>(config, generator: &generator)
        #expect(config.parameterCount == model.parameters.reduce(0) { $0 + $1.value.count })
        #expect(try LanguageModelConfig(stateDictOf: SafetensorsFile(parameters: model.parameters)) == config)
    }

    /// A `weight_hr` whose P is not the columns of `weight_hh` is refused, naming both.
    @Test func aProjectionThatDoesNotFitTheRecurrentWeightsIsRefused() {
        var generator = SeededGenerator(seed: 1)
        var file = SafetensorsFile(parameters: LanguageModel<LSTMCell<Float>>(Self.projected, generator: &generator).parameters)
        file.tensors["rnn.weight_hr_l0"] = AnyTensor(Tensor<Float>(zeros: [2, 6]))
        let error = #expect(throws: CheckpointError.self) { try LanguageModelConfig(stateDictOf: file) }
        #expect(error?.reason.contains("\"rnn.weight_hh_l0\" has shape [24, 3]; with \"rnn.weight_hr_l0\" of shape [2, 6] "
                                        + "(an LSTM's projection [P, H]) it must be [4H, P] = [24, 2]") == true, "\(String(describing: error))")
    }

    /// A `weight_hr` as wide as H (P = H, which PyTorch refuses) is refused naming the file and the tensor, not the
    /// `--hidden` a state dict's shape cannot come from.
    @Test func aProjectionNotNarrowerThanItsHiddenSizeIsRefusedNamingTheTensor() {
        var generator = SeededGenerator(seed: 1)
        var file = SafetensorsFile(parameters: LanguageModel<LSTMCell<Float>>(Self.projected, generator: &generator).parameters)
        file.source = "lstm.safetensors"
        file.tensors["rnn.weight_hh_l0"] = AnyTensor(Tensor<Float>(zeros: [24, 6]))
        file.tensors["rnn.weight_hr_l0"] = AnyTensor(Tensor<Float>(zeros: [6, 6]))
        #expect(throws: CheckpointError(file: "lstm.safetensors", reason: "\"rnn.weight_hr_l0\" has shape [6, 6]; an LSTM's projection [P, H] "
                                           + "needs P below H, as PyTorch's proj_size below hidden_size")) {
            try LanguageModelConfig(stateDictOf: file)
        }
    }

    /// A run saves its checkpoint with the options, and resumes from it with the carried state h [B, P], c [B, H].
    @Test func aRunWithAProjectionSavesAndResumes() throws {
        let corpus = try TextCorpus(text: String(repeating: "abcdefgh", count: 25))
        let settings = TrainingSettings(sequenceLength: 5, batchSize: 2)
        let first = try LanguageModelTraining<LSTMCell<Float>>(config: Self.projected, settings: settings, corpus: corpus, dataPath: "<text>")
        let dir = try TemporaryDirectory()
        _ = try first.run(StopConditions(maxSteps: 2), checkpointDirectory: dir.url.path) { _ in }
        let latest = try LanguageModelCheckpoint(contentsOf: LanguageModelCheckpoint.runFiles(in: dir.url.path).latest)
        #expect(latest.config == Self.projected)
        #expect(latest.tensors["rnn.bias_ih_l0"] == nil && latest.tensors["rnn.weight_hr_l1"]?.shape == [3, 6])
        let resumed = try LanguageModelTraining<LSTMCell<Float>>(resuming: latest, corpus: corpus)
        #expect(try resumed.run(StopConditions(maxSteps: 4), checkpointDirectory: nil) { _ in }.step == 4)
    }
}
