import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// The dates of a forecast series: regular yearly, monthly or daily steps, or an error naming the problem.
@Suite("forecast series dates")
struct SeriesDatesTests {
    @Test func aSecondDateNamedColumnIsNotTheDefaultTarget() throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<30).map { "19\(50 + $0 / 12)-\(String(format: "%02d", $0 % 12 + 1)),\(1950 + $0 / 12),\(100 + $0)" }
        let path = try dir.write((["date,year,value"] + rows).joined(separator: "\n").utf8, to: "two.csv")
        #expect(try SeriesLoader(file: path).load().columns == ["value"])
    }

    /// A file without a header would lose its first row to column names made of values; it is refused instead, saying
    /// what to do when the line is pandas' names of unnamed columns.
    @Test func aFirstLineOfValuesIsNotAHeader() throws {
        let dir = try TemporaryDirectory()
        let values = try dir.write((0..<30).map { "\(100.5 + Double($0))" }.joined(separator: "\n").utf8, to: "values.csv")
        #expect(throws: ForecastError.missingHeader(file: values, header: ["100.5"])) { try SeriesLoader(file: values).load() }
        let dated = try dir.write(dailyDates(30).map { "\($0),7" }.joined(separator: "\n").utf8, to: "dated.csv")
        #expect(throws: ForecastError.missingHeader(file: dated, header: ["2020-01-01", "7"])) { try SeriesLoader(file: dated).load() }
        #expect("\(ForecastError.missingHeader(file: "d.csv", header: ["2020-01-01", "7"]))"
                == "d.csv: the first line, '2020-01-01,7', holds values, not column names; add a header line naming the columns, such as 'date,value'")
        // pandas names unnamed columns 0, 1, …: a header line added above those would make them a row of values.
        let pandas = try dir.write((["0"] + (0..<30).map { "\(100.5 + Double($0))" }).joined(separator: "\n").utf8, to: "series.csv")
        #expect(throws: ForecastError.missingHeader(file: pandas, header: ["0"])) { try SeriesLoader(file: pandas).load() }
        #expect("\(ForecastError.missingHeader(file: "s.csv", header: ["0"]))" == "s.csv: the first line, '0', holds values, not column names; "
                + "add a header line naming the columns, such as 'value' (if pandas wrote the file, '0' is its name of an unnamed column: "
                + "replace that line instead, or write the file with to_csv(path, header=['value']))")
        #expect("\(ForecastError.missingHeader(file: "f.csv", header: ["0", "1"]))".hasSuffix("such as 'date,value' (if pandas wrote the file, "
                + "'0,1' are its names of unnamed columns: replace that line instead, or name the columns before to_csv)"))
    }

    /// pandas' `to_csv` writes the row index first, without a name: the column forecast by default is the first named one.
    @Test func anUnnamedIndexColumnIsNotTheDefaultTarget() throws {
        let dir = try TemporaryDirectory()
        let undated = try dir.write(([",value"] + (0..<30).map { "\($0),\(100 + $0 % 7)" }).joined(separator: "\n").utf8, to: "index.csv")
        #expect(try SeriesLoader(file: undated).load().columns == ["value"])
        let dated = try dir.write(([",date,sales"] + dailyDates(30).enumerated().map { "\($0),\($1),\(100 + $0 % 7)" }).joined(separator: "\n").utf8,
                                  to: "dated.csv")
        let series = try SeriesLoader(file: dated).load()
        #expect(series.columns == ["sales"] && series.frequency == .days(1))
        // Without a named number column, the unnamed one is still refused for its missing name.
        let only = try dir.write(([",note"] + (0..<30).map { "\($0),x" }).joined(separator: "\n").utf8, to: "only.csv")
        #expect(throws: ForecastError.unusableColumnName(file: only, position: 1, name: "")) { try SeriesLoader(file: only).load() }
    }

    /// A column named as an index (`Unnamed: 0` of a pandas round trip, `index`, `id`), a row counter whose numbers count
    /// up by one (`t`, `yr`) and a constant column (a store's number) come after a column that looks like a series.
    @Test(arguments: ["Unnamed: 0", "index", "ID", "t", "yr", "store"])
    func anIndexCounterOrConstantColumnIsNotTheDefaultTarget(name: String) throws {
        let dir = try TemporaryDirectory()
        let first = { (r: Int) in name == "store" ? 7 : name == "yr" ? 1990 + r : name == "index" ? r * 2 : r }  // an index may skip rows
        let rows = dailyDates(30).enumerated().map { "\(first($0)),\($1),\(100 + $0 % 7)" }
        let path = try dir.write((["\(name),date,sales"] + rows).joined(separator: "\n").utf8, to: "indexed.csv")
        #expect(try SeriesLoader(file: path).load().columns == ["sales"])
        // Alone, such a column is still the one forecast.
        let alone = try dir.write((["\(name),date"] + dailyDates(30).enumerated().map { "\(first($0)),\($1)" }).joined(separator: "\n").utf8,
                                  to: "alone.csv")
        #expect(try SeriesLoader(file: alone).load().columns == [name])
    }

    /// Dates under other usual names, or under any name when every cell is a `YYYY-MM` or `YYYY-MM-DD` date, are the dates.
    @Test(arguments: ["week", "Datetime", "DT", "when", "Order Date", "Day"])
    func datesAreFoundUnderOtherNames(name: String) throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<60).map { "\(CalendarDate("2020-01-06")!.advanced(by: 7 * $0, .days(1)).text),\(100 + $0 % 5)" }
        let path = try dir.write((["\(name),sales"] + rows).joined(separator: "\n").utf8, to: "weekly.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["sales"] && series.frequency == .days(7) && series.seasonLength == 52)
        #expect(Evaluation.defaultHorizon(series.frequency) == 13)  // M4's weekly horizon
    }

    /// A file written newest first is read oldest first; dates in no order are still refused.
    @Test func newestFirstIsReadInReverse() throws {
        let dir = try TemporaryDirectory()
        let dates = (0..<30).map { CalendarDate("2001-01")!.advanced(by: $0, .months(1)).text }
        let path = try dir.write((["date,value"] + zip(dates, 0..<30).map { "\($0),\(100 + $1)" }.reversed()).joined(separator: "\n").utf8,
                                 to: "newest.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.dates == dates && series.column(0) == (0..<30).map { Double(100 + $0) } && series.frequency == .months(1))
        // Newest first with a tie or a swapped pair: the error names the row and the order the file is in.
        let mixed = try datedCSV(["2001-04", "2001-03", "2001-01", "2001-02"], in: dir, name: "mixed.csv")
        #expect(throws: ForecastError.unorderedNewestFirst(file: mixed, line: 5, text: "2001-02", previous: "2001-01")) {
            try SeriesLoader(file: mixed).load()
        }
        #expect("\(ForecastError.unorderedNewestFirst(file: "d.csv", line: 52, text: "1956-03", previous: "1956-03"))"
                == "d.csv:52: date '1956-03' repeats the date above it; a file written newest first needs strictly decreasing dates")
    }

    /// Parts of dates beside year and month: a quarter is ignored, days join into daily dates, and a `day` or `week`
    /// index is neither the dates nor the default column to forecast.
    @Test func yearMonthAndOtherParts() throws {
        let dir = try TemporaryDirectory()
        let quarterly = (0..<30).map { "\(1949 + $0 / 12),\($0 % 12 / 3 + 1),\($0 % 12 + 1),\(100 + $0)" }
        let yqm = try dir.write((["year,quarter,month,sales"] + quarterly).joined(separator: "\n").utf8, to: "yqm.csv")
        let monthly = try SeriesLoader(file: yqm).load()
        #expect(monthly.columns == ["sales"] && monthly.frequency == .months(1) && monthly.dates?.first == "1949-01")
        let days = dailyDates(40).map { CalendarDate($0)! }.enumerated().map { "\($1.year),\($1.month),\($1.day),\(100 + $0)" }
        let ymd = try dir.write((["year,month,day,value"] + days).joined(separator: "\n").utf8, to: "ymd.csv")
        let daily = try SeriesLoader(file: ymd).load()
        #expect(daily.columns == ["value"] && daily.frequency == .days(1) && daily.dates?[31] == "2020-02-01")
        let index = try dir.write((["day,sales"] + (0..<30).map { "\($0 + 1),\(100 + $0 % 7)" }).joined(separator: "\n").utf8, to: "day.csv")
        let undated = try SeriesLoader(file: index).load()
        #expect(undated.columns == ["sales"] && undated.dates == nil)
        // Quarters written as dates are a form not supported, not silently dropped.
        let quarters = try dir.write((["quarter,sales"] + (0..<12).map { "\(1979 + $0 / 4)-Q\($0 % 4 + 1),\(100 + $0)" }).joined(separator: "\n").utf8,
                                     to: "q.csv")
        #expect(throws: SequenceDataError.unsupportedDateForm(file: quarters, line: 2, column: "quarter", text: "1979-Q1")) {
            try SeriesLoader(file: quarters).load()
        }
    }

    /// A column of dates in no order (or all the same) is data, not the time axis found by content.
    @Test func unorderedDatesAreNotTheTimeAxis() throws {
        let dir = try TemporaryDirectory()
        let released = ["2013-10-18", "2012-06-20", "2014-01-02", "2011-03-04"]
        let rows = (0..<20).map { "\(100 + $0),\(released[$0 % 4]),2020-01" }
        let path = try dir.write((["passengers,released,cohort"] + rows).joined(separator: "\n").utf8, to: "notaxis.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["passengers"] && series.dates == nil)
    }

    @Test func aColumnOfOtherTextsIsNotTakenForDates() throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<30).map { "\($0 == 3 ? "n/a" : CalendarDate("2001-01")!.advanced(by: $0, .months(1)).text),\(100 + $0)" }
        let path = try dir.write((["label,value"] + rows).joined(separator: "\n").utf8, to: "labels.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["value"] && series.dates == nil && series.seasonLength == 1)
    }

    @Test func separateYearAndMonthColumnsAreMonthlyDates() throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<30).map { "\(1949 + $0 / 12),\($0 % 12 + 1),\(100 + $0)" }
        let path = try dir.write((["year,month,value"] + rows).joined(separator: "\n").utf8, to: "ym.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["value"])
        #expect(series.dates?.prefix(2) == ["1949-01", "1949-02"])
        #expect(series.seasonLength == 12)
    }

    /// Quarters and month names beside a year column are dates too (`2000,1,…` was read as the year alone: "repeats the previous date").
    @Test func yearWithQuarterOrMonthName() throws {
        let dir = try TemporaryDirectory()
        let quarters = (0..<24).map { "\(2000 + $0 / 4),\($0 % 2 == 0 ? "" : "Q")\($0 % 4 + 1),\(100 + $0)" }
        let q = try SeriesLoader(file: try dir.write((["year,quarter,value"] + quarters).joined(separator: "\n").utf8, to: "q.csv")).load()
        #expect(q.columns == ["value"] && q.frequency == .months(3) && q.seasonLength == 4)
        #expect(q.dates?.prefix(3) == ["2000-01", "2000-04", "2000-07"] && q.nextDates(1) == ["2006-01"])
        let names = ["Jan", "feb", "MARCH", "Apr", "May", "Jun", "July", "aug", "Sep", "Oct", "Nov", "December"]
        let months = (0..<30).map { "\(1949 + $0 / 12),\(names[$0 % 12]),\(100 + $0)" }
        let m = try SeriesLoader(file: try dir.write((["year,month,value"] + months).joined(separator: "\n").utf8, to: "m.csv")).load()
        #expect(m.frequency == .months(1) && m.dates?.prefix(3) == ["1949-01", "1949-02", "1949-03"])
        #expect(SeriesLoader.monthNumber("ju") == nil && SeriesLoader.monthNumber("Sept") == nil)
    }

    @Test func aSkippedDayIsAGapLikeASkippedMonth() throws {
        let dir = try TemporaryDirectory()
        var dates = dailyDates(40)
        dates.remove(at: 20)
        let path = try datedCSV(dates, in: dir)
        #expect(throws: ForecastError.dateGap(file: path, after: "2020-01-20", next: "2020-01-22", spacing: "1 day")) { try SeriesLoader(file: path).load() }
        let filled = try SeriesLoader(file: path, fill: .interpolate).load()
        #expect(filled.count == 40 && filled.frequency == .days(1) && filled.seasonLength == 7)
        #expect(filled.dates?[20] == "2020-01-21" && filled.column(0)[20] == 119.5)
        #expect(filled.nextDates(2) == ["2020-02-10", "2020-02-11"])
    }

    /// Daily prices as a finance site gives them: weekdays only, so the dates step in business days (season 5, a
    /// week), and a market holiday is a skipped business day, filled on a weekday; the forecast continues on weekdays.
    @Test func weekdayDatesAreBusinessDays() throws {
        let dir = try TemporaryDirectory()
        var dates = businessDates(40)
        #expect(dates[4] == "2024-01-05" && dates[5] == "2024-01-08")
        dates.remove(at: 10)  // Monday 2024-01-15, a holiday
        let rows = dates.enumerated().map { "\($1),\(90 + $0),\(100 + $0),80,\(100 + $0),\(99 + $0),123456" }
        let path = try dir.write((["Date,Open,High,Low,Close,Adj Close,Volume"] + rows).joined(separator: "\n").utf8, to: "stock.csv")
        #expect(throws: ForecastError.dateGap(file: path, after: "2024-01-12", next: "2024-01-16", spacing: "1 business day")) {
            try SeriesLoader(file: path, column: "Close").load()
        }
        let filled = try SeriesLoader(file: path, column: "Close", fill: .interpolate).load()
        #expect(filled.count == 40 && filled.frequency == .businessDays(1) && filled.seasonLength == 5)
        #expect(filled.dates == businessDates(40) && filled.column(0)[10] == 109.5)
        #expect(filled.nextDates(3) == ["2024-02-26", "2024-02-27", "2024-02-28"] && filled.dates?.last == "2024-02-23")
        #expect(Evaluation.defaultHorizon(filled.frequency) == 10)
        // Weekdays without a weekend between them are days; weekly Mondays stay weekly.
        #expect(Frequency.infer(from: Array(businessDates(5))) == .days(1))
        #expect(Frequency.infer(from: stride(from: 0, to: 40, by: 5).map { businessDates(40)[$0] }) == .days(7))
    }

    @Test func fillingRefusesGapsLongerThanTheData() throws {
        let dir = try TemporaryDirectory()
        // A mistyped year: 2,381,019 days would be made up from 5 values read.
        let typo = try datedCSV(dailyDates(4) + ["8539-01-08"], in: dir, name: "typo.csv")
        #expect(throws: ForecastError.gapsExceedData(file: typo, inserted: 2_381_019, read: 5, after: "2020-01-04", next: "8539-01-08")) {
            try SeriesLoader(file: typo, fill: .interpolate).load()
        }
        // The limit: as many values inserted as read fills, one more is refused (the longest gap named, not the first).
        var dates = dailyDates(12)
        dates.removeSubrange(1...2)   // 2 inserted
        dates.removeSubrange(4...7)   // 4 more: 6 inserted into 6 read
        let even = try datedCSV(dates, in: dir, name: "even.csv")
        #expect(try SeriesLoader(file: even, fill: .interpolate).load().count == 12)
        let over = try datedCSV(Array(dates.dropLast()) + [dailyDates(13).last!], in: dir, name: "over.csv")
        #expect(throws: ForecastError.gapsExceedData(file: over, inserted: 7, read: 6, after: dates[3], next: dates[4])) {
            try SeriesLoader(file: over, fill: .interpolate).load()
        }
    }

    /// Dates a year apart written `YYYY-MM` are yearly, as written `YYYY-MM-DD` (they were 12-monthly: no default horizon).
    @Test func monthDatesAYearApartAreYearly() throws {
        let dir = try TemporaryDirectory()
        let path = try datedCSV((0..<30).map { String(format: "%04d-07", 1900 + $0) }, in: dir)
        let series = try SeriesLoader(file: path).load()
        #expect(series.frequency == .years(1) && series.seasonLength == 1)
        #expect(series.nextDates(2) == ["1930-07", "1931-07"])
        #expect(Evaluation.defaultHorizon(series.frequency) == 11)
        #expect(Frequency.months(24).normalized == .years(2) && Frequency.months(3).normalized == .months(3))
    }

    @Test func monthEndDatesAreMonthly() throws {
        let dir = try TemporaryDirectory()
        let ends = (0..<30).map { CalendarDate("1950-01-31")!.advanced(by: $0, .months(1)) }.map { d in
            (0..<4).map { d.advanced(by: $0, .days(1)) }.last { $0.month == d.month }!.text
        }
        #expect(ends[1] == "1950-02-28" && ends[2] == "1950-03-31")
        let series = try SeriesLoader(file: try datedCSV(ends, in: dir)).load()
        #expect(series.frequency == .months(1) && series.seasonLength == 12)
        #expect(series.nextDates(2) == ["1952-07-31", "1952-08-31"])
        // A skipped month end is a gap, filled with a month end.
        let gappy = try datedCSV(Array(ends[..<5] + ends[6...]), in: dir, name: "gappy.csv")
        #expect(throws: ForecastError.dateGap(file: gappy, after: "1950-05-31", next: "1950-07-31", spacing: "1 month")) { try SeriesLoader(file: gappy).load() }
        #expect(try SeriesLoader(file: gappy, fill: .interpolate).load().dates == ends)
    }

    /// A market's month-end closes fall on the month's last weekday, or the day before when that is a holiday
    /// (Thursday 2024-03-28 before Good Friday): monthly, continued on last weekdays. Used to be refused as "not a
    /// whole number of steps of 28 days".
    @Test func lastTradingDaysAreMonthly() throws {
        let dir = try TemporaryDirectory()
        let closes = ["2023-11-30", "2023-12-29", "2024-01-31", "2024-02-29", "2024-03-28", "2024-04-30", "2024-05-31"]
        let series = try SeriesLoader(file: try datedCSV(closes, in: dir)).load()
        #expect(series.frequency == .months(1) && series.seasonLength == 12)
        #expect(series.nextDates(4) == ["2024-06-28", "2024-07-31", "2024-08-30", "2024-09-30"])
        // A skipped month is a gap, filled on the month's last weekday.
        let gappy = try datedCSV(closes.filter { $0 != "2024-01-31" }, in: dir, name: "gappy.csv")
        #expect(throws: ForecastError.dateGap(file: gappy, after: "2023-12-29", next: "2024-02-29", spacing: "1 month")) { try SeriesLoader(file: gappy).load() }
        #expect(try SeriesLoader(file: gappy, fill: .interpolate).load().dates?[2] == "2024-01-31")
        // First trading days (Tuesday 2024-01-02 after New Year's Day) continue on first weekdays, at their time of day.
        let opens = ["2023-12-01 09:30", "2024-01-02 09:30", "2024-02-01 09:30", "2024-03-01 09:30", "2024-04-01 09:30"]
        let first = try SeriesLoader(file: try datedCSV(opens, in: dir, name: "opens.csv")).load()
        #expect(first.frequency == .months(1))
        #expect(first.nextDates(3) == ["2024-05-01 09:30", "2024-06-03 09:30", "2024-07-01 09:30"])
    }

    /// Only weekdays one a month in the first or last week count as monthly: a Saturday in the last week, two dates in
    /// one month, or a date in the middle of its month leaves the days uneven, as before.
    @Test func weekdaysOfMonthsNeedOneAMonthAtAnEnd() {
        #expect(Frequency.infer(from: ["2024-01-31", "2024-02-29", "2024-03-30"]) == nil)  // Saturday
        #expect(Frequency.infer(from: ["2024-01-31", "2024-02-15", "2024-02-29"]) == nil)
        #expect(Frequency.infer(from: ["2024-01-31", "2024-02-29", "2024-03-20"]) == nil)
        #expect(Frequency.infer(from: ["2024-01-02", "2024-02-29", "2024-04-01"]) == nil)  // first and last weeks mixed
        #expect(Frequency.infer(from: ["2024-01-29", "2024-02-05", "2024-02-12"]) == .days(7))  // weekly Mondays
        // Evenly spaced in days, though one a month in a first or last week: 4-weekly, as before.
        #expect(Frequency.infer(from: ["2024-01-05", "2024-02-02", "2024-03-01"]) == .days(28))
        #expect(Frequency.infer(from: ["2024-01-29", "2024-02-26", "2024-03-25"]) == .days(28))
    }

    /// An empty cell beside a skipped date is filled with it, linearly in time: 100, empty, (skipped), 400 gave 250 and
    /// 325, the cell filled by its row first.
    @Test func emptyCellsBesideSkippedDatesFillLinearlyInTime() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("date,value\n2015-06,0\n2015-07,50\n2015-08,100\n2015-09,\n2015-11,400\n2015-12,500\n".utf8, to: "g.csv")
        let series = try SeriesLoader(file: path, fill: .interpolate).load()
        #expect(zip(series.column(0), [0, 50, 100, 200, 300, 400, 500.0]).allSatisfy { Swift.abs($0 - $1) < 1e-9 }, "\(series.column(0))")
        #expect(series.filledRows == [[3, 4]])
    }

    /// A file written newest first whose top rows are empty (the dates to forecast, above the data) names the gap's
    /// first line, 2, where the message named its lowest, 3, and said "from this line on".
    @Test func aTrailingGapInANewestFirstFileNamesItsFirstLine() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("date,value\n2020-06,\n2020-05,\n2020-04,4\n2020-03,3\n2020-02,2\n".utf8, to: "n.csv")
        for fill in [MissingValues.error, .interpolate] {
            #expect(throws: SequenceDataError.trailingGap(file: path, line: 2, column: "value", count: 2), "\(fill)") {
                try SeriesLoader(file: path, fill: fill).load()
            }
        }
    }

    @Test func datesInUnsupportedFormsAreRefused() throws {
        let dir = try TemporaryDirectory()
        for (first, second) in [("12/01/1961", "01/01/1962"), ("61-12", "62-01"), ("2020-W01", "2020-W02"), ("1979-Q4", "1980-Q1")] {
            let path = try datedCSV([first, second], in: dir)
            #expect(throws: SequenceDataError.unsupportedDateForm(file: path, line: 2, column: "date", text: first)) {
                try SeriesLoader(file: path).load()
            }
        }
        let error = SequenceDataError.unsupportedDateForm(file: "s.csv", line: 2, column: "date", text: "1979-Q4")
        #expect("\(error)" == "s.csv:2: column 'date': '1979-Q4' is not a date in a supported form; dates must be YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY, "
                + "a day with an optional time HH:MM, HH:MM:SS or HH:MM:SS.fff after a space or T, one form for the whole column")
        // A date column of texts without digits is kept as labels.
        let labels = try SeriesLoader(file: try datedCSV(["a", "b", "c"], in: dir)).load()
        #expect(labels.dates == ["a", "b", "c"] && labels.frequency == nil)
    }

    /// Daily dates written as timestamps at midnight, as databases and spreadsheets write them, are days (found by content
    /// too), whatever their offset, and written back without the time; timestamps at other times are hourly or finer
    /// (``SeriesTimestampsTests``).
    @Test func timestampsAtMidnightAreDays() throws {
        let dir = try TemporaryDirectory()
        for suffix in [" 00:00:00", "T00:00:00Z", "T00:00", " 00:00:00.000", "T00:00:00+01:00"] {
            let rows = dailyDates(30).enumerated().map { "\($1)\(suffix),\(100 + $0 % 7)" }
            let path = try dir.write((["when,value"] + rows).joined(separator: "\n").utf8, to: "midnight.csv")
            let series = try SeriesLoader(file: path).load()
            #expect(series.frequency == .days(1) && series.seasonLength == 7 && series.nextDates(1) == ["2020-01-31"], "\(suffix)")
        }
        // Days with and without a time of midnight are one form, as before timestamps were read.
        let path = try datedCSV(["2020-01-01", "2020-01-02 00:00:00", "2020-01-03T00:00+02:00"], in: dir)
        #expect(try SeriesLoader(file: path).load().nextDates(1) == ["2020-01-04"])
        #expect(CalendarDate("2020-02-30 00:00:00") == nil && CalendarDate("2020-01 00:00") == nil && CalendarDate("2020-01-01 24:00") == nil)
    }

    /// German dates, day first with dots, in a file a German spreadsheet writes (semicolons, decimal commas, a column
    /// name that is not a usual date name): the dates are found by their cells, daily, and gaps are filled and the
    /// forecast's dates written in their form.
    @Test func dayFirstDatesWithDotsAreDates() throws {
        let dir = try TemporaryDirectory()
        var dates = (0..<40).map { CalendarDate("20.12.2019")!.advanced(by: $0, .days(1)).text }
        #expect(dates[12] == "01.01.2020")
        let rows = dates.enumerated().map { "\($1);\(100 + $0 % 7),5" }
        let path = try dir.write((["Datum;Umsatz"] + rows).joined(separator: "\n").utf8, to: "umsatz.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["Umsatz"] && series.frequency == .days(1) && series.seasonLength == 7 && series.column(0)[0] == 100.5)
        #expect(series.nextDates(2) == ["29.01.2020", "30.01.2020"] && Evaluation.defaultHorizon(series.frequency) == 14)
        dates.remove(at: 12)
        let gappy = try datedCSV(dates, in: dir, name: "gappy.csv")
        #expect(throws: ForecastError.dateGap(file: gappy, after: "31.12.2019", next: "02.01.2020", spacing: "1 day")) { try SeriesLoader(file: gappy).load() }
        #expect(try SeriesLoader(file: gappy, fill: .interpolate).load().dates?[12] == "01.01.2020")
        // Newest first, as a bank statement lists them.
        let newest = try datedCSV(dates.reversed(), in: dir, name: "newest.csv")
        #expect(try SeriesLoader(file: newest, fill: .interpolate).load().dates?.first == "20.12.2019")
    }

    @Test func anImpossibleDateIsNotAValidDate() throws {
        let dir = try TemporaryDirectory()
        let path = try datedCSV(["2019-02-27", "2019-02-28", "2019-02-29"], in: dir)
        #expect(throws: SequenceDataError.invalidDate(file: path, line: 4, text: "2019-02-29")) { try SeriesLoader(file: path).load() }
        #expect("\(SequenceDataError.invalidDate(file: "s.csv", line: 4, text: "1955-13"))".hasPrefix("s.csv:4: date '1955-13' is not a valid date"))
    }

    /// A `Datum` (German, Dutch, Swedish) or `Fecha` (Spanish) column is the dates, as a `date` one is: an impossible
    /// date in it is refused, where the column was read as labels and the series as undated steps.
    @Test func aDatumColumnIsTheDates() throws {
        let dir = try TemporaryDirectory()
        for name in ["Datum", "fecha"] {
            let path = try dir.write("\(name);Wert\n28.02.2020;1,5\n29.02.2020;2\n30.02.2020;3\n".utf8, to: "\(name).csv")
            #expect(throws: SequenceDataError.invalidDate(file: path, line: 4, text: "30.02.2020")) { try SeriesLoader(file: path).load() }
        }
    }

    @Test func unevenStepsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try datedCSV(["2001-01", "2001-03", "2001-05", "2001-08"], in: dir)
        for fill in [MissingValues.error, .interpolate] {
            #expect(throws: ForecastError.irregularDates(file: path, after: "2001-05", next: "2001-08", spacing: "2 months",
                                                         smallestFrom: "2001-01", smallestTo: "2001-03")) {
                try SeriesLoader(file: path, fill: fill).load()
            }
        }
    }

    /// Local midnights written in UTC (JavaScript's `toISOString`) step 23 hours across a daylight-saving change: the
    /// message names that step, the smallest, where the first step it cannot divide is an ordinary day.
    @Test func theSmallestStepIsNamedWithItsDates() throws {
        let dir = try TemporaryDirectory()
        let dates = ["2024-03-29T23:00:00Z", "2024-03-30T23:00:00Z", "2024-03-31T22:00:00Z", "2024-04-01T22:00:00Z"]
        let path = try dir.write((["date,value"] + dates.enumerated().map { "\($1),\($0 + 1)" }).joined(separator: "\n").utf8, to: "utc.csv")
        let error = try #require(throws: ForecastError.self) { try SeriesLoader(file: path).load() }
        #expect("\(error)" == "\(path): the dates jump from 2024-03-29T23:00:00Z to 2024-03-30T23:00:00Z, which is not a whole number of "
                + "steps of 23 hours (the smallest step between the dates, from 2024-03-30T23:00:00Z to 2024-03-31T22:00:00Z); the dates "
                + "must be evenly spaced")
    }
}
