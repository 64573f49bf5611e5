/// A recurrent stack of the cell chosen at run time: its parameters and its
/// outputs, x [B, T, I] -> [B, T, H].
struct AnyRecurrentStack {
    let parameters: [Parameter<Float>]
    /// x [B, T, I] -> outputs [B, T, H].
    let outputs: (Variable<Float>) -> Variable<Float>
    /// x [B, T, I] -> the output of the last step [B, H], the last layer's final h (the stack runs forward), without
    /// forming the other steps' outputs on a tape that does not record.
    let lastOutput: (Variable<Float>) -> Variable<Float>

    /// The stack of the config's cell, I -> H over its layers, named `name.weight_ih_l0`, ….
    init(_ config: ForecastConfig, inputSize: Int, name: String, generator: inout SeededGenerator) {
        self.init(config.cell.cellType(Float.self), config, inputSize: inputSize, name: name, generator: &generator)
    }

    private init<Cell: BuiltinCell>(_: Cell.Type, _ config: ForecastConfig, inputSize: Int, name: String, generator: inout SeededGenerator)
    where Cell.Scalar == Float {
        let stack = Cell.stack(inputSize: inputSize, hiddenSize: config.hidden, layers: config.layers, dropout: config.dropout,
                               name: name, generator: &generator)
        parameters = stack.parameters
        outputs = { stack($0).output }
        lastOutput = { stack.finalStates($0).last![0] }
    }
}

/// The network of one ensemble member: a recurrent stack read at its last
/// step, then a linear head.
///
/// x [B, L, I] -> stack -> last output [B, H] -> Linear -> [B, P·k], where k
/// steps are predicted with P outputs each (see ``OutputHead``); I is 1 (the value) + 2·C with C calendar
/// cycles (``ForecastWindowing/input(_:origin:calendar:shift:)``). Parameters
/// are named `<prefix>.rnn.weight_ih_l0`, …, `<prefix>.head.weight`, `<prefix>.head.bias`.
final class ForecastNetwork: Module {
    typealias Scalar = Float
    let rnn: AnyRecurrentStack
    let head: Linear<Float>
    /// I, the inputs per step.
    let inputSize: Int

    /// - Parameters:
    ///   - config: cell, hidden size, layers, dropout.
    ///   - inputSize: I, 1 + 2·C.
    ///   - outputs: P·k.
    ///   - prefix: the parameter-name stem, such as `m0`.
    ///   - generator: the random stream for the weights.
    init(config: ForecastConfig, inputSize: Int, outputs: Int, prefix: String, generator: inout SeededGenerator) {
        self.inputSize = inputSize
        rnn = AnyRecurrentStack(config, inputSize: inputSize, name: qualifiedName(prefix, "rnn"), generator: &generator)
        head = Linear(inputSize: config.hidden, outputSize: outputs, name: qualifiedName(prefix, "head"), generator: &generator)
    }

    var parameters: [Parameter<Float>] { rnn.parameters + head.parameters }

    /// x [B, L, I] -> [B, P·k].
    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let y = rnn.outputs(x)
        return head(y.select(axis: 1, y.shape[1] - 1))
    }

    /// Runs the network without recording: inputs [B·L·I] -> outputs [B, P·k], those of
    /// ``callAsFunction(_:)`` bit for bit, without the outputs of the steps before the last:
    /// ``headOutputs(_:)`` of ``lastOutputs(_:batch:)``.
    func predict(_ inputs: [Float], batch: Int) -> Tensor<Float> {
        headOutputs(lastOutputs(inputs, batch: batch))
    }

    /// The stack's part of ``predict(_:batch:)``: inputs [B·L·I] -> the last step's outputs [B, H].
    func lastOutputs(_ inputs: [Float], batch: Int) -> Tensor<Float> {
        let tape = Tape<Float>(recording: false)
        return rnn.lastOutput(tape.constant(Tensor(shape: [batch, inputs.count / (batch * inputSize), inputSize], scalars: inputs))).value
    }

    /// The head's part of ``predict(_:batch:)``: the last step's outputs [B, H] -> [B, P·k].
    func headOutputs(_ last: Tensor<Float>) -> Tensor<Float> {
        let tape = Tape<Float>(recording: false)
        return head(tape.constant(last)).value
    }
}
