import Foundation
import Testing
@testable import SequenceData

/// Days with a time of day: how they are read, written back, stepped and spaced.
@Suite struct TimestampTests {
    /// The forms databases, spreadsheets and pandas write: written back as they were, and compared with their time.
    @Test func readsTimesOfDayInTheirForm() throws {
        for text in ["2020-01-01 13:00:00", "2020-01-01 13:00", "2020-01-01T13:00:00", "2020-01-01T13:00:00Z", "2020-01-01T13:00+00:00",
                     "2020-01-01 13:00:00.000", "2020-01-01T13:00+0530", "01.01.2020 13:00", "01.01.2020 13:00:00"] {
            let date = try #require(CalendarDate(text), "\(text)")
            #expect(date.time?.seconds == 13 * 3600 && date.precision == .day && date.day == 1 && date.text == text, "\(text)")
        }
        #expect(CalendarDate("2020-01-01 23:59:59")?.time?.seconds == 86_399)
        #expect(CalendarDate("2020-01-01 12:00")!.isBefore(CalendarDate("2020-01-01 13:00")!) && CalendarDate("2020-01-01")!.isBefore(CalendarDate("2020-01-01 00:01")!))
        // Times in other forms are none: no date. An impossible day at a time of day has the form of a date.
        for bad in ["2020-01-01 24:00", "2020-01-01 13:60", "2020-01-01 1:00", "2020-01-01 13", "2020-01-01 13:00.5", "2020-01-01 13:00:60",
                    "2020-01-01 13:00 ", "2020-01-01  13:00", "2020-01-01_13:00", "2020-01 13:00", "2020 13:00", "2020-01-01 13:00+1"] {
            #expect(CalendarDate(bad) == nil && !CalendarDate.hasDateForm(bad), "\(bad)")
        }
        #expect(CalendarDate("2020-02-30 13:00") == nil && CalendarDate.hasDateForm("2020-02-30 13:00"))
        // One form: the separator, the seconds, a fraction and an offset all count.
        let first = CalendarDate("2020-01-01 13:00")!
        for other in ["2020-01-01T14:00", "2020-01-01 14:00:00", "2020-01-01 14:00Z", "2020-01-01", "01.01.2020 14:00"] {
            #expect(!first.hasForm(of: CalendarDate(other)!), "\(other)")
        }
        #expect(first.hasForm(of: CalendarDate("2020-12-31 23:45")!))
    }

    /// Steps of seconds cross midnight, month and year ends in the form of the time; longer steps keep the time of day.
    @Test func advancesInTheFormOfTheTime() {
        #expect(CalendarDate("31.12.2019 23:00")!.advanced(by: 1, .seconds(3600)).text == "01.01.2020 00:00")
        #expect(CalendarDate("2020-03-01T00:15:00Z")!.advanced(by: -2, .seconds(900)).text == "2020-02-29T23:45:00Z")
        #expect(CalendarDate("1970-01-01 00:00")!.advanced(by: -1, .seconds(1)).text == "1969-12-31 23:59")
        #expect(CalendarDate("2020-01-31 09:30")!.advanced(by: 1, .months(1)).text == "2020-02-29 09:30")
        #expect(CalendarDate("2024-01-05 16:00")!.advanced(by: 1, .businessDays(1)).text == "2024-01-08 16:00")
        #expect(CalendarDate("2020-01-01")!.advanced(by: 3, .seconds(3600)).text == "2020-01-01 03:00:00")
    }

    /// A time other than midnight makes a column's dates timestamps, spaced in seconds: a season of a day's steps where they
    /// divide a day (hourly 24, as M4's hourly series), whole days are days; times all at midnight are days.
    @Test func infersSubDailySpacings() {
        func times(_ start: String, every seconds: Int, _ n: Int) -> [String] {
            (0..<n).map { CalendarDate(start)!.advanced(by: $0, .seconds(seconds)).text }
        }
        let cases: [([String], Frequency, Int, String)] = [
            (times("2020-01-01 22:00:00", every: 3600, 4), .seconds(3600), 24, "1 hour"),
            (times("2020-01-01T23:30Z", every: 1800, 3), .seconds(1800), 48, "30 minutes"),
            (times("31.12.2019 23:45", every: 900, 3), .seconds(900), 96, "15 minutes"),
            (times("2020-01-01 00:00", every: 7200, 3), .seconds(7200), 12, "2 hours"),
            (times("2020-01-01 00:00", every: 7 * 3600, 3), .seconds(7 * 3600), 1, "7 hours"),
            (times("2020-01-01 00:00:00", every: 90, 3), .seconds(90), 40, "90 seconds"),
            (times("2020-01-01 00:00", every: 60, 3), .seconds(60), 60, "1 minute"),
            (times("2020-01-01 00:00:00", every: 10, 3), .seconds(10), 6, "10 seconds"),
            (["2020-01-01 00:00:00.000", "2020-01-01 00:00:00.250", "2020-01-01 00:00:00.500"], .microseconds(250_000), 240, "250 milliseconds"),
            (["2020-01-01 00:00:00.5", "2020-01-01 00:00:02.0", "2020-01-01 00:00:03.5"], .microseconds(1_500_000), 40, "1500 milliseconds"),
            (["2020-01-01 00:00:00.000125", "2020-01-01 00:00:00.000250"], .microseconds(125), 1, "125 microseconds"),
            (["2020-01-01 00:00:00.200", "2020-01-01 00:00:00.400"], .microseconds(200_000), 1, "200 milliseconds"),
            (["2020-01-01 00:00:00.500", "2020-01-01 00:00:01.500"], .seconds(1), 60, "1 second"),
            (times("2020-01-01 09:00", every: 86_400, 3), .days(1), 7, "1 day"),
        ]
        for (dates, frequency, season, spacing) in cases {
            #expect(Frequency.infer(from: dates) == frequency && frequency.seasonLength == season && frequency.spacing == spacing, "\(dates)")
        }
        #expect(Frequency.seconds(86_400 * 7).normalized == .days(7) && Frequency.seconds(3600).normalized == .seconds(3600))
        // Midnight times are days, written without the time; one time of another hour makes every time count.
        #expect(CalendarDate.column(["2020-01-01 00:00", "2020-01-02T00:00:00+01:00", "x"]).map { $0?.text } == ["2020-01-01", "2020-01-02", nil])
        #expect(CalendarDate.column(["2020-01-01 00:00", "2020-01-01 12:00"]).map { $0?.text } == ["2020-01-01 00:00", "2020-01-01 12:00"])
        #expect(Frequency.infer(from: ["2020-01-01 00:00", "2020-01-02 00:00"]) == .days(1))
        // Days and timestamps, or times in two forms, are mixed forms.
        #expect(Frequency.infer(from: ["2020-01-01", "2020-01-01 01:00"]) == nil && Frequency.infer(from: ["2020-01-01 00:00", "2020-01-01 01:00:00"]) == nil)
    }

    /// An offset written another way (`Z` and `+00:00`, `+01:00` and `+0100`) or left out is the same time in another form, not a
    /// changing offset: the error says the forms are mixed, not that the times should be written in UTC (they may be).
    @Test func theSameOffsetWrittenOtherwiseIsAMixedForm() {
        func refusal(_ dates: [String]) -> SequenceDataError? {
            #expect(throws: SequenceDataError.self) { try TimeSeries(values: dates.indices.map(Double.init), columns: ["v"], dates: dates) }
        }
        for (first, second) in [("2020-01-01T00:00Z", "2020-01-01T01:00+00:00"), ("2020-01-01T00:00+01:00", "2020-01-01T01:00+0100"),
                                ("2020-01-01T00:00", "2020-01-01T01:00Z"), ("2020-01-01T00:00-00:00", "2020-01-01T01:00Z")] {
            #expect(refusal([first, second]) == .mixedDateFormats(file: "<values>", line: 2, text: second, first: first), "\(second)")
        }
        // The message says which offsets are the same one spelled otherwise; a time without one is not.
        #expect("\(SequenceDataError.mixedDateFormats(file: "h.csv", line: 2, text: "2020-01-01T01:00+00:00", first: "2020-01-01T00:00Z"))"
            .hasSuffix("; 'Z' and '+00:00' are one UTC offset written two ways: write it one way"))
        #expect("\(SequenceDataError.mixedDateFormats(file: "h.csv", line: 2, text: "2020-01-01T01:00+0100", first: "2020-01-01T00:00+01:00"))"
            .hasSuffix("; '+01:00' and '+0100' are one UTC offset written two ways: write it one way"))
        #expect(!"\(SequenceDataError.mixedDateFormats(file: "h.csv", line: 2, text: "2020-01-01T01:00Z", first: "2020-01-01T00:00"))"
            .contains("UTC offset"))
        // Nor is one offset written one way in two times of other forms (seconds on one only): their offsets are not the problem.
        #expect(!"\(SequenceDataError.mixedDateFormats(file: "h.csv", line: 2, text: "2020-01-01T01:00:00Z", first: "2020-01-01T00:00Z"))"
            .contains("UTC offset"))
        #expect(refusal(["2020-01-01T00:00-03:00", "2020-01-01T01:00-02:00"])
                == .changingUTCOffset(file: "<values>", line: 2, text: "2020-01-01T01:00-02:00", first: "2020-01-01T00:00-03:00"))
        #expect(refusal(["2020-01-01T00:00+03:00", "2020-01-01T01:00-03:00"])
                == .changingUTCOffset(file: "<values>", line: 2, text: "2020-01-01T01:00-03:00", first: "2020-01-01T00:00+03:00"))
        #expect(refusal(["2020-01-01T00:00+05:30", "2020-01-01T01:00+0545"])
                == .changingUTCOffset(file: "<values>", line: 2, text: "2020-01-01T01:00+0545", first: "2020-01-01T00:00+05:30"))
    }

    /// Fractions of a second are read to the microsecond, written back with as many digits, and stepped: across midnight
    /// in steps of milliseconds, keeping the fraction in steps of whole seconds. Digits past the sixth must be zeros.
    @Test func fractionsOfASecondAreReadToTheMicrosecond() throws {
        for (text, microseconds) in [("2026-01-01T00:00:00.250", 250_000), ("2026-01-01 12:00:00.5Z", 500_000), ("2026-01-01 12:00:00.000125", 125),
                                     ("2026-01-01 12:00:00.250000000", 250_000), ("2026-01-01 12:00:00.000", 0)] {
            let date = try #require(CalendarDate(text), "\(text)")
            #expect(date.time?.microseconds == microseconds && date.text == text, "\(text)")
        }
        for bad in ["2026-01-01 12:00:00.0000001", "2026-01-01 12:00:00.", "2026-01-01 12:00.5"] {
            #expect(CalendarDate(bad) == nil && !CalendarDate.hasDateForm(bad), "\(bad)")
        }
        #expect(CalendarDate("2026-01-01 00:00:00.250")!.isBefore(CalendarDate("2026-01-01 00:00:00.500")!))
        #expect(!CalendarDate("2026-01-01 00:00:00.250")!.hasForm(of: CalendarDate("2026-01-01 00:00:00.25")!))
        #expect(CalendarDate("2025-12-31T23:59:59.750Z")!.advanced(by: 1, .microseconds(250_000)).text == "2026-01-01T00:00:00.000Z")
        #expect(CalendarDate("2026-01-01 00:00:00.000")!.advanced(by: -1, .microseconds(250_000)).text == "2025-12-31 23:59:59.750")
        #expect(CalendarDate("2026-01-01 23:59:59.5")!.advanced(by: 1, .seconds(1)).text == "2026-01-02 00:00:00.5")
        // Steps of more than a second carry their whole seconds; a step back to a whole second or day carries one
        // (floor division, also before 1970); a day without a time gets one with six decimals.
        #expect(CalendarDate("2026-01-01 00:00:00.5")!.advanced(by: 2, .microseconds(1_500_000)).text == "2026-01-01 00:00:03.5")
        #expect(CalendarDate("2026-01-01 00:00:01.000")!.advanced(by: -4, .microseconds(250_000)).text == "2026-01-01 00:00:00.000")
        #expect(CalendarDate("1969-12-31 00:00:01")!.advanced(by: -1, .seconds(1)).text == "1969-12-31 00:00:00")
        #expect(CalendarDate("2026-01-01")!.advanced(by: 1, .microseconds(250_000)).text == "2026-01-01 00:00:00.250000")
        // Whole seconds of microseconds are seconds, and whole days of them days.
        #expect(Frequency.microseconds(3_600_000_000).normalized == .seconds(3600) && Frequency.microseconds(86_400_000_000).normalized == .days(1))
        let series = try TimeSeries(values: [1, 2, 3], columns: ["v"], dates: ["2026-01-01T23:59:59.500", "2026-01-01T23:59:59.750", "2026-01-02T00:00:00.000"])
        #expect(series.frequency == .microseconds(250_000) && series.seasonLength == 240)
        #expect(series.nextDates(2) == ["2026-01-02T00:00:00.250", "2026-01-02T00:00:00.500"])
        // A column of fractions that are all zeros holds whole seconds, and at midnight days.
        #expect(Frequency.infer(from: ["2026-01-01 00:00:00.000", "2026-01-01 00:00:01.000"]) == .seconds(1))
        #expect(CalendarDate.column(["2026-01-01 00:00:00.000", "2026-01-01 00:00:00.001"]).map { $0?.text } == ["2026-01-01 00:00:00.000", "2026-01-01 00:00:00.001"])
    }

    /// A refusal for a fraction of a second says what to do: round a fraction finer than a microsecond, write every time
    /// with as many decimals; a date in DD.MM.YYYY and other mixed forms get no such advice.
    @Test func aFractionOfASecondIsNamedInTheRefusal() {
        func refusal(_ dates: [String]) -> String {
            do {
                _ = try TimeSeries(values: dates.indices.map(Double.init), columns: ["v"], dates: dates)
                return "accepted"
            } catch { return "\(error)" }
        }
        let fine = refusal(["2024-01-01 00:00:00.000", "2024-01-01 00:00:00.0000005"])
        #expect(fine.hasSuffix("'2024-01-01 00:00:00.0000005' has a fraction of a second finer than a microsecond: round the times to at most "
                               + "6 digits after the point"), "\(fine)")
        let digits = refusal(["2024-01-01 00:00:00.000", "2024-01-01 00:00:00.5"])
        #expect(digits.hasSuffix("; its seconds have 1 decimal and the first date's 3 decimals: write every time with as many"), "\(digits)")
        let none = refusal(["2024-01-01 00:00:00.500", "2024-01-01 00:00:01"])
        #expect(none.hasSuffix("; its seconds have no decimals and the first date's 3 decimals: write every time with as many"), "\(none)")
        let offset = SequenceDataError.unsupportedDateForm(file: "f.csv", line: 2, column: "t", text: "01.02.2024T12:00:00.0000001+01:00")
        #expect(offset.description.hasSuffix("'01.02.2024T12:00:00.0000001+01:00' has a fraction of a second finer than a microsecond: "
                                             + "round the times to at most 6 digits after the point"), "\(offset)")
        // A first date that is none (a point without digits, a letter after them) is no form of decimals to follow.
        for first in ["2024-01-01 00:00:00.", "2024-01-01 00:00:00.25x"] {
            let mixed = refusal([first, "2024-01-01 00:00:01.5"])
            #expect(mixed.hasPrefix("<values>:2: date '2024-01-01 00:00:01.5' is not in the form of the first date") && !mixed.contains("decimal"), "\(mixed)")
        }
        // One cell in no form, with a fraction, has no other time to compare its decimals with.
        let cell = SequenceDataError.unsupportedDateForm(file: "f.csv", line: 2, column: "t", text: "2024-01-01 12:00:00.5 UTC")
        #expect(!cell.description.contains("decimal"), "\(cell)")
        for dates in [["2024-01-01 00:00:00.000", "2024-01-01T00:00:01.000"], ["01.02.2024", "2024-02-02"]] {
            #expect(!refusal(dates).contains("decimal") && !refusal(dates).contains("fraction"), "\(dates)")
        }
        #expect(refusal(["2024-01-01 00:00:00.000", "2024-01-01 00:00:00.500"]) == "accepted")
    }

    /// Timestamps all at one time of day step as their days do, the time kept: a stock's closing prices at 16:00 on weekdays
    /// are business-daily and month starts at 09:00 monthly, as the same dates without a time are.
    @Test func timestampsAtOneTimeOfDayStepAsTheirDays() throws {
        let closes = ["2024-01-04 16:00", "2024-01-05 16:00", "2024-01-08 16:00", "2024-01-09 16:00"]
        #expect(Frequency.infer(from: closes) == .businessDays(1))
        let prices = try TimeSeries(values: [1, 2, 3, 4], columns: ["close"], dates: closes)
        #expect(prices.seasonLength == 5 && prices.nextDates(2) == ["2024-01-10 16:00", "2024-01-11 16:00"])
        let months = ["2020-01-31T09:00Z", "2020-02-29T09:00Z", "2020-03-31T09:00Z"]
        #expect(Frequency.infer(from: months) == .months(1))
        #expect(try TimeSeries(values: [1, 2, 3], columns: ["v"], dates: months).nextDates(1) == ["2020-04-30T09:00Z"])
        #expect(Frequency.infer(from: ["2020-01-01 09:00", "2020-02-01 09:00", "2020-03-01 09:00"]) == .months(1))
    }
}
