extension ForecastConfig {
    /// A level as the percentage that names it in outputs (`80` for 0.8, `2.5` for 0.025, `99.99999` for 0.9999999,
    /// `0.0000001` for 1e-9): CSV columns, tables, charts. The level's shortest decimal that reads back as it (Swift's,
    /// `1e-09` for 1e-9) with the point moved two places, written without an exponent: exact where `level * 100` rounds
    /// (0.07 gives `7`, not `7.000000000000001`), so a label reads back as the level given, levels that differ have labels
    /// that differ, and none below 1 is called `100`.
    public static func percentLabel(_ level: Double) -> String {
        let shortest = "\(level)".split(separator: "e")  // ["0.025"], ["1", "-09"], ["1.5", "-07"]
        let mantissa = shortest[0], exponent = shortest.count > 1 ? Int(shortest[1])! : 0
        let digits = Array(mantissa.filter { $0 != "." })
        // Where the point falls among `digits` once the level is multiplied by 10^(exponent + 2).
        let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent + 2
        let whole = point <= 0 ? [] : Array(digits.prefix(point)) + Array(repeating: "0", count: Swift.max(0, point - digits.count))
        let fraction = Array(repeating: "0", count: Swift.max(0, -point)) + digits.dropFirst(Swift.max(0, point))
        let wholeText = String(whole.drop { $0 == "0" }), fractionText = String(fraction.reversed().drop { $0 == "0" }.reversed())
        return (wholeText.isEmpty ? "0" : wholeText) + (fractionText.isEmpty ? "" : "." + fractionText)
    }
}
