import RNNCore
import Requirements

/// Long short-term memory cell (Hochreiter & Schmidhuber, 1997, with the
/// forget gate of Gers et al., 2000), in PyTorch's form and layout:
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)
///     f = σ(W_if x + b_if + W_hf h + b_hf)
///     g = tanh(W_ig x + b_ig + W_hg h + b_hg)
///     o = σ(W_io x + b_io + W_ho h + b_ho)
///     c' = f ⊙ c + i ⊙ g
///     h' = o ⊙ tanh(c')                  (with a projection: h' = W_hr (o ⊙ tanh(c')))
///
/// Weights: `weight_ih` [4H, I] and `weight_hh` [4H, H] with row blocks
/// i, f, g, o; `bias_ih`, `bias_hh` [4H] (none with `bias: false`, PyTorch's
/// `bias=False`, where every b above is 0). State: [h, c], each [B, H].
///
/// With a projection of size P (PyTorch's `proj_size`; Sak et al., 2014), h is
/// [B, P]: `weight_hr` [P, H] projects `o ⊙ tanh(c')` to it, `weight_hh` is
/// [4H, P], and the state is h [B, P] and c [B, H].
public struct LSTMCell<Scalar: RecurrentScalar>: RecurrentCell {
    /// The parameters (G = 4, row blocks i, f, g, o): `weight_ih` [4H, I], `weight_hh` [4H, H] ([4H, P] with a projection),
    /// `bias_ih` and `bias_hh` [4H] (unless without biases), `weight_hr` [P, H] (with a projection).
    public let weights: CellWeights<Scalar>

    /// A cell with PyTorch's initialization.
    /// - Parameters:
    ///   - inputSize: I.
    ///   - hiddenSize: H.
    ///   - bias: false for no `bias_ih` and `bias_hh` (PyTorch's `bias=False`).
    ///   - projectionSize: P in 1..<H for h = W_hr (o ⊙ tanh(c)) of size P (PyTorch's `proj_size`); nil for none.
    ///   - forgetBias: when given, both forget-gate bias blocks are set so that
    ///     they sum to this value (`bias_ih` gets it, `bias_hh` gets 0), the
    ///     usual trick (Jozefowicz et al., 2015) to start by remembering; needs the biases.
    ///   - name: parameter name stem (`rnn` gives `rnn.weight_ih` + suffix).
    ///   - suffix: appended to each name, e.g. `_l0`.
    ///   - generator: the random stream.
    public init(inputSize: Int, hiddenSize: Int, bias: Bool = true, projectionSize: Int? = nil, forgetBias: Scalar? = nil,
                name: String = "cell", suffix: String = "", generator: inout SeededGenerator) {
        require(bias || forgetBias == nil, "LSTMCell: a forget-gate bias for a cell without biases (bias: false)")
        weights = CellWeights(gates: 4, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, projectionSize: projectionSize,
                              name: name, suffix: suffix, generator: &generator)
        if let forgetBias, let biasIH = weights.biasIH, let biasHH = weights.biasHH {
            for k in hiddenSize..<(2 * hiddenSize) {
                biasIH.value[flat: k] = forgetBias
                biasHH.value[flat: k] = 0
            }
        }
    }

    /// I, the size of each input x_t (the columns of `weight_ih`).
    public var inputSize: Int { weights.inputSize }
    /// H, the size of c and of each gate.
    public var hiddenSize: Int { weights.hiddenSize }
    /// P, the size of h with a projection; nil without one.
    public var projectionSize: Int? { weights.weightHR?.shape[0] }
    /// 2: the state is `[h, c]`, each [B, H] (h [B, P] with a projection).
    public var stateCount: Int { 2 }
    /// `[H, H]`, or `[P, H]` with a projection.
    public var stateSizes: [Int] { [weights.outputSize, hiddenSize] }
    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, `weight_hr` (those there are), in PyTorch's order.
    public var parameters: [Parameter<Scalar>] { weights.parameters }
    /// The LSTM kernels over ``weights``; never nil.
    public var fused: FusedCell<Scalar>? { FusedCell(kind: .lstm, weights: weights) }

    /// One step on the tape: x_t [B, I] and `[h, c]`, each [B, H] (h [B, P] with a projection), give `[h', c']`.
    public func step(_ input: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let (xw, hw) = weights.projections(input, state[0])
        let gates = (xw + hw).split(axis: -1, sizes: Array(repeating: hiddenSize, count: 4))
        let i = gates[0].sigmoid(), f = gates[1].sigmoid(), g = gates[2].tanh(), o = gates[3].sigmoid()
        let c = f * state[1] + i * g
        let h = o * c.tanh()
        guard let weightHR = weights.weightHR else { return [h, c] }
        return [matmul(h, input.tape.read(weightHR), transposeB: true), c]
    }
}
