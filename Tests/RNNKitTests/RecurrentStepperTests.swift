import Testing
import RNNKit

@Suite struct RecurrentStepperTests {
    /// Stepping token by token gives the outputs of the whole sequence run on a tape.
    @Test(arguments: TestCell.allCases)
    func stepsMatchTheSequenceRun(kind: TestCell) throws {
        let (V, E, H, T) = (7, 4, 5, 6)
        let ids = [3, 0, 6, 6, 1, 2]
        let stack = AnyStack<Double>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: false)
        let table: Tensor<Double> = randomTensor([V, E], seed: 5)
        let tape = Tape<Double>(recording: false)
        let (y, _) = stack.runInput(.tokens(ids: ids, batch: 1, steps: T, table: tape.constant(table)), nil, nil)

        var byToken = try #require(stack.stepper(table))
        var byVector = try #require(stack.stepper(nil))
        for (t, id) in ids.enumerated() {
            byToken.step(token: id)
            byVector.step(input: table.rowSlice(id..<(id + 1)).reshaped([E]))
            for k in 0..<H {
                #expect(abs(byToken.output[flat: k] - y.value[0, t, k]) < 1e-12, "token path, step \(t)")
                #expect(abs(byVector.output[flat: k] - y.value[0, t, k]) < 1e-12, "vector path, step \(t)")
            }
        }
        byToken.reset()
        byToken.step(token: ids[0])
        #expect(abs(byToken.output[flat: 0] - y.value[0, 0, 0]) < 1e-12, "reset starts from zeros")
    }

    @Test func bidirectionalStacksCannotStep() {
        var g = SeededGenerator(seed: 1)
        let stack = LSTM<Float>(inputSize: 2, hiddenSize: 3, bidirectional: true, generator: &g)
        #expect(RecurrentStepper(stack) == nil)
    }
}

