extension Unicode.Scalar {
    /// The code point as written in errors: `U+` and at least four upper-case hexadecimal digits (`U+00E9`, `U+1F600`).
    public var codePoint: String { Self.codePoint(of: value) }

    /// `value` written as ``codePoint`` writes a scalar's, also when it names no scalar (a surrogate such as `U+D800`).
    public static func codePoint(of value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
