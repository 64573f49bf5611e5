import Testing
import RNNKit

@Suite struct RecurrentStepperTests {
    /// The largest difference between two tensors of the same shape (infinity when the shapes differ).
    func maxDifference<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Double {
        guard a.shape == b.shape else { return .infinity }
        return zip(a.scalars, b.scalars).map { abs(Double($0) - Double($1)) }.max() ?? 0
    }

    /// The largest difference between two states, layer by layer (infinity when their layouts differ).
    func maxDifference<Scalar: TensorScalar>(_ a: [[Tensor<Scalar>]], _ b: [[Tensor<Scalar>]]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a.joined(), b.joined()).map { maxDifference($0, $1) }.max() ?? 0
    }

    /// Stepping a batch of 3 token by token, from the state a tape run over a prompt ended in, gives the
    /// outputs and final state of the tape run that continues from that state; by token ids and by input rows.
    @Test(arguments: TestCell.allCases, [CellOptions.defaults, .noBias])
    func stepsMatchTheSequenceRunFromATapeState(kind: TestCell, options: CellOptions) throws {
        try expectStepsMatchTheSequenceRun(kind, options: options)
    }

    /// The same for an LSTM with a projection (h [B, 3] from H = 5), with and without biases.
    @Test(arguments: [CellOptions(projectionSize: 3), CellOptions(bias: false, projectionSize: 3)])
    func stepsWithAProjectionMatchTheSequenceRun(options: CellOptions) throws {
        try expectStepsMatchTheSequenceRun(.lstm, options: options)
    }

    private func expectStepsMatchTheSequenceRun(_ kind: TestCell, options: CellOptions) throws {
        let (V, E, H, B, T) = (7, 4, 5, 3, 4)
        let prompt = [3, 0, 6, 1, 2, 5]                      // [B, 2]
        let ids = [6, 1, 2, 4, 0, 0, 5, 3, 2, 6, 1, 1]      // [B, T]
        let stack = AnyStack<Double>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: false, options: options)
        let table: Tensor<Double> = randomTensor([V, E], seed: 5)
        let tape = Tape<Double>(recording: false)
        let (_, start) = stack.runInput(.tokens(ids: prompt, batch: B, steps: 2, table: tape.constant(table)), nil, nil)
        let (y, final) = stack.runInput(.tokens(ids: ids, batch: B, steps: T, table: tape.constant(table)), start, nil)

        var byToken = try #require(stack.stepper(table, B))
        var byVector = try #require(stack.stepper(nil, B))
        let startState = start.map { $0.map(\.value) }
        #expect(startState.joined().allSatisfy { $0.scalars.contains { $0 != 0 } }, "the prompt leaves a non-zero state")
        byToken.state = startState
        byVector.state = startState
        let width = options.projectionSize ?? H
        #expect(byToken.outputSize == width && y.shape == [B, T, width])
        for t in 0..<T {
            let column = (0..<B).map { ids[$0 * T + t] }
            byToken.step(tokens: column)
            byVector.step(input: table.gatheringRows(column))
            let expected = Tensor(shape: [B, width], scalars: (0..<B).flatMap { b in (0..<width).map { y.value[b, t, $0] } })
            #expect(maxDifference(byToken.output, expected) < 1e-12, "token path, step \(t)")
            #expect(maxDifference(byVector.output, expected) < 1e-12, "vector path, step \(t)")
        }
        #expect(maxDifference(byToken.state, final.map { $0.map(\.value) }) < 1e-12, "token path, final state")
        #expect(maxDifference(byVector.state, final.map { $0.map(\.value) }) < 1e-12, "vector path, final state")
    }

    /// The state goes in and comes out as set; a state the stepper ends in, handed to a tape run, continues as the
    /// tape run over the whole sequence does; and reset sets it back to zeros.
    @Test(arguments: TestCell.allCases)
    func theStateRoundTrips(kind: TestCell) throws {
        let (V, E, H, B) = (6, 3, 4, 2)
        let ids = [1, 5, 0, 2, 4, 4, 3, 0]                   // [B, 4]: a prompt of 2 steps, then 2 more
        let stack = AnyStack<Double>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: false, seed: 11)
        let table: Tensor<Double> = randomTensor([V, E], seed: 8)
        var stepper = try #require(stack.stepper(table, B))

        let tape = Tape<Double>(recording: false)
        let set = stack.zeroState(B, tape).enumerated().map { l, s in s.enumerated().map { k, v in
            randomTensor(v.shape, seed: 30 + UInt64(2 * l + k)) as Tensor<Double>
        } }
        stepper.state = set
        #expect(stepper.state == set)

        stepper.reset()
        for t in 0..<2 { stepper.step(tokens: (0..<B).map { ids[$0 * 4 + t] }) }
        let continued = stepper.state.map { $0.map { tape.constant($0) } }
        let rest = (0..<B).flatMap { b in ids[(b * 4 + 2)..<(b * 4 + 4)] }
        let (yRest, _) = stack.runInput(.tokens(ids: rest, batch: B, steps: 2, table: tape.constant(table)), continued, nil)
        let (yWhole, _) = stack.runInput(.tokens(ids: ids, batch: B, steps: 4, table: tape.constant(table)), nil, nil)
        #expect(maxDifference(yRest.value, yWhole.sliced(axis: 1, 2..<4).value) < 1e-12)

        stepper.reset()
        #expect(stepper.state.joined().allSatisfy { $0 == Tensor(zeros: [B, H]) })
    }

    /// Row b of a batch steps as a batch of 1 on row b does, from different states: the rows never mix
    /// (on Float, the product of a batch is a GEMM and that of one row a matrix-vector product).
    @Test(arguments: TestCell.allCases)
    func batchRowsAreIndependent(kind: TestCell) throws {
        let (V, E, H, B, T) = (9, 4, 6, 3, 5)
        let stack = AnyStack<Float>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: false, seed: 4)
        let table: Tensor<Float> = randomTensor([V, E], seed: 6)
        var batch = try #require(stack.stepper(table, B))
        batch.state = batch.state.enumerated().map { l, s in s.enumerated().map { k, v in randomTensor(v.shape, seed: 40 + UInt64(2 * l + k)) } }
        var rows = try (0..<B).map { b in
            var one = try #require(stack.stepper(table, 1))
            one.state = batch.state.map { $0.map { $0.rowSlice(b..<(b + 1)) } }
            return one
        }
        var g = SeededGenerator(seed: 9)
        for t in 0..<T {
            let column = (0..<B).map { _ in Int(g.next() % UInt64(V)) }
            batch.step(tokens: column)
            for b in 0..<B {
                rows[b].step(tokens: [column[b]])
                #expect(maxDifference(batch.output.rowSlice(b..<(b + 1)), rows[b].output) < 1e-5, "row \(b), step \(t)")
            }
        }
    }

    /// Feeds `ids` to a generation from `model` one at a time: the logits after each are those of the whole sequence
    /// run at once on a tape.
    func expectGenerationFollowsTheSequence<Cell: RecurrentCell>(_ model: LanguageModel<Cell>, _ ids: [Int]) throws
    where Cell.Scalar == Double {
        let (logits, _) = model(ids, batch: 1, steps: ids.count, state: nil, tape: Tape(recording: false))
        var generation = TextGeneration(model: model)
        for (t, id) in ids.enumerated() {
            generation.feed(id)
            let stepped = try #require(generation.logits)
            #expect(maxDifference(stepped, logits.value.sliced(axis: 1, t..<(t + 1))) < 1e-12, "step \(t)")
        }
    }

    /// A language model over an LSTM with a projection (its head reads h of size P) generates, stepping, the logits
    /// of the model run over the whole sequence on a tape.
    @Test func aModelWithAProjectionGeneratesItsTapeLogits() throws {
        var g = SeededGenerator(seed: 3)
        let rnn = LSTM<Double>(inputSize: 5, hiddenSize: 6, layers: 2, projectionSize: 3, generator: &g)
        let model = LanguageModel(vocabularySize: 7, rnn: rnn, generator: &g)
        try expectGenerationFollowsTheSequence(model, [3, 1, 6, 0])
    }

    /// A model over cells without a fused form (as a cell a user writes) generates on a tape with its state carried from
    /// token to token: the logits of each token fed are those of the whole sequence run at once.
    @Test func aCellWithoutAFusedFormGeneratesOnATape() throws {
        /// An Elman cell that hides its fused form.
        struct TapeOnlyCell: RecurrentCell {
            let inner: ElmanCell<Double>
            var inputSize: Int { inner.inputSize }
            var hiddenSize: Int { inner.hiddenSize }
            var stateCount: Int { 1 }
            var parameters: [Parameter<Double>] { inner.parameters }
            func step(_ input: Variable<Double>, state: [Variable<Double>]) -> [Variable<Double>] { inner.step(input, state: state) }
        }
        var g = SeededGenerator(seed: 4)
        let rnn = Recurrent(inputSize: 5, hiddenSize: 6, layers: 2) { input, suffix in
            TapeOnlyCell(inner: ElmanCell(inputSize: input, hiddenSize: 6, suffix: suffix, generator: &g))
        }
        let model = LanguageModel(vocabularySize: 7, rnn: rnn, generator: &g)
        try expectGenerationFollowsTheSequence(model, [3, 1, 6, 0])
    }

    /// A generation keeps to the weights it was made with, head included: changing the model's weights afterwards
    /// changes none of its logits (its head used to be read live, mixing old recurrent weights with a new head).
    @Test func aGenerationRunsOnTheWeightsItWasMadeWith() throws {
        var g = SeededGenerator(seed: 2)
        let model = LanguageModel(vocabularySize: 6, rnn: LSTM<Double>(inputSize: 6, hiddenSize: 4, layers: 2, generator: &g), generator: &g)
        var before = TextGeneration(model: model), made = TextGeneration(model: model)
        before.feed(3)
        let expected = try #require(before.logits)
        for p in model.parameters { p.value = p.value + Tensor(repeating: 0.25, shape: p.shape) }
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
