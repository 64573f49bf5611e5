import RNNCore
import Requirements

/// A stack of recurrent layers unfolded over time on one tape: the one
/// generic unfolding that serves every cell.
///
/// Input x [B, T, I] (batch-first); output [B, T, D·H] where D is 2 when
/// bidirectional (forward and reverse outputs concatenated, forward first)
/// and 1 otherwise; final states, one per layer and direction in PyTorch's
/// order (`l0`, `l0_reverse`, `l1`, …), each `[h]` or `[h, c]` of [B, H].
/// An LSTM with a projection of size P outputs [B, T, D·P] and has h [B, P]
/// (see ``RecurrentCell/stateSizes``); each layer above the first reads D·P.
/// Dropout (probability ``dropout``) is applied to the outputs of every layer
/// but the last, in training mode only (read from the tape).
///
/// Cells with a ``RecurrentCell/fused`` form run on the fused path (one node
/// per layer and direction); others, or ``Path/generic`` on request, run step
/// by step with tape ops. Both give the same values and gradients.
public struct Recurrent<Cell: RecurrentCell>: Module {
    /// The cells' element type (`Float` or `Double`).
    public typealias Scalar = Cell.Scalar

    /// Which implementation unfolds the cells.
    public enum Path: Sendable {
        /// The fused kernels when the cell has them, else generic.
        case automatic
        /// Step by step with tape ops, for any cell.
        case generic
    }

    /// The cells, `cells[layer][direction]`; direction 1 is the reverse one.
    public let cells: [[Cell]]
    /// Dropout probability between layers, in [0, 1): a `Double` for any ``Scalar``, as ``Dropout``'s and PyTorch's.
    public var dropout: Double
    /// Which implementation to use.
    public var path: Path = .automatic

    /// A stack from ready-made cells.
    /// - Parameters:
    ///   - cells: `cells[layer]` holds one cell, or two for a bidirectional
    ///     layer (forward, reverse). Every layer has the same number; layer
    ///     l+1's input size is D times layer l's output size (H, or P with a projection).
    ///   - dropout: probability in [0, 1) of zeroing an output between layers.
    /// Parameter names must be distinct across the stack, as optimizers and safetensors files need them.
    public init(cells: [[Cell]], dropout: Double = 0) {
        require(!cells.isEmpty, "Recurrent: no layers")
        let directions = cells[0].count
        require(directions == 1 || directions == 2, "Recurrent: \(directions) directions per layer; 1 or 2 expected")
        for (l, layer) in cells.enumerated() {
            require(layer.count == directions, "Recurrent: layer \(l) has \(layer.count) directions, layer 0 has \(directions)")
            if l > 0 {
                let expected = directions * cells[l - 1][0].outputSize
                require(layer.allSatisfy { $0.inputSize == expected },
                             "Recurrent: layer \(l) takes input size \(layer[0].inputSize), layer \(l - 1) gives \(expected)")
            }
        }
        require(dropout >= 0 && dropout < 1, "Recurrent: dropout \(dropout) outside [0, 1)")
        requireDistinct(cells.flatMap { $0.flatMap(\.parameters) }.map(\.name)) { name in
            "Recurrent: two parameters of the stack are named \"\(name)\"; each cell must name its parameters "
                + "with the suffix makeCell is given (_l0, _l0_reverse, _l1, …), as the built-in cells do"
        }
        self.cells = cells
        self.dropout = dropout
    }

    /// A stack of `layers` layers built by `makeCell(inputSize, suffix)`, where
    /// the suffix is PyTorch's (`_l0`, `_l0_reverse`, …), to append to the cell's
    /// parameter names, and the input size is I for the first layer, D times the
    /// output size of the layer below for the others. Every cell made must have
    /// hidden size `hiddenSize`.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, dropout: Double = 0,
                makeCell: (_ inputSize: Int, _ suffix: String) -> Cell) {
        require(layers > 0, "Recurrent: layers must be positive, got \(layers)")
        let directions = bidirectional ? 2 : 1
        var cells: [[Cell]] = []
        for l in 0..<layers {
            let input = cells.last.map { directions * $0[0].outputSize } ?? inputSize
            cells.append((0..<directions).map { d in
                let cell = makeCell(input, "_l\(l)" + (d == 1 ? "_reverse" : ""))
                require(cell.hiddenSize == hiddenSize,
                        "Recurrent: makeCell made layer \(l) a cell of hidden size \(cell.hiddenSize) for a stack of hiddenSize \(hiddenSize)")
                return cell
            })
        }
        self.init(cells: cells, dropout: dropout)
    }

    /// Number of layers.
    public var layerCount: Int { cells.count }
    /// 2 when bidirectional, else 1.
    public var directions: Int { cells[0].count }
    /// H of the last layer.
    public var hiddenSize: Int { cells[cells.count - 1][0].hiddenSize }
    /// I of the first layer.
    public var inputSize: Int { cells[0][0].inputSize }
    /// D·H, the feature size of the output (D·P for an LSTM with a projection).
    public var outputSize: Int { directions * cells[cells.count - 1][0].outputSize }

    /// Every parameter in PyTorch's order: layer by layer, forward then reverse.
    public var parameters: [Parameter<Scalar>] { cells.flatMap { $0.flatMap(\.parameters) } }

    /// Zero initial states for a batch, in the order of the final states.
    public func zeroState(batchSize: Int, tape: Tape<Scalar>) -> [[Variable<Scalar>]] {
        cells.flatMap { $0.map { $0.zeroState(batchSize: batchSize, tape: tape) } }
    }

    /// Runs the stack over a batch of sequences.
    /// - Parameters:
    ///   - input: x [B, T, I].
    ///   - initialState: one state per layer and direction (see ``zeroState(batchSize:tape:)``), each tensor [B, H]
    ///     (h [B, P] with a projection); zeros when nil.
    ///   - lengths: per-sample lengths in 0...T, no sorting needed; steps at
    ///     or past a sample's length output zeros, leave its state unchanged and
    ///     add nothing to the gradients. Nil means every sample has length T.
    ///     `Tensor.padded(_:length:)` makes x of sequences of different lengths.
    /// - Returns: outputs [B, T, D·H] and the final states, each sample's at its own length: the forward
    ///   direction's after step length − 1, the reverse direction's after step 0 (it runs from step length − 1
    ///   down), as PyTorch's `h_n` for a packed sequence; the last layer's `h` there is its output at that step.
    public func callAsFunction(_ input: Variable<Scalar>, initialState: [[Variable<Scalar>]]? = nil, lengths: [Int]? = nil)
        -> (output: Variable<Scalar>, state: [[Variable<Scalar>]]) {
        callAsFunction(.dense(input), initialState: initialState, lengths: lengths)
    }

    /// Runs the stack over dense or token input; see ``SequenceInput``. Token
    /// input on the fused path never materializes the embedded sequence.
    /// - Returns: outputs [B, T, D·H] and the final states, each sample's at its own length.
    public func callAsFunction(_ input: SequenceInput<Scalar>, initialState: [[Variable<Scalar>]]? = nil, lengths: [Int]? = nil)
        -> (output: Variable<Scalar>, state: [[Variable<Scalar>]]) {
        let (output, state) = unfoldLayers(input, initialState: initialState, lengths: lengths, keepsOutput: true)
        return (output!, state)
    }

    /// Runs every layer; the last one's outputs may be left unformed when `keepsOutput` is false (see
    /// ``finalStates(_:initialState:lengths:)``).
    /// - Returns: outputs [B, T, D·H] (possibly nil without `keepsOutput`) and the final states.
    // Specialized for the built-in cells: callers that open the cell type at run time (CellKind.cellType,
    // as forecast's networks do) ran the stack unspecialized, with a metadata look-up for each of its arrays.
    @_specialize(where Cell == LSTMCell<Float>)
    @_specialize(where Cell == GRUCell<Float>)
    @_specialize(where Cell == ElmanCell<Float>)
    func unfoldLayers(_ input: SequenceInput<Scalar>, initialState: [[Variable<Scalar>]]?, lengths: [Int]?, keepsOutput: Bool)
        -> (output: Variable<Scalar>?, state: [[Variable<Scalar>]]) {
        if case .dense(let x) = input { require(x.value.rank == 3, "Recurrent: input must be [B, T, I], got \(x.shape)") }
        if case let .tokens(ids, batch, steps, table) = input {
            require(batch >= 0 && steps >= 0 && ids.count == batch * steps,
                         "Recurrent: \(ids.count) token ids for [B, T] = [\(batch), \(steps)]; expected B·T of them")
            require(table.value.rank == 2, "Recurrent: the embedding table must be [V, I], got \(table.shape)")
            if let bad = ids.first(where: { $0 < 0 || $0 >= table.shape[0] }) {
                failRequirement("Recurrent: token id \(bad) outside 0..<\(table.shape[0]), the embedding table's rows (the vocabulary size V)")
            }
        }
        require(input.featureSize == inputSize, "Recurrent: input [B, T, \(input.featureSize)] for input size \(inputSize)")
        let tape = input.tape
        let initial = initialState ?? zeroState(batchSize: input.batch, tape: tape)
        require(initial.count == layerCount * directions,
                     "Recurrent: \(initial.count) initial states for \(layerCount * directions) layer directions")
        var x = input
        var finalStates: [[Variable<Scalar>]] = []
        for (l, layer) in cells.enumerated() {
            if l > 0 && dropout > 0 && tape.isTraining { x = .dense(Dropout<Scalar>(probability: dropout)(x.dense())) }
            var outputs: [Variable<Scalar>] = []
            for (d, cell) in layer.enumerated() {
                let state = initial[l * directions + d]
                let (y, final) = run(cell, x, state: state, lengths: lengths, reverse: d == 1,
                                     keepsOutput: keepsOutput || l < cells.count - 1)
                y.map { outputs.append($0) }
                finalStates.append(final)
            }
            guard outputs.count == layer.count else { return (nil, finalStates) }   // the last layer's, left unformed
            x = .dense(outputs.count == 1 ? outputs[0] : Variable.concat(outputs, axis: -1))
        }
        return (x.dense(), finalStates)
    }

    /// One layer in one direction: fused when possible, else step by step.
    /// - Returns: the outputs (nil when not `keepsOutput` and the fused path ran for inference) and the final state.
    private func run(_ cell: Cell, _ x: SequenceInput<Scalar>, state: [Variable<Scalar>], lengths: [Int]?, reverse: Bool,
                     keepsOutput: Bool) -> (Variable<Scalar>?, [Variable<Scalar>]) {
        require(state.count == cell.stateCount, "Recurrent: an initial state of \(state.count) tensors for a cell whose state has "
                     + "\(cell.stateCount), h first ([h] for a GRU or Elman layer, [h, c] for an LSTM, each [B, H])")
        let stateShapes = cell.stateSizes.map { [x.batch, $0] }
        require(state.map { $0.shape } == stateShapes,
                     "Recurrent: initial state \(state.map { $0.shape }) for batch \(x.batch) and hidden size \(cell.hiddenSize); "
                     + (Set(cell.stateSizes).count == 1 ? "each must be [B, H] = \(stateShapes[0])"
                        : "they must be \(stateShapes) (h [B, P] and c [B, H] for an LSTM with a projection)"))
        if path == .automatic, let fused = cell.fused {
            return FusedSequence(kind: fused.kind, relu: fused.relu, weights: fused.weights)(x, state: state, lengths: lengths, reverse: reverse,
                                                                                             keepsOutput: keepsOutput)
        }
        return unfold(cell, x.dense(), state: state, lengths: lengths, reverse: reverse)
    }

    /// The generic path: `cell.step` once per time step on the tape.
    private func unfold(_ cell: Cell, _ x: Variable<Scalar>, state initial: [Variable<Scalar>], lengths: [Int]?, reverse: Bool)
        -> (Variable<Scalar>, [Variable<Scalar>]) {
        let (batch, steps) = (x.shape[0], x.shape[1])
        let active = ActiveSteps(lengths: lengths, batch: batch, steps: steps)
        var state = initial
        if steps == 0 { return (x.tape.constant(Tensor(zeros: [batch, 0, cell.outputSize])), state) }
        var outputs = [Variable<Scalar>?](repeating: nil, count: steps)
        let stateShapes = cell.stateSizes.map { [batch, $0] }
        for s in 0..<steps {
            let t = reverse ? steps - 1 - s : s
            var next = cell.step(x.select(axis: 1, t), state: state)
            // A closure, not the key path \.shape: in this generic code (unspecialized for a cell of another module)
            // a key path is instantiated at run time on every step.
            require(next.map { $0.shape } == stateShapes,
                    "Recurrent: \(Cell.self).step returned a state \(next.map { $0.shape }) for batch \(batch); it must return stateCount = "
                    + "\(cell.stateCount) tensors [B, stateSizes[k]] = \(stateShapes), h first, as the state it was given")
            if active.lengths != nil {
                // keep [B, width] = 1 where the step is inside the sample's length, else 0; one per state width.
                func mask(width: Int) -> Variable<Scalar> {
                    var keep = Tensor<Scalar>(zeros: [batch, width])
                    for b in 0..<batch where active.contains(b, t) {
                        for k in 0..<width { keep[flat: b * width + k] = 1 }
                    }
                    return x.tape.constant(keep)
                }
                let masks = Dictionary(uniqueKeysWithValues: Set(cell.stateSizes).map { ($0, mask(width: $0)) })
                next = zip(next, state).map { new, old in old + masks[old.shape[1]]! * (new - old) }
                outputs[t] = masks[cell.outputSize]! * next[0]
            } else {
                outputs[t] = next[0]
            }
            state = next
        }
        return (Variable.stack(outputs.map { $0! }, axis: 1), state)
    }
}
