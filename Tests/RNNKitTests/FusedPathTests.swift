import Testing
import RNNKit

@Suite struct FusedPathTests {
    /// The fused kernels and the step-by-step tape ops give the same outputs,
    /// final states and gradients (parameters, input and initial state).
    @Test(arguments: TestCell.allCases, StackShape.allCases)
    func fusedMatchesGeneric(kind: TestCell, shape: StackShape) {
        expectFusedMatchesGeneric(kind, shape: shape, options: .defaults)
    }

    /// The same without biases (PyTorch's `bias=False`).
    @Test(arguments: TestCell.allCases, StackShape.allCases)
    func fusedMatchesGenericWithoutBiases(kind: TestCell, shape: StackShape) {
        expectFusedMatchesGeneric(kind, shape: shape, options: .noBias)
    }

    /// An LSTM with a projection (h of size 2 from H = 3), with and without biases.
    @Test(arguments: StackShape.allCases, [true, false])
    func fusedMatchesGenericWithAProjection(shape: StackShape, bias: Bool) {
        expectFusedMatchesGeneric(.lstm, shape: shape, options: CellOptions(bias: bias, projectionSize: 2))
    }

    private func expectFusedMatchesGeneric(_ kind: TestCell, shape: StackShape, options: CellOptions) {
        let (B, T, I, H) = (3, 5, 4, 3)
        let lengths = [5, 2, 0]
        let x: Tensor<Double> = randomTensor([B, T, I], seed: 1)
        var results: [(values: [Double], grads: [Double])] = []
        for generic in [false, true] {
            let stack = AnyStack<Double>(kind, inputSize: I, hiddenSize: H, shape: shape, options: options, generic: generic)
            let tape = Tape<Double>()
            let xv = tape.variable(x)
            let h0 = stack.zeroState(B, tape).map { s in s.enumerated().map { k, v in tape.variable(randomTensor(v.shape, seed: 50 + UInt64(k))) } }
            let (y, state) = stack.run(xv, h0, lengths)
            tape.backward(from: probeLoss(y, state))
            let values = y.value.scalars + state.flatMap { $0.flatMap(\.value.scalars) }
            let grads = stack.parameters.flatMap(\.grad.scalars) + tape.gradient(of: xv)!.scalars
                + h0.flatMap { $0.flatMap { tape.gradient(of: $0)?.scalars ?? [] } }
            results.append((values, grads))
        }
        #expect(results[0].values.count == results[1].values.count)
        #expect(results[0].grads.count == results[1].grads.count)
        let valueError = zip(results[0].values, results[1].values).map { abs($0 - $1) }.max() ?? 0
        let gradError = zip(results[0].grads, results[1].grads).map { abs($0 - $1) }.max() ?? 0
        #expect(valueError < 1e-12, "\(kind) \(shape) \(options)")
        #expect(gradError < 1e-11, "\(kind) \(shape) \(options)")
    }

    /// An empty sequence (T = 0) gives outputs [B, 0, D·H] and the initial state back on both paths (the generic one trapped).
    @Test(arguments: TestCell.allCases)
    func emptySequencesGiveNoOutputsAndTheInitialState(kind: TestCell) {
        let (B, I, H) = (2, 3, 4)
        var results: [[Double]] = []
        for generic in [false, true] {
            let stack = AnyStack<Double>(kind, inputSize: I, hiddenSize: H, shape: .bidirectional, generic: generic)
            let tape = Tape<Double>()
            let h0 = stack.zeroState(B, tape).map { s in s.enumerated().map { k, v in tape.variable(randomTensor(v.shape, seed: 60 + UInt64(k))) } }
            let (y, state) = stack.run(tape.variable(Tensor(zeros: [B, 0, I])), h0, nil)
            #expect(y.shape == [B, 0, 2 * H])
            #expect(zip(state.joined(), h0.joined()).allSatisfy { $0.value == $1.value })
            tape.backward(from: probeLoss(y, state))
            results.append(h0.flatMap { $0.flatMap { tape.gradient(of: $0)?.scalars ?? [] } })
        }
        #expect(!results[0].isEmpty && results[0] == results[1])
    }

    /// Token input (projected table, scattered gradients) equals gathering
    /// the embedded rows first, for values and for every gradient.
    /// V = 5 < 8 ids projects the table once; V = 20 > 8 ids gathers rows first.
    @Test(arguments: TestCell.allCases, [5, 20])
    func tokenInputMatchesDenseInput(kind: TestCell, vocabulary V: Int) {
        let (B, T, E, H) = (2, 4, 3, 3)
        let ids = [0, 4, 4, 1, 2, 2, 0, 3]
        let table: Tensor<Double> = randomTensor([V, E], seed: 21)
        var results: [[Double]] = []
        for asTokens in [true, false] {
            let stack = AnyStack<Double>(kind, inputSize: E, hiddenSize: H, layers: 2, bidirectional: true)
            let tape = Tape<Double>()
            let t = tape.variable(table)
            let input: SequenceInput<Double> = .tokens(ids: ids, batch: B, steps: T, table: t)
            let (y, state) = stack.runInput(asTokens ? input : .dense(input.dense()), nil, [4, 2])
            tape.backward(from: probeLoss(y, state))
            results.append(y.value.scalars + stack.parameters.flatMap(\.grad.scalars) + tape.gradient(of: t)!.scalars)
        }
        #expect(results[0].count == results[1].count)
        #expect(zip(results[0], results[1]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}

/// The fused path splits a batch across BLAS threads; the split changes nothing.
@Suite struct FusedThreadingTests {
    @Test(arguments: TestCell.allCases)
    func splittingTheBatchAcrossThreadsGivesTheSameResults(kind: TestCell) {
        let (B, T, I, H) = (8, 5, 3, 4)
        let lengths = [5, 4, 3, 2, 1, 0, 5, 5]
        let x: Tensor<Double> = randomTensor([B, T, I], seed: 4)
        let results = [2, 1].map { threads in withComputeThreads(threads) { twoLayerBidirectionalRun(kind, x, hiddenSize: H, lengths: lengths) } }
        #expect(results[0].count == results[1].count)
        #expect(zip(results[0], results[1]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// In Float (on packed weights), a batch of 16 on 2 or 3 threads runs as 4 groups of samples whose chunks of
    /// steps move from thread to thread (`SampleChunks`); the outputs, gradients and final states (recorded, and for
    /// inference) are those of 1 thread, bit for bit.
    /// (At this size no whole-sequence product is split across threads, which can round differently: B·T·G·H·2H < 2²⁰.)
    @Test(arguments: TestCell.allCases)
    func samplesMovingBetweenThreadsGiveTheResultsOfOneThread(kind: TestCell) {
        let x: Tensor<Float> = randomTensor([16, 20, 5], seed: 9)
        let lengths = (0..<16).map { ($0 * 7) % 21 }
        // A recorded run (outputs and gradients), then one for inference (outputs and final states).
        let results = [1, 2, 3].map { threads in
            withComputeThreads(threads) {
                let stack = AnyStack<Float>(kind, inputSize: 5, hiddenSize: 20, layers: 2, bidirectional: true)
                let (y, state) = stack.run(Tape<Float>(recording: false).variable(x), nil, lengths)
                return twoLayerBidirectionalRun(kind, x, hiddenSize: 20, lengths: lengths) + y.value.scalars
                    + state.joined().flatMap(\.value.scalars)
            }
        }
        for (threads, result) in zip([2, 3], results.dropFirst()) {
            let differing = zip(result, results[0]).filter { $0 != $1 }.count
            let worst = zip(result, results[0]).map { abs($0 - $1) }.max() ?? 0
            #expect(result.count == results[0].count && differing == 0,
                    "\(kind), \(threads) threads: \(differing) values differ, by up to \(worst)")
        }
    }

    /// A layer inside `withComputeThreads(2)` splits its batch in two, and rounds, as under a process-wide 2 (in
    /// Float, on packed weights). Run in a child process, where changing the process-wide count races no other suite.
    @Test func theCountOfWithComputeThreadsSplitsAsTheProcessWideOne() async {
        await #expect(processExitsWith: .success) {
            let x: Tensor<Float> = randomTensor([9, 6, 5], seed: 8)
            let lengths = [6, 5, 6, 3, 6, 1, 0, 6, 4]
            for kind in TestCell.allCases {
                setComputeThreads(2)
                let processWide = twoLayerBidirectionalRun(kind, x, hiddenSize: 20, lengths: lengths)
                setComputeThreads(1)
                let inside = withComputeThreads(2) {
                    precondition(RowBlocks(rows: 9, minimumRows: 4).count == 2, "the batch of 9 is not split in two")
                    return twoLayerBidirectionalRun(kind, x, hiddenSize: 20, lengths: lengths)
                }
                precondition(inside == processWide, "\(kind): not as under a process-wide 2")
            }
        }
    }
}

/// In Float the fused path multiplies by packed recurrent weights (see
/// `PreparedRight`) from 4 samples a group up; it matches the step-by-step
/// tape ops, on one thread and with the batch split across two.
@Suite struct FusedFloatTests {
    @Test(arguments: TestCell.allCases, [CellOptions.defaults, .noBias])
    func floatFusedPathMatchesGeneric(kind: TestCell, options: CellOptions) {
        expectFloatFusedPathMatchesGeneric(kind, options: options)
    }

    /// An LSTM with a projection: P = 7 gives partial panels in the projection's products too.
    @Test(arguments: [CellOptions(projectionSize: 7), CellOptions(bias: false, projectionSize: 7)])
    func floatFusedPathWithAProjectionMatchesGeneric(options: CellOptions) {
        expectFloatFusedPathMatchesGeneric(.lstm, options: options)
    }

    private func expectFloatFusedPathMatchesGeneric(_ kind: TestCell, options: CellOptions) {
        // B = 9 gives groups of 9 or 4 + 5 rows (partial row blocks);
        // H = 20 gives partial 16-column panels.
        let (B, T, I, H) = (9, 6, 5, 20)
        let lengths = [6, 5, 6, 3, 6, 1, 0, 6, 4]
        let x: Tensor<Float> = randomTensor([B, T, I], seed: 8)
        for threads in [1, 2] {
            let results = withComputeThreads(threads) {
                [false, true].map { generic in twoLayerBidirectionalRun(kind, x, hiddenSize: H, lengths: lengths, options: options, generic: generic) }
            }
            #expect(results[0].count == results[1].count)
            let worst = zip(results[0], results[1]).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-4, "\(kind), \(options), \(threads) threads: relative error \(worst)")
        }
    }
}

/// Runs a 2-layer bidirectional stack over x [B, T, I] and backpropagates
/// the probe loss. Returns the outputs, then every parameter gradient, then
/// the input gradient.
private func twoLayerBidirectionalRun<Scalar: RecurrentScalar>(_ kind: TestCell, _ x: Tensor<Scalar>, hiddenSize: Int,
                                                               lengths: [Int], options: CellOptions = .defaults,
                                                               generic: Bool = false) -> [Scalar] {
    let stack = AnyStack<Scalar>(kind, inputSize: x.shape[2], hiddenSize: hiddenSize, layers: 2, bidirectional: true, options: options,
                                 generic: generic)
    let tape = Tape<Scalar>()
    let xv = tape.variable(x)
    let (y, state) = stack.run(xv, nil, lengths)
    tape.backward(from: probeLoss(y, state))
    return y.value.scalars + stack.parameters.flatMap(\.grad.scalars) + tape.gradient(of: xv)!.scalars
}
