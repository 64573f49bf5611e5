import RNNCore

/// The number of parameters of a ``Recurrent`` stack of built-in cells, counted
/// without trapping, so that sizes from user input can be checked before
/// anything is allocated for them.
///
/// Each layer and direction holds PyTorch's `weight_ih` [G·H, in], `weight_hh`
/// [G·H, R], unless without biases `bias_ih` and `bias_hh` [G·H], and with a
/// projection `weight_hr` [P, H]; in = I for the first layer and D·R above it,
/// where R is P with a projection and H without.
/// - Parameters:
///   - gates: G (4 for LSTM, 3 for GRU, 1 for Elman).
///   - inputSize: I; `hiddenSize`: H; `layers` ≥ 1; `directions`: D, 1 or 2.
///   - bias: false for layers without biases (PyTorch's `bias=False`).
///   - projectionSize: P for an LSTM with a projection (PyTorch's `proj_size`), nil for none.
/// - Returns: the count, or nil when it overflows `Int`.
public func recurrentParameterCount(gates: Int, inputSize: Int, hiddenSize: Int, layers: Int, directions: Int = 1,
                                    bias: Bool = true, projectionSize: Int? = nil) -> Int? {
    let width = projectionSize ?? hiddenSize
    func layer(input: Int?) -> Int? {
        let cell = CheckedSize.sum(CheckedSize.product(gates, hiddenSize, CheckedSize.sum(input, width, bias ? 2 : 0)),
                                   CheckedSize.product(projectionSize ?? 0, hiddenSize))
        return CheckedSize.product(directions, cell)
    }
    return CheckedSize.sum(layer(input: inputSize),
                           CheckedSize.product(layers - 1, layer(input: CheckedSize.product(directions, width))))
}
