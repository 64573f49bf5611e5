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

    /// A generation keeps to the weights it was made with, head included: changing the model's weights afterwards
    /// changes none of its logits (its head used to be read live, mixing old recurrent weights with a new head).
    @Test func aGenerationRunsOnTheWeightsItWasMadeWith() throws {
        var g = SeededGenerator(seed: 2)
        let model = LanguageModel(vocabularySize: 6, rnn: LSTM<Double>(inputSize: 6, hiddenSize: 4, layers: 2, generator: &g), generator: &g)
        var before = TextGeneration(model: model), made = TextGeneration(model: model)
        before.feed(3)
        let expected = try #require(before.logits)
        for p in model.parameters { p.value = p.value + Tensor(repeating: 0.25, shape: p.value.shape) }
        made.feed(3)
        #expect(made.logits == expected)
        var after = TextGeneration(model: model)
        after.feed(3)
        #expect(after.logits != expected)
        // reset starts again from zeros on the weights it was made with.
        made.feed(1)
        made.reset()
        #expect(made.logits == nil)
        made.feed(3)
        #expect(made.logits == expected)
    }

    @Test func bidirectionalStacksCannotStep() {
        var g = SeededGenerator(seed: 1)
        let stack = LSTM<Float>(inputSize: 2, hiddenSize: 3, bidirectional: true, generator: &g)
        #expect(RecurrentStepper(stack) == nil)
    }
}

