import RNNCore

/// The number of parameters of a ``Recurrent`` stack of built-in cells, counted
/// without trapping, so that sizes from user input can be checked before
/// anything is allocated for them.
///
/// Each layer and direction holds PyTorch's `weight_ih` [G·H, in], `weight_hh`
/// [G·H, H], and unless without biases `bias_ih` and `bias_hh` [G·H], with in = I
/// for the first layer and D·H above it.
/// - Parameters:
///   - gates: G (4 for LSTM, 3 for GRU, 1 for Elman).
///   - inputSize: I; `hiddenSize`: H; `layers` ≥ 1; `directions`: D, 1 or 2.
///   - bias: false for layers without biases (PyTorch's `bias=False`).
/// - Returns: the count, or nil when it overflows `Int`.
public func recurrentParameterCount(gates: Int, inputSize: Int, hiddenSize: Int, layers: Int, directions: Int = 1,
                                    bias: Bool = true) -> Int? {
    func layer(input: Int?) -> Int? {
        CheckedSize.product(directions, gates, hiddenSize, CheckedSize.sum(input, hiddenSize, bias ? 2 : 0))
    }
    return CheckedSize.sum(layer(input: inputSize),
                           CheckedSize.product(layers - 1, layer(input: CheckedSize.product(directions, hiddenSize))))
}
