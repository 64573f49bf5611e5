/// A recurrent stack of the cell chosen at run time.
enum AnyRecurrentStack {
    case lstm(LSTM<Float>)
    case gru(GRU<Float>)
    case rnn(ElmanRNN<Float>)

    var parameters: [Parameter<Float>] {
        switch self {
        case .lstm(let r): r.parameters
        case .gru(let r): r.parameters
        case .rnn(let r): r.parameters
        }
    }

    /// x [B, T, I] -> outputs [B, T, H].
    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        switch self {
        case .lstm(let r): r(x).output
        case .gru(let r): r(x).output
        case .rnn(let r): r(x).output
        }
    }
}

/// The network of one ensemble member: a recurrent stack read at its last
/// step, then a linear head.
///
/// x [B, L, 1] -> stack -> last output [B, H] -> Linear -> [B, P·k], where k
/// steps are predicted with P outputs each (see ``OutputHead``). Parameters
/// are named `<prefix>.rnn.weight_ih_l0`, …, `<prefix>.head.weight`, `<prefix>.head.bias`.
final class ForecastNetwork: Module {
    typealias Scalar = Float
    let rnn: AnyRecurrentStack
    let head: Linear<Float>

    /// - Parameters:
    ///   - config: cell, hidden size, layers, dropout.
    ///   - outputs: P·k.
    ///   - prefix: the parameter-name stem, such as `m0`.
    ///   - generator: the random stream for the weights.
    init(config: ForecastConfig, outputs: Int, prefix: String, generator: inout SeededGenerator) {
        let name = qualifiedName(prefix, "rnn"), d = Float(config.dropout)
        switch config.cell {
        case .lstm: rnn = .lstm(LSTM<Float>(inputSize: 1, hiddenSize: config.hidden, layers: config.layers, dropout: d,
                                            forgetBias: nil, name: name, generator: &generator))
        case .gru: rnn = .gru(GRU<Float>(inputSize: 1, hiddenSize: config.hidden, layers: config.layers, dropout: d,
                                         name: name, generator: &generator))
        case .rnn: rnn = .rnn(ElmanRNN<Float>(inputSize: 1, hiddenSize: config.hidden, layers: config.layers, dropout: d,
                                                  name: name, generator: &generator))
        }
        head = Linear(inputSize: config.hidden, outputSize: outputs, name: qualifiedName(prefix, "head"), generator: &generator)
    }

    var parameters: [Parameter<Float>] { rnn.parameters + head.parameters }

    /// x [B, L, 1] -> [B, P·k].
    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let y = rnn(x)
        return head(y.select(axis: 1, y.shape[1] - 1))
    }

    /// Runs the network without recording: inputs [B·L] -> outputs [B, P·k].
    func predict(_ inputs: [Float], batch: Int) -> Tensor<Float> {
        let tape = Tape<Float>(recording: false)
        let x = tape.constant(Tensor(shape: [batch, inputs.count / batch, 1], scalars: inputs))
        return self(x).value
    }
}
