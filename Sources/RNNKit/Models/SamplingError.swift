/// Logits no token can be drawn from: ``TokenSampler/draw(_:generator:)`` throws it rather than draw a token
/// the scores do not support.
///
/// A model's logits are finite, or -infinity for a token masked out; NaN or +infinity come from weights or
/// inputs that overflow on the way (or a NaN in them), and logits that are all -infinity leave no token to draw.
public enum SamplingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The logit of token `index` (the first such one) is `value`, NaN or +infinity.
    case nonFiniteScore(index: Int, value: Double)
    /// All `vocabulary` logits are -infinity: every token is masked out.
    case everyTokenMasked(vocabulary: Int)

    /// Equal cases with equal values, a NaN score equal to a NaN score (as `#expect(throws:)` compares them).
    public static func == (a: SamplingError, b: SamplingError) -> Bool {
        switch (a, b) {
        case let (.nonFiniteScore(i, x), .nonFiniteScore(j, y)): i == j && (x == y || x.isNaN && y.isNaN)
        case let (.everyTokenMasked(m), .everyTokenMasked(n)): m == n
        default: false
        }
    }

    /// The message, on one line.
    public var description: String {
        switch self {
        case let .nonFiniteScore(index, value):
            "cannot draw a token: the logit of token \(index) is \(value); logits must be finite, or -inf for a masked token"
        case let .everyTokenMasked(vocabulary):
            "cannot draw a token: all \(vocabulary) logits are -inf (every token masked)"
        }
    }
}
