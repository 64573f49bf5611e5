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
        var trainer = Trainer(policy: TBPTT(k1: 10, k2: 15), optimizer: Adam(parameters: task.parameters, learningRate: 1e-2),
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
        var trainer = Trainer(policy: TBPTT(k1: 10), optimizer: Adam(parameters: task.parameters), clipNorm: 5)
        let update = trainer.policy.updates(length: task.length)[0]
        // Poison the head bias: the loss and every gradient become NaN.
        let bias = task.model.head.bias!
        bias.value[flat: 0] = .nan
        let before = task.parameters.map(\.value)
        let report = trainer.train(update, task: task)
        #expect(report.skipped)
        #expect(!report.gradientNorm.isFinite)
        for (p, old) in zip(task.parameters, before) {
            #expect(p.value.scalars.elementsEqual(old.scalars) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(p.name) unchanged")
            #expect(p.grad.scalars.allSatisfy { $0 == 0 }, "\(p.name) gradient cleared")
        }
        #expect(trainer.carried == nil)
    }
}
