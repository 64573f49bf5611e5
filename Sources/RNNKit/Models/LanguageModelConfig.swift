import RNNCore
import Requirements

/// The shape of a ``LanguageModel``: which cell, and its sizes. Saved in every
/// checkpoint, so a model can be rebuilt from the file alone.
///
/// Legend: V vocabulary, E embedding size, H hidden size, L layers, P projection size.
///
/// ``bias`` and ``projectionSize`` are PyTorch's `bias` and an LSTM's `proj_size`. A configuration
/// with their defaults (biases, no projection) encodes without them, as configurations did before
/// they existed, and one without them decodes to the defaults, so checkpoints of either age read alike.
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
    /// False for layers without biases (PyTorch's `bias=False`).
    public var bias: Bool
    /// P in 1..<H for an LSTM whose h is projected to P (PyTorch's `proj_size`; the head then reads P); nil for none.
    public var projectionSize: Int?

    /// A shape, not checked until ``validate()``; the defaults are an LSTM with biases, without dropout or a projection.
    public init(cell: CellKind = .lstm, vocabularySize: Int, embeddingSize: Int, hiddenSize: Int, layers: Int,
                dropout: Double = 0, bias: Bool = true, projectionSize: Int? = nil) {
        self.cell = cell
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.dropout = dropout
        self.bias = bias
        self.projectionSize = projectionSize
    }

    enum CodingKeys: String, CodingKey {
        case cell, dropout, layers, bias
        case vocabularySize = "vocabulary_size", embeddingSize = "embedding_size", hiddenSize = "hidden_size"
        case projectionSize = "projection_size"
    }

    /// Decodes a configuration; `bias` and `projection_size` may be absent (the defaults).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(cell: try c.decode(CellKind.self, forKey: .cell), vocabularySize: try c.decode(Int.self, forKey: .vocabularySize),
                  embeddingSize: try c.decode(Int.self, forKey: .embeddingSize), hiddenSize: try c.decode(Int.self, forKey: .hiddenSize),
                  layers: try c.decode(Int.self, forKey: .layers), dropout: try c.decode(Double.self, forKey: .dropout),
                  bias: try c.decodeIfPresent(Bool.self, forKey: .bias) ?? true,
                  projectionSize: try c.decodeIfPresent(Int.self, forKey: .projectionSize))
    }

    /// Encodes the configuration; `bias` and `projection_size` only when they are not the defaults.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell, forKey: .cell)
        try c.encode(vocabularySize, forKey: .vocabularySize)
        try c.encode(embeddingSize, forKey: .embeddingSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(layers, forKey: .layers)
        try c.encode(dropout, forKey: .dropout)
        if !bias { try c.encode(bias, forKey: .bias) }
        try c.encodeIfPresent(projectionSize, forKey: .projectionSize)
    }

    /// Checks every size, the dropout probability, the projection, and that the parameters fit in this machine's memory.
    /// - Throws: ``ConfigurationError`` naming the first invalid value.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.requirePositive(vocabularySize, "vocabulary size (\(setting: "LanguageModelConfig.vocabularySize"))")
        try ConfigurationError.requirePositive(hiddenSize, "hidden size (\(setting: "LanguageModelConfig.hiddenSize"))")
        try ConfigurationError.requirePositive(embeddingSize, "embedding size (\(setting: "LanguageModelConfig.embeddingSize"))")
        try ConfigurationError.requirePositive(layers, "number of layers (\(setting: "LanguageModelConfig.layers"))")
        try ConfigurationError.requireDropout(dropout, setting: "LanguageModelConfig.dropout")
        if let projectionSize {
            guard cell == .lstm else {
                throw ConfigurationError("a projection (\(setting: "LanguageModelConfig.projectionSize")) is for an LSTM; this model's cell is \(cell)")
            }
            guard projectionSize > 0 && projectionSize < hiddenSize else {
                throw ConfigurationError("the projection size (\(setting: "LanguageModelConfig.projectionSize")) must be in 1..<\(hiddenSize), "
                    + "below the hidden size (\(setting: "LanguageModelConfig.hiddenSize")) as PyTorch's proj_size, got \(projectionSize)")
            }
        }
        let memory = CheckedSize.physicalMemory, count = parameterCount, bytes = CheckedSize.product(count, 4)
        guard let bytes, bytes <= memory else {
            let size = count.map { c in "\(c) parameters" + (bytes.map { " (\(CheckedSize.gibibytes($0)) as Float)" } ?? "")
                + ", more than this machine's memory (\(CheckedSize.gibibytes(memory)))" } ?? "more parameters than can be counted"
            throw ConfigurationError("a model of this shape has \(size); use a smaller \(setting: "LanguageModelConfig.hiddenSize"), \(setting: "LanguageModelConfig.embeddingSize") or \(setting: "LanguageModelConfig.layers")")
        }
    }

    /// The number of parameters, or nil when it overflows `Int`: the embedding V·E, the stack
    /// (``recurrentParameterCount(gates:inputSize:hiddenSize:layers:directions:bias:projectionSize:)``) and the head
    /// V·H + V (V·P + V with a projection).
    public var parameterCount: Int? {
        CheckedSize.sum(CheckedSize.product(vocabularySize, embeddingSize),
                        recurrentParameterCount(gates: cell.gates, inputSize: embeddingSize, hiddenSize: hiddenSize, layers: layers,
                                                bias: bias, projectionSize: projectionSize),
                        CheckedSize.product(vocabularySize, CheckedSize.sum(projectionSize ?? hiddenSize, 1)))
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
        require(config.cell == Cell.kind, "LanguageModel: config for \(config.cell) built as \(Cell.kind)")
        let rnn = Cell.stack(inputSize: config.embeddingSize, hiddenSize: config.hiddenSize, layers: config.layers,
                             dropout: config.dropout, bias: config.bias, projectionSize: config.projectionSize, name: "rnn",
                             generator: &generator)
        self.init(vocabularySize: config.vocabularySize, rnn: rnn, generator: &generator)
    }
}
