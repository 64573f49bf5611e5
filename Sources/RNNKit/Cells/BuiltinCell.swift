import RNNCore
import Requirements

/// A built-in cell, the one a ``CellKind`` names: LSTM, GRU and Elman (tanh).
/// A model or a tool that picks its cell at run time switches on the kind in
/// one place, ``CellKind/cellType(_:)``, and is generic over the cell from there.
public protocol BuiltinCell<Scalar>: RecurrentCell {
    /// The kind that names this cell in a configuration.
    static var kind: CellKind { get }
    /// A unidirectional stack of this cell, I -> H over `layers` layers, with
    /// PyTorch's defaults and initialization (no forget-gate bias, tanh) and
    /// parameters named `name.weight_ih_l0`, ….
    /// - Parameters:
    ///   - dropout: the probability in [0, 1) between layers, training only.
    ///   - bias: false for layers without biases (PyTorch's `bias=False`).
    ///   - projectionSize: P for an LSTM whose h is projected to P (PyTorch's `proj_size`); nil for none, and
    ///     always nil for the other cells.
    ///   - generator: the random stream.
    static func stack(inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, bias: Bool, projectionSize: Int?,
                      name: String, generator: inout SeededGenerator) -> Recurrent<Self>
}

extension BuiltinCell {
    /// A stack with biases and no projection (see
    /// ``BuiltinCell/stack(inputSize:hiddenSize:layers:dropout:bias:projectionSize:name:generator:)``).
    public static func stack(inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, name: String,
                             generator: inout SeededGenerator) -> Recurrent<Self> {
        stack(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, bias: true, projectionSize: nil,
              name: name, generator: &generator)
    }
}

extension CellKind {
    /// The cell this kind names, with scalars `S`. Pass it to a function generic
    /// over the cell, `f<Cell: BuiltinCell>(_: Cell.Type)`, and Swift opens it:
    /// `try run(config.cell.cellType(Float.self))`.
    public func cellType<S: RecurrentScalar>(_: S.Type) -> any BuiltinCell<S>.Type {
        switch self {
        case .lstm: LSTMCell<S>.self
        case .gru: GRUCell<S>.self
        case .rnn: ElmanCell<S>.self
        }
    }
}

extension LSTMCell: BuiltinCell {
    /// `.lstm`.
    public static var kind: CellKind { .lstm }
    /// An LSTM stack (see ``BuiltinCell/stack(inputSize:hiddenSize:layers:dropout:bias:projectionSize:name:generator:)``).
    public static func stack(inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, bias: Bool, projectionSize: Int?,
                             name: String, generator: inout SeededGenerator) -> Recurrent<Self> {
        Recurrent(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, bias: bias,
                  projectionSize: projectionSize, name: name, generator: &generator)
    }
}

extension GRUCell: BuiltinCell {
    /// `.gru`.
    public static var kind: CellKind { .gru }
    /// A GRU stack (see ``BuiltinCell/stack(inputSize:hiddenSize:layers:dropout:bias:projectionSize:name:generator:)``).
    public static func stack(inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, bias: Bool, projectionSize: Int?,
                             name: String, generator: inout SeededGenerator) -> Recurrent<Self> {
        require(projectionSize == nil, "GRUCell.stack: a projection (projectionSize) is for an LSTM")
        return Recurrent(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, bias: bias, name: name,
                         generator: &generator)
    }
}

extension ElmanCell: BuiltinCell {
    /// `.rnn`: the Elman cell with tanh.
    public static var kind: CellKind { .rnn }
    /// An Elman (tanh) stack (see ``BuiltinCell/stack(inputSize:hiddenSize:layers:dropout:bias:projectionSize:name:generator:)``).
    public static func stack(inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, bias: Bool, projectionSize: Int?,
                             name: String, generator: inout SeededGenerator) -> Recurrent<Self> {
        require(projectionSize == nil, "ElmanCell.stack: a projection (projectionSize) is for an LSTM")
        return Recurrent(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, activation: .tanh,
                         bias: bias, name: name, generator: &generator)
    }
}
