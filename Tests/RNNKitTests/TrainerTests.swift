import Testing
import RNNKit

@Suite struct TrainerTests {
    func task(seed: UInt64 = 1) throws -> TextStreamTask<LSTMCell<Float>> {
        let corpus = try TextCorpus(text: String(repeating: "the cat sat on the mat. ", count: 20))
        var g = SeededGenerator(seed: seed)
        let rnn = LSTM<Float>(inputSize: 8, hiddenSize: 16, layers: 1, generator: &g)
        let model = LanguageModel(vocabularySize: corpus.vocabulary.count, rnn: rnn, generator: &g)
        return TextStreamTask(model: model, streams: try StreamBatches(corpus.ids, batchSize: 4, steps: 10))
    }

    @Test func aCharacterModelLearnsARepeatedPhrase() throws {
        let task = try task()
        var trainer = Trainer(policy: TBPTT(k1: 10, k2: 15), optimizer: Adam(parameters: task.model.parameters, learningRate: 1e-2),
                              clipNorm: 5)
        let first = trainer.trainPass(task)
        var last = first
        for _ in 0..<15 { last = trainer.trainPass(task) }
        let start = first.prefix(2).map(\.loss).reduce(0, +) / 2
        let end = last.map(\.loss).reduce(0, +) / Double(last.count)
        // ln(V) ≈ 2.3 at the start; the phrase is fully predictable after "the ".
        #expect(start > 2.0)
        #expect(end < 0.5, "mean loss after 16 passes: \(end)")
        #expect(last.allSatisfy { !$0.skipped })
    }

    @Test func aNonFiniteGradientSkipsTheStepAndKeepsTheWeights() throws {
        let task = try task()
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: Adam(parameters: task.model.parameters), clipNorm: 5)
        let update = trainer.policy.updates(length: task.length)[0]
        // Poison the head bias: the loss and every gradient become NaN.
        let bias = task.model.head.bias!
        bias.value[flat: 0] = .nan
        let before = task.model.parameters.map(\.value)
        let report = trainer.train(update, task: task)
        #expect(report.skipped)
        #expect(!report.gradientNorm.isFinite)
        for (p, old) in zip(task.model.parameters, before) {
            #expect(p.value.scalars.elementsEqual(old.scalars) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(p.name) unchanged")
            #expect(p.grad.scalars.allSatisfy { $0 == 0 }, "\(p.name) gradient cleared")
        }
        #expect(trainer.carried == nil)
    }

    /// The parameters trained are the optimizer's, as in PyTorch: the head left out of it stays as it was.
    @Test func aParameterLeftOutOfTheOptimizerIsNotTrained() throws {
        let task = try task()
        let head = task.model.head.parameters, before = task.model.parameters.map(\.value)
        let trained = task.model.parameters.filter { p in !head.contains { $0 === p } }
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: Adam(parameters: trained, learningRate: 1e-2))
        trainer.trainPass(task)
        for (p, old) in zip(task.model.parameters, before) {
            #expect((p.value == old) == head.contains { $0 === p }, "\(p.name)")
        }
    }

    /// A schedule given to the trainer runs as `optimizer.step(); scheduler.step()` does in PyTorch: update k steps
    /// at the schedule's rate for step k, the rate `apply(to:)` before each `train(_:task:)` of a loop by hand sets.
    @Test func aScheduleSetsTheRateOfEveryUpdate() throws {
        let byHand = try task(), scheduled = try task()
        var manual = Trainer(policy: TBPTT(k1: 10), optimizer: Adam(parameters: byHand.model.parameters, learningRate: 1e-2), clipNorm: 5)
        var schedule = StepDecay(for: manual.optimizer, stepSize: 3, gamma: 0.5)
        var expected: [Double] = []
        for update in manual.policy.updates(length: byHand.length) {
            schedule.apply(to: manual.optimizer)
            expected.append(manual.optimizer.groups[0].learningRate)
            _ = manual.train(update, task: byHand)
        }
        let optimizer = Adam(parameters: scheduled.model.parameters, learningRate: 1e-2)
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: optimizer, schedule: StepDecay(for: optimizer, stepSize: 3, gamma: 0.5),
                              clipNorm: 5)
        let reports = trainer.trainPass(scheduled)
        #expect(reports.count == 11 && expected.prefix(4) == [1e-2, 1e-2, 1e-2, 5e-3])
        #expect(reports.map(\.learningRate) == expected)
        #expect(scheduled.model.parameters.map(\.value) == byHand.model.parameters.map(\.value))
    }

    /// With parameter groups, the schedule sets each group's rate from its own and a report holds the first group's,
    /// as PyTorch's `get_last_lr()[0]`.
    @Test func aReportHoldsTheFirstGroupsRate() throws {
        let task = try task()
        let head = task.model.head.parameters
        let body = task.model.parameters.filter { p in !head.contains { $0 === p } }
        let optimizer = Adam(groups: [ParameterGroup(head), ParameterGroup(body, learningRate: 1e-3)], learningRate: 1e-2)
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: optimizer, schedule: StepDecay(for: optimizer, stepSize: 3, gamma: 0.5))
        var second: [Double] = []
        let reports = trainer.trainPass(task) { _ in second.append(optimizer.groups[1].learningRate) }
        #expect(reports.map(\.learningRate).prefix(4) == [1e-2, 1e-2, 1e-2, 5e-3])
        #expect(second.prefix(4) == [1e-3, 1e-3, 1e-3, 5e-4])
    }

    /// Stopped after 4 updates, its optimizer's and schedule's state, generator and carried state saved and restored
    /// into a trainer built as before (over a model from another seed, given the saved weights): the same updates as
    /// the trainer that never stopped, bit for bit.
    @Test func aTrainerResumedWithItsScheduleGoesOnExactly() throws {
        func trainer(_ task: TextStreamTask<LSTMCell<Float>>) -> Trainer<Float> {
            let optimizer = Adam(parameters: task.model.parameters, learningRate: 1e-2)
            return Trainer(policy: TBPTT(k1: 10), optimizer: optimizer, schedule: ExponentialDecay(for: optimizer, gamma: 0.9),
                           clipNorm: 5, generator: SeededGenerator(seed: 7))
        }
        let whole = try task(), first = try task(), resumedTask = try task(seed: 2)
        let updates = TBPTT(k1: 10).updates(length: whole.length)
        var straight = trainer(whole)
        let expected = updates.map { straight.train($0, task: whole) }
        var stopped = trainer(first)
        for update in updates.prefix(4) { _ = stopped.train(update, task: first) }
        let optimizerState = stopped.optimizer.exportState()
        let scheduleState = try #require(stopped.schedule?.exportState())
        var resumed = trainer(resumedTask)
        for (p, saved) in zip(resumedTask.model.parameters, first.model.parameters) { p.value = saved.value }
        try resumed.optimizer.restoreState(optimizerState)
        try resumed.schedule?.restoreState(scheduleState)
        (resumed.generator, resumed.carried) = (stopped.generator, stopped.carried)
        let rest = updates.dropFirst(4).map { resumed.train($0, task: resumedTask) }
        #expect(rest.map(\.loss) == expected.dropFirst(4).map(\.loss))
        #expect(rest.map(\.learningRate) == expected.dropFirst(4).map(\.learningRate))
        #expect(resumedTask.model.parameters.map(\.value) == whole.model.parameters.map(\.value))
    }
}
