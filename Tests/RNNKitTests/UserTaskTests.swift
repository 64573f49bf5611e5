import Foundation
import Testing
import RNNKit

/// Small programs a PyTorch user writes first, from the README and the public
/// doc comments only: a many-to-one classifier over variable-length
/// sequences, a many-to-many regression under truncated BPTT, saving and
/// reloading, and the everyday idioms (training and evaluation modes, zeroing,
/// clipping, schedules, inference on a tape that records nothing, weight decay,
/// counting parameters, initial states, the batch-first layout, snapshots).
@Suite struct UserTaskTests {
    // MARK: 1. Many-to-one classification over variable-length sequences

    /// A bidirectional GRU classifier: `self.gru = nn.GRU(3, 8, batch_first=True,
    /// bidirectional=True)` and `self.head = nn.Linear(16, 2)`.
    struct Classifier: Module {
        static let hidden = 8
        let gru: GRU<Float>
        let head: Linear<Float>

        init(seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            gru = GRU<Float>(inputSize: 3, hiddenSize: Self.hidden, bidirectional: true, name: "gru", generator: &generator)
            head = Linear<Float>(inputSize: 2 * Self.hidden, outputSize: 2, name: "head", generator: &generator)
        }

        var parameters: [Parameter<Float>] { gru.parameters + head.parameters }

        /// The features of each sample: the forward direction's output at its
        /// last valid step and the reverse direction's at step 0, [B, 2H].
        func features(_ x: Variable<Float>, lengths: [Int]) -> Variable<Float> {
            let (batch, steps, h) = (x.shape[0], x.shape[1], Self.hidden)
            let (outputs, _) = gru(x, lengths: lengths)                        // [B, T, 2H]
            let rows = outputs.reshaped([batch * steps, 2 * h])                 // [B·T, 2H]
            let last = rows.gatheringRows((0..<batch).map { $0 * steps + lengths[$0] - 1 }).sliced(axis: 1, 0..<h)
            let first = rows.gatheringRows((0..<batch).map { $0 * steps }).sliced(axis: 1, h..<(2 * h))
            return Variable.concat([last, first], axis: 1)                     // [B, 2H]
        }

        /// Logits [B, 2].
        func callAsFunction(_ x: Variable<Float>, lengths: [Int]) -> Variable<Float> {
            head(features(x, lengths: lengths))
        }
    }

    /// Padded sequences x [B, T, 3] with lengths in 2...T; the label is 1 when
    /// feature 0 sums to more than 0 over the sample's valid steps.
    static func signOfSum(batch: Int, steps: Int, seed: UInt64) -> (x: Tensor<Float>, lengths: [Int], labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        var x = Tensor<Float>(zeros: [batch, steps, 3])
        var lengths: [Int] = [], labels: [Int] = []
        for b in 0..<batch {
            let length = Int.random(in: 2...steps, using: &generator)
            var sum: Float = 0
            for t in 0..<length {
                for f in 0..<3 { x[b, t, f] = Float(generator.normal()) }
                sum += x[b, t, 0]
            }
            lengths.append(length)
            labels.append(sum > 0 ? 1 : 0)
        }
        return (x, lengths, labels)
    }

    /// max |a - b| over two equally long lists.
    static func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "largestDifference: \(a.count) and \(b.count) values")
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    static func accuracy(_ model: Classifier, _ data: (x: Tensor<Float>, lengths: [Int], labels: [Int])) -> Double {
        let tape = Tape<Float>(recording: false)   // torch.no_grad() and model.eval()
        let predicted = model(tape.constant(data.x), lengths: data.lengths).value.argmaxLastAxis()   // logits.argmax(-1)
        return Double(zip(predicted, data.labels).filter { $0 == $1 }.count) / Double(data.labels.count)
    }

    static func trainedClassifier() -> Classifier {
        let model = Classifier(seed: 1)
        let train = signOfSum(batch: 128, steps: 6, seed: 2)
        let optimizer = Adam(parameters: model.parameters, learningRate: 3e-2)
        for _ in 0..<60 {
            let tape = Tape<Float>()
            let loss = Loss.crossEntropy(logits: model(tape.constant(train.x), lengths: train.lengths), targets: train.labels)
            optimizer.zeroGrad()
            tape.backward(from: loss)
            optimizer.step()
        }
        return model
    }

    @Test func aBidirectionalGRUClassifiesVariableLengthSequences() {
        let test = Self.signOfSum(batch: 128, steps: 6, seed: 3)
        let before = Self.accuracy(Classifier(seed: 1), test)
        let after = Self.accuracy(Self.trainedClassifier(), test)
        #expect(before < 0.6 && after > 0.9, "held-out accuracy \(after) (untrained: \(before))")
    }

    /// The features picked by hand from the outputs are PyTorch's `h_n` of a
    /// packed sequence: the final states, forward at each sample's length and reverse at step 0.
    @Test func theFinalStatesAreTheLastValidForwardAndFirstReverseOutputs() {
        let model = Classifier(seed: 4)
        let data = Self.signOfSum(batch: 5, steps: 6, seed: 5)
        let tape = Tape<Float>(recording: false)
        let x = tape.constant(data.x)
        let (_, state) = model.gru(x, lengths: data.lengths)
        #expect(state.count == 2)                                              // l0, l0_reverse
        let finals = Variable.concat([state[0][0], state[1][0]], axis: 1)       // [B, 2H]
        let picked = model.features(x, lengths: data.lengths)
        #expect(finals.shape == picked.shape)
        #expect(Self.largestDifference(finals.value.scalars, picked.value.scalars) <= 1e-6)
    }

    // MARK: 2. Many-to-many regression with Trainer and TBPTT

    /// B streams of one long sequence: x_t uniform in [-1, 1], and the target
    /// at each step the input two steps back (0 before the start), so the
    /// model has to remember; an LSTM and a linear head on every step. The
    /// task lists no parameters: those trained are the optimizer's.
    struct DelayTask: SequenceTask {
        let lstm: LSTM<Float>
        let head: Linear<Float>
        let x: Tensor<Float>   // [B, T, 1]
        let y: Tensor<Float>   // [B, T, 1]

        init(streams: Int, length: Int, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            lstm = LSTM<Float>(inputSize: 1, hiddenSize: 16, name: "lstm", generator: &generator)
            head = Linear<Float>(inputSize: 16, outputSize: 1, name: "head", generator: &generator)
            var x = Tensor<Float>(zeros: [streams, length, 1]), y = x
            for b in 0..<streams {
                for t in 0..<length { x[b, t, 0] = generator.uniform(-1, 1) }
                for t in 2..<length { y[b, t, 0] = x[b, t - 2, 0] }
            }
            (self.x, self.y) = (x, y)
        }

        var length: Int { x.shape[1] }

        func forward(steps: Range<Int>, state: [[Variable<Float>]]?, tape: Tape<Float>)
            -> (output: Variable<Float>, state: [[Variable<Float>]]) {
            let (outputs, final) = lstm(tape.constant(x.sliced(axis: 1, steps)), initialState: state)
            return (head(outputs), final)
        }

        func loss(_ output: Variable<Float>, steps: Range<Int>) -> Variable<Float> {
            Loss.mse(output, y.sliced(axis: 1, steps))
        }
    }

    @Test func anLSTMLearnsADelayLineWithTruncatedBPTT() {
        let task = DelayTask(streams: 4, length: 200, seed: 6)
        let optimizer = Adam(parameters: task.lstm.parameters + task.head.parameters, learningRate: 1e-2)
        var trainer = Trainer(policy: TBPTT(k1: 10, k2: 20), optimizer: optimizer, clipNorm: 1)
        var passes: [[Trainer<Float>.Report]] = []
        for _ in 0..<8 { passes.append(trainer.trainPass(task)) }
        #expect(passes[0].count == 20)                                          // 200 steps, k1 = 10
        #expect(passes[0].map(\.steps.lowerBound) == Array(stride(from: 0, to: 200, by: 10)))
        let mean = { (reports: [Trainer<Float>.Report]) in reports.map(\.loss).reduce(0, +) / Double(reports.count) }
        // Predicting 0 gives the variance of U(-1, 1), 1/3.
        #expect(mean(passes[0]) > 0.2)
        #expect(mean(passes.last!) < 0.01, "mean loss per pass: \(passes.map(mean))")
        #expect(passes.joined().allSatisfy { !$0.skipped })
    }

    // MARK: 3. Save and reload

    @Test func theClassifierSavesAndReloadsUnderPyTorchNames() throws {
        let model = Self.trainedClassifier()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("UserTaskTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("classifier.safetensors")
        try SafetensorsFile(parameters: model.parameters).write(to: url)

        let fresh = Classifier(seed: 99)
        let saved = try SafetensorsFile(contentsOf: url)
        try saved.load(into: fresh.parameters)   // strict, as load_state_dict
        let data = Self.signOfSum(batch: 7, steps: 6, seed: 8)
        let tape = Tape<Float>(recording: false)
        let expected = model(tape.constant(data.x), lengths: data.lengths).value
        let reloaded = fresh(tape.constant(data.x), lengths: data.lengths).value
        #expect(reloaded == expected)

        // `nn.GRU(3, 8, batch_first=True, bidirectional=True)` as `self.gru` and
        // `nn.Linear(16, 2)` as `self.head`: the state_dict's names, order and shapes.
        let h = Classifier.hidden
        var torch: [(String, [Int])] = []
        for suffix in ["_l0", "_l0_reverse"] {
            torch += [("gru.weight_ih" + suffix, [3 * h, 3]), ("gru.weight_hh" + suffix, [3 * h, h]),
                      ("gru.bias_ih" + suffix, [3 * h]), ("gru.bias_hh" + suffix, [3 * h])]
        }
        torch += [("head.weight", [2, 2 * h]), ("head.bias", [2])]
        #expect(model.parameters.map(\.name) == torch.map(\.0))
        #expect(model.parameters.map(\.shape) == torch.map(\.1))
        #expect(Set(saved.tensors.keys) == Set(torch.map(\.0)))
        #expect(saved.tensors.values.allSatisfy { $0.dtype == "F32" })
    }

    // MARK: 4. Everyday PyTorch idioms

    /// `model.train()` / `model.eval()`: the mode is the tape's. Dropout between
    /// two GRU layers draws a mask in training and is the identity in evaluation,
    /// with or without recording (`torch.no_grad()` is `recording: false`).
    @Test func dropoutFollowsTheTapesMode() {
        var generator = SeededGenerator(seed: 10)
        let gru = GRU<Float>(inputSize: 3, hiddenSize: 8, layers: 2, dropout: 0.5, name: "gru", generator: &generator)
        let x = Self.signOfSum(batch: 4, steps: 5, seed: 11).x
        func run(_ tape: Tape<Float>) -> Tensor<Float> { gru(tape.constant(x)).output.value }
        let eval = run(Tape(recording: false))
        #expect(run(Tape(training: false)) == eval)                 // eval mode, gradients still recorded
        let noGrad = Tape<Float>(recording: false)
        #expect(!noGrad.isTraining)
        _ = run(noGrad)
        #expect(noGrad.nodeCount == 0)
        // Train mode: dropout active, its mask drawn from the tape's stream, which a training loop splits for
        // each step's tape from one seeded generator (a training tape without one traps: MisuseTrapTests).
        var steps = SeededGenerator(seed: 1)
        let first = run(Tape(generator: steps.split())), second = run(Tape(generator: steps.split()))
        #expect(first != eval && second != eval && first != second)
        steps = SeededGenerator(seed: 1)
        #expect(run(Tape(generator: steps.split())) == first)
    }

    /// `nn.GRU(…, dropout=p)` and `nn.Dropout(p)` take the same Python float: here both a `Double`, for a Float model
    /// too, kept as given.
    @Test func dropoutProbabilitiesAreDoubles() {
        let p = 0.1
        var generator = SeededGenerator(seed: 26)
        let gru = GRU<Float>(inputSize: 3, hiddenSize: 4, layers: 2, dropout: p, name: "gru", generator: &generator)
        #expect(gru.dropout == p && Dropout<Float>(probability: p).probability == p)
    }

    /// `batch_first=True` is the only layout: x [B, T, I], outputs [B, T, H]. A change
    /// at sample 0, step 3 reaches sample 0's outputs from step 3 on and nothing else.
    @Test func theTimeAxisIsTheSecond() {
        var generator = SeededGenerator(seed: 22)
        let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, name: "lstm", generator: &generator)
        var x = Self.signOfSum(batch: 2, steps: 6, seed: 23).x
        let tape = Tape<Float>(recording: false)
        let before = lstm(tape.constant(x)).output.value
        x[0, 3, 1] += 1
        let after = lstm(tape.constant(x)).output.value
        #expect(after.shape == [2, 6, 4])
        for b in 0..<2 {
            for t in 0..<6 {
                let changed = (0..<4).contains { after[b, t, $0] != before[b, t, $0] }
                #expect(changed == (b == 0 && t >= 3), "sample \(b), step \(t)")
            }
        }
    }

    /// `best = copy.deepcopy(model.state_dict())`: layers are structs but their parameters are
    /// shared references, so a copy of the model is the same weights; the values are the snapshot.
    @Test func aSnapshotOfTheWeightsIsTheirValues() {
        let model = Classifier(seed: 24)
        let alias = model
        let snapshot = model.parameters.map(\.value)
        let data = Self.signOfSum(batch: 8, steps: 5, seed: 25)
        let optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
        let tape = Tape<Float>()
        tape.backward(from: Loss.crossEntropy(logits: model(tape.constant(data.x), lengths: data.lengths), targets: data.labels))
        optimizer.step()
        #expect(alias.head.weight.value == model.head.weight.value)
        #expect(model.head.weight.value != snapshot[model.parameters.count - 2])
        for (parameter, value) in zip(model.parameters, snapshot) { parameter.value = value }
        #expect(model.parameters.map(\.value) == snapshot)
    }

    /// Gradients add up over backward passes until `zeroGrad()`, as in PyTorch.
    @Test func gradientsAccumulateUntilZeroed() {
        let model = Classifier(seed: 12)
        let data = Self.signOfSum(batch: 4, steps: 5, seed: 13)
        let optimizer = SGD(parameters: model.parameters, learningRate: 0.1)
        func backward() {
            let tape = Tape<Float>()
            tape.backward(from: Loss.crossEntropy(logits: model(tape.constant(data.x), lengths: data.lengths), targets: data.labels))
        }
        backward()
        let once = model.head.weight.grad
        backward()
        #expect(Self.largestDifference(model.head.weight.grad.scalars, once.scalars.map { 2 * $0 }) <= 1e-6)
        optimizer.zeroGrad()
        #expect(model.parameters.allSatisfy { $0.grad.scalars.allSatisfy { $0 == 0 } })
    }

    /// `clip_grad_norm_` returns the norm before clipping; after it the norm is the maximum.
    @Test func clippingReturnsTheNormBeforeAndLeavesTheMaximum() {
        let model = Classifier(seed: 14)
        let data = Self.signOfSum(batch: 4, steps: 5, seed: 15)
        let tape = Tape<Float>()
        tape.backward(from: Loss.crossEntropy(logits: model(tape.constant(data.x), lengths: data.lengths), targets: data.labels) * 100)
        let before = GradientClipping.globalNorm(model.parameters)
        let report = GradientClipping.clipNorm(model.parameters, maxNorm: 0.5)
        #expect(report.norm == before && report.clipped)
        #expect(abs(GradientClipping.globalNorm(model.parameters) - 0.5) <= 1e-5)
    }

    /// `StepLR(opt, step_size=2, gamma=0.5)` with `scheduler.step()` after each
    /// `opt.step()` uses 0.1, 0.1, 0.05, 0.05, 0.025; here `apply(to:)` comes before each step.
    @Test func aStepScheduleSetsTheRateOfEachStep() {
        let model = Classifier(seed: 16)
        let optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
        var schedule = StepDecay(for: optimizer, stepSize: 2, gamma: 0.5)   // StepLR(opt, ...): the rate is opt's
        var used: [Double] = []
        for _ in 0..<5 {
            schedule.apply(to: optimizer)
            used.append(optimizer.groups[0].learningRate)
            optimizer.step()
        }
        #expect(used == [0.1, 0.1, 0.05, 0.05, 0.025])
        #expect(optimizer.stepCount == 5)
    }

    /// With a zero gradient, AdamW's step only decays the weights, by lr · weight decay
    /// (`torch.optim.AdamW`); Adam's `weight_decay` goes through the gradient instead.
    @Test func adamWDecaysTheWeightsApartFromTheGradient() {
        let model = Classifier(seed: 17)
        let before = model.head.weight.value
        AdamW(parameters: model.head.parameters, learningRate: 0.1, weightDecay: 0.5).step()
        #expect(Self.largestDifference(model.head.weight.value.scalars, before.scalars.map { $0 * 0.95 }) <= 1e-7)
        let decayed = model.head.weight.value
        Adam(parameters: model.head.parameters, learningRate: 0.1, weightDecay: 0.5).step()
        // d = 0.5 p, so the first bias-corrected step moves each weight by lr · sign(p).
        #expect(Self.largestDifference(model.head.weight.value.scalars, decayed.scalars.map { $0 - 0.1 * ($0 > 0 ? 1 : -1) }) <= 1e-6)
    }

    /// `sum(p.numel() for p in model.parameters())` is `parameterCount` on any module: 2·3·8·(3 + 8 + 2) for the
    /// bidirectional GRU and 16·2 + 2 for the head.
    @Test func countingParameters() {
        let model = Classifier(seed: 18)
        #expect(model.parameterCount == 624 + 34)
        #expect(model.gru.parameterCount == 624 && model.head.parameterCount == 34)
        #expect(recurrentParameterCount(gates: 3, inputSize: 3, hiddenSize: 8, layers: 1, directions: 2) == 624)
    }

    /// `h0` of PyTorch's shape [layers·D, B, H] is here one `[h]` per layer and
    /// direction, each [B, H] (an LSTM's `[h, c]`); zeros are the default.
    @Test func anInitialStateIsOnePerLayerAndDirection() {
        var generator = SeededGenerator(seed: 19)
        let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true, name: "lstm", generator: &generator)
        let tape = Tape<Float>(recording: false)
        let x = tape.constant(Self.signOfSum(batch: 2, steps: 3, seed: 20).x)
        let zeros = lstm.zeroState(batchSize: 2, tape: tape)
        #expect(zeros.count == 4 && zeros.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.shape == [2, 4] } })
        #expect(lstm(x, initialState: zeros).output.value == lstm(x).output.value)
        let ones = zeros.map { $0.map { tape.constant(Tensor(repeating: 1, shape: $0.shape)) } }
        let (output, final) = lstm(x, initialState: ones)
        #expect(output.value != lstm(x).output.value)
        #expect(final.count == 4 && final.allSatisfy { $0.count == 2 })
    }

    /// Training on a `Trainer` with a schedule: the trainer applies it once per update, as PyTorch's
    /// `optimizer.step(); scheduler.step()`, and each report holds the rate its step used.
    @Test func aScheduleDrivesTheTrainersOptimizer() {
        let task = DelayTask(streams: 2, length: 40, seed: 21)
        let optimizer = Adam(parameters: task.lstm.parameters + task.head.parameters, learningRate: 1e-2)
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: optimizer, schedule: ExponentialDecay(for: optimizer, gamma: 0.5),
                              clipNorm: 1)
        let reports = trainer.trainPass(task)
        #expect(reports.map(\.learningRate) == [1e-2, 5e-3, 2.5e-3, 1.25e-3])
        #expect(trainer.optimizer.stepCount == 4)
    }
}
