import Testing
import RNNKit

/// What truncation means, checked directly.
@Suite struct TruncationTests {
    /// Gradients of every parameter, in order.
    func gradients(_ task: ProbeTask) -> [Double] { task.parameters.flatMap(\.grad.scalars) }
    func zeroGrads(_ task: ProbeTask) { task.parameters.forEach { $0.zeroGrad() } }

    @Test(arguments: TestCell.allCases)
    func oneWindowOverEverythingIsFullBPTT(kind: TestCell) {
        let task = ProbeTask(kind, shape: .twoLayers)
        let outcome = TBPTT(k1: task.length).run(TBPTT(k1: task.length).updates(length: task.length)[0], task: task, carried: nil)
        let truncated = gradients(task)
        zeroGrads(task)
        // Full BPTT by hand: one tape, the whole sequence, one backward.
        let tape = Tape<Double>()
        let (y, _) = task.forward(steps: 0..<task.length, state: nil, tape: tape)
        let loss = task.loss(y, steps: 0..<task.length)
        tape.backward(from: loss)
        #expect(abs(outcome.loss - loss.value.scalar) < 1e-12)
        #expect(zip(truncated, gradients(task)).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// k2 < 2·k1, and k2 ≥ 2·k1, where the first splits fall on the window start (position 0).
    static let overlapping = [TBPTT(k1: 2, k2: 3), TBPTT(k1: 2, k2: 5), TBPTT(k1: 1, k2: 4)]

    @Test(arguments: TestCell.allCases, [nil, [7, 5]] as [[Int]?])
    func truncatedGradientIsTheGradientOfAGraphCutByHand(kind: TestCell, lengths: [Int]?) {
        for policy in Self.overlapping {
            checkAgainstCutsByHand(ProbeTask(kind, shape: .oneLayer, lengths: lengths), policy: policy)
        }
    }

    /// Runs every update of `policy`, each from the state the previous one carried, against
    /// the same window on a tape cut by hand.
    func checkAgainstCutsByHand(_ task: ProbeTask, policy: TBPTT) {
        let updates = policy.updates(length: task.length)
        var carried: CarriedState<Double>? = nil
        for (k, update) in updates.enumerated() {
            zeroGrads(task)
            let outcome = policy.run(update, task: task, carried: carried)
            let viaPolicy = gradients(task)
            zeroGrads(task)
            // By hand: the state at the window start as a constant, the window in one piece,
            // the loss of the last k1 steps only.
            let tape = Tape<Double>()
            let start = stateAt(update.window.lowerBound, task: task)?.map { $0.map { tape.constant($0) } }
            let (y, _) = task.forward(steps: update.window, state: start, tape: tape)
            let offset = update.lossSteps.lowerBound - update.window.lowerBound
            let loss = task.loss(y.sliced(axis: 1, offset..<(offset + update.lossSteps.count)), steps: update.lossSteps)
            tape.backward(from: loss)
            #expect(abs(outcome.loss - loss.value.scalar) < 1e-12, "\(policy) update \(k)")
            #expect(zip(viaPolicy, gradients(task)).allSatisfy { abs($0 - $1) < 1e-12 }, "\(policy) update \(k)")
            carried = outcome.carried
        }
    }

    @Test(arguments: TestCell.allCases)
    func noGradientCrossesTheWindowStart(kind: TestCell) {
        let task = ProbeTask(kind, shape: .twoLayers)
        task.trackInput = true
        let policy = TBPTT(k1: 2, k2: 3)
        let update = policy.updates(length: task.length)[2]  // window 3..<6
        let tape = Tape<Double>()
        let (loss, _) = policy.record(update, task: task, carried: stateAt(update.window.lowerBound, task: task), tape: tape)
        tape.backward(from: loss)
        let dx = tape.gradient(of: task.lastInput!)!
        let (B, N, I) = (dx.shape[0], dx.shape[1], dx.shape[2])
        var inside = 0.0
        for b in 0..<B {
            for t in 0..<N {
                let norm = (0..<I).map { abs(dx[b, t, $0]) }.reduce(0, +)
                if update.window.contains(t) {
                    inside += norm
                } else {
                    #expect(norm == 0, "step \(t) outside the window gets no gradient")
                }
            }
        }
        #expect(inside > 0, "the window's steps get gradient")
    }
}

/// A stream that restarts resets only its own sample's carried state.
@Suite struct StateResetTests {
    final class RestartingTask: SequenceTask {
        typealias Scalar = Double
        let inner: ProbeTask
        let restartStep: Int
        init(restartStep: Int) {
            inner = ProbeTask(.lstm, shape: .oneLayer)
            self.restartStep = restartStep
        }
        var parameters: [Parameter<Double>] { inner.parameters }
        var length: Int { inner.length }
        func forward(steps: Range<Int>, state: [[Variable<Double>]]?, tape: Tape<Double>)
            -> (output: Variable<Double>, state: [[Variable<Double>]]) { inner.forward(steps: steps, state: state, tape: tape) }
        func loss(_ output: Variable<Double>, steps: Range<Int>) -> Variable<Double> { inner.loss(output, steps: steps) }
        func restarts(at step: Int) -> [Int] { step == restartStep ? [1] : [] }
    }

    /// Restarts every sample at `restartStep` in a longer sequence.
    final class DocumentsTask: SequenceTask {
        typealias Scalar = Double
        let inner = ProbeTask(.lstm, shape: .oneLayer, length: 12)
        let restartStep: Int, samples: [Int]
        init(restartStep: Int, samples: [Int]) { (self.restartStep, self.samples) = (restartStep, samples) }
        var parameters: [Parameter<Double>] { inner.parameters }
        var length: Int { inner.length }
        func forward(steps: Range<Int>, state: [[Variable<Double>]]?, tape: Tape<Double>)
            -> (output: Variable<Double>, state: [[Variable<Double>]]) { inner.forward(steps: steps, state: state, tape: tape) }
        func loss(_ output: Variable<Double>, steps: Range<Int>) -> Variable<Double> { inner.loss(output, steps: steps) }
        func restarts(at step: Int) -> [Int] { step == restartStep ? samples : [] }
    }

    /// With k2 > k1 a window reruns steps before its new ones, so a restart can fall inside it (it was only looked for
    /// at the window's start, and the state of the old document flowed into the new one): after a restart of every
    /// sample, the loss and gradients of the new steps do not depend on anything before it.
    @Test(arguments: [6, 5])  // at the first new step, and in the steps the window reruns
    func aRestartInsideAWindowCutsTheState(restartStep: Int) throws {
        let task = DocumentsTask(restartStep: restartStep, samples: [0, 1])
        let policy = TBPTT(k1: 3, k2: 5)
        let update = try #require(policy.updates(length: task.length).first { $0.lossSteps.lowerBound == 6 })
        #expect(update.window == 4..<9)
        func lossAndGradient(carried seed: UInt64) -> (Double, [Double]) {
            task.parameters.forEach { $0.zeroGrad() }
            let carried: CarriedState<Double> = [[randomTensor([2, 2], seed: seed), randomTensor([2, 2], seed: seed + 1)]]
            let tape = Tape<Double>()
            let (loss, _) = policy.record(update, task: task, carried: carried, tape: tape)
            tape.backward(from: loss)
            return (loss.value.scalar, task.parameters.flatMap(\.grad.scalars))
        }
        let (a, ga) = lossAndGradient(carried: 1), (b, gb) = lossAndGradient(carried: 5)
        #expect(abs(a - b) < 1e-12)
        #expect(zip(ga, gb).allSatisfy { abs($0 - $1) < 1e-12 })
        // A restart of sample 1 only: sample 0 still depends on what came before.
        let one = DocumentsTask(restartStep: restartStep, samples: [1])
        let tape = Tape<Double>()
        let l1 = policy.record(update, task: one, carried: [[randomTensor([2, 2], seed: 1), randomTensor([2, 2], seed: 2)]], tape: tape).loss
        let l2 = policy.record(update, task: one, carried: [[randomTensor([2, 2], seed: 5), randomTensor([2, 2], seed: 6)]], tape: tape).loss
        #expect(abs(l1.value.scalar - l2.value.scalar) > 1e-6)
    }

    @Test func resettingZeroesOnlyTheGivenSamples() {
        let h: Tensor<Double> = randomTensor([3, 2], seed: 1), c: Tensor<Double> = randomTensor([3, 2], seed: 2)
        let out = resetting([[h, c]], samples: [1])
        for t in out[0] {
            #expect(t[1, 0] == 0 && t[1, 1] == 0)
        }
        #expect(out[0][0][0, 0] == h[0, 0] && out[0][0][2, 1] == h[2, 1])
        #expect(out[0][1][0, 1] == c[0, 1])
    }

    /// Each pass starts from zeros, as ``Trainer/trainPass(_:onUpdate:)`` says: the state the previous pass ended
    /// with is not carried into the next one (lr 0 keeps the weights, so both passes have the same losses).
    @Test func eachPassStartsFromZeros() {
        let task = ProbeTask(.lstm, shape: .oneLayer)
        var trainer = Trainer(policy: TBPTT(k1: 3), optimizer: SGD(parameters: task.parameters, learningRate: 0))
        let first = trainer.trainPass(task).map(\.loss)
        #expect(trainer.carried != nil, "the pass ended with a state it could carry")
        let second = trainer.trainPass(task).map(\.loss)
        #expect(first.count == 3 && zip(first, second).allSatisfy { abs($0 - $1) < 1e-12 }, "\(first) then \(second)")
    }

    @Test func theTrainerResetsARestartingStream() {
        // With a restart of sample 1 at step 3, the second window (3..<6) must
        // see zeros for sample 1 and the carried state for sample 0.
        let task = RestartingTask(restartStep: 3)
        var trainer = Trainer(policy: TBPTT(k1: 3), optimizer: SGD(parameters: task.parameters, learningRate: 0))
        let updates = trainer.policy.updates(length: task.length)
        _ = trainer.train(updates[0], task: task)
        let before = trainer.carried!
        let expected = resetting(before, samples: [1])
        // What the second update starts from, by hand:
        task.parameters.forEach { $0.zeroGrad() }
        let tape = Tape<Double>()
        let (loss, _) = trainer.policy.record(updates[1], task: task, carried: expected, tape: tape)
        tape.backward(from: loss)
        let byHand = task.parameters.flatMap(\.grad.scalars)
        _ = trainer.train(updates[1], task: task)
        // lr 0: the trainer's gradients stay in the parameters after its step.
        #expect(zip(task.parameters.flatMap(\.grad.scalars), byHand).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(before[0][0][1, 0] != 0, "sample 1 had a state to reset")
    }
}
