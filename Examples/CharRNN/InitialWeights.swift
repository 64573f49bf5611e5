import RNNKit

/// The weights `train --init-from` starts from: a char-rnn checkpoint, or a PyTorch
/// `state_dict` saved with safetensors. Either way the file gives the model's shape.
/// A checkpoint's run reads the text with the checkpoint's vocabulary, so any text made
/// of its characters fits (fine-tuning on another text); a state_dict's rows are the
/// data's own sorted characters.
struct InitialWeights {
    /// The tensors, by their PyTorch names.
    var file: SafetensorsFile
    /// The checkpoint, when the file is one: the text is read with its vocabulary.
    var checkpoint: LanguageModelCheckpoint?
    /// The model's shape: the checkpoint's, or read from the tensors.
    var config: LanguageModelConfig

    /// Reads `path`; `dropout` replaces the checkpoint's (a state_dict has none; 0 then). A file RNNKit wrote is read as a
    /// checkpoint, which refuses another kind (a forecast model) saying what it is; any other file as a state_dict.
    init(path: String, dropout: Double?) throws {
        file = try LanguageModelCheckpoint.readFile(path)
        if file.rnnKitKind != nil {
            let checkpoint = try LanguageModelCheckpoint(file: file)
            self.checkpoint = checkpoint
            config = checkpoint.config
            config.dropout = dropout ?? checkpoint.config.dropout
        } else {
            config = try LanguageModelConfig(stateDictOf: file, dropout: dropout ?? 0)
        }
    }

    /// Checks that a state_dict has one embedding row per character of `corpus` (a checkpoint's
    /// run reads the text with the checkpoint's vocabulary, so it fits by construction).
    func requireFits(_ corpus: TextCorpus) throws {
        if checkpoint == nil, config.vocabularySize != corpus.vocabulary.count {
            throw CheckpointError(file: file.source, reason: "its embedding has \(CountText.of(config.vocabularySize, "row")), one per character, "
                + "but the data has \(CountText.of(corpus.vocabulary.count, "character"))")
        }
    }
}
