import Requirements

/// Which (sample, step) pairs are inside their sample's length.
struct ActiveSteps: Sendable {
    let lengths: [Int]?
    init(lengths: [Int]?, batch: Int, steps: Int) {
        if let lengths {
            require(lengths.count == batch, "Recurrent: \(lengths.count) lengths for a batch of \(batch)")
            require(lengths.allSatisfy { $0 >= 0 && $0 <= steps }, "Recurrent: lengths \(lengths) must lie in 0...\(steps)")
            self.lengths = lengths.allSatisfy { $0 == steps } ? nil : lengths
        } else {
            self.lengths = nil
        }
    }
    @inline(__always) func contains(_ b: Int, _ t: Int) -> Bool {
        guard let lengths else { return true }
        return t < lengths[b]
    }
}
