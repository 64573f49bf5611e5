import RNNCore
import Requirements

/// One step of a recurrent network: a cell maps an input and a state to a new state.
///
/// The state is a list of values, each [B, H]: `[h]` for Elman and GRU cells,
/// `[h, c]` for an LSTM; `h` always comes first and is the cell's output (an
/// LSTM with a projection has h [B, P], see ``stateSizes``).
/// ``step(_:state:)`` is written with tape ops, so any new cell works through
/// ``Recurrent`` unchanged (the generic path). The built-in cells also expose
/// ``fused``, which ``Recurrent`` runs as one coarse node per layer: the input
/// projection of all T steps as one GEMM, fused gate kernels per step, and the
/// weight gradients as one GEMM each over the whole sequence.
///
/// A cell of your own implements ``inputSize``, ``hiddenSize``, ``stateCount``,
/// `parameters` and ``step(_:state:)`` (and ``stateSizes`` when its state tensors
/// are not all H wide); ``step(_:state:)`` returns ``stateCount`` tensors of those
/// widths, h first (``Recurrent`` stops with a message when it does not). It sees
/// one step of the whole batch and nothing else: dropout between layers and
/// per-sample `lengths:` are the stack's (steps past a sample's length are masked
/// after `step`). It runs on the generic path only, so
/// ``RecurrentStepper`` returns nil for it (``TextGeneration`` then steps on a
/// tape), and `LanguageModelTraining` (char-rnn) takes only the ``BuiltinCell``s.
/// Name its parameters with the suffix that
/// ``Recurrent/init(inputSize:hiddenSize:layers:bidirectional:dropout:makeCell:)``
/// gives each layer (`rnn.weight_ih_l1`): the stack refuses two parameters of one
/// name, as optimizers and safetensors files do. The library manual's "Your own cell" has an example.
public protocol RecurrentCell<Scalar>: Module where Scalar: RecurrentScalar {
    /// I, the size of each input vector.
    var inputSize: Int { get }
    /// H, the size of the hidden state (of c and each gate in an LSTM with a projection, whose h is P wide; see ``stateSizes``).
    var hiddenSize: Int { get }
    /// How many tensors make up the state (1: h; 2: h and c).
    var stateCount: Int { get }
    /// The width of each state tensor, h first: H for each by default; an LSTM with a
    /// projection has `[P, H]` (h [B, P], c [B, H]). h's width is the cell's output size.
    var stateSizes: [Int] { get }
    /// One time step on the tape.
    /// - Parameters:
    ///   - input: x_t [B, I].
    ///   - state: the previous state, ``stateCount`` values [B, ``stateSizes``[k]], h first.
    /// - Returns: the new state, h first.
    func step(_ input: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>]
    /// The fused whole-sequence form of this cell, or nil for the generic path.
    var fused: FusedCell<Scalar>? { get }
}

extension RecurrentCell {
    /// Nil by default: a cell without fused kernels runs on the generic, step-by-step path.
    public var fused: FusedCell<Scalar>? { nil }

    /// H for every state tensor by default.
    public var stateSizes: [Int] { Array(repeating: hiddenSize, count: stateCount) }

    /// The width of h, the cell's output: H, or P for an LSTM with a projection.
    public var outputSize: Int { stateSizes[0] }

    /// A zero state for a batch of `batchSize`: ``stateCount`` constants [B, ``stateSizes``[k]].
    public func zeroState(batchSize: Int, tape: Tape<Scalar>) -> [Variable<Scalar>] {
        stateSizes.map { tape.constant(Tensor(zeros: [batchSize, $0])) }
    }
}

/// The parameters of a built-in cell, in PyTorch's layout and order:
/// `weight_ih` [G·H, I], `weight_hh` [G·H, R], then (unless made without
/// biases, PyTorch's `bias=False`) `bias_ih` [G·H] and `bias_hh` [G·H], then
/// (an LSTM with a projection, PyTorch's `proj_size`) `weight_hr` [P, H].
/// G is the number of gates (LSTM 4: i, f, g, o; GRU 3: r, z, n; Elman 1) and
/// R the width of h, which the recurrent weights read: P with a projection, else H.
public struct CellWeights<Scalar: TensorScalar> {
    /// `weight_ih` [G·H, I]: the input weights, one row block per gate.
    public let weightIH: Parameter<Scalar>
    /// `weight_hh` [G·H, R]: the recurrent weights, one row block per gate.
    public let weightHH: Parameter<Scalar>
    /// `bias_ih` [G·H], added to the input projection; nil without biases.
    public let biasIH: Parameter<Scalar>?
    /// `bias_hh` [G·H], added to the recurrent projection (for a GRU's n gate, inside r ⊙ (W_hn h + b_hn));
    /// nil without biases.
    public let biasHH: Parameter<Scalar>?
    /// `weight_hr` [P, H]: an LSTM's projection of `o ⊙ tanh(c)` to h; nil without one.
    public let weightHR: Parameter<Scalar>?

    /// Weights drawn like PyTorch's: every entry U(-1/√H, 1/√H), in the order of ``parameters``.
    /// - Parameters:
    ///   - gates: G.
    ///   - inputSize: I.
    ///   - hiddenSize: H.
    ///   - bias: false for no `bias_ih` and `bias_hh` (PyTorch's `bias=False`).
    ///   - projectionSize: P, in 1..<H, for a `weight_hr` [P, H] (PyTorch's `proj_size`); nil for none.
    ///   - name: the name stem: parameters are called `name.weight_ih` + `suffix`,
    ///     e.g. stem `rnn` and suffix `_l1_reverse` give `rnn.weight_ih_l1_reverse`.
    ///   - suffix: appended to each parameter name.
    ///   - generator: the random stream.
    public init(gates: Int, inputSize: Int, hiddenSize: Int, bias: Bool = true, projectionSize: Int? = nil, name: String,
                suffix: String = "", generator: inout SeededGenerator) {
        require(inputSize > 0 && hiddenSize > 0, "CellWeights: sizes must be positive, got I=\(inputSize) H=\(hiddenSize)")
        if let projectionSize {
            require(projectionSize > 0 && projectionSize < hiddenSize,
                         "CellWeights: projection size \(projectionSize) must be in 1..<H = 1..<\(hiddenSize), as PyTorch's proj_size")
        }
        func draw(_ shape: [Int]) -> Tensor<Scalar> {
            Initializer.pytorchDefault.tensor(shape, fanIn: hiddenSize, generator: &generator)
        }
        let prefix = name.isEmpty ? "" : name + "."
        func parameter(_ stem: String, _ shape: [Int]) -> Parameter<Scalar> {
            Parameter(name: "\(prefix)\(stem)\(suffix)", value: draw(shape))
        }
        let g = gates * hiddenSize
        weightIH = parameter("weight_ih", [g, inputSize])
        weightHH = parameter("weight_hh", [g, projectionSize ?? hiddenSize])
        biasIH = bias ? parameter("bias_ih", [g]) : nil
        biasHH = bias ? parameter("bias_hh", [g]) : nil
        weightHR = projectionSize.map { parameter("weight_hr", [$0, hiddenSize]) }
    }

    /// The parameters in PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr (those there are).
    public var parameters: [Parameter<Scalar>] { [weightIH, weightHH] + [biasIH, biasHH, weightHR].compactMap { $0 } }

    /// I, the input size (the columns of `weight_ih`).
    public var inputSize: Int { weightIH.shape[1] }
    /// H, the hidden size: the columns of `weight_hr` with a projection, else of `weight_hh`.
    public var hiddenSize: Int { weightHR?.shape[1] ?? weightHH.shape[1] }
    /// R, the width of h (the columns of `weight_hh`): P with a projection, else H.
    public var outputSize: Int { weightHH.shape[1] }

    /// `x·W_ihᵀ + b_ih` and `h·W_hhᵀ + b_hh` on the tape (without the biases when there are none):
    /// x [B, I], h [B, R] -> two [B, G·H].
    func projections(_ x: Variable<Scalar>, _ h: Variable<Scalar>) -> (Variable<Scalar>, Variable<Scalar>) {
        let tape = x.tape
        let xw = matmul(x, tape.read(weightIH), transposeB: true)
        let hw = matmul(h, tape.read(weightHH), transposeB: true)
        guard let biasIH, let biasHH else { return (xw, hw) }
        return (xw + tape.read(biasIH), hw + tape.read(biasHH))
    }
}

/// The fused form of a built-in cell: which gate kernels, and its weights.
public struct FusedCell<Scalar: TensorScalar> {
    /// Which cell's gate kernels run: LSTM (G = 4), GRU (G = 3) or Elman (G = 1).
    public let kind: CellKind
    /// For an Elman cell (``CellKind/rnn``), whose kernels take either activation: ReLU instead of tanh.
    /// False for the other cells.
    public let relu: Bool
    /// The cell's parameters, which the fused node reads from the tape.
    public let weights: CellWeights<Scalar>

    /// The fused form of a cell of `kind` over `weights`; `relu` only for an Elman cell.
    init(kind: CellKind, relu: Bool = false, weights: CellWeights<Scalar>) {
        require(!relu || kind == .rnn, "FusedCell: ReLU for a \(kind) cell; only an Elman cell (rnn) has it")
        require(weights.weightHR == nil || kind == .lstm, "FusedCell: a projection (weight_hr) for a \(kind) cell; only an LSTM has one")
        self.kind = kind
        self.relu = relu
        self.weights = weights
    }
}
