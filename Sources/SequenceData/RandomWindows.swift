import Requirements

/// Batches of B windows of T characters at random positions, for stateless
/// training (each batch starts from a fresh recurrent state).
///
/// A window starting at s has inputs ids[s ..< s + T] and targets
/// ids[s + 1 ..< s + T + 1]; s is drawn uniformly from 0...N − T − 1 with the
/// generator passed in, so the same generator state gives the same batches.
/// To resume exactly, save and restore the generator.
public struct RandomWindows: Sendable {
    /// The ids windows are taken from. [N]
    public let ids: TokenIDs
    /// B, the number of sequences (rows) in each batch.
    public let batchSize: Int
    /// T, the time steps (characters) in each row of a batch.
    public let steps: Int

    /// - Parameters:
    ///   - ids: a split of a ``TextCorpus``. [N]
    ///   - batchSize: B >= 1.
    ///   - steps: T >= 1.
    ///   - part: the name of the split, for errors.
    /// - Throws: `invalidArgument` for B or T below 1; `corpusTooShort` when N < T + 1.
    public init(_ ids: TokenIDs, batchSize: Int, steps: Int, part: String = "train") throws {
        try requirePositive(batchSize, "batch size")
        try requirePositive(steps, "steps")
        guard steps < ids.count else {  // N ≥ T + 1, without computing T + 1 (which overflows at Int.max)
            throw SequenceDataError.corpusTooShort(part: part, tokens: ids.count, needed: steps == .max ? steps : steps + 1)
        }
        self.ids = ids
        self.batchSize = batchSize
        self.steps = steps
    }

    /// Draws one batch. inputs, targets: [B, T]
    /// - Parameter generator: the seeded source of the window positions (B draws).
    public func batch(using generator: inout some RandomNumberGenerator) -> TextBatch {
        let positions = UInt64(ids.count - steps)
        let starts = (0..<batchSize).map { _ in Int(uniformBelow(positions, using: &generator)) }
        return TextBatch(ids: ids, starts: starts, steps: steps, startsSequence: true)
    }
}

/// A uniform integer in 0..<bound by rejection (the same value for the same
/// generator state on every platform and toolchain).
func uniformBelow(_ bound: UInt64, using generator: inout some RandomNumberGenerator) -> UInt64 {
    require(bound > 0, "uniformBelow needs a positive bound")
    let threshold = (0 &- bound) % bound
    while true {
        let r = generator.next()
        if r >= threshold { return r % bound }
    }
}
