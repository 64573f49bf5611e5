/// A date written as `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY` (proleptic Gregorian); a day may carry a time of
/// day (``TimeOfDay``: `2020-01-01 13:00:00`, `2020-01-01T13:00Z`, `01.01.2020 13:00`), which makes it a timestamp. A
/// column whose times are all midnight holds days (``column(_:)``).
public struct CalendarDate: Hashable, Sendable {
    /// How much of the date was written.
    public enum Precision: Int, Hashable, Sendable, Codable {
        /// `year` is `YYYY` (raw value 0), `month` is `YYYY-MM` (1), `day` is `YYYY-MM-DD` or `DD.MM.YYYY` (2), with or
        /// without a ``CalendarDate/time``.
        case year, month, day
    }

    /// How a day is written: year first with hyphens, or day first with dots.
    public enum Notation: Hashable, Sendable {
        /// `YYYY-MM-DD` (ISO 8601), and every year or month.
        case iso
        /// `DD.MM.YYYY`, day first with dots, as German and other European dates are written (never month first).
        case dayMonthYear
    }

    /// The year, 0...9999 (always written with four digits).
    public let year: Int
    /// 1...12 (1 when the precision is `.year`).
    public let month: Int
    /// 1...31 (1 when the precision is coarser than `.day`).
    public let day: Int
    /// Which form the date was written in, with ``notation``; ``text`` writes it back in that form.
    public let precision: Precision
    /// How a day was written (``Notation/iso`` for a year or a month).
    public let notation: Notation
    /// The time of day written after a day, nil when none is.
    public let time: TimeOfDay?

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY`, a day also with a time of day after a space or `T`
    /// (`2020-01-01 13:00:00`, ``TimeOfDay``); nil for anything else or an impossible date.
    public init?(_ text: String) {
        guard let (y, m, d, count, notation, time) = Self.numbers(text) else { return nil }
        guard (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d, precision: Precision(rawValue: count - 1)!, notation: notation, time: time)
    }

    /// Whether `text` is written in one of the forms `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD.MM.YYYY` (a day with a time of
    /// day or none), even when it names no day of the calendar (`1955-13`, `2019-02-29`, `30.02.2020`).
    public static func hasDateForm(_ text: String) -> Bool { numbers(text) != nil }

    /// Whether `other` is written in this date's form: the same precision and notation, and a time in the same form or none.
    public func hasForm(of other: CalendarDate) -> Bool {
        (precision, notation, time?.form) == (other.precision, other.notation, other.time?.form)
    }

    /// The year, month and day numbers (month and day 1 when not written) of a text in one of the forms,
    /// which has only ASCII digits: four, then two after each of at most two hyphens, or two, two and four after dots;
    /// how many were written, and in which notation. Three numbers may be followed by a time of day.
    private static func numbers(_ text: String) -> (year: Int, month: Int, day: Int, count: Int, notation: Notation, time: TimeOfDay?)? {
        guard let (date, time) = dateAndTime(text),
              let numbers = numbers(date).map({ ($0.year, $0.month, $0.day, $0.count, Notation.iso) })
                ?? dottedNumbers(date).map({ ($0.year, $0.month, $0.day, 3, Notation.dayMonthYear) }) else { return nil }
        guard time == nil || numbers.3 == 3 else { return nil }
        return (numbers.0, numbers.1, numbers.2, numbers.3, numbers.4, time)
    }

    /// The day, month and year numbers of `DD.MM.YYYY`: ASCII digits, two, two and four, separated by dots.
    private static func dottedNumbers(_ text: Substring) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(text.utf8), dot = UInt8(ascii: ".")
        guard bytes.count == 10, bytes[2] == dot, bytes[5] == dot else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            bytes[range].reduce(0 as Int?) { value, byte in
                guard let value, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                return value * 10 + Int(byte - UInt8(ascii: "0"))
            }
        }
        guard let day = number(0..<2), let month = number(3..<5), let year = number(6..<10) else { return nil }
        return (year, month, day)
    }

    /// ``numbers(_:)`` of a text without a time.
    private static func numbers(_ text: Substring) -> (year: Int, month: Int, day: Int, count: Int)? {
        var parts = (0, 1, 1), count = 0, value = 0, digits = 0
        func endPart() -> Bool {
            guard digits == (count == 0 ? 4 : 2) else { return false }
            switch count {
            case 0: parts.0 = value
            case 1: parts.1 = value
            default: parts.2 = value
            }
            (count, value, digits) = (count + 1, 0, 0)
            return true
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9") where digits < 4:
                (value, digits) = (value * 10 + Int(byte - UInt8(ascii: "0")), digits + 1)
            case UInt8(ascii: "-") where count < 2:
                guard endPart() else { return nil }
            default:
                return nil
            }
        }
        guard endPart() else { return nil }
        return (parts.0, parts.1, parts.2, count)
    }

    init(year: Int, month: Int, day: Int, precision: Precision, notation: Notation = .iso, time: TimeOfDay? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.precision = precision
        self.notation = notation
        self.time = time
    }

    /// The date in the form it was parsed from.
    public var text: String { dayText + (time?.text ?? "") }

    /// The date without its time, in the form it was parsed from.
    private var dayText: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        switch precision {
        case .year: return pad(year, 4)
        case .month: return "\(pad(year, 4))-\(pad(month, 2))"
        case .day: return notation == .iso ? "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" : "\(pad(day, 2)).\(pad(month, 2)).\(pad(year, 4))"
        }
    }

    /// Whether the day this date names (and its time, a day without one at midnight) comes before `other`'s, whatever the
    /// precision they are written in.
    public func isBefore(_ other: CalendarDate) -> Bool {
        (year, month, day, time?.seconds ?? 0, time?.microseconds ?? 0)
            < (other.year, other.month, other.day, other.time?.seconds ?? 0, other.time?.microseconds ?? 0)
    }

    /// Months since year 0 (for month steps).
    var monthIndex: Int { year * 12 + (month - 1) }

    /// Whether the date is written with a day and is the last day of its month.
    public var isMonthEnd: Bool { precision == .day && day == Self.daysIn(year: year, month: month) }

    /// The last day of the date's month, in the same form (at the same time).
    var monthEnd: CalendarDate {
        CalendarDate(year: year, month: month, day: Self.daysIn(year: year, month: month), precision: precision, notation: notation, time: time)
    }

    /// The first weekday (Monday to Friday) of the date's month, in the same form (at the same time): pandas' `BMS`.
    var monthFirstWeekday: CalendarDate {
        let first = CalendarDate(year: year, month: month, day: 1, precision: precision, notation: notation, time: time)
        return first.weekday < 5 ? first : CalendarDate(dayNumber: first.dayNumber + 7 - first.weekday, precision: precision, notation: notation, time: time)
    }

    /// The last weekday (Monday to Friday) of the date's month, in the same form (at the same time): pandas' `BME`.
    var monthLastWeekday: CalendarDate {
        let end = monthEnd
        return end.weekday < 5 ? end : CalendarDate(dayNumber: end.dayNumber + 4 - end.weekday, precision: precision, notation: notation, time: time)
    }

    /// Whether the date is written with a day and falls in the first seven days of its month.
    var isInFirstWeekOfMonth: Bool { precision == .day && day <= 7 }

    /// Whether the date is written with a day and falls in the last seven days of its month.
    var isInLastWeekOfMonth: Bool { precision == .day && day > Self.daysIn(year: year, month: month) - 7 }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week, 0 for Monday to 6 for Sunday.
    public var weekday: Int { ((dayNumber + 3) % 7 + 7) % 7 }  // 1970-01-01 was a Thursday

    /// Business days (Monday to Friday) since Monday 1969-12-29; a Saturday or Sunday counts as the Friday before it.
    var businessDayNumber: Int {
        let n = dayNumber + 3, weeks = n >= 0 ? n / 7 : (n - 6) / 7
        return weeks * 5 + min(n - weeks * 7, 4)
    }

    /// The weekday `n` business days after Monday 1969-12-29 (at `time`).
    init(businessDayNumber n: Int, precision: Precision, notation: Notation = .iso, time: TimeOfDay? = nil) {
        let weeks = n >= 0 ? n / 5 : (n - 4) / 5
        self.init(dayNumber: weeks * 7 + (n - weeks * 5) - 3, precision: precision, notation: notation, time: time)
    }

    /// The date `n` days after 1970-01-01 (civil_from_days), at `time`.
    init(dayNumber n: Int, precision: Precision, notation: Notation = .iso, time: TimeOfDay? = nil) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d, precision: precision, notation: notation, time: time)
    }

    /// The date `k` steps of `frequency` later, at the same time of day for steps of days or longer, and at the same
    /// fraction of a second for steps of whole seconds; a day of month past the end of a shorter month is clamped to its
    /// last day. Steps of seconds give a day without a time one in the form `HH:MM:SS` after a space (`HH:MM:SS.ffffff`
    /// for steps of microseconds).
    public func advanced(by k: Int, _ frequency: Frequency) -> CalendarDate {
        switch frequency {
        case .years(let n):
            return CalendarDate(year: year + n * k, month: month,
                                day: min(day, Self.daysIn(year: year + n * k, month: month)), precision: precision, notation: notation, time: time)
        case .months(let n):
            let mi = monthIndex + n * k
            let y = mi >= 0 ? mi / 12 : (mi - 11) / 12
            let m = mi - y * 12 + 1
            return CalendarDate(year: y, month: m, day: min(day, Self.daysIn(year: y, month: m)), precision: precision, notation: notation, time: time)
        case .days(let n):
            return CalendarDate(dayNumber: dayNumber + n * k, precision: precision, notation: notation, time: time)
        case .businessDays(let n):
            return CalendarDate(businessDayNumber: businessDayNumber + n * k, precision: precision, notation: notation, time: time)
        case .seconds(let n):
            return at(second: secondNumber + n * k, microsecond: time?.microseconds ?? 0, fractionDigits: 0)
        case .microseconds(let n):
            // Whole seconds apart from the rest, so that these steps overflow no sooner than steps of seconds.
            let (whole, rest) = (n / TimeOfDay.second, n % TimeOfDay.second)
            return at(second: secondNumber + whole * k, microsecond: (time?.microseconds ?? 0) + rest * k, fractionDigits: 6)
        }
    }

    /// The day and time `second` seconds and `microsecond` microseconds (any number of them) after 1970-01-01 00:00, in
    /// this date's form; a day without a time gets one written `HH:MM:SS` after a space, with `fractionDigits` digits of
    /// its fraction of a second.
    private func at(second: Int, microsecond: Int, fractionDigits: Int) -> CalendarDate {
        func floorDivision(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : (a + 1) / b - 1 }
        let carry = floorDivision(microsecond, TimeOfDay.second), s = second + carry, days = floorDivision(s, TimeOfDay.day)
        let form = time?.form ?? TimeOfDay.Form(separator: " ", showsSeconds: true, fractionDigits: fractionDigits, offset: "")
        return CalendarDate(dayNumber: days, precision: precision, notation: notation,
                            time: TimeOfDay(seconds: s - days * TimeOfDay.day, microseconds: microsecond - carry * TimeOfDay.second, form: form))
    }

    static func daysIn(year y: Int, month m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// The regular spacing of a series' dates.
public enum Frequency: Hashable, Sendable, Codable {
    /// Every n years: `YYYY` dates, or dates 12·k months apart (see ``normalized``).
    case years(Int)
    /// Every n months: `YYYY-MM` dates, or days (`YYYY-MM-DD`, `DD.MM.YYYY`) on one day of the month or on month ends.
    case months(Int)
    /// Every n days (7 for weekly): days (`YYYY-MM-DD`, `DD.MM.YYYY`) that are not monthly.
    case days(Int)
    /// Every n business days, Monday to Friday (pandas' `B`): days on weekdays only, with the weekends
    /// skipped (a Friday followed by the next Monday), as a stock's daily prices are.
    case businessDays(Int)
    /// Every n seconds: timestamps, days with times of day that are not all one time (hourly is `.seconds(3600)`); whole
    /// days of them are days (see ``normalized``), and timestamps all at one time of day step as their days do (``DateSteps``).
    case seconds(Int)
    /// Every n microseconds: timestamps with fractions of a second (`00:00:00.250`) that are not whole seconds apart
    /// (every 250 ms is `.microseconds(250_000)`); whole seconds of them are seconds (see ``normalized``).
    case microseconds(Int)

    /// The same spacing with whole years as years and whole days as days: `.months(24)` is `.years(2)` (how dates 12·k
    /// months apart are read), `.seconds(86_400)` is `.days(1)` (timestamps at one time each day).
    public var normalized: Frequency {
        switch self {
        case .months(let n) where n > 0 && n % 12 == 0: return .years(n / 12)
        case .seconds(let n) where n > 0 && n % TimeOfDay.day == 0: return .days(n / TimeOfDay.day)
        case .microseconds(let n) where n > 0 && n % TimeOfDay.second == 0: return Frequency.seconds(n / TimeOfDay.second).normalized
        default: return self
        }
    }

    /// The usual season length: a year's worth of steps for month spacings that divide 12
    /// (monthly 12, 2-monthly 6, quarterly 4, half-yearly 2), daily 7, weekly 52, business-daily 5 (a week), and for
    /// spacings under a day the steps of the cycle above them when they divide it: a day's for 15
    /// minutes or more (hourly 24, half-hourly 48, every 15 minutes 96), an hour's from a minute (every minute 60, every
    /// 5 minutes 12), a minute's from 250 ms (every 10 seconds 6, every second 60, every 250 ms 240,
    /// ``longestSubdailySeason``); 1 for years and any other spacing (every 10 ms, whose minute is 6000 steps).
    public var seasonLength: Int {
        switch self {
        case .years: return 1
        case .months(let n): return 12 % n == 0 ? 12 / n : 1
        case .days(1): return 7
        case .days(7): return 52
        case .days: return 1
        case .businessDays(1): return 5
        case .businessDays: return 1
        case .seconds(let n): return Self.subdailySeason(step: n, perSecond: 1)
        case .microseconds(let n): return Self.subdailySeason(step: n, perSecond: TimeOfDay.second)
        }
    }

    /// The most steps ``seasonLength`` gives a spacing under a day: a minute of steps of 250 ms.
    public static let longestSubdailySeason = 240

    /// The season of steps of `step` units (`perSecond` a second): the steps of the cycle above the step when they divide
    /// it and are at most ``longestSubdailySeason``, else 1. The cycle is a day for steps of 15 minutes or more, an hour
    /// for steps of a minute or more, else a minute: a day's steps of a finer spacing are too many for a season (the
    /// networks read two seasons back, 2880 values of a series every minute), as are a minute's of steps under 250 ms
    /// (12 000 values every 10 ms), and its calendar features (``calendarCycles``) carry the time of day instead.
    private static func subdailySeason(step: Int, perSecond: Int) -> Int {
        let minute = 60 * perSecond, hour = 60 * minute, day = 24 * hour
        let cycle = step >= 15 * minute ? day : step >= minute ? hour : minute
        return step > 0 && cycle % step == 0 && cycle / step <= longestSubdailySeason ? cycle / step : 1
    }

    /// The frequency of dates that all parse in one form (``CalendarDate/hasForm(of:)``, a column's times all at
    /// midnight dropped: ``CalendarDate/column(_:)``) and are evenly spaced; nil when fewer than two, unparsable, mixed, or irregular.
    /// Day-precision dates on the same day of each month, on the last day of
    /// each month, or one a month on weekdays in its first or last week, count as monthly (see ``DateSteps``).
    public static func infer(from dates: [String]) -> Frequency? {
        let parsed = CalendarDate.column(dates).compactMap { $0 }
        guard parsed.count == dates.count, parsed.count >= 2, let steps = DateSteps(parsed) else { return nil }
        let gaps = steps.gaps
        guard let step = gaps.first, step > 0, gaps.allSatisfy({ $0 == step }) else { return nil }
        return steps.frequency(step: step)
    }

    /// The spacing in words: `1 year`, `3 months`, `7 days`, `1 business day`, `1 hour`, `15 minutes`, `90 seconds`,
    /// `250 milliseconds`, `125 microseconds`.
    public var spacing: String {
        switch self {
        case .years(let n): return CountText.of(n, "year")
        case .months(let n): return CountText.of(n, "month")
        case .days(let n): return CountText.of(n, "day")
        case .businessDays(let n): return CountText.of(n, "business day")
        case .seconds(let n) where n % 3600 == 0: return CountText.of(n / 3600, "hour")
        case .seconds(let n) where n % 60 == 0: return CountText.of(n / 60, "minute")
        case .seconds(let n): return CountText.of(n, "second")
        case .microseconds(let n) where n % 1000 == 0: return CountText.of(n / 1000, "millisecond")
        case .microseconds(let n): return CountText.of(n, "microsecond")
        }
    }
}
