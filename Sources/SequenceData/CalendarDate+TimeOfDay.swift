// Timestamps: a day with a time of day (`2020-01-01 13:00:00`, `2020-01-01T13:00Z`), as hourly and finer series are
// dated, and as databases and spreadsheets write daily dates (at midnight).

/// A time of day written after a day, to the second: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.000` (a fraction of zeros only),
/// optionally followed by a UTC offset (`Z`, `+01:00`, `+0100`), after a space or `T`.
public struct TimeOfDay: Hashable, Sendable {
    /// How a time is written besides its hours and minutes; every time a column's steps make is written in its form.
    public struct Form: Hashable, Sendable {
        /// What separates the time from the day: ` ` or `T`.
        public let separator: Character
        /// Whether the seconds are written (`13:00:00`, not `13:00`).
        public let showsSeconds: Bool
        /// What follows the seconds as written: a fraction of zeros (`.000`), or empty.
        public let fraction: String
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

    /// Seconds since midnight, 0..<86 400.
    public let seconds: Int
    /// How the time is written.
    public let form: Form

    /// Seconds in a day.
    static let day = 86_400

    /// The time `seconds` after midnight (0..<86 400), written in `form`.
    init(seconds: Int, form: Form) {
        (self.seconds, self.form) = (seconds, form)
    }

    /// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.000` and an optional offset (`text`, after `separator`); nil for anything
    /// else, an hour past 23 (of the time or the offset) or a fraction of a second.
    /// Read byte by byte, as `([0-2][0-9]):([0-5][0-9])(?::([0-5][0-9])(\.0+)?)?(Z|[+-][0-2][0-9]:?[0-5][0-9])?` matches the whole text
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
        var second: Int? = nil, fraction = ""
        if skip(":") {
            guard let s = twoDigits(firstAtMost: "5") else { return nil }
            second = s
            let start = i
            if skip(".") {
                while skip("0") {}
                guard i > start + 1 else { return nil }
                fraction = written(from: start)
            }
        }
        let start = i
        if i < b.count && !skip("Z") {
            guard skip("+") || skip("-"), let hours = twoDigits(firstAtMost: "2"), hours < 24 else { return nil }
            _ = skip(":")
            guard twoDigits(firstAtMost: "5") != nil else { return nil }
        }
        guard i == b.count else { return nil }
        self.init(seconds: hour * 3600 + minute * 60 + (second ?? 0),
                  form: Form(separator: separator, showsSeconds: second != nil, fraction: fraction, offset: written(from: start)))
    }

    /// The time in its form, from its separator on: ` 13:00:00`, `T06:30Z`.
    public var text: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return "\(form.separator)\(pad(h)):\(pad(m))" + (form.showsSeconds ? ":\(pad(s))\(form.fraction)" : "") + form.offset
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
        guard !dates.contains(where: { ($0?.time?.seconds ?? 0) != 0 }) else { return dates }
        return dates.map { $0?.withoutTime }
    }

    /// The day of this date, without its time of day.
    var withoutTime: CalendarDate { CalendarDate(year: year, month: month, day: day, precision: precision, notation: notation) }

    /// Seconds since 1970-01-01 00:00 in the dates' clock (a day without a time at midnight).
    var secondNumber: Int { dayNumber * TimeOfDay.day + (time?.seconds ?? 0) }
}
