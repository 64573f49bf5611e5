import Foundation
import Testing
import RNNKit
import _TestSupport

/// The library examples in README.md, the library manual (Sources/README.md) and the CLI manuals, run as tests. The code between each pair
/// of markers must appear word for word in README.md, or in the file named after `README-BEGIN`
/// (checked below).
@Suite struct ReadmeExampleTests {
    @Test func theExampleRunsAndLearns() throws {
        // README-BEGIN
        var generator = SeededGenerator(seed: 42)
        // A 2-layer LSTM with 16 hidden units over 1 input feature, and a linear head.
        let lstm = LSTM<Float>(inputSize: 1, hiddenSize: 16, layers: 2, generator: &generator)
        let head = Linear<Float>(inputSize: 16, outputSize: 1, name: "head", generator: &generator)
        let optimizer = Adam(parameters: lstm.parameters + head.parameters, learningRate: 1e-2)

        // 4 sine waves of 41 points with different phases: the inputs are the
        // first 40 points, x [B, T, I] = [4, 40, 1]; the target at each step is the next point.
        var inputs: [Float] = [], targets: [Float] = []
        for b in 0..<4 {
            for t in 0..<40 {
                inputs.append(Float(sin(0.3 * Double(t) + Double(b))))
                targets.append(Float(sin(0.3 * Double(t + 1) + Double(b))))
            }
        }
        let x = Tensor<Float>(shape: [4, 40, 1], scalars: inputs)
        let y = Tensor<Float>(shape: [4, 40, 1], scalars: targets)

        // Truncated BPTT with k1 = k2 = 10: four chunks per pass, the state
        // carried from chunk to chunk as a constant (detached).
        var losses: [Float] = []
        for _ in 0..<30 {
            var carried: [[Tensor<Float>]]? = nil
            for start in stride(from: 0, to: 40, by: 10) {
                let tape = Tape<Float>()
                let chunk = tape.constant(x.sliced(axis: 1, start..<(start + 10)))      // [4, 10, 1]
                let state = carried.map { $0.map { $0.map { tape.constant($0) } } }
                let (outputs, final) = lstm(chunk, initialState: state)               // [4, 10, 16]
                let target = y.sliced(axis: 1, start..<(start + 10))
                let loss = Loss.mse(head(outputs), target)
                optimizer.zeroGrad()
                tape.backward(from: loss)
                GradientClipping.clipNorm(optimizer.parameters, maxNorm: 5)
                optimizer.step()
                carried = final.map { $0.map(\.value) }
                losses.append(loss.scalar)
            }
        }
        // README-END
        let first = losses.prefix(4).reduce(0, +) / 4, last = losses.suffix(4).reduce(0, +) / 4
        #expect(last < first / 4, "mean loss of the first pass \(first), of the last \(last)")

        // Saving the run, training on, and reading the file back restores the weights and the optimizer's state.
        let folder = try TemporaryDirectory(), url = folder.file("run.safetensors")
        let weights = optimizer.parameters.map(\.value), state = optimizer.exportState()
        // README-BEGIN Sources/README.md
        var file = SafetensorsFile(parameters: optimizer.parameters)
        file.store(optimizer.exportState())          // moments as tensors, step and rate as metadata
        try file.write(to: url)
        // README-END
        let tape = Tape<Float>()
        optimizer.zeroGrad()
        tape.backward(from: Loss.mse(head(lstm(tape.constant(x), initialState: nil).0), y))
        optimizer.step()
        #expect(optimizer.parameters.map(\.value) != weights)
        #expect(optimizer.exportState() != state)
        // README-BEGIN Sources/README.md
        // later, with the model and optimizer built as before:
        let saved = try SafetensorsFile(contentsOf: url)
        try saved.load(into: optimizer.parameters, unexpected: .allow(prefixes: ["optimizer."]))
        try optimizer.restoreState(saved.optimizerState())
        // README-END
        #expect(optimizer.parameters.map(\.value) == weights)
        #expect(optimizer.exportState() == state)
    }

    /// The feedforward example: a BatchNorm-and-dropout classifier of three noisy blobs trained on minibatches under a schedule,
    /// scored in evaluation mode, and saved with its running statistics, which a fresh model loads to predict the same.
    @Test func theFeedforwardExampleClassifiesBlobs() throws {
        func blobs(_ count: Int, seed: UInt64) -> (x: Tensor<Float>, labels: [Int]) {
            var g = SeededGenerator(seed: seed)
            let centres: [(Double, Double)] = [(0, 1.5), (-1.3, -0.75), (1.3, -0.75)]
            let labels = (0..<count).map { $0 % 3 }
            let scalars = labels.flatMap { c in [Float(centres[c].0 + 0.5 * g.normal()), Float(centres[c].1 + 0.5 * g.normal())] }
            return (Tensor(shape: [count, 2], scalars: scalars), labels)
        }
        let (x, labels) = blobs(300, seed: 1), n = 300
        let (testX, testLabels) = blobs(150, seed: 2)
        let folder = try TemporaryDirectory(), url = folder.file("mlp.safetensors")
        // README-BEGIN Sources/README.md
        // nn.Sequential(nn.Linear(2, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 3))
        var generator = SeededGenerator(seed: 0)
        let model = Sequential<Float>([Linear(inputSize: 2, outputSize: 64, generator: &generator), BatchNorm(featureCount: 64),
                                       ReLU(), Dropout(probability: 0.1), Linear(inputSize: 64, outputSize: 3, generator: &generator)])
        let optimizer = AdamW(parameters: model.parameters, learningRate: 1e-2, weightDecay: 1e-2)
        let updatesPerEpoch = (n + 31) / 32
        var schedule = WarmupCosine(for: optimizer, warmupSteps: 0, totalSteps: 20 * updatesPerEpoch)   // counted in updates
        for _ in 0..<20 {
            var order = Array(0..<n)
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: n, by: 32) {
                let batch = Array(order[start..<min(start + 32, n)])
                let tape = Tape<Float>(generator: generator.split())   // model.train(): batch statistics, dropout's masks
                let logits = model(tape.constant(x.gatheringRows(batch)))   // [32, 3]
                let loss = Loss.crossEntropy(logits: logits, targets: batch.map { labels[$0] })
                optimizer.zeroGrad()
                tape.backward(from: loss)
                schedule.apply(to: optimizer)   // before the step, where PyTorch's scheduler.step() comes after it
                optimizer.step()
            }
        }
        // model.eval() under torch.no_grad(): the running statistics, no dropout, nothing recorded
        let predicted = model(Tape<Float>(recording: false).constant(testX)).value.argmaxLastAxis()   // [N_test]
        try SafetensorsFile(parameters: model.parameters, buffers: model.buffers).write(to: url)
        // README-END
        let accuracy = Double(zip(predicted, testLabels).filter { $0 == $1 }.count) / Double(testLabels.count)
        #expect(accuracy > 0.9, "held-out accuracy \(accuracy)")
        #expect(schedule.step == 20 * updatesPerEpoch && optimizer.groups[0].learningRate < 1e-4)
        #expect((model.layers[1] as! BatchNorm<Float>).running.batchesTracked == 20 * updatesPerEpoch)
        var other = SeededGenerator(seed: 9)
        let loaded = Sequential<Float>([Linear(inputSize: 2, outputSize: 64, generator: &other), BatchNorm(featureCount: 64),
                                        ReLU(), Dropout(probability: 0.1), Linear(inputSize: 64, outputSize: 3, generator: &other)])
        try SafetensorsFile(contentsOf: url).load(into: loaded.parameters, buffers: loaded.buffers)
        let tape = Tape<Float>(recording: false)
        #expect(loaded(tape.constant(testX)).value == model(tape.constant(testX)).value)
    }

    /// Parameter groups: weight decay on the weight matrices only, each group scheduled from its own rate.
    @Test func theGroupsExampleLeavesBiasesUndecayed() {
        var generator = SeededGenerator(seed: 42)
        let lstm = LSTM<Float>(inputSize: 1, hiddenSize: 16, layers: 2, generator: &generator)
        let head = Linear<Float>(inputSize: 16, outputSize: 1, name: "head", generator: &generator)
        // README-BEGIN Sources/README.md
        // Weight decay on the weight matrices only: biases (and other vectors, such as a LayerNorm's
        // weight) in a group without it, as PyTorch's
        // AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3).
        let all = lstm.parameters + head.parameters
        let optimizer = AdamW(groups: [ParameterGroup(all.filter { $0.shape.count > 1 }),
                                       ParameterGroup(all.filter { $0.shape.count == 1 }, weightDecay: 0)],
                              learningRate: 1e-3, weightDecay: 0.01)
        var schedule = StepDecay(for: optimizer, stepSize: 100, gamma: 0.5)   // each group from its own rate
        // README-END
        #expect(optimizer.groups.map(\.weightDecay) == [0.01, 0])
        #expect(optimizer.parameters[optimizer.groups[1].indices].allSatisfy { $0.name.contains("bias") })
        #expect(optimizer.parameters.count == all.count)
        // With zero gradients AdamW's step only decays, so only the weight matrices change.
        let before = optimizer.parameters.map(\.value)
        optimizer.zeroGrad()
        schedule.apply(to: optimizer)
        optimizer.step()
        for (p, old) in zip(optimizer.parameters, before) {
            #expect((p.value == old) == (p.shape.count == 1), "\(p.name)")
        }
    }

    /// The schedules named after PyTorch's, each set for the optimizer's step as its torch class would.
    @Test func theSchedulesExampleSetsPyTorchsRates() {
        let optimizer = SGD(parameters: [Parameter<Float>(name: "w", value: Tensor(zeros: [1]))], learningRate: 0.1)
        // README-BEGIN Sources/README.md
        // LinearLR(optimizer, start_factor=0.1, total_iters=100): a warmup from a tenth of the rate
        var warmup = LinearRate(for: optimizer, startFactor: 0.1, totalSteps: 100)
        // MultiStepLR(optimizer, milestones=[3000, 4000], gamma=0.1)
        var decay = MultiStepDecay(for: optimizer, milestones: [3000, 4000], gamma: 0.1)
        // OneCycleLR(optimizer, max_lr=0.01, total_steps=5000): from 0.01/25 up to 0.01 over the first
        // 30% of the steps, then down to 0.01/25/10⁴, the momentum (Adam's β1) from 0.95 to 0.85 and back
        var cycle = OneCycle(for: optimizer, maxRate: 0.01, totalSteps: 5000)
        // README-END
        warmup.apply(to: optimizer)
        #expect(abs(optimizer.groups[0].learningRate - 0.01) < 1e-15)
        decay.step = 3500
        decay.apply(to: optimizer)
        #expect(abs(optimizer.groups[0].learningRate - 0.01) < 1e-15)
        cycle.apply(to: optimizer)
        #expect(abs(optimizer.groups[0].learningRate - 0.01 / 25) < 1e-15)
        #expect(abs(cycle.learningRates(atStep: 1499)[0] - 0.01) < 1e-15 && abs(cycle.learningRates(atStep: 4999)[0] - 4e-8) < 1e-20)
    }

    /// A SequenceTask of one's own under Trainer: next-value prediction on a sum of sines cut into streams, with
    /// truncated BPTT, a warmup-cosine schedule and clipping, ends below the last-value baseline.
    @Test func theTaskExampleTrainsUnderTrainer() {
        // A sum of two sines, 801 values cut into 4 streams of 200 inputs, each target the next value.
        let series = (0..<801).map { Float(sin(2 * Double.pi * Double($0) / 20) + 0.5 * sin(2 * Double.pi * Double($0) / 7)) }
        var inputs: [Float] = [], targets: [Float] = []
        for b in 0..<4 {
            inputs += series[(b * 200)..<(b * 200 + 200)]
            targets += series[(b * 200 + 1)..<(b * 200 + 201)]
        }
        let x = Tensor<Float>(shape: [4, 200, 1], scalars: inputs), y = Tensor<Float>(shape: [4, 200, 1], scalars: targets)
        var generator = SeededGenerator(seed: 5)
        let lstm = LSTM<Float>(inputSize: 1, hiddenSize: 16, generator: &generator)
        let head = Linear<Float>(inputSize: 16, outputSize: 1, name: "head", generator: &generator)
        // README-BEGIN Sources/README.md
        struct NextValue: SequenceTask {
            let lstm: LSTM<Float>, head: Linear<Float>
            let x: Tensor<Float>, y: Tensor<Float>   // [B, n, 1]
            var length: Int { x.shape[1] }
            func forward(steps: Range<Int>, state: [[Variable<Float>]]?, tape: Tape<Float>)
                -> (output: Variable<Float>, state: [[Variable<Float>]]) {
                let (h, final) = lstm(tape.constant(x.sliced(axis: 1, steps)), initialState: state)   // [B, steps.count, H]
                return (head(h), final)                                                               // [B, steps.count, 1]
            }
            func loss(_ output: Variable<Float>, steps: Range<Int>) -> Variable<Float> {
                Loss.mse(output, y.sliced(axis: 1, steps))
            }
        }
        let task = NextValue(lstm: lstm, head: head, x: x, y: y)
        let optimizer = Adam(parameters: lstm.parameters + head.parameters, learningRate: 3e-2)
        let policy = TBPTT(k1: 25, k2: 50)
        let updates = 10 * policy.updates(length: task.length).count   // 10 passes, one update per k1 steps
        var trainer = Trainer(policy: policy, optimizer: optimizer,
                              schedule: WarmupCosine(for: optimizer, warmupSteps: 20, totalSteps: updates), clipNorm: 1)
        var passLosses: [Double] = []
        for _ in 0..<10 {
            let reports = trainer.trainPass(task)   // each pass from a zero state; reports[i].loss, .learningRate, …
            passLosses.append(reports.map(\.loss).reduce(0, +) / Double(reports.count))
        }
        // README-END
        let naive = zip(targets, inputs).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / Double(inputs.count)
        #expect(updates == 80 && trainer.schedule?.exportState()["scheduler.step"] == 80)
        #expect(passLosses.last! < naive / 10, "mean loss of each pass \(passLosses), last-value baseline \(naive)")
    }

    /// Many-to-one over padded sequences of different lengths: a bidirectional GRU's final states into a linear head
    /// learn the sign of each sequence's sum.
    @Test @MainActor func theLengthsExampleClassifiesPaddedSequences() {
        // N sequences of lengths 1...steps, zero-padded; the class is 1 when the valid steps sum to more than 0.
        func padded(_ count: Int, seed: UInt64) -> (x: Tensor<Float>, lengths: [Int], labels: [Int]) {
            var g = SeededGenerator(seed: seed)
            var x = Tensor<Float>(zeros: [count, 10, 1]), lengths: [Int] = [], labels: [Int] = []
            for b in 0..<count {
                lengths.append(Int.random(in: 1...10, using: &g))
                for t in 0..<lengths[b] { x[b, t, 0] = Float(g.normal()) }
                labels.append((0..<lengths[b]).map { x[b, $0, 0] }.reduce(0, +) > 0 ? 1 : 0)
            }
            return (x, lengths, labels)
        }
        let (n, steps) = (512, 10)
        let (x, lengths, labels) = padded(n, seed: 1)
        let (testX, testLengths, testLabels) = padded(256, seed: 2)
        // README-BEGIN Sources/README.md
        // nn.GRU(1, 16, batch_first=True, bidirectional=True), then nn.Linear(32, 2)
        var generator = SeededGenerator(seed: 3)
        let gru = GRU<Float>(inputSize: 1, hiddenSize: 16, bidirectional: true, generator: &generator)
        let head = Linear<Float>(inputSize: 32, outputSize: 2, name: "head", generator: &generator)
        let optimizer = Adam(parameters: gru.parameters + head.parameters, learningRate: 1e-2)
        @MainActor func logits(_ x: Variable<Float>, lengths: [Int]) -> Variable<Float> {   // x [B, T, 1] -> [B, 2]
            let state = gru.finalStates(x, lengths: lengths)                     // [[h], [h]], h [B, 16]: l0, l0_reverse
            return head(Variable.concat([state[0][0], state[1][0]], axis: -1))   // [B, 32] -> [B, 2]
        }
        for _ in 0..<150 {
            let batch = (0..<32).map { _ in Int.random(in: 0..<n, using: &generator) }
            let tape = Tape<Float>()
            let xb = tape.constant(x.reshaped([n, steps]).gatheringRows(batch).reshaped([32, steps, 1]))   // x[batch]
            let loss = Loss.crossEntropy(logits: logits(xb, lengths: batch.map { lengths[$0] }), targets: batch.map { labels[$0] })
            optimizer.zeroGrad()
            tape.backward(from: loss)
            optimizer.step()
        }
        // torch.no_grad(): the held-out set on a tape that records nothing, logits.argmax(-1)
        let predicted = logits(Tape<Float>(recording: false).constant(testX), lengths: testLengths).value.argmaxLastAxis()
        // README-END
        let accuracy = Double(zip(predicted, testLabels).filter { $0 == $1 }.count) / Double(testLabels.count)
        #expect(accuracy > 0.9, "held-out accuracy \(accuracy)")
    }

    /// PyTorch's bias=False and proj_size: the stack's parameters, shapes, and a state dict loaded by name.
    @Test func theOptionsExampleBuildsPyTorchsLayout() throws {
        let folder = try TemporaryDirectory(), stateDictURL = folder.file("lstm.safetensors")
        var other = SeededGenerator(seed: 8)
        let saved = LSTM<Float>(inputSize: 8, hiddenSize: 32, layers: 2, bidirectional: true, bias: false, projectionSize: 16,
                                generator: &other)
        try SafetensorsFile(parameters: saved.parameters).write(to: stateDictURL)
        // README-BEGIN Sources/README.md
        // PyTorch's nn.LSTM(8, 32, num_layers=2, bidirectional=True, proj_size=16, bias=False, batch_first=True)
        var generator = SeededGenerator(seed: 7)
        let lstm = LSTM<Float>(inputSize: 8, hiddenSize: 32, layers: 2, bidirectional: true, bias: false, projectionSize: 16,
                               generator: &generator)
        // Its parameters: rnn.weight_ih_l0 [128, 8], rnn.weight_hh_l0 [128, 16], rnn.weight_hr_l0 [16, 32], …,
        // rnn.weight_hr_l1_reverse, and no biases: a state_dict PyTorch saved with safetensors loads by name.
        try SafetensorsFile(contentsOf: stateDictURL).load(into: lstm.parameters)
        let x = Tape<Float>(recording: false).constant(Tensor(zeros: [4, 10, 8]))   // [B, T, I]
        let (y, state) = lstm(x)   // y [4, 10, 32] = [B, T, D·P]; each state [h, c]: h [4, 16] = [B, P], c [4, 32] = [B, H]
        // README-END
        #expect(lstm.parameters.count == 12 && lstm.parameters.allSatisfy { !$0.name.contains("bias") })
        #expect(lstm.parameters.map(\.shape).prefix(3) == [[128, 8], [128, 16], [16, 32]])
        #expect(lstm.parameters[6].shape == [128, 32], "layer 1 reads D·P = 32")
        #expect(zip(lstm.parameters, saved.parameters).allSatisfy { $0.value == $1.value })
        #expect(y.shape == [4, 10, 32] && state.count == 4 && state.allSatisfy { $0.map(\.shape) == [[4, 16], [4, 32]] })
    }

    /// A cell of one's own, as the manual writes it: a layer-normalized LSTM in a 2-layer stack with dropout and
    /// per-sample lengths passes a Float64 gradient check through time, names its parameters by layer, and trains
    /// a character model under Trainer as the built-in cells do.
    @Test func theOwnCellExampleChecksItsGradients() throws {
        var data = SeededGenerator(seed: 2)
        let x = Tensor<Double>(shape: [3, 6, 2], scalars: (0..<36).map { _ in Double.random(in: -1...1, using: &data) })
        // README-BEGIN Sources/README.md
        // gates = LN(W_ih x) + LN(W_hh h) + b, c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(LN(c')); state [h, c], each [B, H]
        struct LayerNormLSTMCell<Scalar: RecurrentScalar>: RecurrentCell {
            let weightIH: Parameter<Scalar>, weightHH: Parameter<Scalar>, bias: Parameter<Scalar>   // [4H, I], [4H, H], [4H]
            let normIH: LayerNorm<Scalar>, normHH: LayerNorm<Scalar>, normC: LayerNorm<Scalar>     // over 4H, 4H and H
            init(inputSize: Int, hiddenSize: Int, name: String, suffix: String, generator: inout SeededGenerator) {
                func weight(_ stem: String, _ shape: [Int]) -> Parameter<Scalar> {   // U(−1/√H, 1/√H), as the built-in cells
                    Parameter(name: "\(name).\(stem)\(suffix)",
                              value: Initializer.pytorchDefault.tensor(shape, fanIn: hiddenSize, generator: &generator))
                }
                weightIH = weight("weight_ih", [4 * hiddenSize, inputSize])
                weightHH = weight("weight_hh", [4 * hiddenSize, hiddenSize])
                bias = Parameter(name: "\(name).bias\(suffix)", value: Tensor(zeros: [4 * hiddenSize]))
                normIH = LayerNorm(featureCount: 4 * hiddenSize, name: "\(name).ln_ih\(suffix)")
                normHH = LayerNorm(featureCount: 4 * hiddenSize, name: "\(name).ln_hh\(suffix)")
                normC = LayerNorm(featureCount: hiddenSize, name: "\(name).ln_c\(suffix)")
            }
            var inputSize: Int { weightIH.shape[1] }
            var hiddenSize: Int { weightHH.shape[1] }
            var stateCount: Int { 2 }
            var parameters: [Parameter<Scalar>] { [weightIH, weightHH, bias] + normIH.parameters + normHH.parameters + normC.parameters }
            func step(_ x: Variable<Scalar>, state: [Variable<Scalar>]) -> [Variable<Scalar>] {   // x [B, I], [h, c] -> [h', c']
                let tape = x.tape
                let gates = (normIH(matmul(x, tape.read(weightIH), transposeB: true))
                             + normHH(matmul(state[0], tape.read(weightHH), transposeB: true)) + tape.read(bias))
                    .split(axis: -1, sizes: Array(repeating: hiddenSize, count: 4))                    // i, f, g, o: each [B, H]
                let c = gates[1].sigmoid() * state[1] + gates[0].sigmoid() * gates[2].tanh()
                return [gates[3].sigmoid() * normC(c).tanh(), c]
            }
        }
        // makeCell gets each layer's input size and PyTorch's suffix: rnn.weight_ih_l0, rnn.ln_c_l1.weight, …
        var generator = SeededGenerator(seed: 1)
        let stack = Recurrent(inputSize: 2, hiddenSize: 4, layers: 2, dropout: 0.3) { inputSize, suffix in
            LayerNormLSTMCell<Double>(inputSize: inputSize, hiddenSize: 4, name: "rnn", suffix: suffix, generator: &generator)
        }
        // x [3, 6, 2], samples of 6, 4 and 2 steps; full BPTT through 6 steps, the same dropout masks in every pass
        let report = GradientCheck.run(parameters: stack.parameters, inputs: [x]) { tape, inputs in
            let (y, _) = stack(inputs[0], lengths: [6, 4, 2])   // [3, 6, 4]
            return y.squared().sum()
        }
        // README-END
        #expect(report.worstRelativeError < 1e-6, "\(report)")
        #expect(stack.parameters.count == 18 && stack.parameters[0].name == "rnn.weight_ih_l0"
                && stack.parameters[17].name == "rnn.ln_c_l1.bias" && Set(stack.parameters.map(\.name)).count == 18)
        #expect(stack.parameters[9].shape == [16, 4], "layer 1 reads H = 4")

        // The same cell in Float in a character model, trained under Trainer with dropout: the loss falls.
        let corpus = try TextCorpus(text: String(repeating: "the cat sat on the mat. ", count: 20))
        let rnn = Recurrent(inputSize: 8, hiddenSize: 16, layers: 2, dropout: 0.1) { inputSize, suffix in
            LayerNormLSTMCell<Float>(inputSize: inputSize, hiddenSize: 16, name: "rnn", suffix: suffix, generator: &generator)
        }
        let model = LanguageModel(vocabularySize: corpus.vocabulary.count, rnn: rnn, generator: &generator)
        let task = TextStreamTask(model: model, streams: try StreamBatches(corpus.ids, batchSize: 4, steps: 10))
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: Adam(parameters: model.parameters, learningRate: 1e-2), clipNorm: 5)
        let first = trainer.trainPass(task), later = (0..<4).map { _ in trainer.trainPass(task) }.last!
        let mean = { (reports: [Trainer<Float>.Report]) in reports.map(\.loss).reduce(0, +) / Double(reports.count) }
        #expect(mean(later) < mean(first) / 2, "mean loss of the first pass \(mean(first)), of the fifth \(mean(later))")
    }

    /// A forecast model written as a checkpoint and read back forecasts as it did.
    @Test func theForecastExampleWritesAndReadsTheModel() throws {
        let folder = try TemporaryDirectory(), path = folder.path("co2.safetensors")
        let series = try TimeSeries(values: (0..<60).map { 100 + 10 * sin(Double($0) * .pi / 6) }, columns: ["co2"])
        var config = ForecastConfig()
        (config.horizon, config.hidden, config.epochs, config.ensemble, config.validationFraction, config.samples) = (3, 4, 2, 1, 0, 20)
        // README-BEGIN Examples/Forecast/README.md
        let model = try ForecastModel.train(series: series, config: config, name: "co2")
        try ForecastCheckpoint(model: model, source: "", series: series).write(to: path)   // source: the CSV's path, "" for none
        // later:
        let checkpoint = try ForecastCheckpoint(contentsOf: path)        // checkpoint.info: column, last date, fill, …
        let forecast = try checkpoint.model.forecast(series: series)   // forecast.mean, forecast.intervals; the dates give calendar features
        // README-END
        #expect(checkpoint.info.column == "co2" && forecast.mean.count == 3)
        #expect(try forecast == model.forecast(series: series))
    }

    @Test func theReadmeShowsThisExample() throws {
        let here = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: here, encoding: .utf8)
        let root = here.deletingLastPathComponent().appendingPathComponent("../..").standardized
        // A block runs from a line "// README-BEGIN [path]" (README.md when no path) to a line "// README-END".
        var blocks: [(file: String, lines: [String])] = [], inside = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// README-BEGIN") {
                let file = trimmed.dropFirst("// README-BEGIN".count).trimmingCharacters(in: .whitespaces)
                blocks.append((file: file.isEmpty ? "README.md" : file, lines: []))
                inside = true
            } else if trimmed == "// README-END" {
                inside = false
            } else if inside {
                blocks[blocks.count - 1].lines.append(line.hasPrefix("        ") ? String(line.dropFirst(8)) : String(line))
            }
        }
        #expect(blocks.map(\.file) == ["README.md"] + Array(repeating: "Sources/README.md", count: 9) + ["Examples/Forecast/README.md"])
        for (file, lines) in blocks {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let example = lines.joined(separator: "\n") + "\n"
            #expect(text.contains(example), "\(file) must contain the example exactly as tested:\n\(example)")
        }
    }
}
