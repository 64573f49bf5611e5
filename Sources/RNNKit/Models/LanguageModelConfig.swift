import RNNCore

/// The shape of a ``LanguageModel``: which cell, and its sizes. Saved in every
/// checkpoint, so a model can be rebuilt from the file alone.
///
/// Legend: V vocabulary, E embedding size, H hidden size, L layers.
public struct LanguageModelConfig: Codable, Equatable, Sendable {
    /// The recurrent cell of the stack.
    public enum CellKind: String, Codable, CaseIterable, Sendable {
        /// ``LSTMCell`` (PyTorch `nn.LSTM`).
        case lstm
        /// ``GRUCell`` (PyTorch `nn.GRU`).
        case gru
        /// ``ElmanCell`` with tanh (PyTorch `nn.RNN`).
        case rnn
    }

    public var cell: CellKind
    /// V.
    public var vocabularySize: Int
    /// E, the size of the token vectors (the stack's input size).
    public var embeddingSize: Int
    /// H.
    public var hiddenSize: Int
    /// L.
    public var layers: Int
    /// Dropout probability between layers (training only), in [0, 1).
    public var dropout: Double

    public init(cell: CellKind = .lstm, vocabularySize: Int, embeddingSize: Int, hiddenSize: Int, layers: Int,
                dropout: Double = 0) {
        self.cell = cell
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.dropout = dropout
    }

    enum CodingKeys: String, CodingKey {
        case cell, dropout, layers
        case vocabularySize = "vocabulary_size", embeddingSize = "embedding_size", hiddenSize = "hidden_size"
    }

    /// Checks every size and the dropout probability.
    /// - Throws: ``ConfigurationError`` naming the first invalid value.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.requirePositive(vocabularySize, "vocabulary size")
        try ConfigurationError.requirePositive(hiddenSize, "hidden size (--hidden)")
        try ConfigurationError.requirePositive(embeddingSize, "embedding size (--embedding)")
        try ConfigurationError.requirePositive(layers, "number of layers (--layers)")
        guard dropout >= 0 && dropout < 1 else {
            throw ConfigurationError(message: "dropout (--dropout) must be in [0, 1), got \(dropout)")
        }
    }
}

/// An invalid setting from user input (a flag, a checkpoint's configuration).
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and what was expected.
    public var message: String

    public init(message: String) { self.message = message }

    public var description: String { message }

    /// Throws unless `value` > 0.
    static func requirePositive(_ value: Int, _ name: String) throws(ConfigurationError) {
        guard value > 0 else { throw ConfigurationError(message: "the \(name) must be positive, got \(value)") }
    }
}

/// A cell a ``LanguageModel`` can be built from a ``LanguageModelConfig``:
/// the built-in LSTM, GRU and Elman (tanh) cells.
public protocol LanguageModelCell: RecurrentCell {
    /// The config's name for this cell.
    static var kind: LanguageModelConfig.CellKind { get }
    /// A stack `rnn.*` of `config.layers` layers, E -> H, with PyTorch's initialization.
    static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self>
}

extension LSTMCell: LanguageModelCell {
    public static var kind: LanguageModelConfig.CellKind { .lstm }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension GRUCell: LanguageModelCell {
    public static var kind: LanguageModelConfig.CellKind { .gru }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), generator: &generator)
    }
}

extension ElmanCell: LanguageModelCell {
    public static var kind: LanguageModelConfig.CellKind { .rnn }
    public static func stack(_ config: LanguageModelConfig, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                  dropout: Scalar(config.dropout), activation: .tanh, generator: &generator)
    }
}

extension LanguageModel where Cell: LanguageModelCell {
    /// A freshly initialized model of the given shape (the config's cell must be `Cell`).
    /// - Parameters:
    ///   - config: validated sizes; `config.cell == Cell.kind`.
    ///   - generator: the random stream: the stack first, then embedding and head.
    public init(_ config: LanguageModelConfig, generator: inout SeededGenerator) {
        precondition(config.cell == Cell.kind, "LanguageModel: config for \(config.cell) built as \(Cell.kind)")
        self.init(vocabularySize: config.vocabularySize, rnn: Cell.stack(config, generator: &generator), generator: &generator)
    }
}
