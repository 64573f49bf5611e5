// Timestamps: a day with a time of day (`2020-01-01 13:00:00`, `2020-01-01T13:00Z`), as hourly and finer series are
// dated, and as databases and spreadsheets write daily dates (at midnight).

/// A time of day written after a day: `HH:MM`, `HH:MM:SS`, or `HH:MM:SS.fff` with a fraction of a second of any number
/// of digits, read to the microsecond (digits past the sixth must be zeros), optionally followed by a UTC offset (`Z`,
/// `+01:00`, `+0100`), after a space or `T`.
public struct TimeOfDay: Hashable, Sendable {
    /// How a time is written besides its hours and minutes; every time a column's steps make is written in its form.
    public struct Form: Hashable, Sendable {
        /// What separates the time from the day: ` ` or `T`.
        public let separator: Character
        /// Whether the seconds are written (`13:00:00`, not `13:00`).
        public let showsSeconds: Bool
        /// The digits of the fraction of a second written after the seconds' point (3 for `13:00:00.250`), 0 for none.
        public let fractionDigits: Int
        /// The UTC offset as written (`Z`, `+01:00`, `+0100`), or empty for none. The times of a series share it, as part
        /// of their form; local time's offset, which daylight saving time changes, is refused where it changes
        /// (``SequenceDataError/changingUTCOffset(file:line:text:first:)``).
        public let offset: String

        /// The UTC offset in seconds (`Z` and `+00:00` are 0, `-03:00` is −10 800), nil when none is written.
        var offsetSeconds: Int? {
            guard let sign = offset.first, sign != "Z" else { return offset.isEmpty ? nil : 0 }
            let digits = offset.filter(\.isWholeNumber).compactMap(\.wholeNumberValue)
            guard digits.count == 4 else { return nil }
            return (sign == "-" ? -1 : 1) * ((digits[0] * 10 + digits[1]) * 3600 + (digits[2] * 10 + digits[3]) * 60)
        }
    }

    /// Whole seconds since midnight, 0..<86 400.
    public let seconds: Int
    /// The fraction of the second, in microseconds: 0..<1 000 000 (250 000 for `13:00:00.250`).
    public let microseconds: Int
    /// How the time is written.
    public let form: Form

    /// Seconds in a day.
    static let day = 86_400

    /// Microseconds in a second.
    static let second = 1_000_000

    /// The time `seconds` and `microseconds` (0..<1 000 000) after midnight (0..<86 400), written in `form`.
    init(seconds: Int, microseconds: Int = 0, form: Form) {
        (self.seconds, self.microseconds, self.form) = (seconds, microseconds, form)
    }

    /// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` and an optional offset (`text`, after `separator`); nil for anything
    /// else, an hour past 23 (of the time or the offset) or a fraction finer than a microsecond (a digit past the sixth
    /// other than 0).
    /// Read byte by byte, as `([0-2][0-9]):([0-5][0-9])(?::([0-5][0-9])(\.[0-9]+)?)?(Z|[+-][0-2][0-9]:?[0-5][0-9])?` matches the whole text
    /// (each optional part starts with its own character, so there is nothing to backtrack): every date of a column is
    /// read several times (its frequency, each fold's training part), and a regex would be compiled at each.
    init?(_ text: Substring, separator: Character) {
        let b = Array(text.utf8)
        var i = 0
        /// The next byte when it is `c`, skipped.
        func skip(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        /// Two digits, the first at most `top`, as a number; nil when they are not there.
        func twoDigits(firstAtMost top: Character = "9") -> Int? {
            guard i + 1 < b.count, (UInt8(ascii: "0")...top.asciiValue!).contains(b[i]), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i + 1])
            else { return nil }
            defer { i += 2 }
            return Int(b[i] - UInt8(ascii: "0")) * 10 + Int(b[i + 1] - UInt8(ascii: "0"))
        }
        func written(from start: Int) -> String { String(decoding: b[start..<i], as: UTF8.self) }
        guard let hour = twoDigits(firstAtMost: "2"), hour < 24, skip(":"), let minute = twoDigits(firstAtMost: "5") else { return nil }
        var second: Int? = nil, digits = 0, microseconds = 0
        if skip(":") {
            guard let s = twoDigits(firstAtMost: "5") else { return nil }
            second = s
            if skip(".") {
                while i < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) {
                    let digit = Int(b[i] - UInt8(ascii: "0"))
                    guard digits < 6 || digit == 0 else { return nil }  // finer than a microsecond
                    if digits < 6 { microseconds = microseconds * 10 + digit }
                    (i, digits) = (i + 1, digits + 1)
                }
                guard digits > 0 else { return nil }
                microseconds *= [1, 100_000, 10_000, 1000, 100, 10, 1][min(digits, 6)]
            }
        }
        let start = i
        if i < b.count && !skip("Z") {
            guard skip("+") || skip("-"), let hours = twoDigits(firstAtMost: "2"), hours < 24 else { return nil }
            _ = skip(":")
            guard twoDigits(firstAtMost: "5") != nil else { return nil }
        }
        guard i == b.count else { return nil }
        self.init(seconds: hour * 3600 + minute * 60 + (second ?? 0), microseconds: microseconds,
                  form: Form(separator: separator, showsSeconds: second != nil, fractionDigits: digits, offset: written(from: start)))
    }

    /// The time in its form, from its separator on: ` 13:00:00`, `T06:30Z`, ` 13:00:00.250`.
    public var text: String {
        func pad(_ v: Int, _ width: Int = 2) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let fraction = form.fractionDigits == 0 ? ""
            : "." + (pad(microseconds, 6) + String(repeating: "0", count: max(0, form.fractionDigits - 6))).prefix(form.fractionDigits)
        return "\(form.separator)\(pad(h)):\(pad(m))" + (form.showsSeconds ? ":\(pad(s))\(fraction)" : "") + form.offset
    }
}

extension CalendarDate {
    /// The date part of `text` and the time written after it (past a space or `T` after ten characters), nil when none is;
    /// nil when what is written there is no time.
    static func dateAndTime(_ text: String) -> (date: Substring, time: TimeOfDay?)? {
        let u = text.utf8
        guard u.count > 10 else { return (text[...], nil) }
        let k = u.index(u.startIndex, offsetBy: 10)
        guard u[k] == UInt8(ascii: " ") || u[k] == UInt8(ascii: "T") else { return (text[...], nil) }
        return TimeOfDay(text[u.index(after: k)...], separator: Character(Unicode.Scalar(u[k]))).map { (text[..<k], $0) }
    }

    /// The dates of a column, nil for a text that is none. A column whose times of day are all midnight holds days: its
    /// times are dropped (`2020-01-01 00:00:00` is the day `2020-01-01`, whatever its offset), as databases and
    /// spreadsheets write daily dates; a time other than midnight makes the column's dates timestamps, stepped in seconds
    /// (see ``DateSteps``).
    public static func column(_ texts: [String]) -> [CalendarDate?] {
        let dates = texts.map(CalendarDate.init)
        guard !dates.contains(where: { ($0?.time?.seconds ?? 0) != 0 || ($0?.time?.microseconds ?? 0) != 0 }) else { return dates }
        return dates.map { $0?.withoutTime }
    }

    /// The day of this date, without its time of day.
    var withoutTime: CalendarDate { CalendarDate(year: year, month: month, day: day, precision: precision, notation: notation) }

    /// Whole seconds since 1970-01-01 00:00 in the dates' clock (a day without a time at midnight).
    var secondNumber: Int { dayNumber * TimeOfDay.day + (time?.seconds ?? 0) }

    /// Microseconds since 1970-01-01 00:00 in the dates' clock (at most about 2.5·10¹⁷ for the year 9999, well within `Int`).
    var microsecondNumber: Int { secondNumber * TimeOfDay.second + (time?.microseconds ?? 0) }
}
