/// Counts in messages: `1 network`, `5 networks`.
public enum CountText {
    /// `n` and `noun`, with `s` appended (or `plural`) unless `n` is 1.
    public static func of(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }
}
