import Foundation
import Testing
@testable import SequenceData

@Suite struct TimeSeriesTests {
    let csv = "date,temp,load\n2020-01,1.5,10\n2020-02,2.5,20\n2020-03,3.5,30\n"

    @Test func picksColumnsByNameOrIndex() throws {
        let s = try series(csv, target: "load", features: [1])
        #expect(s.columns == ["load", "temp"])
        #expect(s.values == [10, 1.5, 20, 2.5, 30, 3.5])
        #expect(s.column(0) == [10, 20, 30])
        #expect(s.dates == ["2020-01", "2020-02", "2020-03"])
        #expect(s.frequency == .months(1) && s.seasonLength == 12)
        #expect(s.nextDates(2) == ["2020-04", "2020-05"])
        let hinted = try TimeSeries(csv: Data(csv.utf8), target: 1, seasonLength: 3)
        #expect(hinted.dates == nil && hinted.seasonLength == 3)
    }

    @Test func blanksAroundCellsAreIgnored() throws {
        let s = try series(" date , v \n 2001 ,\t2.5 \n2002,\"3\"\n", target: "v", date: "date")
        #expect(s.values == [2.5, 3])
        #expect(s.dates == ["2001", "2002"] && s.frequency == .years(1))
    }

    @Test func unknownColumnListsTheColumns() throws {
        #expect(throws: SequenceDataError.unknownColumn(file: "t.csv", name: "price", available: ["date", "temp", "load"])) {
            try series(csv, target: "price")
        }
        #expect(throws: SequenceDataError.columnIndexOutOfRange(file: "t.csv", index: 3, count: 3)) {
            try series(csv, target: 3)
        }
    }

    @Test func nonNumericAndNonFiniteCells() throws {
        #expect(throws: SequenceDataError.nonNumeric(file: "t.csv", line: 3, column: "v", text: "12a")) {
            try series("d,v\n1,1\n2,12a\n")
        }
        for bad in ["0x64", "0x1p3", "1e", "1.2.3", "--1", "e5", ".", "nan(0x5)"] {
            #expect(throws: SequenceDataError.nonNumeric(file: "t.csv", line: 2, column: "v", text: bad)) {
                try series("d,v\n1,\(bad)\n")
            }
        }
        #expect(try series("d,v\n1,12\n2,-1.5\n3,.5\n4,3.\n5,+2e3\n6,1E-2\n").column(0) == [12, -1.5, 0.5, 3, 2000, 0.01])
        for bad in ["nan", "NaN", "inf", "-infinity", "+Inf", String(repeating: "9", count: 400)] {
            #expect(throws: SequenceDataError.nonFinite(file: "t.csv", line: 2, column: "v", text: bad)) {
                try series("d,v\n1,\(bad)\n2,1\n")  // a value after it: at the end, 'nan' is a trailing gap (aGapAtTheEndIsRefused)
            }
        }
    }

    @Test func errorsQuoteAtMostFortyCharactersOfACell() throws {
        let long = String(repeating: "7", count: 100_000) + "x"
        #expect {
            try series("d,v\n1,\(long)\n")
        } throws: { error in
            "\(error)" == "t.csv:2: column 'v': '\(String(repeating: "7", count: 40))…' is not a number"
        }
        #expect("\(SequenceDataError.nonNumeric(file: "t.csv", line: 2, column: "v", text: "abc"))".contains("'abc' is not a number"))
    }

    /// A quoted cell holding a line break, a carriage return or an escape sequence is quoted with them escaped, so the
    /// message stays one line and cannot drive a terminal.
    @Test func errorsQuoteACellsControlCharactersEscaped() throws {
        for (cell, shown) in [("1\r\n2", #"'1\r\n2'"#), ("1\n2", #"'1\n2'"#), ("1\r2", #"'1\r2'"#),
                              ("1\u{1B}[2J\u{07}x", #"'1\u{1B}[2J\u{07}x'"#), ("1\u{2028}2", #"'1\u{2028}2'"#)] {
            #expect {
                try series("d,v\n1,\"\(cell)\"\n2,3\n")
            } throws: { error in
                "\(error)" == "t.csv:2: column 'v': \(shown) is not a number"
            }
        }
        #expect(throws: SequenceDataError.mixedDateFormats(file: "t.csv", line: 4, text: "2000-02", first: "2000-01\r\n")) {
            try series("d,v\n\"2000-01\r\n\",1\n2000-02,3\n")
        }
        #expect("\(SequenceDataError.mixedDateFormats(file: "t.csv", line: 3, text: "2000-02", first: "2000-01\r\n"))"
            .contains(#"first date '2000-01\r\n';"#))
    }

    @Test func missingValuesErrorOrInterpolate() throws {
        let gappy = "d,v,w\n1,,5\n2,2,\n3,,7\n4,,\n5,8,9\n6,8,9\n"
        #expect(throws: SequenceDataError.missingValue(file: "t.csv", line: 2, column: "v")) { try series(gappy) }
        let s = try series(gappy, features: [2], missing: .interpolate)
        #expect(s.column(0) == [2, 2, 4, 6, 8, 8])  // the start takes the first value
        #expect(s.column(1) == [5, 6, 7, 8, 9, 9])
        #expect(throws: SequenceDataError.noValues(file: "t.csv", column: "v")) {
            try series("d,v\n1,\n2,NaN\n", missing: .interpolate)
        }
    }

    /// Gaps of several rows at the start and in the middle (two in a row): each row of a leading gap takes the first
    /// value, and inside the line between its neighbours (2 + 6 · 1/3, 2 + 6 · 2/3).
    @Test func gapsOfSeveralRowsAtTheStartTakeTheFirstValue() throws {
        let s = try series("d,v\n1,\n2,NaN\n3,\n4,2\n5,\n6,\n7,8\n", missing: .interpolate)
        #expect(s.column(0) == [2, 2, 2, 2, 4, 6, 8])
    }

    /// A gap at the end (a template with rows for the dates to forecast) is refused, naming its first line and length,
    /// rather than filled with copies of the last value, which would move the start of a forecast.
    @Test func aGapAtTheEndIsRefused() throws {
        let error = SequenceDataError.trailingGap(file: "t.csv", line: 5, column: "v", count: 2)
        #expect(throws: error) { try series("d,v\n1,1\n2,\n3,8\n4,NA\n5,\n", missing: .interpolate) }
        #expect("\(error)" == "t.csv:5: column 'v': the last 2 cells by date, on the 2 rows from this line, are empty, after its last value: "
                + "interpolation fills gaps between values only; remove those rows (a forecast starts after the last value)")
        #expect(throws: SequenceDataError.trailingGap(file: "t.csv", line: 3, column: "w", count: 1)) {
            try series("d,v,w\n1,1,1\n2,2,\n", features: [2], missing: .interpolate)
        }
        // Without interpolation too: the empty cell's advice was to interpolate, which then refused it as above.
        #expect(throws: SequenceDataError.trailingGap(file: "t.csv", line: 4, column: "v", count: 2)) { try series("d,v\n1,1\n2,3\n3,\n4,\n") }
        #expect(throws: SequenceDataError.missingValue(file: "t.csv", line: 3, column: "v")) { try series("d,v\n1,1\n2,\n3,4\n") }
        #expect(throws: SequenceDataError.noValues(file: "t.csv", column: "v")) { try series("d,v\n1,\n2,\n") }
        // Markers too, which would be told to interpolate as well ('NaN' is not finite, 'NA' is not a number).
        for tail in ["\nNaN", "NaN\n", "NA\n ", "inf\nnull"] {
            let cells = tail.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(throws: SequenceDataError.trailingGap(file: "t.csv", line: 4, column: "v", count: 2), "\(tail)") {
                try series("d,v\n1,1\n2,3\n3,\(cells[0])\n4,\(cells[1])\n")
            }
        }
    }

    @Test func interpolationReadsMarkersFromParsedCells() throws {
        // Commas inside quoted cells stay inside their cell; only the target's cells are read.
        let s = try series("d,v,note\n1,1,\"checked, NA\"\n2,NA,\"a,b\"\n3, nan ,NA\n4,4,\"x\"\n", missing: .interpolate)
        #expect(s.column(0) == [1, 2, 3, 4])
        #expect(throws: SequenceDataError.nonNumeric(file: "t.csv", line: 3, column: "v", text: "NA")) {
            try series("d,v\n1,1\n2,NA\n3,2\n")
        }
    }

    @Test func datesHaveOneFormAndIncrease() throws {
        #expect(throws: SequenceDataError.unorderedDates(file: "t.csv", line: 3, text: "2001-02", previous: "2001-03")) {
            try series("d,v\n2001-03,1\n2001-02,2\n")
        }
        #expect(throws: SequenceDataError.unorderedDates(file: "t.csv", line: 4, text: "2001-02-01", previous: "2001-02-01")) {
            try series("d,v\n2001-01-01,1\n2001-02-01,2\n2001-02-01,3\n")
        }
        for (dates, line, text) in [(["2001-01", "2001-02-01"], 3, "2001-02-01"), (["2001", "2002", "2003-01"], 4, "2003-01"),
                                    (["2001-01", "07/02/2001"], 3, "07/02/2001"), (["07/01/2001", "2001-02"], 3, "2001-02"),
                                    (["01.02.2001", "2001-02-02"], 3, "2001-02-02"), (["2001-02-01", "02.02.2001"], 3, "02.02.2001")] {
            let csv = "d,v\n" + dates.map { "\($0),1\n" }.joined()
            #expect(throws: SequenceDataError.mixedDateFormats(file: "t.csv", line: line, text: text, first: dates[0])) { try series(csv) }
        }
        // A date in a known form that names no day of the calendar is not a valid date, wherever it is.
        for (dates, line, text) in [(["2019-02-28", "2019-02-29"], 3, "2019-02-29"), (["1955-13", "1956-01"], 2, "1955-13"),
                                    (["2001-01", "2001-00"], 3, "2001-00"), (["2020-04-31", "x"], 2, "2020-04-31")] {
            let csv = "d,v\n" + dates.map { "\($0),1\n" }.joined()
            #expect(throws: SequenceDataError.invalidDate(file: "t.csv", line: line, text: text)) { try series(csv) }
        }
        // Dates in no known form are labels: kept, in any order, with no frequency.
        let labels = try series("d,v\nb,1\na,2\n")
        #expect(labels.dates == ["b", "a"] && labels.frequency == nil)
    }

    @Test func shippedSeriesLoadWithTheirFrequencies() throws {
        let folder = corporaFolder.appendingPathComponent("timeseries")
        let expected: [(String, Int, Frequency, Int)] = [
            ("sunspots_yearly.csv", 309, .years(1), 1),
            ("co2_monthly.csv", 526, .months(1), 12),
            ("air_passengers_monthly.csv", 144, .months(1), 12),
        ]
        for (name, count, frequency, season) in expected {
            let s = try TimeSeries(csvAt: folder.appendingPathComponent(name).path, target: 1, date: "date")
            #expect(s.count == count)
            #expect(s.frequency == frequency)
            #expect(s.seasonLength == season)
        }
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesThreeForms() {
        #expect(CalendarDate("1999")?.text == "1999")
        #expect(CalendarDate("1999-07")?.month == 7)
        #expect(CalendarDate("2000-02-29")?.day == 29)
        for bad in ["99", "1999-13", "1999-02-29", "1999-7", "1999/07", "", "abcd"] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        // Impossible dates have the form of a date; other texts do not.
        #expect(["1999-13", "1999-02-29", "2000-00-10"].allSatisfy(CalendarDate.hasDateForm))
        #expect(!["99", "1999-7", "1999/07", "", "abcd", "2020-W01", "1979-Q4", "19999", "1999-", "-1999", "1999--07", "1999-07-",
                  "1999-07-01-02", "1999-7-01", "1999-07-1", " 1999", "1999-07 ", "\u{0661}\u{0669}\u{0669}\u{0669}"].contains(where: CalendarDate.hasDateForm))
    }

    /// `DD.MM.YYYY`, day first with dots (as German dates are written), is a day; it is written back, and advanced, in that form.
    @Test func parsesDayFirstDatesWithDots() {
        let leap = CalendarDate("29.02.2000")
        #expect(leap?.year == 2000 && leap?.month == 2 && leap?.day == 29 && leap?.precision == .day && leap?.notation == .dayMonthYear)
        #expect(leap?.text == "29.02.2000" && leap?.dayNumber == CalendarDate("2000-02-29")?.dayNumber)
        #expect(CalendarDate("31.12.1999 06:00")?.text == "31.12.1999 06:00" && CalendarDate.column(["31.12.1999 00:00:00"]) == [CalendarDate("31.12.1999")])
        #expect(CalendarDate("31.01.2020")!.advanced(by: 1, .days(1)).text == "01.02.2020")
        #expect(CalendarDate("31.01.2020")!.advanced(by: 1, .months(1)).text == "29.02.2020")
        #expect(!CalendarDate("01.02.2020")!.hasForm(of: CalendarDate("2020-02-01")!))
        // Impossible days have the form; other texts with dots do not (day first always: 12.31.2020 names month 31).
        for impossible in ["31.02.2020", "12.31.2020", "00.01.2020"] {
            #expect(CalendarDate(impossible) == nil && CalendarDate.hasDateForm(impossible), "\(impossible)")
        }
        #expect(!["1.1.2020", "01.1.2020", "01.01.20", "01.01.20200", "2020.01.01", "01-01-2020", "01.01.2020.", "01,01,2020", "01.01"]
            .contains(where: CalendarDate.hasDateForm))
        #expect(Frequency.infer(from: ["30.12.2019", "31.12.2019", "01.01.2020"]) == .days(1))
        #expect(Frequency.infer(from: ["31.01.2020", "29.02.2020", "31.03.2020"]) == .months(1))
    }

    @Test func infersFrequencyAndSeason() {
        let cases: [([String], Frequency?, Int)] = [
            (["1700", "1701", "1702"], .years(1), 1),
            (["2001-01", "2001-04", "2001-07"], .months(3), 4),
            (["2001-11", "2001-12", "2002-01"], .months(1), 12),
            (["1958-03-01", "1958-04-01", "1958-05-01"], .months(1), 12),
            (["2020-02-28", "2020-02-29", "2020-03-01"], .days(1), 7),
            (["2020-01-01", "2020-01-08", "2020-01-15"], .days(7), 52),
            (["1950-01-31", "1950-02-28", "1950-03-31", "1950-04-30"], .months(1), 12),
            (["1951-12-31", "1952-03-31", "1952-06-30", "1952-09-30"], .months(3), 4),
            (["1950-02-28", "1951-02-28", "1952-02-29"], .years(1), 1),
        ]
        for (dates, frequency, season) in cases {
            #expect(Frequency.infer(from: dates) == frequency, "\(dates)")
            #expect(frequency?.seasonLength == season)
        }
        #expect(Frequency.infer(from: ["2001", "2002", "2004"]) == nil)
        #expect(Frequency.infer(from: ["2001", "2002-01"]) == nil)
        // Days in both notations are mixed forms too, whose steps would be written in the last one's.
        #expect(Frequency.infer(from: ["31.12.2019", "2020-01-01", "2020-01-02"]) == nil)
        #expect(DateSteps(["2020-01-01", "02.01.2020"].compactMap(CalendarDate.init)) == nil)
        #expect(Frequency.infer(from: ["x", "y"]) == nil)
    }

    /// A prefix reads as its rows would alone: a filled gap at its end takes the value before it, not the values
    /// interpolated towards a later one; gaps inside it keep their fill.
    @Test func prefixTakesNothingFromLaterRows() throws {
        let s = try TimeSeries(csv: Data("v\n1\n\n\n\n9\n11\n".utf8), file: "p.csv", target: 0, missing: .interpolate)
        #expect(s.column(0) == [1, 3, 5, 7, 9, 11] && s.filledRows == [[1, 2, 3]])
        #expect(s.prefix(4).column(0) == [1, 1, 1, 1] && s.prefix(4).filledRows == [[1, 2, 3]])
        #expect(s.prefix(2).column(0) == [1, 1] && s.prefix(1).filledRows == [[]])
        #expect(s.prefix(5).column(0) == [1, 3, 5, 7, 9])
        #expect(try TimeSeries(values: [1, 2], columns: ["v"]).filledRows == [[]])
    }

    @Test func generatesNextDates() throws {
        let s = try TimeSeries(values: [1, 2], columns: ["v"], dates: ["2020-02-28", "2020-02-29"])
        #expect(s.nextDates(2) == ["2020-03-01", "2020-03-02"])
        let m = try TimeSeries(values: [1, 2], columns: ["v"], dates: ["1960-11", "1960-12"])
        #expect(m.nextDates(3) == ["1961-01", "1961-02", "1961-03"])
        let ends = try TimeSeries(values: [1, 2], columns: ["v"], dates: ["2019-12-31", "2020-01-31"])
        #expect(ends.nextDates(1) == ["2020-02-29"])  // clamped to the month's end
        #expect(try TimeSeries(values: [1, 2], columns: ["v"], dates: ["a", "b"]).nextDates(2) == nil)
        // Month ends stay month ends, also after February.
        let monthEnds = try TimeSeries(values: [1, 2], columns: ["v"], dates: ["2019-01-31", "2019-02-28"])
        #expect(monthEnds.nextDates(3) == ["2019-03-31", "2019-04-30", "2019-05-31"])
    }

    /// Values in memory are checked as a file's cells are: a NaN used to trap, unordered dates were taken.
    @Test func valuesInMemoryAreChecked() throws {
        #expect(throws: SequenceDataError.nonFinite(file: "<values>", line: 2, column: "y", text: "nan")) {
            try TimeSeries(values: [1, 2, .nan, 4, 5, 6], columns: ["y", "x"])
        }
        #expect(throws: SequenceDataError.unorderedDates(file: "<values>", line: 3, text: "2020-01", previous: "2020-02")) {
            try TimeSeries(values: [1, 2, 3], columns: ["v"], dates: ["2019-12", "2020-02", "2020-01"])
        }
        #expect(throws: SequenceDataError.mixedDateFormats(file: "<values>", line: 2, text: "2020-01-01", first: "2019-12")) {
            try TimeSeries(values: [1, 2], columns: ["v"], dates: ["2019-12", "2020-01-01"])
        }
        #expect(throws: SequenceDataError.invalidDate(file: "<values>", line: 1, text: "2019-13")) {
            try TimeSeries(values: [1, 2], columns: ["v"], dates: ["2019-13", "2020-01"])
        }
        #expect(throws: SequenceDataError.invalidArgument(name: "season length", value: 0, expected: "at least 1")) {
            try TimeSeries(values: [1, 2], columns: ["v"], seasonLength: 0)
        }
        #expect(try TimeSeries(values: [1, 2], columns: ["v"], dates: ["b", "a"]).frequency == nil)  // labels
    }

    @Test func dayNumbersRoundTrip() {
        #expect(CalendarDate("1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate("2000-03-01")!.dayNumber == 11_017)
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: n, precision: .day).dayNumber == n)
        }
    }

    /// Business days count Monday to Friday; a weekend day counts as the Friday before it, as in pandas' `BDay`.
    @Test func businessDayNumbersRoundTripOverWeekdays() {
        #expect(CalendarDate("1970-01-01")!.weekday == 3 && CalendarDate("2024-01-06")!.weekday == 5)
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            let date = CalendarDate(businessDayNumber: n, precision: .day)
            #expect(date.weekday < 5 && date.businessDayNumber == n)
        }
        let friday = CalendarDate("2024-01-05")!, saturday = CalendarDate("2024-01-06")!
        #expect(friday.advanced(by: 1, .businessDays(1)).text == "2024-01-08")
        #expect(saturday.advanced(by: 1, .businessDays(1)).text == "2024-01-08")
        #expect(CalendarDate("2024-01-08")!.advanced(by: -1, .businessDays(1)).text == "2024-01-05")
        #expect(Frequency.businessDays(1).spacing == "1 business day" && Frequency.businessDays(1).seasonLength == 5)
    }
}
