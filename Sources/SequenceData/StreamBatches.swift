import Requirements

/// A position in an epoch-by-epoch pass over batches; save it in a checkpoint
/// and assign it back to resume at exactly the next batch.
public struct BatchCursor: Codable, Equatable, Hashable, Sendable {
    /// Completed epochs.
    public var epoch: Int
    /// The index of the next batch within the epoch.
    public var batch: Int

    /// The position of batch `batch` in the epoch after `epoch` completed ones; the defaults are the very start.
    public init(epoch: Int = 0, batch: Int = 0) {
        self.epoch = epoch
        self.batch = batch
    }
}

/// Batches of B parallel contiguous streams for truncated BPTT with state carry
/// (char-rnn's layout).
///
/// The N ids are cut into B streams of length n = ⌊(N − 1) / B⌋: stream b is
/// ids[b·n ..< b·n + n] and its targets ids[b·n + 1 ..< b·n + n + 1]. Batch k
/// holds stream positions [k·T, k·T + T) of every stream, so row b of batch
/// k + 1 continues row b of batch k and the final recurrent state of one batch
/// is the right initial state of the next. In PyTorch terms:
/// `x = ids[:n*B].view(B, n); y = ids[1:n*B+1].view(B, n)`, batch k =
/// `x[:, k*T:k*T+T], y[:, k*T:k*T+T]`. An epoch has ⌊n / T⌋ batches; the last
/// n mod T positions of each stream are left out so every batch is [B, T].
public struct StreamBatches: Sendable {
    /// The ids the streams are cut from. [N]
    public let ids: TokenIDs
    /// B, the number of sequences (rows) in each batch.
    public let batchSize: Int
    /// T, the time steps (characters) in each row of a batch.
    public let steps: Int
    /// n, the length of each stream.
    public let streamLength: Int
    /// The next batch to return from ``next()``.
    public var cursor = BatchCursor()

    /// Cuts `ids` into B streams.
    /// - Parameters:
    ///   - ids: a split of a ``TextCorpus``. [N]
    ///   - batchSize: B >= 1.
    ///   - steps: T >= 1.
    ///   - part: the name of the split, for errors ("train", "validation", ...).
    /// - Throws: `invalidArgument` for B or T below 1; `corpusTooShort` when
    ///   N < B·T + 1 (not one full batch).
    public init(_ ids: TokenIDs, batchSize: Int, steps: Int, part: String = "train") throws {
        try requirePositive(batchSize, "batch size")
        try requirePositive(steps, "steps")
        let (positions, overflow) = batchSize.multipliedReportingOverflow(by: steps)
        guard !overflow, ids.count > positions else {
            throw SequenceDataError.corpusTooShort(part: part, tokens: ids.count, needed: overflow ? .max : positions + 1)
        }
        self.ids = ids
        self.batchSize = batchSize
        self.steps = steps
        streamLength = (ids.count - 1) / batchSize
    }

    /// The number of batches in one epoch, ⌊n / T⌋.
    public var batchesPerEpoch: Int { streamLength / steps }

    /// Batch `k` of an epoch, k in 0..<batchesPerEpoch: positions k·T ..< k·T + T. inputs, targets: [B, T]
    public func batch(_ k: Int) -> TextBatch {
        require(k >= 0 && k < batchesPerEpoch, "batch \(k) outside 0..<\(batchesPerEpoch)")
        return positions((k * steps)..<(k * steps + steps))
    }

    /// Positions `range` of every stream, of any length (a truncated-BPTT window that reaches back across batches,
    /// or the shorter last chunk of an evaluation); it starts the sequence when it starts at 0.
    /// inputs, targets: [B, range.count]
    /// - Precondition: `range` lies within 0..<streamLength.
    public func positions(_ range: Range<Int>) -> TextBatch {
        require(range.lowerBound >= 0 && range.upperBound <= streamLength, "positions \(range) outside 0..<\(streamLength)")
        let starts = (0..<batchSize).map { $0 * streamLength + range.lowerBound }
        return TextBatch(ids: ids, starts: starts, steps: range.count, startsSequence: range.lowerBound == 0)
    }

    /// Returns the batch at ``cursor`` and advances it, moving to the next epoch
    /// after the last batch. inputs, targets: [B, T]
    public mutating func next() -> TextBatch {
        if cursor.batch >= batchesPerEpoch { cursor = BatchCursor(epoch: cursor.epoch + 1, batch: 0) }
        let b = batch(cursor.batch)
        cursor.batch += 1
        if cursor.batch == batchesPerEpoch { cursor = BatchCursor(epoch: cursor.epoch + 1, batch: 0) }
        return b
    }
}
