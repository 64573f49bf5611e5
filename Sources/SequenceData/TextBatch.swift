/// One batch for next-character prediction.
///
/// Shapes: `inputs` and `targets` are [B, T] row-major: element (b, t) is at
/// index `b * T + t`, and `targets[b, t]` is the character that follows
/// `inputs[b, t]` in the text. Ids are in 0..<V.
public struct TextBatch: Sendable, Equatable {
    /// B, the number of sequences.
    public let batchSize: Int
    /// T, the number of time steps.
    public let steps: Int
    /// Input ids. [B, T]
    public var inputs: [Int]
    /// Next-character ids. [B, T]
    public var targets: [Int]
    /// True when the streams restart here (first batch of an epoch, or any
    /// random-window batch): a recurrent state carried from the previous batch
    /// no longer continues the text and should be reset.
    public let startsSequence: Bool

    /// Fills a [B, T] batch: row b holds ids `starts[b] ..< starts[b] + T` as
    /// inputs and the ids one further as targets.
    init(ids: TokenIDs, starts: [Int], steps: Int, startsSequence: Bool) {
        batchSize = starts.count
        self.steps = steps
        self.startsSequence = startsSequence
        var x = [Int](repeating: 0, count: starts.count * steps)
        var y = x
        for (b, s) in starts.enumerated() {
            ids.copy(from: s, count: steps, into: &x, at: b * steps)
            ids.copy(from: s + 1, count: steps, into: &y, at: b * steps)
        }
        inputs = x
        targets = y
    }
}

/// Validates a size argument.
/// - Throws: ``SequenceDataError/invalidArgument(name:value:expected:)`` unless `value >= 1`.
func requirePositive(_ value: Int, _ name: String) throws {
    guard value >= 1 else { throw SequenceDataError.invalidArgument(name: name, value: value, expected: "at least 1") }
}
