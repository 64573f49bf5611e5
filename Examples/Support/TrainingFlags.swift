/// The checks of training flags both command lines take that the library does not make (a flag's 0 meaning "none",
/// a flag that would change nothing), so that `char-rnn train` and `forecast train` refuse them in the same words.
public enum TrainingFlags {
    /// `--clip-norm` as the norm to clip the gradient at, nil for 0 (no clipping).
    /// - Throws: ``UsageError`` for a negative or non-finite value.
    public static func clipNorm(_ value: Double) throws -> Double? {
        guard value >= 0 && value.isFinite else {
            throw UsageError("the gradient-norm clip (--clip-norm) must be a finite number ≥ 0 (0 for no clipping), got \(value)")
        }
        return value == 0 ? nil : value
    }

    /// Refuses a `--dropout` in (0, 1) for a model of 1 layer: it applies between recurrent layers, so it would change
    /// nothing. A value out of [0, 1) is left to the library's range check, which names the range.
    /// - Throws: ``UsageError``.
    public static func requireDropoutApplies(_ dropout: Double, layers: Int) throws {
        guard dropout > 0 && dropout < 1 && layers == 1 else { return }
        throw UsageError("--dropout applies between recurrent layers, so with 1 layer it would change nothing")
    }
}
