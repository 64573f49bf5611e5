import RNNCore

/// Elman recurrent cell (Elman, 1990), PyTorch's `nn.RNN` step:
///
///     h' = act(W_ih x + b_ih + W_hh h + b_hh),   act = tanh or relu
///
/// Weights: `weight_ih` [H, I], `weight_hh` [H, H], `bias_ih`, `bias_hh` [H].
/// State: [h], [B, H].
public struct ElmanCell<Scalar: RecurrentScalar>: RecurrentCell {
    /// The nonlinearity.
    public enum Activation: String, Sendable, CaseIterable { case tanh, relu }

    public let weights: CellWeights<Scalar>
    public let activation: Activation

    /// A cell with PyTorch's initialization.
    /// - Parameters:
    ///   - inputSize: I.
    ///   - hiddenSize: H.
    ///   - activation: tanh (default) or relu.
    ///   - name: parameter name stem; `suffix`: appended to each name.
    ///   - generator: the random stream.
    public init(inputSize: Int, hiddenSize: Int, activation: Activation = .tanh, name: String = "cell", suffix: String = "",
                generator: inout SeededGenerator) {
        weights = CellWeights(gates: 1, inputSize: inputSize, hiddenSize: hiddenSize, name: name, suffix: suffix, generator: &generator)
        self.activation = activation
    }

    public var inputSize: Int { weights.inputSize }
    public var hiddenSize: Int { weights.hiddenSize }
    public var stateCount: Int { 1 }
    public var parameters: [Parameter<Scalar>] { weights.parameters }
    public var fused: FusedCell<Scalar>? {
        FusedCell(kind: activation == .tanh ? .elmanTanh : .elmanReLU, weights: weights)
    }

    public func step(_ input: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let (xw, hw) = weights.projections(input, state[0])
        let pre = xw + hw
        return [activation == .tanh ? pre.tanh() : pre.relu()]
    }
}
