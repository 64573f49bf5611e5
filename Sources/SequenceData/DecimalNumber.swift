/// The number written in a CSV cell, read in decimal notation only.
///
/// Accepts an optional sign, digits with an optional decimal point (`12`, `1.5`, `.5`, `3.`)
/// and an optional exponent (`1e-3`, `2.5E+4`), and the words `nan`, `snan`, `inf` and
/// `infinity` (any case, optional sign), which give NaN or an infinity for the caller to refuse
/// as not finite. Everything else is nil, including the hexadecimal forms (`0x64`, `0x1p3`)
/// that `Double(_:)` also reads. A decimal too large for a `Double` gives an infinity.
func decimalNumber(_ text: String) -> Double? {
    let word = text.lowercased()
    let unsigned = word.hasPrefix("+") || word.hasPrefix("-") ? String(word.dropFirst()) : word
    return isDecimalNotation(text) || nonFiniteWords.contains(unsigned) ? Double(text) : nil
}

/// The words, after an optional sign, that `Double(_:)` reads as NaN or an infinity.
private let nonFiniteWords: Set<String> = ["nan", "snan", "inf", "infinity"]

/// Whether `text` is `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`.
private func isDecimalNotation(_ text: String) -> Bool {
    var u = text.utf8[...]
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func skipSign() { if let b = u.first, b == 0x2B || b == 0x2D { u = u.dropFirst() } }
    func digits() -> Int {
        let n = u.prefix(while: isDigit).count
        u = u.dropFirst(n)
        return n
    }
    skipSign()
    var mantissa = digits()
    if u.first == 0x2E {  // "."
        u = u.dropFirst()
        mantissa += digits()
    }
    guard mantissa > 0 else { return false }
    if let b = u.first, b == 0x65 || b == 0x45 {  // "e", "E"
        u = u.dropFirst()
        skipSign()
        guard digits() > 0 else { return false }
    }
    return u.isEmpty
}

/// The number a cell writes with commas between groups of three digits before an optional decimal point (`10,233.82`,
/// `-1,234,567`), as finance sites export prices into comma-separated files, where such a cell is quoted; nil unless
/// the commas cannot be decimal commas: a decimal point follows them, or there are two or more. `1,234` may be
/// 1234 or 1.234 and is nil (see ``ambiguousCommaReadings(_:)``) unless `settled` (other cells of its column
/// separate thousands, see ``CSVTable/groupsThousands(column:)``).
func thousandsGroupedNumber(_ text: String, settled: Bool = false) -> Double? {
    guard text.utf8.contains(UInt8(ascii: ",")),
          let match = text.wholeMatch(of: /[+-]?[0-9]{1,3}((?:,[0-9]{3})+)(\.[0-9]*)?/) else { return nil }
    let (_, groups, fraction) = match.output
    guard settled || fraction != nil || groups.utf8.count(where: { $0 == UInt8(ascii: ",") }) >= 2 else { return nil }
    return decimalNumber(text.replacing(",", with: ""))
}

/// The two numbers `text` may write when its one comma is before three digits and there is no decimal point (`1,234`:
/// 1234 with a thousands separator, or 1.234 with a decimal comma), as texts; nil for any other text.
func ambiguousCommaReadings(_ text: String) -> (thousands: String, decimal: String)? {
    guard text.wholeMatch(of: /[+-]?[0-9]{1,3},[0-9]{3}/) != nil else { return nil }
    return (text.replacing(",", with: ""), text.replacing(",", with: "."))
}
