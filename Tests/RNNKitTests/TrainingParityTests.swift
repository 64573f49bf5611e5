import Foundation
import Testing
import RNNKit
import SequenceData
import _TestSupport

/// Whole training runs against PyTorch's: the same initial weights, text, stream
/// layout, TBPTT, clipping and Adam must give the same loss at every step. The
/// fixtures come from Fixtures/make_training_fixtures.py (run by hand with torch),
/// which repeats the training loop of the PyTorch char-rnn reference.
@Suite struct TrainingParityTests {
    typealias Fixture = TrainingFixture.Case

    @Test func fixturesArePresent() {
        #expect(TrainingFixture.shared?.cases.map(\.name) == ["lstm", "gru", "rnn"])
    }

    @Test(arguments: TrainingFixture.shared?.cases ?? [])
    func lossesMatchPyTorchAtEveryStep(_ f: Fixture) throws {
        let text = try #require(TrainingFixture.shared?.text)
        switch f.cell {
        case "lstm": try check(LSTMCell<Float>.self, .lstm, f, text)
        case "gru": try check(GRUCell<Float>.self, .gru, f, text)
        default: try check(ElmanCell<Float>.self, .rnn, f, text)
        }
    }

    func check<Cell: BuiltinCell>(_: Cell.Type, _ kind: CellKind, _ f: Fixture, _ text: String) throws
    where Cell.Scalar == Float {
        let corpus = try TextCorpus(text: text)
        let config = LanguageModelConfig(cell: kind, vocabularySize: corpus.vocabulary.count, embeddingSize: f.hidden,
                                         hiddenSize: f.hidden, layers: f.layers)
        let settings = TrainingSettings(sequenceLength: f.seq, batchSize: f.batch,
                                        optimizer: OptimizerSettings(kind: .adam, learningRate: f.lr), clipNorm: f.clip)
        let training = try LanguageModelTraining<Cell>(config: config, settings: settings, corpus: corpus, dataPath: "<fixture>",
                                                       initialWeights: f.initialWeights)
        #expect(training.updatesPerEpoch == f.updates_per_epoch)
        #expect(f.steps > 2 * f.updates_per_epoch, "the run crosses two epoch boundaries")
        var losses: [Double] = []
        var validation: Double?
        let outcome = try training.run(StopConditions(maxSteps: f.steps, evaluateEvery: .steps(f.steps)), checkpointDirectory: nil) { event in
            switch event {
            case .update(let status): losses.append(status.loss)
            case .evaluation(let record, _): validation = record.valLoss
            default: break
            }
        }
        #expect(outcome.reason == .maxSteps)
        // Float32 sums in another order drift apart slowly: after 40 steps here, losses by 3e-7 and weights by 8e-7.
        #expect(losses.count == f.losses.count)
        let worst = zip(losses, f.losses).map { abs($0 - $1) / abs($1) }.max() ?? .infinity
        #expect(worst < 1e-5, "largest relative loss difference \(worst)")
        let v = try #require(validation)
        #expect(abs(v - f.val_loss) / f.val_loss < 1e-5, "validation loss \(v) against \(f.val_loss)")
        for p in training.model.parameters {
            let expected = try #require(f.final[p.name])
            let scale = expected.map(abs).max() ?? 1
            let error = zip(p.value.scalars, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error / scale < 1e-5, "\(p.name): weights after training differ by \(error) (scale \(scale))")
        }
    }

    @Test func initialWeightsThatDoNotFitAreRefusedNamingEachProblem() throws {
        let f = try #require(TrainingFixture.shared?.cases.first)
        var initial = f.initialWeights
        initial.tensors["rnn.weight_hh_l1"] = nil
        initial.tensors["head.bias"] = AnyTensor(Tensor<Float>(zeros: [3]))
        initial.tensors["extra.weight"] = AnyTensor(Tensor<Float>(zeros: [1]))
        initial.source = "init.safetensors"
        let corpus = try TextCorpus(text: try #require(TrainingFixture.shared?.text))
        let config = LanguageModelConfig(vocabularySize: corpus.vocabulary.count, embeddingSize: f.hidden, hiddenSize: f.hidden, layers: f.layers)
        let error = #expect(throws: CheckpointError.self) {
            try LanguageModelTraining<LSTMCell<Float>>(config: config, settings: TrainingSettings(sequenceLength: f.seq, batchSize: f.batch),
                                                       corpus: corpus, dataPath: "<fixture>", initialWeights: initial)
        }
        #expect(error?.file == "init.safetensors")
        for problem in ["rnn.weight_hh_l1", "head.bias", "extra.weight"] {
            #expect(error?.reason.contains(problem) == true, "\(problem) in \(error?.reason ?? "")")
        }
    }
}
