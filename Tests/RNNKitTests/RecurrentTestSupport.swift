import RNNKit

/// The three built-in cells, for parameterized tests.
enum TestCell: String, CaseIterable, Sendable, CustomStringConvertible {
    case lstm, gru, rnnTanh, rnnReLU
    var description: String { rawValue }
}

/// The layer shapes the gradient checks cover.
enum StackShape: String, CaseIterable, Sendable, CustomStringConvertible {
    case oneLayer, twoLayers, bidirectional
    var description: String { rawValue }
    var layers: Int { self == .twoLayers ? 2 : 1 }
    var bidirectional: Bool { self == .bidirectional }
}

/// What a built-in stack is made with besides its cell and sizes: PyTorch's `bias`, and an LSTM's `proj_size`.
struct CellOptions: Sendable, CustomStringConvertible {
    var bias = true
    /// P, for an LSTM only; nil for no projection.
    var projectionSize: Int? = nil
    /// PyTorch's defaults: biases, no projection.
    static let defaults = CellOptions()
    /// `bias: false`.
    static let noBias = CellOptions(bias: false)
    var description: String { (bias ? "biases" : "no biases") + (projectionSize.map { ", projected to \($0)" } ?? "") }
}

/// A recurrent stack of any built-in cell behind one interface.
struct AnyStack<Scalar: RecurrentScalar> {
    let parameters: [Parameter<Scalar>]
    let run: (Variable<Scalar>, [[Variable<Scalar>]]?, [Int]?) -> (output: Variable<Scalar>, state: [[Variable<Scalar>]])
    let runInput: (SequenceInput<Scalar>, [[Variable<Scalar>]]?, [Int]?) -> (output: Variable<Scalar>, state: [[Variable<Scalar>]])
    let zeroState: (Int, Tape<Scalar>) -> [[Variable<Scalar>]]
    /// ``Recurrent/finalStates(_:initialState:lengths:)``.
    let finalStates: (Variable<Scalar>, [[Variable<Scalar>]]?, [Int]?) -> [[Variable<Scalar>]]
    /// A stepper with this embedding table (or none) and batch size.
    let stepper: (Tensor<Scalar>?, Int) -> RecurrentStepper<Scalar>?

    init(_ kind: TestCell, inputSize: Int, hiddenSize: Int, shape: StackShape, options: CellOptions = .defaults,
         generic: Bool = false, seed: UInt64 = 7) {
        self.init(kind, inputSize: inputSize, hiddenSize: hiddenSize, layers: shape.layers, bidirectional: shape.bidirectional,
                  options: options, generic: generic, seed: seed)
    }

    init(_ kind: TestCell, inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool, options: CellOptions = .defaults,
         generic: Bool = false, seed: UInt64 = 7) {
        var g = SeededGenerator(seed: seed)
        switch kind {
        case .lstm:
            var r = LSTM<Scalar>(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers,
                                 bidirectional: bidirectional, bias: options.bias, projectionSize: options.projectionSize,
                                 generator: &g)
            if generic { r.path = .generic }
            self.init(r)
        case .gru:
            precondition(options.projectionSize == nil, "a projection is for an LSTM")
            var r = GRU<Scalar>(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers,
                                bidirectional: bidirectional, bias: options.bias, generator: &g)
            if generic { r.path = .generic }
            self.init(r)
        case .rnnTanh, .rnnReLU:
            precondition(options.projectionSize == nil, "a projection is for an LSTM")
            var r = ElmanRNN<Scalar>(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers,
                                     bidirectional: bidirectional, activation: kind == .rnnTanh ? .tanh : .relu,
                                     bias: options.bias, generator: &g)
            if generic { r.path = .generic }
            self.init(r)
        }
    }

    init<Cell: RecurrentCell>(_ r: Recurrent<Cell>) where Cell.Scalar == Scalar {
        parameters = r.parameters
        run = { r($0, initialState: $1, lengths: $2) }
        runInput = { r($0, initialState: $1, lengths: $2) }
        zeroState = { r.zeroState(batchSize: $0, tape: $1) }
        finalStates = { r.finalStates($0, initialState: $1, lengths: $2) }
        stepper = { RecurrentStepper(r, embedding: $0, batchSize: $1) }
    }
}

/// Deterministic pseudo-random tensor in [-1, 1).
func randomTensor<Scalar: TensorScalar>(_ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
    var g = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in g.uniform(-1, 1) })
}

/// A scalar loss that depends on every output and every final state, with
/// fixed random weights so no gradient is accidentally symmetric.
func probeLoss<Scalar: TensorScalar>(_ output: Variable<Scalar>, _ state: [[Variable<Scalar>]], seed: UInt64 = 99) -> Variable<Scalar> {
    let tape = output.tape
    var loss = (output * tape.constant(randomTensor(output.shape, seed: seed))).sum()
    for (k, s) in state.flatMap({ $0 }).enumerated() {
        loss = loss + (s * tape.constant(randomTensor(s.shape, seed: seed + 1 + UInt64(k)))).sum()
    }
    return loss
}
