/// The check of a configuration's dropout probability (``LanguageModelConfig/dropout``,
/// ``ForecastConfig/dropout``): a Double in [0, 1) that is also below 1 as the Float the recurrent
/// layers keep it as, in which the Doubles within 2^-25 of 1 are 1.
enum DropoutProbability {
    /// Why a probability cannot be used.
    enum Problem: Equatable {
        /// Below 0, 1 or more, or NaN.
        case outsideRange
        /// Below 1, but 1 as a Float.
        case oneAsFloat
    }

    /// Why `p` cannot be used as a dropout probability, or nil when it can.
    static func problem(_ p: Double) -> Problem? {
        if p >= 0 && Float(p) < 1 { return nil }
        return p < 1 && Float(p) == 1 ? .oneAsFloat : .outsideRange
    }
}
