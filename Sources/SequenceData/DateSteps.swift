/// How a column of dates of one form is counted in steps.
///
/// `YYYY` dates step in years and `YYYY-MM` dates in months. Days (`YYYY-MM-DD`, or `DD.MM.YYYY`) step in
/// months when they all fall on one day of the month (`1958-03-01`, `1958-04-01`, …),
/// all on the last day of their month (`1950-01-31`, `1950-02-28`, …), or one a month on weekdays in the first or
/// the last seven days of their months (a market's last trading days, `2024-02-29`, `2024-03-28`, `2024-04-30`, the
/// day before a holiday too) and not evenly spaced in days, in business days when they fall on weekdays
/// only and skip weekends (some Friday is followed by the Monday after it: `2024-01-05`, `2024-01-08`), and in days
/// otherwise. Timestamps (days with a time of day, `2020-01-01 13:00`) step in seconds, unless they are all at one time
/// of day: those step as their days do (a stock's closes at `16:00` in business days), keeping the time, and in
/// microseconds when some time has a fraction of a second (`00:00:00.250`); a column's times
/// that are all midnight are days (``CalendarDate/column(_:)``, which a column's dates are read with).
public struct DateSteps: Sendable {
    /// The unit of one step.
    public enum Unit: Sendable {
        /// What ``positions`` count: years (the year itself), months (year·12 + month − 1), days (since 1970-01-01),
        /// business days (Monday to Friday, since Monday 1969-12-29), seconds or microseconds (since 1970-01-01 00:00 in
        /// the dates' clock).
        case years, months, days, businessDays, seconds, microseconds
    }

    /// Which day of its month a date counted in months is on, and so where dates advanced from it fall.
    public enum MonthDay: Sendable {
        /// The date's own day of the month, clamped to the end of a shorter month (`YYYY-MM` dates, and days all on
        /// one day of the month).
        case same
        /// The month's last day (dates that are all month ends, on different days).
        case last
        /// The month's first weekday, Monday to Friday (pandas' `BMS`): dates one a month on weekdays in the first
        /// seven days of their months, not all on one day nor all the same number of days apart.
        case firstWeekday
        /// The month's last weekday, Monday to Friday (pandas' `BME`): dates one a month on weekdays in the last
        /// seven days of their months, not all on one day, all month ends, nor all the same number of days apart.
        case lastWeekday
    }

    /// The unit of ``positions`` and ``gaps``: years for `YYYY`, months for `YYYY-MM` and monthly days, business
    /// days for weekday dates that skip weekends, seconds for timestamps not all at one time of day (microseconds when
    /// some has a fraction of a second), else days.
    public let unit: Unit
    /// How the dates are written.
    public let precision: CalendarDate.Precision
    /// Where in their months advanced dates fall, for dates counted in months (else `same`).
    public let monthDay: MonthDay
    /// Each date's position in units from a fixed origin. [N]
    public let positions: [Int]

    /// The steps of `dates`; nil when there are none or they are written in different forms (precisions, notations
    /// of a day, `2020-01-01` and `02.01.2020`, or forms of a time).
    public init?(_ dates: [CalendarDate]) {
        guard let first = dates.first, dates.allSatisfy({ $0.hasForm(of: first) }) else { return nil }
        precision = first.precision
        switch first.precision {
        case .year: (unit, monthDay) = (.years, .same)
        case .month: (unit, monthDay) = (.months, .same)
        case .day where dates.contains(where: { $0.time?.seconds != first.time?.seconds || $0.time?.microseconds != first.time?.microseconds }):
            (unit, monthDay) = (dates.contains { ($0.time?.microseconds ?? 0) != 0 } ? .microseconds : .seconds, .same)
        case .day:
            if let monthDay = Self.monthDay(dates) {
                (unit, self.monthDay) = (.months, monthDay)
            } else {
                (unit, monthDay) = (Self.skipsWeekends(dates) ? .businessDays : .days, .same)
            }
        }
        let unit = unit
        positions = dates.map { d in
            switch unit {
            case .years: d.year
            case .months: d.monthIndex
            case .days: d.dayNumber
            case .businessDays: d.businessDayNumber
            case .seconds: d.secondNumber
            case .microseconds: d.microsecondNumber
            }
        }
    }

    /// Where in their months days that step in months fall; nil for days that do not (not one a month in any of the
    /// ways ``MonthDay`` lists).
    static func monthDay(_ dates: [CalendarDate]) -> MonthDay? {
        if dates.allSatisfy({ $0.day == dates[0].day }) { return .same }
        if dates.allSatisfy(\.isMonthEnd) { return .last }
        let oneAMonth = dates.allSatisfy { $0.weekday < 5 } && zip(dates, dates.dropFirst()).allSatisfy { $0.monthIndex < $1.monthIndex }
        // Evenly spaced in days (a few dates 28 days apart that happen to fall in a month's first week) step in days.
        guard oneAMonth, Set(zip(dates.dropFirst(), dates).map { $0.dayNumber - $1.dayNumber }).count > 1 else { return nil }
        return dates.allSatisfy(\.isInFirstWeekOfMonth) ? .firstWeekday : dates.allSatisfy(\.isInLastWeekOfMonth) ? .lastWeekday : nil
    }

    /// Whether no date falls on a Saturday or Sunday and some Friday is followed by the Monday after it.
    static func skipsWeekends(_ dates: [CalendarDate]) -> Bool {
        dates.allSatisfy { $0.weekday < 5 }
            && zip(dates, dates.dropFirst()).contains { friday, next in friday.weekday == 4 && next.dayNumber - friday.dayNumber == 3 }
    }

    /// The distance, in units, from each date to the next. [N − 1]
    public var gaps: [Int] { zip(positions.dropFirst(), positions).map { $0 - $1 } }

    /// The frequency of dates `step` units apart (dates 12·k months apart, `1900-07` then `1901-07`, are k-yearly;
    /// timestamps k·24 hours apart k-daily).
    public func frequency(step: Int) -> Frequency {
        switch unit {
        case .years: return .years(step)
        case .months: return Frequency.months(step).normalized
        case .days: return .days(step)
        case .businessDays: return .businessDays(step)
        case .seconds: return Frequency.seconds(step).normalized
        case .microseconds: return Frequency.microseconds(step).normalized
        }
    }

    /// `date` advanced by `k` steps of `frequency`, on the day of its month that ``monthDay`` gives.
    public func advance(_ date: CalendarDate, by k: Int, _ frequency: Frequency) -> CalendarDate {
        let next = date.advanced(by: k, frequency)
        switch monthDay {
        case .same: return next
        case .last: return next.monthEnd
        case .firstWeekday: return next.monthFirstWeekday
        case .lastWeekday: return next.monthLastWeekday
        }
    }
}
