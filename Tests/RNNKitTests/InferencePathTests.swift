import Testing
import RNNKit

/// On a tape that does not record, the fused path keeps nothing for a backward pass (and, for
/// ``Recurrent/finalStates(_:initialState:lengths:)``, forms no last-layer outputs):
/// its values must be those of the recorded pass, bit for bit.
@Suite struct InferencePathTests {
    /// Outputs and final states on an inference tape equal those on a recording tape, and
    /// `finalStates` equals the states of a full run on either tape; per-sample lengths or none, over an odd and an even
    /// number of steps (the final h is in the other of the two buffers the pass takes turns with).
    @Test(arguments: TestCell.allCases, StackShape.allCases)
    func inferenceMatchesTheRecordedPass(kind: TestCell, shape: StackShape) {
        for T in [5, 6] {
            for lengths in [nil, [T, 2, 0, T, 1, 4, 3, T - 1, T]] {
                expectInferenceMatchesTheRecordedPass(kind, shape: shape, options: .defaults, steps: T, lengths: lengths)
            }
        }
    }

    /// The same for an LSTM with a projection (h of size 2 from H = 3), and for layers without biases.
    @Test(arguments: StackShape.allCases)
    func inferenceMatchesTheRecordedPassWithAProjectionOrWithoutBiases(shape: StackShape) {
        for lengths in [nil, [5, 2, 0, 5, 1, 4, 3, 5, 5]] {
            expectInferenceMatchesTheRecordedPass(.lstm, shape: shape, options: CellOptions(projectionSize: 2), lengths: lengths)
            expectInferenceMatchesTheRecordedPass(.gru, shape: shape, options: .noBias, lengths: lengths)
        }
    }

    /// Token input (the character models' path), two layers.
    @Test(arguments: TestCell.allCases)
    func inferenceMatchesTheRecordedPassOnTokens(kind: TestCell) {
        let (B, T, V, E, H) = (2, 4, 5, 3, 3)
        let ids = [0, 4, 4, 1, 2, 2, 0, 3]
        let table: Tensor<Float> = randomTensor([V, E], seed: 21)
        let stack = AnyStack<Float>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: false)
        var runs: [[UInt32]] = []
        for recording in [true, false] {
            let tape = Tape<Float>(recording: recording)
            let (y, state) = stack.runInput(.tokens(ids: ids, batch: B, steps: T, table: tape.variable(table)), nil, nil)
            runs.append(bits(y.value) + state.joined().flatMap { bits($0.value) })
        }
        let same = runs[0] == runs[1]
        #expect(same, "\(kind)")
    }

    private func expectInferenceMatchesTheRecordedPass(_ kind: TestCell, shape: StackShape, options: CellOptions, steps T: Int = 5,
                                                       lengths: [Int]?) {
        // B = 9: at least two groups of samples when the layer runs on two compute threads.
        let (B, I, H) = (9, 4, 3)
        let x: Tensor<Float> = randomTensor([B, T, I], seed: 1)
        let stack = AnyStack<Float>(kind, inputSize: I, hiddenSize: H, shape: shape, options: options)
        var outputs: [[UInt32]] = [], states: [[UInt32]] = []
        for recording in [true, false] {
            let tape = Tape<Float>(recording: recording)
            let h0 = stack.zeroState(B, tape).map { s in s.enumerated().map { k, v in tape.variable(randomTensor(v.shape, seed: 50 + UInt64(k))) } }
            let (y, state) = stack.run(tape.variable(x), h0, lengths)
            outputs.append(bits(y.value))
            states.append(state.joined().flatMap { bits($0.value) })
            states.append(stack.finalStates(tape.variable(x), h0, lengths).joined().flatMap { bits($0.value) })
        }
        let context = "\(kind) \(shape) \(options) T \(T) lengths \(lengths.map { "\($0)" } ?? "none")"
        let (sameOutputs, sameStates) = (outputs[0] == outputs[1], states.allSatisfy { $0 == states[0] })
        #expect(sameOutputs, "\(context)")
        #expect(sameStates, "\(context)")
    }

    private func bits(_ t: Tensor<Float>) -> [UInt32] { t.scalars.map(\.bitPattern) }
}
