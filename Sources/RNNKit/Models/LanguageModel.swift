import RNNCore
import Requirements

/// A token-level language model: embedding, recurrent stack, linear head.
///
/// ids [B, T] -> Embedding [V, E] -> ``Recurrent`` -> Linear [V, D·H] -> logits [B, T, V]
/// (the head is [V, D·P] over an LSTM with a projection of size P).
/// Parameter names match PyTorch's `CharModel` (`embed.weight`, `rnn.weight_ih_l0`, …,
/// `head.weight`, `head.bias`), so weights move both ways through safetensors.
/// On the fused path the embedding is never materialized: the first layer
/// reads the ids directly (see ``SequenceInput``).
public struct LanguageModel<Cell: RecurrentCell>: Module {
    /// The cells' element type (`Float` or `Double`).
    public typealias Scalar = Cell.Scalar

    /// The token vectors, `embed.weight` [V, E].
    public let embedding: Embedding<Scalar>
    /// The recurrent stack, `rnn.*`.
    public let rnn: Recurrent<Cell>
    /// The output projection, `head.weight` [V, D·H] ([V, D·P] over an LSTM with a projection) and `head.bias` [V].
    public let head: Linear<Scalar>

    /// A model around a ready recurrent stack.
    /// - Parameters:
    ///   - vocabularySize: V.
    ///   - rnn: the stack; its input size is the embedding size E.
    ///   - generator: the random stream for the embedding and the head.
    public init(vocabularySize: Int, rnn: Recurrent<Cell>, generator: inout SeededGenerator) {
        embedding = Embedding(vocabularySize: vocabularySize, embeddingSize: rnn.inputSize, name: "embed", generator: &generator)
        self.rnn = rnn
        head = Linear(inputSize: rnn.outputSize, outputSize: vocabularySize, name: "head", generator: &generator)
    }

    /// V, the number of tokens (the rows of the embedding).
    public var vocabularySize: Int { embedding.vocabularySize }

    /// Every parameter: embedding, stack, head.
    public var parameters: [Parameter<Scalar>] { embedding.parameters + rnn.parameters + head.parameters }

    /// Logits for every step.
    /// - Parameters:
    ///   - ids: [B·T] token ids, sample-major (row b·T + t), each in 0..<V.
    ///   - batch: B; `steps`: T.
    ///   - state: the stack's state to start from (zeros when nil).
    ///   - tape: where to record.
    /// - Returns: logits [B, T, V] and the stack's final state.
    public func callAsFunction(_ ids: [Int], batch: Int, steps: Int, state: [[Variable<Scalar>]]?, tape: Tape<Scalar>)
        -> (logits: Variable<Scalar>, state: [[Variable<Scalar>]]) {
        require(ids.count == batch * steps, "LanguageModel: \(ids.count) ids for [B, T] = [\(batch), \(steps)]")
        let input = SequenceInput.tokens(ids: ids, batch: batch, steps: steps, table: tape.read(embedding.weight))
        let (y, final) = rnn(input, initialState: state)
        return (head(y), final)
    }
}
