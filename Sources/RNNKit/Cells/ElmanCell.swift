import RNNCore

/// Elman recurrent cell (Elman, 1990), PyTorch's `nn.RNN` step:
///
///     h' = act(W_ih x + b_ih + W_hh h + b_hh),   act = tanh or relu
///
/// Weights: `weight_ih` [H, I], `weight_hh` [H, H], `bias_ih`, `bias_hh` [H]
/// (no biases with `bias: false`, PyTorch's `bias=False`). State: [h], [B, H].
public struct ElmanCell<Scalar: RecurrentScalar>: RecurrentCell {
    /// The nonlinearity: `tanh` (PyTorch's default) or `relu`, max(x, 0).
    public enum Activation: String, Sendable, CaseIterable { case tanh, relu }

    /// The parameters (G = 1): `weight_ih` [H, I], `weight_hh` [H, H], `bias_ih` and `bias_hh` [H] (unless without biases).
    public let weights: CellWeights<Scalar>
    /// The nonlinearity applied to `W_ih x + b_ih + W_hh h + b_hh`: tanh or relu.
    public let activation: Activation

    /// A cell with PyTorch's initialization.
    /// - Parameters:
    ///   - inputSize: I.
    ///   - hiddenSize: H.
    ///   - activation: tanh (default) or relu.
    ///   - bias: false for no `bias_ih` and `bias_hh` (PyTorch's `bias=False`).
    ///   - name: parameter name stem; `suffix`: appended to each name.
    ///   - generator: the random stream.
    public init(inputSize: Int, hiddenSize: Int, activation: Activation = .tanh, bias: Bool = true, name: String = "cell",
                suffix: String = "", generator: inout SeededGenerator) {
        weights = CellWeights(gates: 1, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, name: name, suffix: suffix,
                              generator: &generator)
        self.activation = activation
    }

    /// I, the size of each input x_t (the columns of `weight_ih`).
    public var inputSize: Int { weights.inputSize }
    /// H, the size of h (the columns of `weight_hh`).
    public var hiddenSize: Int { weights.hiddenSize }
    /// 1: the state is `[h]`, [B, H].
    public var stateCount: Int { 1 }
    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh` (those there are), in PyTorch's order.
    public var parameters: [Parameter<Scalar>] { weights.parameters }
    /// The Elman kernels (``CellKind/rnn``, with ReLU by ``activation``) over ``weights``; never nil.
    public var fused: FusedCell<Scalar>? { FusedCell(kind: .rnn, relu: activation == .relu, weights: weights) }

    /// One step on the tape: x_t [B, I] and `[h]` [B, H] give `[h']` [B, H].
    public func step(_ input: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let (xw, hw) = weights.projections(input, state[0])
        let pre = xw + hw
        return [activation == .tanh ? pre.tanh() : pre.relu()]
    }
}
