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
    /// `.lstm`: a config whose ``LanguageModelConfig/cell`` is `lstm` builds this cell.
    public static var kind: CellKind { .lstm }
    /// An LSTM stack `rnn.*`: E -> H over `config.layers` layers, `config.dropout` between them, PyTorch's initialization.
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension GRUCell: LanguageModelCell {
    /// `.gru`: a config whose ``LanguageModelConfig/cell`` is `gru` builds this cell.
    public static var kind: CellKind { .gru }
    /// A GRU stack `rnn.*`: E -> H over `config.layers` layers, `config.dropout` between them, PyTorch's initialization.
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension ElmanCell: LanguageModelCell {
    /// `.rnn`: a config whose ``LanguageModelConfig/cell`` is `rnn` builds this cell.
    public static var kind: CellKind { .rnn }
    /// An Elman (tanh) stack `rnn.*`: E -> H over `config.layers` layers, `config.dropout` between them, PyTorch's initialization.
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), activation: .tanh, generator: &generator)
    }
}
