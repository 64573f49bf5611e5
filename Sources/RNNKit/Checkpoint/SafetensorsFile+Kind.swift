extension SafetensorsFile {
    /// What RNNKit wrote the file as, with the commands that read it: `a char-rnn checkpoint, …` (a
    /// ``LanguageModelCheckpoint``) or `a forecast model, …` (a ``ForecastCheckpoint``); nil for any other file (a PyTorch
    /// `state_dict`, say). The one place where a refusal of a file of the other kind says what the file is.
    public var rnnKitKind: String? {
        if metadata[LanguageModelCheckpoint.formatKey] == LanguageModelCheckpoint.formatName {
            return "a char-rnn checkpoint, which `char-rnn sample --checkpoint`, `evaluate` and `train` read"
        }
        if metadata[ForecastCheckpoint.metadataKey] != nil { return "a forecast model, which `forecast predict --model` reads" }
        return nil
    }
}
