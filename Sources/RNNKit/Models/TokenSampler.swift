import Requirements

/// Draws the next token from a model's logits: greedy, or from the softmax at a
/// temperature, optionally restricted to the k most likely tokens and then to
/// the smallest set of them holding probability p (nucleus sampling).
///
/// p(i) ∝ exp(logit_i / temperature) over the top-k logits (all V when k is nil);
/// with top-p, only the most likely tokens whose probabilities first add up to
/// at least p keep theirs (ties at the cut are kept), as in Hugging Face's
/// `generate` (temperature, then top-k, then top-p).
/// Holds its scratch buffers, so drawing allocates nothing after the first call.
public struct TokenSampler: Sendable {
    /// > 0; below 1 sharpens the distribution, above 1 flattens it.
    public let temperature: Double
    /// Keep only the k largest logits (k ≥ 1), or nil for all.
    public let topK: Int?
    /// Keep only the most likely tokens whose probabilities add up to p ∈ (0, 1], or nil for all.
    public let topP: Double?
    /// Always take the most likely token (temperature, k and p are then unused).
    public let argmax: Bool

    private var weights: [Double] = []
    private var sorted: [Double] = []

    /// A sampler with these settings; the defaults sample from the plain softmax.
    /// - Throws: ``ConfigurationError`` for a temperature ≤ 0 (or not finite), k < 1, or p outside (0, 1].
    public init(temperature: Double = 1, topK: Int? = nil, topP: Double? = nil, argmax: Bool = false) throws(ConfigurationError) {
        guard temperature > 0 && temperature.isFinite else {
            throw ConfigurationError("the temperature (\(setting: "TokenSampler.temperature")) must be a finite number > 0, got \(temperature) "
                + "(\(setting: "TokenSampler.argmax") always takes the most likely token)")
        }
        if let topK, topK < 1 { throw ConfigurationError("the top-k count (\(setting: "TokenSampler.topK")) must be positive, got \(topK)") }
        if let topP, !(topP > 0 && topP <= 1) { throw ConfigurationError("the top-p probability (\(setting: "TokenSampler.topP")) must be in (0, 1], got \(topP)") }
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.argmax = argmax
    }

    /// A token id drawn from `logits`.
    /// - Parameters:
    ///   - logits: [V] (any tensor whose last V elements are the logits of one step), each finite or -inf
    ///     (a masked token).
    ///   - generator: the random stream (one draw per call unless ``argmax``; none when it throws).
    /// - Returns: an id in 0..<V.
    /// - Throws: ``SamplingError`` when a logit is NaN or +inf, or all are -inf.
    // Other modules (char-rnn, rnn-bench) call it on Float logits: without this, they ran the generic
    // body, a call through the protocol for each element.
    @_specialize(where Scalar == Float)
    public mutating func draw<Scalar: TensorScalar>(_ logits: Tensor<Scalar>, generator: inout SeededGenerator) throws(SamplingError) -> Int {
        let v = logits.cols
        require(v > 0 && logits.count >= v, "TokenSampler: logits \(logits.shape) hold no vocabulary")
        // A typed error cannot leave withUnsafeBufferPointer's closure: it comes out as the result's failure.
        let drawn = logits.withUnsafeBufferPointer { all -> Result<Int, SamplingError> in
            let row = UnsafeBufferPointer(rebasing: all[(all.count - v)...])
            guard row.allSatisfy({ !$0.isNaN && $0 != .infinity }) else {
                let bad = row.firstIndex { $0.isNaN || $0 == .infinity }!
                return .failure(.nonFiniteScore(index: bad, value: Double(row[bad])))
            }
            var best = 0
            for i in 1..<v where Double(row[i]) > Double(row[best]) { best = i }
            // The largest is -inf only when all are.
            guard row[best].isFinite else { return .failure(.everyTokenMasked(vocabulary: v)) }
            if argmax { return .success(best) }
            if weights.count != v { weights = [Double](repeating: 0, count: v) }
            let top = Double(row[best])
            var threshold = -Double.infinity
            if let topK, topK < v {
                if sorted.count != v { sorted = [Double](repeating: 0, count: v) }
                for i in 0..<v { sorted[i] = Double(row[i]) }
                sorted.sort(by: >)
                threshold = sorted[topK - 1]
            }
            var total = 0.0
            for i in 0..<v {
                let x = Double(row[i])
                weights[i] = x >= threshold ? Double.exp((x - top) / temperature) : 0
                total += weights[i]
            }
            if let topP, topP < 1 { total = keepNucleus(p: topP, of: total) }
            var u = generator.nextUnit() * total
            for i in 0..<v {
                u -= weights[i]
                if u < 0 && weights[i] > 0 { return .success(i) }
            }
            return .success(best)
        }
        return try drawn.get()
    }

    /// Zeroes every weight below the smallest one among the largest weights that first add up to
    /// `p · total`; returns the new total.
    private mutating func keepNucleus(p: Double, of total: Double) -> Double {
        let v = weights.count
        if sorted.count != v { sorted = [Double](repeating: 0, count: v) }
        for i in 0..<v { sorted[i] = weights[i] }
        sorted.sort(by: >)
        var cumulative = 0.0, cut = sorted[0]
        for w in sorted {
            cumulative += w
            cut = w
            if cumulative >= p * total { break }
        }
        var kept = 0.0
        for i in 0..<v {
            if weights[i] < cut { weights[i] = 0 }
            kept += weights[i]
        }
        return kept
    }
}
