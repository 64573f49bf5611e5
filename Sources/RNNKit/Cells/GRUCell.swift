import RNNCore

/// Gated recurrent unit (Cho et al., 2014), in PyTorch's form and layout:
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)
///     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h' = (1 - z) ⊙ n + z ⊙ h
///
/// Weights: `weight_ih` [3H, I] and `weight_hh` [3H, H] with row blocks
/// r, z, n; `bias_ih`, `bias_hh` [3H] (none with `bias: false`, PyTorch's
/// `bias=False`, where every b above is 0). State: [h], [B, H].
public struct GRUCell<Scalar: RecurrentScalar>: RecurrentCell {
    /// The parameters (G = 3, row blocks r, z, n): `weight_ih` [3H, I], `weight_hh` [3H, H], `bias_ih` and `bias_hh` [3H]
    /// (unless without biases).
    public let weights: CellWeights<Scalar>

    /// A cell with PyTorch's initialization.
    /// - Parameters:
    ///   - inputSize: I.
    ///   - hiddenSize: H.
    ///   - bias: false for no `bias_ih` and `bias_hh` (PyTorch's `bias=False`).
    ///   - name: parameter name stem; `suffix`: appended to each name.
    ///   - generator: the random stream.
    public init(inputSize: Int, hiddenSize: Int, bias: Bool = true, name: String = "cell", suffix: String = "",
                generator: inout SeededGenerator) {
        weights = CellWeights(gates: 3, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, name: name, suffix: suffix,
                              generator: &generator)
    }

    /// I, the size of each input x_t (the columns of `weight_ih`).
    public var inputSize: Int { weights.inputSize }
    /// H, the size of h (the columns of `weight_hh`).
    public var hiddenSize: Int { weights.hiddenSize }
    /// 1: the state is `[h]`, [B, H].
    public var stateCount: Int { 1 }
    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh` (those there are), in PyTorch's order.
    public var parameters: [Parameter<Scalar>] { weights.parameters }
    /// The GRU kernels over ``weights``; never nil.
    public var fused: FusedCell<Scalar>? { FusedCell(kind: .gru, weights: weights) }

    /// One step on the tape: x_t [B, I] and `[h]` [B, H] give `[h']` [B, H].
    public func step(_ input: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let h = state[0]
        let (xw, hw) = weights.projections(input, h)
        let sizes = Array(repeating: hiddenSize, count: 3)
        let x = xw.split(axis: -1, sizes: sizes), r_ = hw.split(axis: -1, sizes: sizes)
        let r = (x[0] + r_[0]).sigmoid()
        let z = (x[1] + r_[1]).sigmoid()
        let n = (x[2] + r * r_[2]).tanh()
        return [n + z * (h - n)]
    }
}
