import Foundation
import Testing
import _TestSupport
@testable import RNNCore

@Suite struct LossTests {
    private let prediction = Tensor<Double>(shape: [3], scalars: [1.5, -2, 3])
    private let target = Tensor<Double>(shape: [3], scalars: [1, 0, 0])

    // MARK: Regression losses

    @Test func regressionLossValues() {
        let tape = Tape<Double>()
        let p = tape.constant(prediction)
        #expect(Swift.abs(Loss.mse(p, target).scalar - (0.25 + 4 + 9) / 3) < 1e-15)
        #expect(Swift.abs(Loss.mae(p, target).scalar - (0.5 + 2 + 3) / 3) < 1e-15)
        // d = [0.5, -2, 3], δ = 1: [0.125, 1.5, 2.5]; torch.nn.HuberLoss gives 1.3750.
        #expect(Swift.abs(Loss.huber(p, target).scalar - 1.375) < 1e-15)
        // δ = 2.5: [0.125, 2, 2.5·(3 - 1.25)].
        #expect(Swift.abs(Loss.huber(p, target, delta: 2.5).scalar - (0.125 + 2 + 4.375) / 3) < 1e-15)
    }

    @Test func regressionLossGradients() {
        let x = seededTensor([2, 3, 2], seed: 1, in: -3...3)
        let y = seededTensor([2, 3, 2], seed: 2, in: -3...3)
        expectGradientsMatch([x]) { _, v in Loss.mse(v[0], y) }
        expectGradientsMatch([x]) { _, v in Loss.mae(v[0], y) }
        expectGradientsMatch([x]) { _, v in Loss.huber(v[0], y, delta: 1) }
        expectGradientsMatch([x]) { _, v in Loss.huber(v[0], y, delta: 0.7) }
    }

    // MARK: Cross-entropy

    @Test func crossEntropyValues() {
        let tape = Tape<Double>()
        let logits = tape.constant(Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 2, 3]))
        let row0 = log(3.0)
        let row1 = log(exp(1.0) + exp(2.0) + exp(3.0)) - 3
        #expect(Swift.abs(Loss.crossEntropy(logits: logits, targets: [1, 2]).scalar - (row0 + row1) / 2) < 1e-14)
        let weighted = Loss.crossEntropy(logits: logits, targets: [1, 2], weights: Tensor(shape: [2], scalars: [0, 1]))
        #expect(Swift.abs(weighted.scalar - row1) < 1e-14)
        // Large logits stay finite: the loss is logsumexp - x[t], never log(0).
        let huge = tape.constant(Tensor(shape: [1, 2], scalars: [1000, 0]))
        #expect(Swift.abs(Loss.crossEntropy(logits: huge, targets: [1]).scalar - 1000) < 1e-9)
    }

    /// One row of logits [V] with one target, as PyTorch takes a (C) input: the loss and gradient of [1, V].
    @Test func crossEntropyOfOneRowVector() {
        let tape = Tape<Double>()
        let logits = tape.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
        let loss = Loss.crossEntropy(logits: logits, targets: [2])
        #expect(Swift.abs(loss.scalar - (log(exp(1.0) + exp(2.0) + exp(3.0)) - 3)) < 1e-14)
        tape.backward(from: loss)
        let z = exp(1.0) + exp(2.0) + exp(3.0)
        let expected = [exp(1.0) / z, exp(2.0) / z, exp(3.0) / z - 1]
        let gradient = tape.gradient(of: logits)
        #expect(gradient?.shape == [3])
        #expect(zip(gradient?.scalars ?? [], expected).allSatisfy { Swift.abs($0 - $1) < 1e-14 })
    }

    @Test func crossEntropyMatchesLogSoftmaxComposition() {
        let x = seededTensor([4, 6], seed: 3, in: -3...3)
        let targets = [5, 0, 2, 2]
        let tape = Tape<Double>()
        let fused = Loss.crossEntropy(logits: tape.constant(x), targets: targets).scalar
        let logp = tape.constant(x).logSoftmax().value
        let composed = -targets.enumerated().map { logp[$0.offset, $0.element] }.reduce(0, +) / 4
        #expect(Swift.abs(fused - composed) < 1e-14)
    }

    @Test func crossEntropyGradients() {
        let logits = seededTensor([2, 3, 5], seed: 4, in: -2...2)
        let targets = [0, 4, 4, 1, 2, 3]
        expectGradientsMatch([logits]) { _, v in Loss.crossEntropy(logits: v[0], targets: targets) }
        let mask = Tensor<Double>(shape: [2, 3], scalars: [1, 1, 0, 1, 0, 0])
        expectGradientsMatch([logits]) { _, v in Loss.crossEntropy(logits: v[0], targets: targets, weights: mask) }
        let soft = seededTensor([6], seed: 5, in: 0...2)
        expectGradientsMatch([logits]) { _, v in Loss.crossEntropy(logits: v[0], targets: targets, weights: soft) }
    }

    @Test func maskedRowsGetNoGradientAndEqualTheUnmaskedMean() {
        let x = seededTensor([3, 4], seed: 6)
        let tape = Tape<Double>()
        let logits = tape.variable(x)
        let masked = Loss.crossEntropy(logits: logits, targets: [1, 3, 0], weights: Tensor(shape: [3], scalars: [1, 0, 1]))
        tape.backward(from: masked)
        let grad = tape.gradient(of: logits)!
        #expect(grad.rowSlice(1..<2).scalars.allSatisfy { $0 == 0 })
        // Each kept row's gradient is (softmax - onehot) / 2 and sums to 0.
        #expect(Swift.abs(grad.rowSlice(0..<1).sum()) < 1e-15)
        let kept = Tape<Double>()
        let rows = Loss.crossEntropy(logits: kept.constant(Tensor(shape: [2, 4], scalars: x.rowSlice(0..<1).scalars + x.rowSlice(2..<3).scalars)),
                                     targets: [1, 0])
        #expect(Swift.abs(masked.scalar - rows.scalar) < 1e-15)
        // Every row masked: zero loss, no gradient.
        let empty = Tape<Double>()
        let none = Loss.crossEntropy(logits: empty.variable(x), targets: [1, 3, 0], weights: Tensor(zeros: [3]))
        #expect(none.scalar == 0 && !none.requiresGradient)
    }

    /// PyTorch's per-class `weight` w is the per-row weights w[target]: `F.cross_entropy(x, t, weight=w)` is
    /// Σ w[tᵣ]·nllᵣ / Σ w[tᵣ].
    @Test func classWeightsAreRowWeightsOfEachTarget() {
        let tape = Tape<Double>()
        let x = Tensor<Double>(shape: [3, 3], scalars: [0, 0, 0, 1, 2, 3, 3, 1, 0])
        let targets = [1, 2, 0], classWeight = [0.2, 1.0, 3.0]
        let nll = (0..<3).map { r in log((0..<3).map { exp(x[r, $0]) }.reduce(0, +)) - x[r, targets[r]] }
        let w = targets.map { classWeight[$0] }
        let expected = zip(w, nll).map(*).reduce(0, +) / w.reduce(0, +)
        let loss = Loss.crossEntropy(logits: tape.constant(x), targets: targets, weights: Tensor(shape: [3], scalars: w))
        #expect(Swift.abs(loss.scalar - expected) < 1e-14)
    }

    /// Class weights given where row weights go stop with a message that says which are wanted.
    @Test func classWeightsInPlaceOfRowWeightsTrap() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape<Double>()
            _ = Loss.crossEntropy(logits: tape.constant(Tensor(zeros: [4, 2])), targets: [0, 1, 1, 0],
                                  weights: Tensor(shape: [2], scalars: [1, 3]))
        }
        #expect(trapMessage(result).contains("one weight per row, 4 of them (for PyTorch's per-class weight w, give each row w[its target])"))
    }

    @Test func crossEntropyFloatAgreesWithDouble() {
        let x = seededTensor([8, 50], seed: 7, in: -5...5)
        let targets = (0..<8).map { $0 * 6 }
        let d = Tape<Double>(), f = Tape<Float>()
        let dl = d.variable(x), fl = f.variable(Tensor<Float>(x))
        let lossD = Loss.crossEntropy(logits: dl, targets: targets)
        let lossF = Loss.crossEntropy(logits: fl, targets: targets)
        #expect(Swift.abs(Double(lossF.scalar) - lossD.scalar) < 1e-5)
        d.backward(from: lossD)
        f.backward(from: lossF)
        let worst = zip(d.gradient(of: dl)!.scalars, f.gradient(of: fl)!.scalars).map { Swift.abs($0 - Double($1)) }.max()!
        #expect(worst < 1e-6)
    }

    // MARK: Negative log-likelihood

    @Test func nllLossGradients() {
        let logProbabilities = seededTensor([2, 3, 5], seed: 15, in: -4...0)
        let targets = [0, 4, 4, 1, 2, 3]
        expectGradientsMatch([logProbabilities]) { _, v in Loss.nllLoss(logProbabilities: v[0], targets: targets) }
        let soft = seededTensor([6], seed: 16, in: 0...2)
        expectGradientsMatch([logProbabilities]) { _, v in Loss.nllLoss(logProbabilities: v[0], targets: targets, weights: soft) }
    }

    /// nllLoss of a log-softmax is crossEntropy of the logits, in value and in the logits' gradient,
    /// masked rows included; on log-probabilities that do not sum to 1 the two differ (crossEntropy
    /// normalizes them again), which is why both exist.
    @Test func nllLossOfLogSoftmaxIsCrossEntropy() {
        let x = seededTensor([4, 6], seed: 17, in: -3...3)
        let targets = [5, 0, 2, 2], mask = Tensor<Double>(shape: [4], scalars: [1, 0, 1, 1])
        let (fused, composed) = (Tape<Double>(), Tape<Double>())
        let (a, b) = (fused.variable(x), composed.variable(x))
        let ce = Loss.crossEntropy(logits: a, targets: targets, weights: mask)
        let nll = Loss.nllLoss(logProbabilities: b.logSoftmax(), targets: targets, weights: mask)
        #expect(Swift.abs(ce.scalar - nll.scalar) < 1e-14)
        fused.backward(from: ce)
        composed.backward(from: nll)
        let worst = zip(fused.gradient(of: a)!.scalars, composed.gradient(of: b)!.scalars).map { Swift.abs($0 - $1) }.max()!
        #expect(worst < 1e-15)
        let unnormalized = Tape<Double>().constant(Tensor(shape: [1, 2], scalars: [log(0.2), log(0.3)]))
        #expect(Swift.abs(Loss.nllLoss(logProbabilities: unnormalized, targets: [1]).scalar + log(0.3)) < 1e-15)
        #expect(Swift.abs(Loss.crossEntropy(logits: unnormalized, targets: [1]).scalar + log(0.6)) < 1e-15)
    }

    @Test func nllLossTargetOutOfRangeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape<Float>()
            _ = Loss.nllLoss(logProbabilities: tape.constant(Tensor(zeros: [2, 3])), targets: [0, 3])
        }
        #expect(trapMessage(result).contains("Loss.nllLoss: target 3 at row 1 out of 0..<3 for log-probabilities [2, 3]"))
    }

    // MARK: Binary cross-entropy

    @Test func binaryCrossEntropyWithLogitsGradients() {
        let logits = seededTensor([2, 3, 4], seed: 12, in: -4...4)
        let targets = seededTensor([2, 3, 4], seed: 13, in: 0...1)
        let perClass = seededTensor([4], seed: 14, in: 0.2...3)
        expectGradientsMatch([logits]) { _, v in Loss.binaryCrossEntropyWithLogits(logits: v[0], targets: targets) }
        expectGradientsMatch([logits]) { _, v in
            Loss.binaryCrossEntropyWithLogits(logits: v[0], targets: targets, positiveWeight: perClass)
        }
        expectGradientsMatch([logits]) { _, v in
            Loss.binaryCrossEntropyWithLogits(logits: v[0], targets: targets, positiveWeight: Tensor(shape: [1], scalars: [2.5]))
        }
    }

    /// Logits far past exp's range give the exact loss (|x| where the label is wrong, 0 where right)
    /// and gradient (σ(x) − y: ±1 or 0, over the count), in Float; a positive weight scales the
    /// positives' loss.
    @Test func binaryCrossEntropyWithLargeLogits() {
        let tape = Tape<Float>()
        let logits = tape.variable(Tensor(shape: [4], scalars: [1000, -1000, 1000, -1000]))
        let loss = Loss.binaryCrossEntropyWithLogits(logits: logits, targets: Tensor(shape: [4], scalars: [1, 0, 0, 1]))
        #expect(loss.scalar == 500)
        tape.backward(from: loss)
        #expect(tape.gradient(of: logits)?.scalars == [0, 0, 0.25, -0.25])
        let weighted = Loss.binaryCrossEntropyWithLogits(logits: tape.constant(Tensor(shape: [2], scalars: [-50, 50])),
                                                         targets: Tensor(shape: [2], scalars: [1, 0]),
                                                         positiveWeight: Tensor(shape: [1], scalars: [3]))
        #expect(weighted.scalar == (3 * 50 + 50) / 2)
    }

    @Test func binaryCrossEntropyPositiveWeightOfTheWrongShapeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape<Float>()
            _ = Loss.binaryCrossEntropyWithLogits(logits: tape.constant(Tensor(zeros: [4, 3])), targets: Tensor(zeros: [4, 3]),
                                                  positiveWeight: Tensor(zeros: [4]))
        }
        #expect(trapMessage(result).contains("positive weights [4] for logits [4, 3]; one per class, [3], or [1] for all"))
    }

    // MARK: Gaussian NLL

    @Test func gaussianNLLMatchesPyTorch() {
        let tape = Tape<Double>()
        let loss = Loss.gaussianNLL(mean: tape.constant(Tensor(shape: [2], scalars: [1, 0])),
                                    logVariance: tape.constant(Tensor(shape: [2], scalars: [0, log(4.0)])),
                                    target: Tensor(shape: [2], scalars: [3, 2]))
        // ½(0 + 4/1) and ½(log 4 + 4/4); torch.nn.GaussianNLLLoss gives 1.5966.
        #expect(Swift.abs(loss.scalar - (2 + 0.5 * (log(4.0) + 1)) / 2) < 1e-15)
        #expect(Swift.abs(loss.scalar - 1.5966) < 1e-4)
    }

    @Test func gaussianNLLGradients() {
        let mean = seededTensor([3, 2], seed: 8)
        let logVariance = seededTensor([3, 2], seed: 9, in: -1...1)
        let y = seededTensor([3, 2], seed: 10)
        expectGradientsMatch([mean, logVariance]) { _, v in Loss.gaussianNLL(mean: v[0], logVariance: v[1], target: y) }
    }

    // MARK: Regularizers

    @Test func penaltyValuesAndGradients() {
        let w = Parameter<Double>(name: "w", value: Tensor(shape: [2], scalars: [1, -2]))
        let v = Parameter<Double>(name: "v", value: Tensor(shape: [1], scalars: [3]))
        let tape = Tape<Double>()
        #expect(Swift.abs(Loss.l1Penalty([w, v], lambda: 0.1, tape: tape).scalar - 0.6) < 1e-15)
        #expect(Swift.abs(Loss.l2Penalty([w, v], lambda: 0.1, tape: tape).scalar - 1.4) < 1e-15)
        #expect(Loss.l2Penalty([], lambda: 0.1, tape: tape).scalar == 0)
        let l2 = Tape<Double>()
        l2.backward(from: Loss.l2Penalty([w, v], lambda: 0.1, tape: l2))
        #expect(w.grad.scalars == [0.2, -0.4])   // 2λw
        let p = Parameter<Double>(name: "p", value: seededTensor([3, 4], seed: 11))
        expectGradientsMatch([], parameters: [p, w]) { tape, _ in Loss.l1Penalty([p, w], lambda: 0.3, tape: tape) }
        expectGradientsMatch([], parameters: [p, w]) { tape, _ in Loss.l2Penalty([p, w], lambda: 0.3, tape: tape) }
    }
}
