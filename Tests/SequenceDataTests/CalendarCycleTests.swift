import Foundation
import Testing
@testable import SequenceData

/// The phases and features of calendar cycles for known dates, worked out by hand, and the cycles of each spacing.
@Suite struct CalendarCycleTests {
    /// (date, cycle, phase by hand as numerator and denominator).
    static let phases: [(String, CalendarCycle, Int, Int)] = [
        ("2024-01-01 06:00:00", .timeOfDay, 1, 4),            // 6 h of 24
        ("2024-01-01 18:30:00", .timeOfDay, 66_600, 86_400),
        ("2024-01-01 00:00:00.250", .timeOfDay, 1, 345_600),  // a quarter of a second of 86 400
        ("2024-01-01", .timeOfDay, 0, 1),                     // a day is at midnight
        ("2024-01-01", .dayOfWeek, 0, 7),                     // a Monday
        ("2024-01-07", .dayOfWeek, 6, 7),                     // a Sunday
        ("2024-01-01", .dayOfYear, 0, 366),
        ("2024-12-31", .dayOfYear, 365, 366),                 // 2024 is a leap year
        ("2023-12-31", .dayOfYear, 364, 365),
        ("2024-03-01", .dayOfYear, 60, 366),                  // 31 + 29 days before it
        ("2024-01-01", .weekOfYear, 0, 52),                   // a Monday: ISO week 1 of 2024
        ("2024-12-31", .weekOfYear, 0, 52),                   // a Tuesday: ISO week 1 of 2025
        ("2021-01-01", .weekOfYear, 52, 53),                  // a Friday: ISO week 53 of 2020 (a leap year from a Wednesday)
        ("2023-01-01", .weekOfYear, 51, 52),                  // a Sunday: ISO week 52 of 2022
        ("2023-06-15", .weekOfYear, 23, 52),                  // a Thursday: ISO week 24
        ("2023-08", .monthOfYear, 7, 12),
        ("1999-12-31", .monthOfYear, 11, 12),
        ("2023-08", .quarterOfYear, 2, 4),                    // the third quarter
        ("2023-03", .quarterOfYear, 0, 4),
        ("2023-10-01", .quarterOfYear, 3, 4),
    ]

    @Test(arguments: phases)
    func phasesOfKnownDates(text: String, cycle: CalendarCycle, numerator: Int, denominator: Int) throws {
        let date = try #require(CalendarDate(text))
        let phase = Double(numerator) / Double(denominator)
        #expect(abs(cycle.phase(of: date) - phase) < 1e-12, "\(text) \(cycle): \(cycle.phase(of: date)), expected \(phase)")
    }

    /// Each cycle gives sin(2π·phase) and cos(2π·phase), in the order of the cycles.
    @Test func featuresAreTheSineAndCosineOfEachPhase() throws {
        let date = try #require(CalendarDate("2024-01-07 06:00:00"))   // a Sunday, a quarter of the day
        let f = CalendarCycle.features(of: date, cycles: [.timeOfDay, .dayOfWeek])
        let expected = [1, 0, sin(2 * Double.pi * 6 / 7), cos(2 * Double.pi * 6 / 7)]
        #expect(f.count == 4 && zip(f, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(f)")
        let quarter = CalendarCycle.features(of: try #require(CalendarDate("2023-08")), cycles: [.quarterOfYear])
        #expect(abs(quarter[0]) < 1e-12 && abs(quarter[1] + 1) < 1e-12, "\(quarter)")
        #expect(CalendarCycle.features(of: date, cycles: []).isEmpty)
    }

    /// The cycles whose phase moves from step to step of each spacing; none for years.
    static let spacings: [(Frequency, [CalendarCycle])] = [
        (.seconds(3600), [.timeOfDay, .dayOfWeek]),
        (.seconds(900), [.timeOfDay, .dayOfWeek]),
        (.seconds(60), [.timeOfDay, .dayOfWeek]),
        (.microseconds(250_000), [.timeOfDay, .dayOfWeek]),
        (.microseconds(2_000_000), [.timeOfDay, .dayOfWeek]),         // whole seconds are seconds
        (.seconds(86_400), [.dayOfWeek, .dayOfYear]),                   // whole days are days
        (.days(1), [.dayOfWeek, .dayOfYear]),
        (.days(7), [.weekOfYear]),
        (.businessDays(1), [.dayOfWeek]),
        (.businessDays(5), [.weekOfYear]),
        (.months(1), [.monthOfYear]),
        (.months(3), [.quarterOfYear]),
        (.months(6), [.monthOfYear]),
        (.months(12), []),                                              // yearly
        (.years(1), []),
    ]

    @Test(arguments: spacings)
    func cyclesOfEachSpacing(frequency: Frequency, cycles: [CalendarCycle]) {
        #expect(frequency.calendarCycles == cycles, "\(frequency)")
    }

    /// No spacing gives more cycles than mostCalendarCycles, and some give that many: steps of 1 to 400 of each unit
    /// (milliseconds, and seconds in minutes and hours too), which pass through every case of calendarCycles.
    @Test func mostCalendarCyclesBoundsEverySpacing() {
        let steps = Array(1...400)
        let spacings = steps.flatMap { n in
            [Frequency.microseconds(1000 * n), .seconds(n), .seconds(60 * n), .seconds(3600 * n), .days(n), .businessDays(n), .months(n), .years(n)]
        }
        #expect(Frequency.mostCalendarCycles == spacings.map(\.calendarCycles.count).max())
        #expect(Set(Frequency.calendarCases.map(\.calendarCycles)) == Set(spacings.map(\.calendarCycles)))
    }

    /// The cycles that fit each spacing: every one under a day; not the time of day from days on; not the day of the
    /// week of whole weeks (of one or more, of days or business days), of months (finer than the step) or of years; none for years.
    static let fitting: [(Frequency, [CalendarCycle])] = [
        (.seconds(3600), CalendarCycle.allCases),
        (.seconds(36 * 3600), CalendarCycle.allCases),
        (.microseconds(250_000), CalendarCycle.allCases),
        (.days(1), [.dayOfWeek, .dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.days(7), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.seconds(7 * 86_400), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),  // whole weeks of seconds are weeks
        (.days(14), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),             // and so are whole weeks of days
        (.days(8), [.dayOfWeek, .dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.businessDays(1), [.dayOfWeek, .dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.businessDays(5), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.businessDays(10), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.businessDays(6), [.dayOfWeek, .dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.months(1), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.months(3), [.dayOfYear, .weekOfYear, .monthOfYear, .quarterOfYear]),
        (.months(12), []),
        (.years(1), []),
    ]

    @Test(arguments: fitting)
    func cyclesThatFitEachSpacing(frequency: Frequency, cycles: [CalendarCycle]) {
        #expect(frequency.fittingCalendarCycles == cycles, "\(frequency)")
    }

    /// Each reason says why in the spacing's words; the first misfit of a list is named.
    @Test func misfitsSayWhy() {
        #expect(Frequency.days(1).calendarMisfit(.timeOfDay) == "dates 1 day apart all fall at one time of day")
        #expect(Frequency.days(7).calendarMisfit(.dayOfWeek) == "dates 7 days apart all fall on one day of the week")
        #expect(Frequency.businessDays(5).calendarMisfit(.dayOfWeek) == "dates 5 business days apart all fall on one day of the week")
        #expect(Frequency.months(1).calendarMisfit(.dayOfWeek) == "a week is shorter than the step, so the day of the week of dates 1 month apart only aliases")
        #expect(Frequency.months(24).calendarMisfit(.monthOfYear) == "dates 2 years apart all fall at one place in the year")
        #expect(Frequency.days(1).calendarMisfit(.dayOfWeek) == nil)
        let misfit = Frequency.days(7).calendarMisfit(among: [.weekOfYear, .dayOfWeek, .timeOfDay])
        #expect(misfit?.cycle == .dayOfWeek && misfit?.reason == "dates 7 days apart all fall on one day of the week")
        #expect(Frequency.days(7).calendarMisfit(among: [.weekOfYear]) == nil)
    }

    /// Every cycle of a spacing's own set fits it: steps of 1 to 400 of each unit, as mostCalendarCycles is checked.
    @Test func theCyclesOfEverySpacingFitIt() {
        let spacings = (1...400).flatMap { n in
            [Frequency.microseconds(1000 * n), .seconds(n), .seconds(60 * n), .seconds(3600 * n), .days(n), .businessDays(n), .months(n), .years(n)]
        }
        for frequency in spacings { #expect(frequency.calendarMisfit(among: frequency.calendarCycles) == nil, "\(frequency)") }
    }

    /// Cycles in calendar order, finest first, repeats kept.
    @Test func cyclesInCalendarOrder() {
        #expect([CalendarCycle.monthOfYear, .timeOfDay, .dayOfWeek, .timeOfDay].inCalendarOrder == [.timeOfDay, .timeOfDay, .dayOfWeek, .monthOfYear])
        #expect(CalendarCycle.allCases.reversed().inCalendarOrder == CalendarCycle.allCases)
    }

    /// A list of cycles in messages: its names in order, the last after "and"; "none" when empty.
    @Test func namesOfACycleList() {
        #expect(([] as [CalendarCycle]).names == "none")
        #expect([CalendarCycle.weekOfYear].names == "week-of-year")
        #expect([CalendarCycle.timeOfDay, .dayOfWeek].names == "time-of-day and day-of-week")
        #expect([CalendarCycle.monthOfYear, .dayOfWeek, .timeOfDay].names == "month-of-year, day-of-week and time-of-day")
    }

    /// The series' dates, then the ones after them as nextDates writes them.
    @Test func calendarDatesContinueTheSeries() throws {
        let series = try TimeSeries(values: [1, 2, 3], columns: ["v"], dates: ["2024-01-31", "2024-02-29", "2024-03-31"])
        let dates = try #require(series.calendarDates(extendedBy: 2))
        #expect(dates.map(\.text) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"])
        #expect(series.nextDates(2) == ["2024-04-30", "2024-05-31"] && series.nextDates(0) == [])
        #expect(try TimeSeries(values: [1, 2], columns: ["v"]).calendarDates(extendedBy: 1) == nil)
    }
}
