import RNNCore
import Requirements

/// Truncated backpropagation through time, TBPTT(k1, k2) (Williams & Peng, 1990):
/// every k1 steps, one update that backpropagates the loss of those k1 new
/// steps through the last k2 steps (k2 ≥ k1).
///
/// k1 = k2 is the usual chunked training; k2 > k1 reruns the overlap of k2 - k1
/// steps before each chunk so that gradients reach further back. Full BPTT over
/// a sequence of length n is `TBPTT.full(length: n)`. The state at the start
/// of each window is carried from the previous update as a constant (detached):
/// no gradient crosses a window's start.
///
/// A bidirectional stack's reverse direction runs each piece of a window on its own (from the end of the piece, not
/// of the sequence), so with k2 > k1, or a restart inside a window, an update's loss depends on where the window is
/// cut; with `TBPTT.full` it reads the whole sequence, as PyTorch's bidirectional layers do.
public struct TBPTT: Sendable, Equatable, CustomStringConvertible {
    /// Steps between updates (and the number of new steps whose loss each update sees).
    public let k1: Int
    /// Steps each update backpropagates through.
    public let k2: Int

    /// TBPTT(k1, k2); `k2` defaults to `k1`.
    /// - Precondition: 0 < k1 ≤ k2. (Flags from users are checked before this: see ``validated(k1:k2:)``.)
    public init(k1: Int, k2: Int? = nil) {
        let k2 = k2 ?? k1
        require(k1 > 0 && k2 >= k1, "TBPTT: need 0 < k1 <= k2, got k1=\(k1) k2=\(k2)")
        self.k1 = k1
        self.k2 = k2
    }

    /// The policy, or a typed error that says what is wrong with the values.
    public static func validated(k1: Int, k2: Int?) throws(TBPTTError) -> TBPTT {
        guard k1 > 0 else { throw .nonPositiveK1(k1) }
        if let k2, k2 < k1 { throw .windowShorterThanStride(k1: k1, k2: k2) }
        return TBPTT(k1: k1, k2: k2)
    }

    /// Full BPTT over `length` steps: one update through the whole sequence.
    public static func full(length: Int) -> TBPTT {
        require(length > 0, "TBPTT.full: the sequence length \(length) must be > 0")
        return TBPTT(k1: length)
    }

    /// `TBPTT(k1: 35, k2: 70)`, for logs.
    public var description: String { "TBPTT(k1: \(k1), k2: \(k2))" }

    /// One update of a pass over a sequence, in absolute step positions.
    public struct Update: Sendable, Equatable {
        /// The steps run on this update's tape: the new steps and the k2 - k1
        /// steps before them (clipped at 0).
        public let window: Range<Int>
        /// Where the next update's window starts: the state after step
        /// `split - 1` is the one carried to it (detached).
        public let split: Int
        /// The new steps whose loss this update sees (k1 of them, fewer at the end).
        public let lossSteps: Range<Int>
    }

    /// The updates of one pass over a sequence of `length` steps, in order.
    /// The last chunk may be shorter than k1.
    public func updates(length: Int) -> [Update] {
        require(length >= 0, "TBPTT.updates: negative length \(length)")
        let overlap = k2 - k1
        var result: [Update] = []
        var start = 0
        while start < length {
            let end = Swift.min(start + k1, length)
            let split = end == length ? end : Swift.max(0, end - overlap)
            result.append(Update(window: Swift.max(0, start - overlap)..<end, split: split, lossSteps: start..<end))
            start = end
        }
        return result
    }
}

/// Invalid TBPTT settings from user input.
public enum TBPTTError: Error, Equatable, CustomStringConvertible {
    /// k1, the payload, is 0 or negative; it must be ≥ 1.
    case nonPositiveK1(Int)
    /// k2 < k1: the backpropagation window must cover at least the k1 new steps.
    case windowShorterThanStride(k1: Int, k2: Int)

    /// One line naming the bad value and what is required, e.g. "the truncation length k1 must be positive, got 0".
    public var description: String {
        switch self {
        case .nonPositiveK1(let k1): "the truncation length k1 must be positive, got \(k1)"
        case .windowShorterThanStride(let k1, let k2):
            "the backpropagation window k2 must be at least k1: got k2=\(k2) < k1=\(k1)"
        }
    }
}
