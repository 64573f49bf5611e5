import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Hourly and finer series: timestamps read in their forms and continued in them, or an error naming the problem.
@Suite("forecast series timestamps")
struct SeriesTimestampsTests {
    /// Hourly values in each form a timestamp is written in are hourly: season 24 and evaluate's horizon 48 (M4's), and the
    /// forecast's dates continue across midnight in the file's form.
    @Test func hourlyTimestampsInEachForm() throws {
        let dir = try TemporaryDirectory()
        let cases = [("2020-01-01 00:00:00", "2020-01-03 00:00:00"), ("2020-01-01 00:00", "2020-01-03 00:00"), ("2020-01-01T00:00:00", "2020-01-03T00:00:00"),
                     ("2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z"), ("2020-01-01T00:00+00:00", "2020-01-03T00:00+00:00"),
                     ("2020-01-01T00:00+01:00", "2020-01-03T00:00+01:00"), ("01.01.2020 00:00", "03.01.2020 00:00")]
        for (start, next) in cases {
            let rows = timestamps(from: start, 48).enumerated().map { "\($1),\(100 + $0 % 24)" }
            let path = try dir.write((["timestamp,load"] + rows).joined(separator: "\n").utf8, to: "hourly.csv")
            let series = try SeriesLoader(file: path).load()
            #expect(series.frequency == .seconds(3600) && series.seasonLength == 24 && series.nextDates(1) == [next], "\(start)")
            #expect(Evaluation.defaultHorizon(series.frequency) == 48)
        }
        // Found by its cells under another name, in a German spreadsheet's file; newest first too.
        let rows = timestamps(from: "30.12.2019 22:00", 30).enumerated().map { "\($1);\(100 + $0),5" }
        let path = try dir.write((["Zeit;Last"] + rows.reversed()).joined(separator: "\n").utf8, to: "last.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["Last"] && series.dates?.first == "30.12.2019 22:00" && series.column(0).first == 100.5 && series.nextDates(1) == ["01.01.2020 04:00"])
    }

    /// Spacings of 15 minutes or more that divide a day have a day's steps as their season and evaluate's horizon is two
    /// days' steps, as hourly's 48; finer spacings have an hour's steps (from a minute) or a minute's as their season and
    /// horizon, where they divide it (two days of 10-minute steps would be 288, of 1-minute steps 2880).
    @Test func spacingsThatDivideADayHaveADaysStepsAsTheirSeason() throws {
        let dir = try TemporaryDirectory()
        for (seconds, season, spacing, horizon) in [(600, 6, "10 minutes", 6), (900, 96, "15 minutes", 192), (1800, 48, "30 minutes", 96),
                                                    (21_600, 4, "6 hours", 8), (25_200, 1, "7 hours", nil), (60, 60, "1 minute", 60),
                                                    (300, 12, "5 minutes", 12), (420, 1, "7 minutes", nil), (10, 6, "10 seconds", 6),
                                                    (1, 60, "1 second", 60), (7, 1, "7 seconds", nil)] {
            let path = try datedCSV(timestamps(from: "2020-01-01T23:00:00Z", every: seconds, 20), in: dir)
            let series = try SeriesLoader(file: path).load()
            #expect(series.frequency == .seconds(seconds) && series.seasonLength == season && series.frequency?.spacing == spacing)
            #expect(series.nextDates(1) == timestamps(from: "2020-01-01T23:00:00Z", every: seconds, 21).suffix(1))
            #expect(Evaluation.defaultHorizon(series.frequency) == horizon, "\(spacing)")
        }
    }

    /// A skipped hour is a gap as a skipped day is: refused unless filling, and filled at its time.
    @Test func aSkippedHourIsAGap() throws {
        let dir = try TemporaryDirectory()
        var dates = timestamps(from: "2020-01-01 20:00:00", 40)
        dates.remove(at: 5)  // 2020-01-02 01:00:00
        let path = try datedCSV(dates, in: dir)
        #expect(throws: ForecastError.dateGap(file: path, after: "2020-01-02 00:00:00", next: "2020-01-02 02:00:00", spacing: "1 hour")) {
            try SeriesLoader(file: path).load()
        }
        let filled = try SeriesLoader(file: path, fill: .interpolate).load()
        #expect(filled.count == 40 && filled.frequency == .seconds(3600) && filled.dates?[5] == "2020-01-02 01:00:00" && filled.column(0)[5] == 104.5)
        // A series that turns from daily to hourly skips hours.
        let turning = try datedCSV(["2020-01-01 00:00", "2020-01-02 00:00", "2020-01-02 01:00", "2020-01-02 02:00"], in: dir)
        #expect(throws: ForecastError.dateGap(file: turning, after: "2020-01-01 00:00", next: "2020-01-02 00:00", spacing: "1 hour")) {
            try SeriesLoader(file: turning).load()
        }
    }

    /// Days mixed with timestamps, times in two forms, a repeated time (local time where daylight saving time ends) and an offset that
    /// changes (where it starts) are refused, naming the line.
    @Test func mixedFormsRepeatedTimesAndChangingOffsetsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let mixed = try datedCSV(["2020-01-01", "2020-01-01 01:00:00", "2020-01-01 02:00:00"], in: dir)
        #expect(throws: SequenceDataError.mixedDateFormats(file: mixed, line: 3, text: "2020-01-01 01:00:00", first: "2020-01-01")) {
            try SeriesLoader(file: mixed).load()
        }
        let forms = try datedCSV(["2020-01-01 00:00", "2020-01-01 01:00:00"], in: dir)
        #expect(throws: SequenceDataError.mixedDateFormats(file: forms, line: 3, text: "2020-01-01 01:00:00", first: "2020-01-01 00:00")) {
            try SeriesLoader(file: forms).load()
        }
        let repeated = try datedCSV(["2020-10-25 01:00", "2020-10-25 02:00", "2020-10-25 02:00", "2020-10-25 03:00"], in: dir)
        #expect(throws: SequenceDataError.unorderedDates(file: repeated, line: 4, text: "2020-10-25 02:00", previous: "2020-10-25 02:00")) {
            try SeriesLoader(file: repeated).load()
        }
        #expect("\(SequenceDataError.unorderedDates(file: "h.csv", line: 4, text: "2020-10-25 02:00", previous: "2020-10-25 02:00"))" == "h.csv:4: date "
                + "'2020-10-25 02:00' repeats the previous date; the dates must be strictly increasing (if the times are local, daylight saving time repeats "
                + "an hour where it ends: write them in UTC)")
        #expect(!"\(SequenceDataError.unorderedDates(file: "d.csv", line: 4, text: "2020-10-25", previous: "2020-10-25"))".contains("daylight"))
        let offsets = try datedCSV(["2020-03-29T00:00+01:00", "2020-03-29T01:00+01:00", "2020-03-29T03:00+02:00"], in: dir)
        #expect(throws: SequenceDataError.changingUTCOffset(file: offsets, line: 4, text: "2020-03-29T03:00+02:00", first: "2020-03-29T00:00+01:00")) {
            try SeriesLoader(file: offsets).load()
        }
        #expect("\(SequenceDataError.changingUTCOffset(file: "h.csv", line: 4, text: "2020-03-29T03:00+02:00", first: "2020-03-29T00:00+01:00"))"
                == "h.csv:4: time '2020-03-29T03:00+02:00' has another UTC offset than the first time '2020-03-29T00:00+01:00'; the times must all have "
                + "one offset (local time's changes where daylight saving time starts or ends): write them in UTC")
        // Times that are none, in a date column, are a date form not supported.
        let bad = try datedCSV(["2020-01-01 24:00", "2020-01-02 24:00"], in: dir)
        #expect(throws: SequenceDataError.unsupportedDateForm(file: bad, line: 2, column: "date", text: "2020-01-01 24:00")) { try SeriesLoader(file: bad).load() }
        // After times that are: a date in no form, not one in another form (it looked like the first one's).
        let late = try datedCSV(["2020-01-01 23:00", "2020-01-01 24:00"], in: dir, name: "late.csv")
        let lateForm = SequenceDataError.mixedDateFormats(file: late, line: 3, text: "2020-01-01 24:00", first: "2020-01-01 23:00")
        #expect(throws: lateForm) { try SeriesLoader(file: late).load() }
        #expect(lateForm.description.hasPrefix("\(late):3: date '2020-01-01 24:00' is not a date in a supported form, as the first date '2020-01-01 23:00' is; "))
        #expect(SequenceDataError.mixedDateFormats(file: "d.csv", line: 3, text: "2020-01-01T23:00", first: "2020-01-01 22:00").description
                    .hasPrefix("d.csv:3: date '2020-01-01T23:00' is not in the form of the first date '2020-01-01 22:00'; "))
        // A label first is no date in a supported form to compare with.
        #expect(SequenceDataError.mixedDateFormats(file: "d.csv", line: 3, text: "mid", first: "start").description
                    .hasPrefix("d.csv:3: date 'mid' is not in the form of the first date 'start'; "))
        // So are offsets that are none (they were taken as a form, and a model's forecast written with them).
        let badOffsets = try datedCSV(["2020-01-01T00:00:00+99:99", "2020-01-02T00:00:00+99:99"], in: dir)
        #expect(throws: SequenceDataError.unsupportedDateForm(file: badOffsets, line: 2, column: "date", text: "2020-01-01T00:00:00+99:99")) {
            try SeriesLoader(file: badOffsets).load()
        }
    }
}
