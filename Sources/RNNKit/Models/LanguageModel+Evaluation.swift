import RNNCore
import Requirements
import SequenceData

/// The cross-entropy of a model over a text: a sum in nats and the number of predictions.
public struct TextScore: Sendable, Equatable {
    /// Σ −log p(next token), in nats.
    public var totalNats: Double
    /// The number of predicted tokens.
    public var count: Int

    /// `totalNats` over `count` predictions; the defaults are the empty score, to add chunks to.
    public init(totalNats: Double = 0, count: Int = 0) {
        self.totalNats = totalNats
        self.count = count
    }

    /// Mean cross-entropy in nats per token (NaN when nothing was scored).
    public var meanNats: Double { count > 0 ? totalNats / Double(count) : .nan }
    /// Mean cross-entropy in bits per token.
    public var bitsPerToken: Double { meanNats / Double.log(2) }
    /// exp(mean nats).
    public var perplexity: Double { Double.exp(meanNats) }
}

extension LanguageModel {
    /// Scores a text the way training sees it: B parallel streams with the
    /// recurrent state carried from chunk to chunk, on an inference tape.
    ///
    /// The N ids are cut into B streams of n = ⌊(N − 1) / B⌋ positions (stream
    /// b reads ids[b·n ..< b·n + n] and predicts the next id of each), run in
    /// chunks of T positions; the last chunk may be shorter. Every position is
    /// scored once: B·n predictions, the mean PyTorch's reference computes.
    /// B is lowered to N − 1 for very short texts.
    /// - Parameters:
    ///   - ids: the text as token ids, each in 0..<V. [N], N ≥ 2.
    ///   - streams: B ≥ 1.
    ///   - chunk: T ≥ 1, the steps run per forward pass (memory, not the result).
    ///   - progress: called after each chunk with the predictions scored so far and B·n, the last call with both equal
    ///     (a long text's pass takes a while: a progress display).
    ///   - stopRequest: a request another thread or a signal handler may make to abandon the pass, polled before each chunk.
    /// - Returns: the summed cross-entropy and B·n.
    /// - Throws: `CancellationError` when `stopRequest` was made before the last chunk: a part of the text's score is none of it.
    public func score(_ ids: TokenIDs, streams: Int, chunk: Int, progress: (_ scored: Int, _ total: Int) -> Void = { _, _ in },
                      stopRequest: StopRequest? = nil) throws(CancellationError) -> TextScore {
        require(streams >= 1 && chunk >= 1, "LanguageModel.score: streams \(streams) and chunk \(chunk) must be ≥ 1")
        guard ids.count >= 2 else { return TextScore() }
        // B streams of n = ⌊(N − 1) / B⌋ positions, cut as training cuts them (steps of 1 always fit).
        let cut = try! StreamBatches(ids, batchSize: Swift.min(streams, ids.count - 1), steps: 1, part: "scored")
        let tape = Tape<Scalar>(recording: false)
        var state: [[Variable<Scalar>]]? = nil
        var score = TextScore()
        var start = 0
        while start < cut.streamLength {
            try stopRequest?.throwIfRequested()
            let steps = Swift.min(chunk, cut.streamLength - start)
            let positions = cut.positions(start..<(start + steps))
            let (inputs, targets) = (positions.inputs, positions.targets)
            let (logits, final) = self(inputs, batch: cut.batchSize, steps: steps, state: state, tape: tape)
            let mean = Loss.crossEntropy(logits: logits, targets: targets).value.scalar
            score.totalNats += Double(mean) * Double(inputs.count)
            score.count += inputs.count
            state = final
            start += steps
            progress(score.count, cut.batchSize * cut.streamLength)
        }
        return score
    }
}
