import Testing
@testable import RNNKit

/// Sizes from user input are counted before anything is allocated for them.
@Suite struct LanguageModelConfigTests {
    static let kinds = CellKind.allCases

    @Test(arguments: kinds)
    func parameterCountIsTheBuiltModels(kind: CellKind) {
        for (v, e, h, l) in [(7, 5, 6, 3), (65, 256, 256, 2), (3, 1, 1, 1)] {
            let config = LanguageModelConfig(cell: kind, vocabularySize: v, embeddingSize: e, hiddenSize: h, layers: l)
            var generator = SeededGenerator(seed: 1)
            let built = switch kind {
            case .lstm: LanguageModel<LSTMCell<Float>>(config, generator: &generator).parameters.reduce(0) { $0 + $1.value.count }
            case .gru: LanguageModel<GRUCell<Float>>(config, generator: &generator).parameters.reduce(0) { $0 + $1.value.count }
            case .rnn: LanguageModel<ElmanCell<Float>>(config, generator: &generator).parameters.reduce(0) { $0 + $1.value.count }
            }
            #expect(config.parameterCount == built, "\(kind) V \(v) E \(e) H \(h) L \(l)")
        }
    }

    /// The parameters of a model of `config`, as a PyTorch state_dict file.
    func stateDict(_ config: LanguageModelConfig) -> SafetensorsFile {
        var generator = SeededGenerator(seed: 1)
        return switch config.cell {
        case .lstm: SafetensorsFile(parameters: LanguageModel<LSTMCell<Float>>(config, generator: &generator).parameters)
        case .gru: SafetensorsFile(parameters: LanguageModel<GRUCell<Float>>(config, generator: &generator).parameters)
        case .rnn: SafetensorsFile(parameters: LanguageModel<ElmanCell<Float>>(config, generator: &generator).parameters)
        }
    }

    @Test(arguments: kinds)
    func shapeIsReadFromAStateDict(kind: CellKind) throws {
        for (v, e, h, l) in [(7, 5, 6, 3), (65, 16, 4, 1), (3, 1, 1, 2)] {
            let config = LanguageModelConfig(cell: kind, vocabularySize: v, embeddingSize: e, hiddenSize: h, layers: l, dropout: 0.25)
            #expect(try LanguageModelConfig(stateDictOf: stateDict(config), dropout: 0.25) == config, "\(kind) V \(v) E \(e) H \(h) L \(l)")
        }
    }

    @Test func stateDictsWithoutAReadableShapeAreRefused() {
        let lstm = stateDict(LanguageModelConfig(cell: .lstm, vocabularySize: 7, embeddingSize: 5, hiddenSize: 6, layers: 2))
        func refused(_ edit: (inout SafetensorsFile) -> Void, _ expected: String) {
            var file = lstm
            edit(&file)
            let error = #expect(throws: CheckpointError.self) { try LanguageModelConfig(stateDictOf: file) }
            #expect(error?.reason.contains(expected) == true, "\(error?.reason ?? "") mentions \(expected)")
        }
        refused({ $0.tensors["embed.weight"] = nil }, "no tensor \"embed.weight\"")
        refused({ $0.tensors["rnn.weight_hh_l0"] = nil }, "no tensor \"rnn.weight_hh_l0\"")
        refused({ $0.tensors["rnn.weight_hh_l0"] = AnyTensor(Tensor<Float>(zeros: [12, 6])) }, "not 4, 3 or 1 times its columns")
        refused({ $0.tensors["rnn.weight_hh_l0"] = AnyTensor(Tensor<Float>(zeros: [24])) }, "expected 2 positive sizes")
        refused({ $0.tensors["rnn.weight_hh_l0_reverse"] = $0.tensors["rnn.weight_hh_l0"] }, "bidirectional")
    }

    @Test func recurrentParameterCountIsTheBuiltStack() {
        var g = SeededGenerator(seed: 1)
        for (layers, bidirectional) in [(1, false), (3, true), (2, true)] {
            let d = bidirectional ? 2 : 1
            let lstm = LSTM<Float>(inputSize: 5, hiddenSize: 7, layers: layers, bidirectional: bidirectional, generator: &g)
            let gru = GRU<Float>(inputSize: 5, hiddenSize: 7, layers: layers, bidirectional: bidirectional, generator: &g)
            #expect(recurrentParameterCount(gates: 4, inputSize: 5, hiddenSize: 7, layers: layers, directions: d)
                    == lstm.parameters.reduce(0) { $0 + $1.value.count })
            #expect(recurrentParameterCount(gates: 3, inputSize: 5, hiddenSize: 7, layers: layers, directions: d)
                    == gru.parameters.reduce(0) { $0 + $1.value.count })
            let elman = ElmanRNN<Float>(inputSize: 5, hiddenSize: 7, layers: layers, bidirectional: bidirectional, bias: false,
                                        generator: &g)
            #expect(recurrentParameterCount(gates: 1, inputSize: 5, hiddenSize: 7, layers: layers, directions: d, bias: false)
                    == elman.parameters.reduce(0) { $0 + $1.value.count })
            for bias in [true, false] {
                let projected = LSTM<Float>(inputSize: 5, hiddenSize: 7, layers: layers, bidirectional: bidirectional, bias: bias,
                                            projectionSize: 3, generator: &g)
                #expect(recurrentParameterCount(gates: 4, inputSize: 5, hiddenSize: 7, layers: layers, directions: d, bias: bias,
                                                projectionSize: 3) == projected.parameters.reduce(0) { $0 + $1.value.count })
            }
        }
    }

    @Test func sizesThatOverflowAreNotCounted() {
        let huge = LanguageModelConfig(vocabularySize: 65, embeddingSize: 256, hiddenSize: 1 << 62, layers: 2)
        #expect(huge.parameterCount == nil)
        #expect(huge.trainingBytes(batch: 32, steps: 100) == nil)
        let fine = LanguageModelConfig(vocabularySize: 65, embeddingSize: 256, hiddenSize: 256, layers: 2)
        #expect(fine.trainingBytes(batch: 1 << 62, steps: 4) == nil)
    }

    @Test func trainingBytesCountParametersFourTimesAndTheActivations() throws {
        let config = LanguageModelConfig(vocabularySize: 65, embeddingSize: 256, hiddenSize: 256, layers: 2)
        let p = try #require(config.parameterCount)
        // Per position: 2 layers × (4 gates + 3) × 256 + 2 × 65 floats.
        #expect(config.trainingBytes(batch: 32, steps: 100) == 4 * (4 * p + 32 * 100 * (2 * 7 * 256 + 130)))
    }

    @Test func modelsLargerThanMemoryAreRefused() {
        let memory = CheckedSize.physicalMemory
        // Hidden 2^24: 4·2^24·(2^24 + 2^24) ≈ 2^51 parameters per layer, far beyond any machine.
        let large = LanguageModelConfig(vocabularySize: 65, embeddingSize: 1 << 24, hiddenSize: 1 << 24, layers: 1)
        #expect(throws: ConfigurationError.self) { try large.validate() }
        let huge = LanguageModelConfig(vocabularySize: 65, embeddingSize: 256, hiddenSize: 1 << 62, layers: 2)
        #expect(throws: ConfigurationError.self) { try huge.validate() }
        let fine = LanguageModelConfig(vocabularySize: 65, embeddingSize: 256, hiddenSize: 256, layers: 2)
        #expect(throws: Never.self) { try fine.validate() }
        #expect(throws: Never.self) { try fine.requireTrainingMemory(batch: 32, steps: 100) }
        #expect(throws: ConfigurationError.self) { try fine.requireTrainingMemory(batch: memory, steps: 100) }
    }
}
