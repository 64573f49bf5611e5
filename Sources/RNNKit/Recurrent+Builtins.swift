import RNNCore

/// A stack of LSTM layers, PyTorch's `nn.LSTM(batch_first=True)`.
public typealias LSTM<Scalar: RecurrentScalar> = Recurrent<LSTMCell<Scalar>>
/// A stack of GRU layers, PyTorch's `nn.GRU(batch_first=True)`.
public typealias GRU<Scalar: RecurrentScalar> = Recurrent<GRUCell<Scalar>>
/// A stack of Elman layers, PyTorch's `nn.RNN(batch_first=True)`.
public typealias ElmanRNN<Scalar: RecurrentScalar> = Recurrent<ElmanCell<Scalar>>

extension Recurrent {
    /// An LSTM stack with PyTorch's initialization and parameter names
    /// (`name.weight_ih_l0`, …, `name.bias_hh_l1_reverse`), PyTorch's `nn.LSTM`.
    /// - Parameters:
    ///   - inputSize: I; `hiddenSize`: H; `layers`: number of layers.
    ///   - bidirectional: add a reverse direction to every layer.
    ///   - dropout: the probability in [0, 1) of zeroing an output between layers, training only (with one layer it
    ///     changes nothing, as in PyTorch); a `Double` whatever `S`, as PyTorch's `dropout` is a Python float.
    ///   - bias: false for layers without `bias_ih` and `bias_hh`, PyTorch's `bias=False`.
    ///   - projectionSize: P in 1..<H for layers whose h is `weight_hr` [P, H] times o ⊙ tanh(c), PyTorch's
    ///     `proj_size` (see ``LSTMCell``): the output is [B, T, D·P] and h [B, P]; nil for none.
    ///   - forgetBias: optional forget-gate bias (see ``LSTMCell``).
    ///   - name: the parameter name stem, e.g. `rnn`.
    ///   - generator: the random stream.
    public init<S>(inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, dropout: Double = 0,
                   bias: Bool = true, projectionSize: Int? = nil, forgetBias: S? = nil, name: String = "rnn",
                   generator: inout SeededGenerator) where Cell == LSTMCell<S> {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional, dropout: dropout) {
            LSTMCell(inputSize: $0, hiddenSize: hiddenSize, bias: bias, projectionSize: projectionSize, forgetBias: forgetBias,
                     name: name, suffix: $1, generator: &generator)
        }
    }

    /// A GRU stack with PyTorch's initialization and parameter names, PyTorch's `nn.GRU`.
    /// - Parameters: as for the LSTM stack (a GRU has no projection).
    public init<S>(inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, dropout: Double = 0,
                   bias: Bool = true, name: String = "rnn", generator: inout SeededGenerator) where Cell == GRUCell<S> {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional, dropout: dropout) {
            GRUCell(inputSize: $0, hiddenSize: hiddenSize, bias: bias, name: name, suffix: $1, generator: &generator)
        }
    }

    /// An Elman stack with PyTorch's initialization and parameter names, PyTorch's `nn.RNN`.
    /// - Parameters: as for the LSTM stack, plus the `activation` (tanh or relu).
    public init<S>(inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, dropout: Double = 0,
                   activation: ElmanCell<S>.Activation = .tanh, bias: Bool = true, name: String = "rnn",
                   generator: inout SeededGenerator) where Cell == ElmanCell<S> {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional, dropout: dropout) {
            ElmanCell(inputSize: $0, hiddenSize: hiddenSize, activation: activation, bias: bias, name: name, suffix: $1,
                      generator: &generator)
        }
    }
}
