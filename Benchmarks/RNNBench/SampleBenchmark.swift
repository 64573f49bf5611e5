import Foundation
import RNNKit

/// The sampling workload: batch 1, no gradient, one token at a time, the next
/// drawn from softmax(logits / 1.0); tokens generated per second.
func benchmarkSampling<Cell: RecurrentCell>(_ w: Workloads.Sample, stack: Recurrent<Cell>, generator g: inout SeededGenerator,
                                            threads: Int) -> ResultLine
where Cell.Scalar == Float {
    let model = LanguageModel(vocabularySize: w.vocab, rnn: stack, generator: &g)
    var draw = SeededGenerator(seed: 2)
    var state: [[Variable<Float>]]? = nil
    var token = 0
    func next() {
        let tape = Tape<Float>(recording: false)
        let (logits, final) = model([token], batch: 1, steps: 1, state: state, tape: tape)
        state = final
        let p = logits.value.map(kernel: { x, y, n in Float.softmaxRowsKernel(x, y, rows: 1, cols: n) })
        var u = Float(draw.nextUnit())
        token = p.count - 1
        for (k, pk) in p.scalars.enumerated() {
            u -= pk
            if u < 0 { token = k; break }
        }
    }
    for _ in 0..<20 { next() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<w.tokens { next() }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return ResultLine(name: w.name, threads: threads, tokens_per_s: (Double(w.tokens) / elapsed * 10).rounded() / 10, steps: w.tokens)
}
