import Foundation

/// A cycle of the calendar that a date sits somewhere in: its ``phase(of:)`` is that place as a fraction of the cycle,
/// and its features are the sine and cosine of the phase (``features(of:cycles:)``), as the time features DeepAR and
/// GluonTS give their networks, so that the last step of a cycle lies next to the first.
///
/// Which cycles fit a series depends on its spacing (``Frequency/calendarCycles``): a cycle whose phase would be the
/// same at every step of the series says nothing, and one finer than the spacing only aliases.
public enum CalendarCycle: String, Sendable, Codable, CaseIterable {
    /// The time of day: seconds (with their fraction) since midnight / 86 400 (a day without a time is at midnight).
    case timeOfDay = "time-of-day"
    /// The day of the week: Monday 0/7 to Sunday 6/7.
    case dayOfWeek = "day-of-week"
    /// The day of the year: (day of the year − 1) / the days of that year (365 or 366).
    case dayOfYear = "day-of-year"
    /// The ISO 8601 week of the year (weeks from Monday; week 1 holds the year's first Thursday): (week − 1) / the
    /// weeks of that ISO year (52 or 53).
    case weekOfYear = "week-of-year"
    /// The month of the year: January 0/12 to December 11/12.
    case monthOfYear = "month-of-year"
    /// The quarter of the year: January to March 0/4 to October to December 3/4.
    case quarterOfYear = "quarter-of-year"

    /// Where `date` lies in this cycle, in [0, 1).
    public func phase(of date: CalendarDate) -> Double {
        switch self {
        case .timeOfDay: (Double(date.time?.seconds ?? 0) + Double(date.time?.microseconds ?? 0) / Double(TimeOfDay.second)) / Double(TimeOfDay.day)
        case .dayOfWeek: Double(date.weekday) / 7
        case .dayOfYear: Double(date.dayOfYear - 1) / Double(CalendarDate.daysIn(year: date.year))
        case .weekOfYear: Double(date.isoWeek.week - 1) / Double(CalendarDate.isoWeeksIn(year: date.isoWeek.year))
        case .monthOfYear: Double(date.month - 1) / 12
        case .quarterOfYear: Double((date.month - 1) / 3) / 4
        }
    }

    /// The features of `date`: sin(2π·phase) and cos(2π·phase) of each cycle, in the order of `cycles`. [2·cycles]
    public static func features(of date: CalendarDate, cycles: [CalendarCycle]) -> [Double] {
        cycles.flatMap { cycle -> [Double] in
            let angle = 2 * Double.pi * cycle.phase(of: date)
            return [sin(angle), cos(angle)]
        }
    }
}

extension [CalendarCycle] {
    /// The cycles in the order of ``CalendarCycle/allCases``, finest first (repeats kept): the order a model reads chosen
    /// cycles in, whatever order they were given in.
    public var inCalendarOrder: [CalendarCycle] {
        let rank = { (cycle: CalendarCycle) in CalendarCycle.allCases.firstIndex(of: cycle) ?? 0 }
        return sorted { rank($0) < rank($1) }
    }

    /// The cycles' names for messages, in order: `time-of-day and day-of-week`, `a, b and c`; `none` for no cycles.
    public var names: String {
        guard let last = self.last else { return "none" }
        return count == 1 ? last.rawValue : dropLast().map(\.rawValue).joined(separator: ", ") + " and " + last.rawValue
    }
}

extension Frequency {
    /// The calendar cycles whose phase moves from step to step of this spacing, coarsest last: steps of less than a day,
    /// the time of day and the day of the week; days (not whole weeks), the day of the week and the day of the year;
    /// business days (not whole weeks of them), the day of the week; whole weeks (weekly), the week of the year;
    /// quarterly, the quarter of the year; other month spacings, the month of the year. Empty for years, whose dates
    /// fall at one place in every cycle of the year.
    public var calendarCycles: [CalendarCycle] {
        switch normalized {
        case .seconds, .microseconds: [.timeOfDay, .dayOfWeek]
        case .days(let n) where n % 7 == 0: [.weekOfYear]
        case .days: [.dayOfWeek, .dayOfYear]
        case .businessDays(let n) where n % 5 == 0: [.weekOfYear]
        case .businessDays: [.dayOfWeek]
        case .months(3): [.quarterOfYear]
        case .months: [.monthOfYear]
        case .years: []
        }
    }

    /// Why `cycle` says nothing about dates this far apart, nil when it fits them. It stays put where every date falls at
    /// one place in it: the time of day of days and longer steps, the day of the week of whole weeks (of days or of
    /// business days), every place in the year of years. The week, shorter than a month or a year, is finer than those
    /// steps: the day of the week of such dates changes from one to the next, but only by aliasing. Every cycle of
    /// ``calendarCycles`` fits, and every cycle fits steps under a day.
    public func calendarMisfit(_ cycle: CalendarCycle) -> String? {
        let apart = "dates \(normalized.spacing) apart"
        switch (cycle, normalized) {
        case (_, .seconds), (_, .microseconds): return nil
        case (.timeOfDay, _): return "\(apart) all fall at one time of day"
        case (.dayOfWeek, .days(let n)) where n % 7 == 0, (.dayOfWeek, .businessDays(let n)) where n % 5 == 0:
            return "\(apart) all fall on one day of the week"
        case (.dayOfWeek, .months), (.dayOfWeek, .years):
            return "a week is shorter than the step, so the day of the week of \(apart) only aliases"
        case (_, .years): return "\(apart) all fall at one place in the year"
        default: return nil
        }
    }

    /// The first of `cycles` that does not fit this spacing and why (``calendarMisfit(_:)``); nil when they all fit.
    public func calendarMisfit(among cycles: [CalendarCycle]) -> (cycle: CalendarCycle, reason: String)? {
        cycles.lazy.compactMap { cycle in calendarMisfit(cycle).map { (cycle, $0) } }.first
    }

    /// The cycles that fit this spacing (``calendarMisfit(_:)``), in the order of ``CalendarCycle/allCases``.
    public var fittingCalendarCycles: [CalendarCycle] { CalendarCycle.allCases.filter { calendarMisfit($0) == nil } }

    /// One spacing of each case of ``calendarCycles``.
    static let calendarCases: [Frequency] = [.microseconds(1), .seconds(1), .days(1), .days(7), .businessDays(1), .businessDays(5), .months(1), .months(3),
                                             .years(1)]

    /// The most calendar cycles a spacing gives (``calendarCycles``), for sizes set before a series says its spacing.
    public static let mostCalendarCycles = calendarCases.map(\.calendarCycles.count).max() ?? 0
}

extension CalendarDate {
    /// The day of the year, 1 for January 1st.
    var dayOfYear: Int { dayNumber - CalendarDate(year: year, month: 1, day: 1, precision: .day).dayNumber + 1 }

    /// The days of year `y`: 365, or 366 in a leap year.
    static func daysIn(year y: Int) -> Int { daysIn(year: y, month: 2) == 29 ? 366 : 365 }

    /// The ISO 8601 week of the date (1...53) and the ISO year it belongs to, which differs from ``year`` in the last days
    /// of December (week 1 of the next year) and the first days of January (the last week of the year before).
    var isoWeek: (week: Int, year: Int) {
        let week = (dayOfYear - (weekday + 1) + 10) / 7
        if week < 1 { return (Self.isoWeeksIn(year: year - 1), year - 1) }
        if week > Self.isoWeeksIn(year: year) { return (1, year + 1) }
        return (week, year)
    }

    /// The ISO weeks of year `y`: 53 when it starts on a Thursday, or on a Wednesday in a leap year; else 52.
    static func isoWeeksIn(year y: Int) -> Int {
        let first = CalendarDate(year: y, month: 1, day: 1, precision: .day).weekday
        return first == 3 || (first == 2 && daysIn(year: y) == 366) ? 53 : 52
    }
}
