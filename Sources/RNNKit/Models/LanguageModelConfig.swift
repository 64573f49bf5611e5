import RNNCore

/// The shape of a ``LanguageModel``: which cell, and its sizes. Saved in every
/// checkpoint, so a model can be rebuilt from the file alone.
///
/// Legend: V vocabulary, E embedding size, H hidden size, L layers.
public struct LanguageModelConfig: Codable, Equatable, Sendable {
    /// The recurrent cell of the stack.
    public var cell: CellKind
    /// V, the number of distinct tokens (characters).
    public var vocabularySize: Int
    /// E, the size of the token vectors (the stack's input size).
    public var embeddingSize: Int
    /// H, the size of each layer's hidden state.
    public var hiddenSize: Int
    /// L, the number of stacked recurrent layers.
    public var layers: Int
    /// Dropout probability between layers (training only), in [0, 1).
    public var dropout: Double

    /// A shape, not checked until ``validate()``; the defaults are an LSTM without dropout.
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

    /// Checks every size, the dropout probability, and that the parameters fit in this machine's memory.
    /// - Throws: ``ConfigurationError`` naming the first invalid value.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.requirePositive(vocabularySize, "vocabulary size (\(setting: "LanguageModelConfig.vocabularySize"))")
        try ConfigurationError.requirePositive(hiddenSize, "hidden size (\(setting: "LanguageModelConfig.hiddenSize"))")
        try ConfigurationError.requirePositive(embeddingSize, "embedding size (\(setting: "LanguageModelConfig.embeddingSize"))")
        try ConfigurationError.requirePositive(layers, "number of layers (\(setting: "LanguageModelConfig.layers"))")
        try ConfigurationError.requireDropout(dropout, setting: "LanguageModelConfig.dropout")
        let memory = CheckedSize.physicalMemory, count = parameterCount, bytes = CheckedSize.product(count, 4)
        guard let bytes, bytes <= memory else {
            let size = count.map { c in "\(c) parameters" + (bytes.map { " (\(CheckedSize.gibibytes($0)) as Float)" } ?? "")
                + ", more than this machine's memory (\(CheckedSize.gibibytes(memory)))" } ?? "more parameters than can be counted"
            throw ConfigurationError("a model of this shape has \(size); use a smaller \(setting: "LanguageModelConfig.hiddenSize"), \(setting: "LanguageModelConfig.embeddingSize") or \(setting: "LanguageModelConfig.layers")")
        }
    }

    /// The number of parameters, or nil when it overflows `Int`: the embedding V·E, the stack
    /// (``recurrentParameterCount(gates:inputSize:hiddenSize:layers:directions:bias:projectionSize:)``) and the head V·H + V.
    public var parameterCount: Int? {
        CheckedSize.sum(CheckedSize.product(vocabularySize, embeddingSize),
                        recurrentParameterCount(gates: cell.gates, inputSize: embeddingSize, hiddenSize: hiddenSize, layers: layers),
                        CheckedSize.product(vocabularySize, CheckedSize.sum(hiddenSize, 1)))
    }

    /// Bytes that training on B streams with updates through T steps needs at the least, or nil when it
    /// overflows `Int`: the Float parameters four times (weights, gradients, two optimizer moments), and
    /// for each of the B·T positions the activations every layer keeps for backward, (G + 3)·H, and the
    /// logits with their gradient, 2·V.
    public func trainingBytes(batch: Int, steps: Int) -> Int? {
        let perPosition = CheckedSize.sum(CheckedSize.product(layers, cell.gates + 3, hiddenSize), CheckedSize.product(2, vocabularySize))
        let floats = CheckedSize.sum(CheckedSize.product(4, parameterCount), CheckedSize.product(batch, steps, perPosition))
        return CheckedSize.product(4, floats)
    }

    /// Checks that training on B streams through T steps fits in this machine's memory (``trainingBytes(batch:steps:)``).
    /// - Throws: ``ConfigurationError`` with the estimate and the machine's memory.
    public func requireTrainingMemory(batch: Int, steps: Int) throws(ConfigurationError) {
        let memory = CheckedSize.physicalMemory, bytes = trainingBytes(batch: batch, steps: steps)
        guard let bytes, bytes <= memory else {
            throw ConfigurationError("training needs \(bytes.map { "at least \(CheckedSize.gibibytes($0))" } ?? "more memory than can be counted") "
                + "(parameters, gradients, optimizer state and the activations of \(CountText.of(batch, "stream")) × \(CountText.of(steps, "step"))), more than this "
                + "machine's memory (\(CheckedSize.gibibytes(memory))); use a smaller \(setting: "LanguageModelConfig.hiddenSize"), \(setting: "LanguageModelConfig.layers"), \(setting: "TrainingSettings.batchSize") or \(setting: "TrainingSettings.bpttWindow") (which \(setting: "TrainingSettings.sequenceLength") sets by default)")
        }
    }
}

extension LanguageModel where Cell: BuiltinCell {
    /// A freshly initialized model of the given shape (the config's cell must be `Cell`).
    /// - Parameters:
    ///   - config: validated sizes; `config.cell == Cell.kind`.
    ///   - generator: the random stream: the stack `rnn.*` first, then embedding and head.
    public init(_ config: LanguageModelConfig, generator: inout SeededGenerator) {
        precondition(config.cell == Cell.kind, "LanguageModel: config for \(config.cell) built as \(Cell.kind)")
        let rnn = Cell.stack(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                             dropout: config.dropout, name: "rnn", generator: &generator)
        self.init(vocabularySize: config.vocabularySize, rnn: rnn, generator: &generator)
    }
}
