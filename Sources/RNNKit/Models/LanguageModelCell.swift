import RNNCore

/// A cell a ``LanguageModel`` can be built from a ``LanguageModelConfig``:
/// the built-in LSTM, GRU and Elman (tanh) cells.
public protocol LanguageModelCell: RecurrentCell {
    /// The config's name for this cell.
    static var kind: CellKind { get }
    /// A stack `rnn.*` of `config.layers` layers, E -> H, with PyTorch's initialization.
    static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self>
}

extension LSTMCell: LanguageModelCell {
    public static var kind: CellKind { .lstm }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension GRUCell: LanguageModelCell {
    public static var kind: CellKind { .gru }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension ElmanCell: LanguageModelCell {
    public static var kind: CellKind { .rnn }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), activation: .tanh, generator: &generator)
    }
}
