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
    var scan = NumberScan(text)
    scan.skipSign()
    var mantissa = scan.digits()
    if scan.skip(0x2E) { mantissa += scan.digits() }  // "."
    guard mantissa > 0 else { return false }
    if scan.skip(0x65) || scan.skip(0x45) {  // "e", "E"
        scan.skipSign()
        guard scan.digits() > 0 else { return false }
    }
    return scan.atEnd
}

/// The bytes of a cell's text read left to right, as the number readings here take them: no regex, which would be
/// compiled again at every cell.
private struct NumberScan {
    private var u: Substring.UTF8View

    init(_ text: String) { u = text.utf8[...] }

    /// Whether every byte has been read.
    var atEnd: Bool { u.isEmpty }

    /// Reads the next byte when it is `byte`.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard u.first == byte else { return false }
        u = u.dropFirst()
        return true
    }

    /// Reads a `+` or `-` when one is next.
    mutating func skipSign() { _ = skip(0x2B) || skip(0x2D) }

    /// Reads the digits that come next; how many.
    mutating func digits() -> Int {
        let n = u.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        u = u.dropFirst(n)
        return n
    }
}

/// How `text` groups thousands when it is `[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?` (`-1,234,567`, `10,233.82`): its number of
/// separators (commas) and whether a decimal separator (a point) follows them; nil for any other text. With `mark` `.` the
/// roles swap, as where the decimal separator is a comma (`1.234.567`, `1.234,5`): points between the groups, then an
/// optional decimal comma. `decimals` replaces the decimal separator that may follow the groups (a space between thousands
/// may have either after it).
private func thousandsGroups(_ text: String, mark: UInt8 = 0x2C, decimals: [UInt8]? = nil) -> (separators: Int, decimal: Bool)? {
    var scan = NumberScan(text)
    scan.skipSign()
    guard (1...3).contains(scan.digits()) else { return nil }
    var separators = 0
    while scan.skip(mark) {
        guard scan.digits() == 3 else { return nil }
        separators += 1
    }
    let decimal = (decimals ?? [mark == 0x2C ? 0x2E : 0x2C]).contains { scan.skip($0) }
    if decimal { _ = scan.digits() }
    return separators > 0 && scan.atEnd ? (separators, decimal) : nil
}

/// The number a cell writes with commas between groups of three digits before an optional decimal point (`10,233.82`,
/// `-1,234,567`), as finance sites export prices into comma-separated files, where such a cell is quoted; nil unless
/// the commas cannot be decimal commas: a decimal point follows them, or there are two or more. `1,234` may be
/// 1234 or 1.234 and is nil (see ``ambiguousCommaReadings(_:)``) unless `settled` (other cells of its column
/// separate thousands, see ``CSVTable/groupsThousands(column:)``).
func thousandsGroupedNumber(_ text: String, settled: Bool = false) -> Double? {
    guard let groups = thousandsGroups(text), settled || groups.decimal || groups.separators >= 2 else { return nil }
    return decimalNumber(text.replacing(",", with: ""))
}

/// The two numbers `text` may write when its one comma is before three digits and there is no decimal point (`1,234`:
/// 1234 with a thousands separator, or 1.234 with a decimal comma), as texts; nil for any other text.
func ambiguousCommaReadings(_ text: String) -> (thousands: String, decimal: String)? {
    guard let groups = thousandsGroups(text), groups.separators == 1, !groups.decimal else { return nil }
    return (text.replacing(",", with: ""), text.replacing(",", with: "."))
}

/// The two numbers `text` may write when its points are all before groups of three digits and it has no comma (`1.234`:
/// 1234 with a thousands separator, as spreadsheets write it where the decimal separator is a comma, or 1.234), as texts;
/// nil for any other text.
func ambiguousPointReadings(_ text: String) -> (thousands: String, decimal: String)? {
    guard let groups = thousandsGroups(text, mark: 0x2E), groups.separators == 1, !groups.decimal else { return nil }
    return (text.replacing(".", with: ""), text)
}

/// `text` without its points when they can only separate thousands, as a spreadsheet writes where the decimal separator is
/// a comma: before groups of three digits, and a decimal comma follows them (`1.234,5`) or there are two or more
/// (`1.234.567`); nil for any other text. Such a cell is no number; the reading is for the error's advice.
func pointGroupedReading(_ text: String) -> String? {
    guard let groups = thousandsGroups(text, mark: 0x2E), groups.decimal || groups.separators >= 2 else { return nil }
    return text.replacing(".", with: "")
}

/// `text` without the spaces or apostrophes between its groups of three digits, as French (`1 000,5`, with a space or a
/// no-break space) and Swiss (`1'000.5`) numbers are written, and the mark; nil for any other text (one mark throughout,
/// between a first group of one to three digits and groups of three, then an optional decimal part). Such a cell is no
/// number; the reading is for the error's advice.
func spaceGroupedReading(_ text: String) -> (plain: String, mark: Character)? {
    let marks: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "'", "\u{2019}"]
    guard let mark = text.first(where: marks.contains), text.allSatisfy({ $0 == mark || !marks.contains($0) }) else { return nil }
    // The mark as one space, for the scan of groups, which reads one byte between them.
    guard thousandsGroups(text.replacing(String(mark), with: " "), mark: 0x20, decimals: [0x2C, 0x2E]) != nil else { return nil }
    return (text.replacing(String(mark), with: ""), mark)
}
