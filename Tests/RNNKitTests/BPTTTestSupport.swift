import RNNKit

/// A recurrent stack over a fixed input sequence x [B, N, I], scored by a
/// fixed random projection of every output step: the smallest SequenceTask.
final class ProbeTask: SequenceTask {
    typealias Scalar = Double
    let stack: AnyStack<Double>
    let x: Tensor<Double>
    let lengths: [Int]?
    /// When set, the task reads its input through a tape variable so tests can
    /// see which input steps received gradient.
    var trackInput = false
    private(set) var lastInput: Variable<Double>?

    init(_ kind: TestCell, shape: StackShape, options: CellOptions = .defaults, batch: Int = 2, length: Int = 7, inputSize: Int = 2,
         hiddenSize: Int = 2, lengths: [Int]? = nil) {
        stack = AnyStack(kind, inputSize: inputSize, hiddenSize: hiddenSize, shape: shape, options: options)
        x = randomTensor([batch, length, inputSize], seed: 3)
        self.lengths = lengths
    }

    var parameters: [Parameter<Double>] { stack.parameters }
    var length: Int { x.shape[1] }

    func forward(steps: Range<Int>, state: [[Variable<Double>]]?, tape: Tape<Double>)
        -> (output: Variable<Double>, state: [[Variable<Double>]]) {
        let input: Variable<Double>
        if trackInput {
            if lastInput?.tape !== tape { lastInput = tape.variable(x) }
            input = lastInput!.sliced(axis: 1, steps)
        } else {
            input = tape.constant(x.sliced(axis: 1, steps))
        }
        let pieceLengths = lengths?.map { min(max($0 - steps.lowerBound, 0), steps.count) }
        return stack.run(input, state, pieceLengths)
    }

    func loss(_ output: Variable<Double>, steps: Range<Int>) -> Variable<Double> {
        // Weights depend on the absolute step, so a loss over any range is
        // a slice of one fixed loss over the whole sequence.
        let all: Tensor<Double> = randomTensor([output.shape[0], length, output.shape[2]], seed: 11)
        let w = output.tape.constant(all.sliced(axis: 1, steps))
        return (output * w).sum()
    }
}

/// The state at step `position`, computed without a tape, from zeros.
func stateAt(_ position: Int, task: ProbeTask) -> CarriedState<Double>? {
    guard position > 0 else { return nil }
    let tape = Tape<Double>(recording: false)
    return task.forward(steps: 0..<position, state: nil, tape: tape).state.map { $0.map(\.value) }
}
