import Foundation
import RNNKit

/// The sampling workload: batch 1, no gradient, one token at a time, the next
/// drawn from softmax(logits / 1.0); tokens generated per second.
func benchmarkSampling<Cell: RecurrentCell>(_ w: Workloads.Sample, stack: Recurrent<Cell>, generator g: inout SeededGenerator,
                                            threads: Int) throws -> ResultLine
where Cell.Scalar == Float {
    let model = LanguageModel(vocabularySize: w.vocab, rnn: stack, generator: &g)
    var generation = TextGeneration(model: model)
    var sampler = try! TokenSampler(temperature: 1)
    var draw = SeededGenerator(seed: 2)
    var token = 0
    func next() throws {
        generation.feed(token)
        token = try sampler.draw(generation.logits!, generator: &draw)
    }
    for _ in 0..<20 { try next() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<w.tokens { try next() }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return ResultLine(name: w.name, threads: threads, tokens_per_s: (Double(w.tokens) / elapsed * 10).rounded() / 10, steps: w.tokens)
}
