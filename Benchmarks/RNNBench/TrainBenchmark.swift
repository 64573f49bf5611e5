import Foundation
import RNNKit

/// One batch of random token ids as a sequence task: inputs x [B, T], targets y [B, T].
struct RandomBatchTask<Cell: RecurrentCell>: SequenceTask where Cell.Scalar == Float {
    let model: LanguageModel<Cell>
    let inputs: [Int]
    let targets: [Int]
    let batch: Int
    let length: Int

    var parameters: [Parameter<Float>] { model.parameters }

    func forward(steps: Range<Int>, state: [[Variable<Float>]]?, tape: Tape<Float>)
        -> (output: Variable<Float>, state: [[Variable<Float>]]) {
        precondition(steps == 0..<length, "RandomBatchTask runs whole batches")
        let (logits, final) = model(inputs, batch: batch, steps: length, state: state, tape: tape)
        return (logits, final)
    }

    func loss(_ output: Variable<Float>, steps: Range<Int>) -> Variable<Float> {
        Loss.crossEntropy(logits: output, targets: targets)
    }
}

/// The training workload: embedding -> stack -> head, mean cross-entropy,
/// backward, clip at 5, Adam(2e-3); state carried and detached between steps
/// (TBPTT with k1 = k2 = seq). Uniform random ids from a fixed seed.
func benchmarkTraining<Cell: RecurrentCell>(_ w: Workloads.Train, stack: Recurrent<Cell>, generator g: inout SeededGenerator,
                                            seconds: Double, threads: Int) -> ResultLine
where Cell.Scalar == Float {
    let model = LanguageModel(vocabularySize: w.vocab, rnn: stack, generator: &g)
    var data = SeededGenerator(seed: 1)
    let batches: [[Int]] = (0..<64).map { _ in
        (0..<(w.batch * (w.seq + 1))).map { _ in Int(data.next() % UInt64(w.vocab)) }
    }
    var trainer = Trainer(policy: TBPTT(k1: w.seq), optimizer: Adam(parameters: model.parameters, learningRate: 2e-3),
                          clipNorm: 5)
    let update = trainer.policy.updates(length: w.seq)[0]
    func step(_ i: Int) {
        let ids = batches[i % batches.count]
        var x: [Int] = [], y: [Int] = []
        for b in 0..<w.batch {
            let row = ids[(b * (w.seq + 1))..<((b + 1) * (w.seq + 1))]
            x += row.dropLast()
            y += row.dropFirst()
        }
        let task = RandomBatchTask(model: model, inputs: x, targets: y, batch: w.batch, length: w.seq)
        _ = trainer.train(update, task: task)
    }
    let warmup = 3
    for i in 0..<warmup { step(i) }
    let start = DispatchTime.now().uptimeNanoseconds
    var steps = 0
    var elapsed = 0.0
    repeat {
        step(warmup + steps)
        steps += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds || steps < 3
    return ResultLine(name: w.name, threads: threads, tokens_per_s: (Double(w.batch * w.seq * steps) / elapsed * 10).rounded() / 10,
                      steps: steps)
}
