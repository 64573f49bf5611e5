import Requirements

/// Runs a language model one token at a time with its state carried:
/// priming and sampling for generation.
///
/// Built-in unidirectional cells step through ``RecurrentStepper`` (no tape,
/// the embedding projected into the first layer once, buffers reused); other
/// stacks run on an inference tape. Both give the same logits.
///
/// The stepper copies the weights the model has when the generation is made, while
/// the tape reads them at each token: make a new generation after the weights change
/// (another training step, a loaded checkpoint).
public struct TextGeneration<Cell: RecurrentCell> {
    /// The model generated from (its weights as copied at ``init(model:)`` when it steps without a tape).
    public let model: LanguageModel<Cell>
    private var stepper: RecurrentStepper<Cell.Scalar>?
    /// The head's weight [V, H] ([V, P] over an LSTM with a projection) and bias [V] as the stepper's weights were copied
    /// (zeros without a bias).
    private let head: (weight: Tensor<Cell.Scalar>, bias: Tensor<Cell.Scalar>)
    private let tape = Tape<Cell.Scalar>(recording: false)
    private var state: [[Variable<Cell.Scalar>]]? = nil
    /// The logits [1, 1, V] after the last token fed, or nil before any.
    public private(set) var logits: Tensor<Cell.Scalar>?

    /// A generation from a zero state and no ``logits`` yet; copies the weights when the stack can step without a tape.
    /// - Precondition: the model's stack runs forward only: a bidirectional one would see, in its reverse direction,
    ///   only the token just fed.
    public init(model: LanguageModel<Cell>) {
        require(model.rnn.directions == 1, "TextGeneration: the model's stack is bidirectional; generation runs one token at a "
                     + "time, so its reverse direction would see only the current token")
        self.model = model
        stepper = RecurrentStepper(model.rnn, embedding: model.embedding.weight.value)
        head = (model.head.weight.value, model.head.bias?.value ?? Tensor(zeros: [model.vocabularySize]))
    }

    /// Back to a zero state and no ``logits``, on the same weights: for another sample from the start.
    public mutating func reset() {
        stepper?.reset()
        state = nil
        logits = nil
    }

    /// Feeds one token id (in 0..<V) and keeps the state and the next logits.
    public mutating func feed(_ id: Int) {
        if stepper != nil {
            logits = stepper!.logits(feeding: id, head: head)
            return
        }
        let (y, next) = model([id], batch: 1, steps: 1, state: state, tape: tape)
        state = next
        logits = y.value
    }
}

extension RecurrentStepper {
    /// One token through the stack (built with an embedding table, B = 1), then the head: the logits [1, 1, V].
    /// Specialized for Float, as sampling calls it once per token from code generic over the cell.
    /// - Parameter head: the weight [V, R] and bias [V] of the linear head over the last layer's h [1, R].
    @_specialize(where Scalar == Float)
    fileprivate mutating func logits(feeding id: Int, head: (weight: Tensor<Scalar>, bias: Tensor<Scalar>)) -> Tensor<Scalar> {
        step(tokens: [id])
        var out = head.bias
        Tensor.gemm(output, head.weight, transposeB: true, into: &out, beta: 1)  // [1, R]·[V, R]ᵀ
        return out.reshaped([1, 1, head.bias.count])
    }
}
