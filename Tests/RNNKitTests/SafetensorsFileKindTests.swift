import RNNCore
import RNNKit
import Testing

/// What RNNKit wrote a file as, from its metadata alone: the kind a refusal of a file of the other tool names.
@Suite struct SafetensorsFileKindTests {
    /// A PyTorch file saved by `safetensors.torch.save_file` records `{"format": "pt"}`: another value of the key a
    /// language-model checkpoint records its format under, so not a char-rnn checkpoint (`--init-from` reads it as a
    /// state_dict), and nothing RNNKit wrote.
    @Test func aPyTorchFileWithItsFormatIsNoKindOfRNNKit() {
        #expect(SafetensorsFile(metadata: [LanguageModelCheckpoint.formatKey: "pt"]).rnnKitKind == nil)
        #expect(SafetensorsFile().rnnKitKind == nil)
    }

    @Test func eachKindIsNamedWithTheCommandThatReadsIt() {
        #expect(SafetensorsFile(metadata: [LanguageModelCheckpoint.formatKey: LanguageModelCheckpoint.formatName]).rnnKitKind
                == "a char-rnn checkpoint, which `char-rnn sample --checkpoint`, `evaluate` and `train` read")
        #expect(SafetensorsFile(metadata: [ForecastCheckpoint.metadataKey: "{}"]).rnnKitKind == "a forecast model, which `forecast predict --model` reads")
    }
}
