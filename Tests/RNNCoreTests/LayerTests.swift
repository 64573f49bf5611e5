import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// Sets every parameter to deterministic random values (ones and zeros hide mistakes).
func randomize(_ parameters: [Parameter<Double>], seed: UInt64) {
    for (k, p) in parameters.enumerated() { p.value = seededTensor(p.shape, seed: seed + UInt64(k), in: 0.5...1.5) }
}

func expectClose(_ got: [Double], _ want: [Double], tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == want.count, sourceLocation: sourceLocation)
    let worst = zip(got, want).map { Swift.abs($0 - $1) }.max() ?? 0
    #expect(worst < tolerance, "got \(got), want \(want)", sourceLocation: sourceLocation)
}

@Suite struct LayerTests {
    // MARK: Linear

    @Test func linearForwardAndNames() {
        let layer = Linear<Double>(weight: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]),
                                   bias: Tensor(shape: [3], scalars: [0.5, -1, 0]), name: "head")
        #expect(layer.parameters.map(\.name) == ["head.weight", "head.bias"])
        let tape = Tape<Double>()
        let y = layer(tape.constant(Tensor(shape: [2, 2], scalars: [1, -1, 0, 2])))
        #expect(y.value.scalars == [-0.5, -2, -1, 4.5, 7, 12])
    }

    @Test func linearInitializationAndShapes() {
        var g = SeededGenerator(seed: 1)
        let layer = Linear<Float>(inputSize: 16, outputSize: 4, name: "fc", generator: &g)
        #expect(layer.weight.shape == [4, 16] && layer.bias!.shape == [4])
        #expect((layer.weight.value.scalars + layer.bias!.value.scalars).allSatisfy { Swift.abs($0) <= 0.25 })
        let noBias = Linear<Float>(inputSize: 3, outputSize: 2, bias: false, generator: &g)
        #expect(noBias.parameters.map(\.name) == ["weight"])
        let tape = Tape<Float>()
        #expect(layer(tape.constant(Tensor(zeros: [2, 5, 16]))).shape == [2, 5, 4])
    }

    @Test func linearGradients() {
        var g = SeededGenerator(seed: 2)
        let layer = Linear<Double>(inputSize: 4, outputSize: 3, name: "fc", generator: &g)
        expectGradientsMatch([seededTensor([2, 3, 4], seed: 1)], parameters: layer.parameters) { _, x in layer(x[0]) }
    }

    // MARK: Embedding

    @Test func embeddingLookupAndShapes() {
        let table = seededTensor([5, 3], seed: 1)
        let embed = Embedding(table: table, name: "embed")
        #expect(embed.parameters.map(\.name) == ["embed.weight"])
        let tape = Tape<Double>()
        let rows = embed([4, 0, 4], tape: tape)
        #expect(rows.shape == [3, 3])
        #expect(rows.value.rowSlice(0..<1).scalars == table.rowSlice(4..<5).scalars)
        #expect(rows.value.rowSlice(2..<3).scalars == table.rowSlice(4..<5).scalars)
        let batch = embed([1, 2, 3, 0, 0, 4], shape: [2, 3], tape: tape)
        #expect(batch.shape == [2, 3, 3])
        #expect(batch.select(axis: 1, 2).value.rowSlice(1..<2).scalars == table.rowSlice(4..<5).scalars)
        var g = SeededGenerator(seed: 3)
        #expect(Embedding<Float>(vocabularySize: 7, embeddingSize: 2, generator: &g).weight.shape == [7, 2])
    }

    @Test func embeddingGradientSumsRepeatedIds() {
        let embed = Embedding(table: seededTensor([5, 3], seed: 1), name: "embed")
        expectGradientsMatch([], parameters: embed.parameters) { tape, _ in
            embed([1, 3, 1, 1, 0, 3], shape: [2, 3], tape: tape).tanh()
        }
    }

    // MARK: Dropout

    @Test func dropoutIsIdentityInEvaluation() {
        let x = seededTensor([4, 5], seed: 1)
        let tape = Tape<Double>(recording: false)
        #expect(Dropout<Double>(probability: 0.5)(tape.constant(x)).value == x)
        let evalTape = Tape<Double>(recording: true, training: false)
        #expect(Dropout<Double>(probability: 0.5)(evalTape.constant(x)).value == x)
    }

    @Test func dropoutMaskStatisticsAndReproducibility() {
        let x = Tensor<Float>(repeating: 1, shape: [100, 100])
        func run(seed: UInt64) -> Tensor<Float> {
            let tape = Tape<Float>(generator: SeededGenerator(seed: seed))
            return Dropout<Float>(probability: 0.3)(tape.constant(x)).value
        }
        let y = run(seed: 7)
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(Swift.abs(Double(zeros) / 10_000 - 0.3) < 0.02)
        #expect(y.scalars.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
        #expect(run(seed: 7) == y)
        #expect(run(seed: 8) != y)
        #expect(Dropout<Float>(probability: 1)(Tape<Float>().constant(x)).value.sum() == 0)
    }

    /// Dropout(0), `nn.Dropout(0)`, is the identity in training too: it draws nothing from the tape's stream (a model's
    /// other masks stay as they were) and needs none.
    @Test func dropoutOfZeroDrawsNothing() {
        let x = seededTensor([4, 5], seed: 1)
        let tape = Tape<Double>(generator: SeededGenerator(seed: 3))
        #expect(Dropout<Double>(probability: 0)(tape.constant(x)).value == x)
        #expect(tape.generator == SeededGenerator(seed: 3))
    }

    @Test func dropoutGradientWithFixedMask() {
        let dropout = Dropout<Double>(probability: 0.4)
        expectGradientsMatch([seededTensor([3, 6], seed: 1)]) { _, x in dropout(x[0]).tanh() }
    }

    /// A user's model with dropout and batch normalization checks as it is: every pass of the check runs in
    /// training mode with the same random stream (the numeric passes used to run in inference mode, errors of 1.3 and 1.9).
    @Test func gradientCheckRunsEveryPassInOneMode() {
        var g = SeededGenerator(seed: 1)
        let first = Linear<Double>(inputSize: 3, outputSize: 4, name: "a", generator: &g)
        let second = Linear<Double>(inputSize: 4, outputSize: 2, name: "b", generator: &g)
        let norm = BatchNorm<Double>(featureCount: 4, name: "bn"), dropout = Dropout<Double>(probability: 0.3)
        let parameters = first.parameters + norm.parameters + second.parameters
        randomize(parameters, seed: 3)
        let x = seededTensor([6, 3], seed: 4)
        for (training, seed) in [(true, UInt64(0)), (true, 5), (false, 0)] {
            let report = GradientCheck.run(parameters: parameters, inputs: [x], training: training, seed: seed) { _, v in
                second(dropout(norm(first(v[0])).tanh())).squared().sum()
            }
            #expect(report.worstRelativeError < 1e-6, "training \(training), seed \(seed): \(report)")
        }
        // Given the buffers, the check puts the running statistics back (each pass updated them).
        let before = norm.buffers.map(\.value)
        _ = GradientCheck.run(parameters: parameters, inputs: [x], buffers: norm.buffers) { _, v in norm(first(v[0])).squared().sum() }
        #expect(norm.buffers.map(\.value) == before)
        _ = GradientCheck.run(parameters: parameters, inputs: [x]) { _, v in norm(first(v[0])).squared().sum() }
        #expect(norm.buffers.map(\.value) != before)
    }

    // MARK: LayerNorm

    @Test func layerNormMatchesPyTorch() {
        let norm = LayerNorm<Double>(featureCount: 3, name: "ln")
        #expect(norm.parameters.map(\.name) == ["ln.weight", "ln.bias"])
        let tape = Tape<Double>()
        let y = norm(tape.constant(Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 3])))
        // torch.nn.LayerNorm(3) on the same input.
        expectClose(y.value.scalars, [-1.2247, 0, 1.2247, -0.7071, -0.7071, 1.4142], tolerance: 1e-4)
        let s = 1 / (2.0 / 3 + 1e-5).squareRoot()
        expectClose(Array(y.value.scalars[0..<3]), [-s, 0, s], tolerance: 1e-12)
    }

    /// A scale and shift of their own (at ones and zeros they hide a missing term): y = x̂ ⊙ weight + bias.
    @Test func layerNormAppliesItsWeightAndBias() {
        let norm = LayerNorm<Double>(featureCount: 3)
        norm.weight.value = Tensor(shape: [3], scalars: [2, 1, 0.5])
        norm.bias.value = Tensor(shape: [3], scalars: [0.1, -0.2, 0.3])
        let y = norm(Tape<Double>().constant(Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 3])))
        // torch.nn.LayerNorm(3) with the same weight and bias.
        expectClose(y.value.scalars, [-2.3494713703, -0.2, 0.9123678549, -1.3142100254, -0.9071050164, 1.0071050253], tolerance: 1e-6)
    }

    @Test func layerNormGradients() {
        let norm = LayerNorm<Double>(featureCount: 4, name: "ln")
        randomize(norm.parameters, seed: 5)
        expectGradientsMatch([seededTensor([2, 3, 4], seed: 1)], parameters: norm.parameters) { _, x in norm(x[0]) }
    }

    // MARK: BatchNorm

    private static let batch = Tensor<Double>(shape: [4, 2], scalars: [1, 0, 2, 1, 3, -1, 6, 2])

    @Test func batchNormTrainingMatchesPyTorch() {
        let norm = BatchNorm<Double>(featureCount: 2, name: "bn")
        #expect(norm.parameters.map(\.name) == ["bn.weight", "bn.bias"])
        #expect(norm.buffers.map(\.name) == ["bn.running_mean", "bn.running_var", "bn.num_batches_tracked"])
        // The buffers follow the weight's prefix, whatever its leaf is called.
        let renamed = BatchNorm<Double>(featureCount: 2, name: "enc.bn")
        renamed.weight.name = "enc.bn.gamma"
        #expect(renamed.buffers.map(\.name) == ["enc.bn.running_mean", "enc.bn.running_var", "enc.bn.num_batches_tracked"])
        #expect(BatchNorm<Double>(featureCount: 2).buffers.map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
        let y = norm(Tape<Double>().constant(Self.batch))
        // torch.nn.BatchNorm1d(2) in training mode on the same batch.
        expectClose(y.value.scalars, [-1.0690, -0.44721, -0.53452, 0.44721, 0, -1.3416, 1.6036, 1.3416], tolerance: 1e-4)
        // Column 0: mean 3, unbiased variance 14/3; column 1: mean 0.5, unbiased variance 5/3.
        expectClose(norm.running.mean.scalars, [0.3, 0.05], tolerance: 1e-12)
        expectClose(norm.running.variance.scalars, [0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 5 / 3], tolerance: 1e-12)
        #expect(norm.running.batchesTracked == 1)
    }

    /// ε keeps a feature that barely varies (or not at all) within the batch finite: it normalizes by √(var + ε).
    @Test func batchNormTrainingAddsEpsilonToTheBatchVariance() {
        let norm = BatchNorm<Double>(featureCount: 2)
        norm.weight.value = Tensor(shape: [2], scalars: [1.5, 0.5])
        norm.bias.value = Tensor(shape: [2], scalars: [0.25, -1])
        let x = Tensor<Double>(shape: [4, 2], scalars: [2, 0, 2, 0.001, 2, 0.002, 2, 0.003])
        let y = norm(Tape<Double>().constant(x))
        // torch.nn.BatchNorm1d(2) in training mode with the same weight and bias: a constant column gives its bias.
        expectClose(y.value.scalars, [0.25, -1.2236067977, 0.25, -1.0745355992, 0.25, -0.9254644008, 0.25, -0.7763932023],
                    tolerance: 1e-8)
    }

    /// Features last, [N, L, F] (`nn.BatchNorm1d` on the [N, F, L] transpose): every position of every sample is a
    /// row, so the running variance's unbiased factor counts N·L rows, not N.
    @Test func batchNormOverPositionsCountsEveryRow() {
        let norm = BatchNorm<Double>(featureCount: 2)
        let x = Tensor<Double>(shape: [2, 3, 2], scalars: [1, 0, 2, 1, 4, -1, 0, 3, 6, 2, 3, 0])
        let y = norm(Tape<Double>().constant(x))
        // torch.nn.BatchNorm1d(2) on x.permute(0, 2, 1), its output permuted back.
        expectClose(y.value.scalars, [-0.8451531681, -0.6201719555, -0.3380612672, 0.1240343911, 0.6761225345, -1.3643783022,
                                      -1.3522450690, 1.6124470844, 1.6903063362, 0.8682407378, 0.1690306336, -0.6201719555],
                    tolerance: 1e-8)
        expectClose(norm.running.mean.scalars, [0.2666666667, 0.0833333333], tolerance: 1e-9)
        expectClose(norm.running.variance.scalars, [1.3666666667, 1.1166666667], tolerance: 1e-9)
    }

    @Test func batchNormEvaluationSeesTrainingUpdates() {
        let norm = BatchNorm<Double>(featureCount: 2)
        let copy = norm   // a copy of the layer shares the running statistics
        _ = norm(Tape<Double>().constant(Self.batch))
        let y = copy(Tape<Double>(recording: false).constant(Self.batch))
        // torch.nn.BatchNorm1d(2) in eval mode after the one training step.
        expectClose(y.value.scalars, [0.5988, -0.0484, 1.4542, 0.9198, 2.3096, -1.0167, 4.8758, 1.8881], tolerance: 1e-4)
        #expect(copy.running.batchesTracked == 1)
    }

    @Test func batchNormGradients() {
        let norm = BatchNorm<Double>(featureCount: 3, name: "bn")
        randomize(norm.parameters, seed: 7)
        let x = seededTensor([5, 3], seed: 2)
        expectGradientsMatch([x], parameters: norm.parameters) { tape, v in
            tape.isTraining = true
            return norm(v[0])
        }
        expectGradientsMatch([x], parameters: norm.parameters) { tape, v in
            tape.isTraining = false
            return norm(v[0])
        }
    }

    // MARK: Sequential and activations

    @Test func sequentialComposesAndListsParameters() {
        var g = SeededGenerator(seed: 3)
        let first = Linear<Double>(inputSize: 3, outputSize: 4, name: "0", generator: &g)
        let second = Linear<Double>(inputSize: 4, outputSize: 2, name: "2", generator: &g)
        let model = Sequential<Double>([first, Tanh(), second, Sigmoid(), ReLU()])
        #expect(model.parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        let tape = Tape<Double>()
        let x = tape.constant(seededTensor([5, 3], seed: 4))
        #expect(model(x).value == second(first(x).tanh()).sigmoid().relu().value)
        expectGradientsMatch([seededTensor([5, 3], seed: 4)], parameters: model.parameters) { _, v in model(v[0]) }
    }

    @Test func activationLayersMatchTheirOps() {
        let tape = Tape<Double>()
        let x = tape.constant(seededTensor([2, 3], seed: 9, in: -2...2))
        #expect(Tanh<Double>()(x).value == x.tanh().value)
        #expect(Sigmoid<Double>()(x).value == x.sigmoid().value)
        #expect(ReLU<Double>()(x).value == x.relu().value)
        #expect(Tanh<Double>().parameters.isEmpty)
    }
}

@Suite struct LinearVectorTests {
    /// A single sample [I] gives [O], as PyTorch's `nn.Linear` does, and its gradient keeps the shape [I].
    @Test func vectorInputGivesVectorOutput() {
        let layer = Linear<Double>(weight: Tensor(shape: [2, 3], scalars: [1, 0, -1, 2, 1, 0]), bias: Tensor(shape: [2], scalars: [0.5, -0.5]))
        let tape = Tape<Double>()
        let x = tape.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
        let y = layer(x)
        #expect(y.shape == [2])
        #expect(y.value.scalars == [-1.5, 3.5])
        tape.backward(from: y.sum())
        #expect(tape.gradient(of: x)?.shape == [3])
        #expect(tape.gradient(of: x)?.scalars == [3, 1, -1])
    }
}

@Suite struct OptimizerSettingTrapTests {
    /// A NaN learning rate is named as not finite (it used to read "learning rate nan < 0").
    @Test func nanLearningRateTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adam(parameters: [Parameter<Float>(name: "w", value: Tensor(zeros: [2]))], learningRate: .nan)
        }
        #expect(trapMessage(result).contains("Adam: the learning rate must be a finite number ≥ 0, got nan"))
    }

    /// A training batch of one row, as the last minibatch of N = 32k + 1 samples: PyTorch refuses it too; the message says
    /// what to do about the usual cause.
    @Test func batchNormOnOneTrainingRowTrapsWithAdvice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BatchNorm<Float>(featureCount: 3)(Tape<Float>().constant(Tensor(zeros: [1, 3])))
        }
        #expect(trapMessage(result).contains("BatchNorm: training needs more than one row per feature, got input [1, 3]; "
                                             + "drop a last minibatch of one row (PyTorch's drop_last=True)"))
    }
}
