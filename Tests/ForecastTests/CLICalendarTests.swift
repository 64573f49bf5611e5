import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// `--calendar`: calendar features in train and evaluate, and the models predict reads back.
@Suite("forecast --calendar")
struct CLICalendarTests {
    /// A `timestamp,load` CSV of `n` hourly values from 2020-01-01 in `dir`; its path.
    func hourlyCSV(_ n: Int, in dir: TemporaryDirectory) throws -> String {
        let values = (0..<n).map { 100 + 0.05 * Double($0) + 10 * sin(Double($0) * Double.pi / 12) }
        let rows = zip(timestamps(from: "2020-01-01 00:00:00", n), values).map { "\($0),\(String(format: "%.3f", $1))" }
        return try dir.write((["timestamp,load"] + rows).joined(separator: "\n").utf8, to: "hourly.csv")
    }

    /// train records the cycles, predict forecasts from the file's dates, and evaluate takes the flag too.
    @Test func trainPredictAndEvaluate() throws {
        let dir = try TemporaryDirectory()
        let path = try hourlyCSV(120, in: dir), model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--calendar", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("transform log, calendar time-of-day and day-of-week); saved"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model])
        #expect(predicted.status == 0 && predicted.out.split(separator: "\n").count == 4, "\(predicted.out)\(predicted.err)")
        let evaluated = try CLI.run(["evaluate", "--csv", path, "--horizon", "3", "--calendar"] + tiny)
        #expect(evaluated.status == 0 && evaluated.out.contains("rnn"), "\(evaluated.out)\(evaluated.err)")
        // The same values without dates: the model needs them.
        let undated = try dir.write((["load"] + (0..<120).map { "\(100 + $0 % 24)" }).joined(separator: "\n").utf8, to: "undated.csv")
        let refused = try CLI.run(["predict", "--model", model, "--csv", undated])
        #expect(refused.status == 1 && refused.err == "forecast: error: \(undated): column 'load': calendar features (--calendar) need the history's "
                + "dates, and it has none\n", "\(refused.err)")
    }

    /// Over the built-in series, the yearly one, which has no calendar cycles, is skipped with a warning; the others are evaluated.
    @Test func evaluateSkipsTheYearlyBuiltinSeries() throws {
        let r = try CLI.run(["evaluate", "--calendar"] + tiny)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("air_passengers_monthly, column") && r.out.contains("co2_monthly, column") && !r.out.contains("sunspots"), "\(r.out)")
        // The library's refusal, as training the series would throw it.
        #expect(r.err == "forecast: warning: sunspots_yearly: calendar features (--calendar) need a spacing finer than a year (they are places "
                + "in the year, week and day), and the series' dates are 1 year apart; skipped\n", "\(r.err)")
    }

    /// Only a built-in series without calendar cycles of its own (yearly) is skipped: chosen cycles that do not fit a monthly
    /// one are the usage error they are for a CSV, before anything is scored.
    @Test func evaluateRefusesChosenCyclesThatDoNotFitAMonthlyBuiltinSeries() throws {
        let r = try CLI.run(["evaluate", "--calendar-cycles", "day-of-week"] + tiny)
        #expect(r.status == 64 && r.out.isEmpty, "\(r.out)\(r.err)")
        #expect(r.err.hasPrefix("forecast: error: ") && r.err.contains("air_passengers_monthly.csv: the calendar cycle day-of-week (--calendar-cycles) "
                + "does not fit the series: a week is shorter than the step"), "\(r.err)")
    }

    /// --calendar-cycles: train reads the cycles in calendar order whatever order they are given in (the same file), and
    /// predict forecasts from them.
    @Test func chosenCyclesTrainAndPredict() throws {
        let dir = try TemporaryDirectory()
        let path = try hourlyCSV(120, in: dir), model = dir.path("m.safetensors"), reordered = dir.path("r.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--calendar-cycles", "day-of-year,time-of-day,day-of-week", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("calendar time-of-day, day-of-week and day-of-year); saved"), "\(trained.out)\(trained.err)")
        let again = try CLI.run(["train", "--csv", path, "--horizon", "3", "--calendar-cycles", "time-of-day, day-of-week ,day-of-year", "--calendar",
                                 "--out", reordered] + tiny)
        #expect(again.status == 0, "\(again.err)")
        #expect(FileManager.default.contents(atPath: model) == FileManager.default.contents(atPath: reordered))
        let predicted = try CLI.run(["predict", "--model", model])
        #expect(predicted.status == 0 && predicted.out.split(separator: "\n").count == 4, "\(predicted.out)\(predicted.err)")
        let plain = try CLI.run(["predict", "--model", model, "--csv", path])
        #expect(plain.out == predicted.out, "\(plain.err)")
        let evaluated = try CLI.run(["evaluate", "--csv", path, "--horizon", "3", "--calendar-cycles", "day-of-week"] + tiny)
        #expect(evaluated.status == 0 && evaluated.out.contains("rnn"), "\(evaluated.out)\(evaluated.err)")
    }

    /// Unknown, repeated, empty and misfit cycles are usage errors naming the flag and the cycle, before any file is written.
    @Test(arguments: [
        ("hourly", "time-of-day,weekday", "the calendar cycles (--calendar-cycles) must be comma-separated names of time-of-day, day-of-week, "
            + "day-of-year, week-of-year, month-of-year, quarter-of-year, got 'time-of-day,weekday'; 'weekday' is not one"),
        ("hourly", "time-of-day,,day-of-week", "the calendar cycles (--calendar-cycles) must be comma-separated names of time-of-day, day-of-week, "
            + "day-of-year, week-of-year, month-of-year, quarter-of-year, got 'time-of-day,,day-of-week'; item 2 is empty"),
        ("hourly", "day-of-week,day-of-week", "the calendar cycles (--calendar-cycles) must be distinct, got day-of-week,day-of-week; day-of-week is given twice"),
        ("hourly", "", "the calendar cycles (--calendar-cycles) must list at least one cycle, got none; without a list, --calendar reads the cycles of the series' spacing"),
        ("hourly", " ", "the calendar cycles (--calendar-cycles) must list at least one cycle, got none; without a list, --calendar reads the cycles of the series' spacing"),
        ("daily", "day-of-week,time-of-day", "DAILY: the calendar cycle time-of-day (--calendar-cycles) does not fit the series: dates 1 day apart all fall "
            + "at one time of day; the cycles that do are day-of-week, day-of-year, week-of-year, month-of-year and quarter-of-year"),
        ("weekly", "day-of-week", "WEEKLY: the calendar cycle day-of-week (--calendar-cycles) does not fit the series: dates 7 days apart all fall "
            + "on one day of the week; the cycles that do are day-of-year, week-of-year, month-of-year and quarter-of-year"),
        ("monthly", "day-of-week", "MONTHLY: the calendar cycle day-of-week (--calendar-cycles) does not fit the series: a week is shorter than "
            + "the step, so the day of the week of dates 1 month apart only aliases; the cycles that do are day-of-year, week-of-year, month-of-year and quarter-of-year"),
    ])
    func badCyclesAreRefused(spacing: String, cycles: String, message: String) throws {
        let dir = try TemporaryDirectory()
        let files = ["hourly": try hourlyCSV(60, in: dir), "daily": try datedCSV(dailyDates(60), in: dir, name: "daily.csv"),
                     "weekly": try datedCSV((0..<130).map { CalendarDate("2020-01-06")!.advanced(by: 7 * $0, .days(1)).text }, in: dir, name: "weekly.csv"),
                     "monthly": try CLI.monthly(seasonalValues(60), in: dir)]
        let path = try #require(files[spacing])
        let expected = "forecast: error: " + message.replacingOccurrences(of: spacing.uppercased(), with: path) + "\n"
        for command in ["train", "evaluate"] {
            let out = command == "train" ? ["--out", dir.path("m.safetensors")] : ["--horizon", "2"]
            let r = try CLI.run([command, "--csv", path, "--calendar-cycles", cycles] + out + tiny + (command == "train" ? ["--horizon", "2"] : []))
            #expect(r.status == 64 && r.err == expected, "\(command) \(cycles): \(r.err)")
        }
        #expect(try !dir.contents().contains("m.safetensors"))
    }

    /// A series without dates, or with yearly ones, is refused naming the flag, before any training, as a flag that does not
    /// fit the series (a usage error, 64, as a cycle that does not fit); a value for the flag is a usage error too. (A
    /// trained model's calendar features that a series given to predict lacks dates for are the series' problem, 1.)
    @Test func seriesWithoutUsableDatesAndBadInputAreRefused() throws {
        let dir = try TemporaryDirectory()
        let undated = try dir.write((["value"] + (0..<60).map { "\($0 % 7 + 1)" }).joined(separator: "\n").utf8, to: "u.csv")
        let u = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--calendar", "--out", dir.path("u.safetensors")] + tiny)
        #expect(u.status == 64 && u.err == "forecast: error: \(undated): calendar features (--calendar) need the series' dates, and it has none\n", "\(u.err)")
        // Chosen cycles are refused naming the flag that chose them.
        let chosen = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--calendar-cycles", "day-of-week", "--out", dir.path("c.safetensors")] + tiny)
        #expect(chosen.status == 64 && chosen.err == "forecast: error: \(undated): calendar features (--calendar-cycles) need the series' dates, "
                + "and it has none\n", "\(chosen.err)")
        let yearly = try dir.write((["year,value"] + (0..<60).map { "\(1900 + $0),\($0 % 7 + 1)" }).joined(separator: "\n").utf8, to: "y.csv")
        let y = try CLI.run(["evaluate", "--csv", yearly, "--calendar"] + tiny)
        #expect(y.status == 64 && y.err == "forecast: error: \(yearly): calendar features (--calendar) need a spacing finer than a year (they are "
                + "places in the year, week and day), and the series' dates are 1 year apart\n", "\(y.err)")
        #expect(try dir.contents() == ["u.csv", "y.csv"])
        let valued = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--calendar=yes", "--out", dir.path("v.safetensors")] + tiny)
        #expect(valued.status == 64 && valued.err.hasPrefix("forecast: error: ") && valued.err.contains("--calendar"), "\(valued.err)")
        let predict = try CLI.run(["predict", "--model", dir.path("none.safetensors"), "--calendar"])
        #expect(predict.status == 64 && predict.err.contains("--calendar"), "\(predict.err)")
    }
}
