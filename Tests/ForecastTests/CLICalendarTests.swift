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
        #expect(r.err == "forecast: warning: sunspots_yearly: skipped, its dates being 1 year apart: calendar features (--calendar) need a "
                + "spacing finer than a year\n", "\(r.err)")
    }

    /// A series without dates, or with yearly ones, is refused naming the flag, before any training; a value for the flag is a usage error.
    @Test func seriesWithoutUsableDatesAndBadInputAreRefused() throws {
        let dir = try TemporaryDirectory()
        let undated = try dir.write((["value"] + (0..<60).map { "\($0 % 7 + 1)" }).joined(separator: "\n").utf8, to: "u.csv")
        let u = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--calendar", "--out", dir.path("u.safetensors")] + tiny)
        #expect(u.status == 1 && u.err == "forecast: error: \(undated): calendar features (--calendar) need the series' dates, and it has none\n", "\(u.err)")
        let yearly = try dir.write((["year,value"] + (0..<60).map { "\(1900 + $0),\($0 % 7 + 1)" }).joined(separator: "\n").utf8, to: "y.csv")
        let y = try CLI.run(["evaluate", "--csv", yearly, "--calendar"] + tiny)
        #expect(y.status == 1 && y.err == "forecast: error: \(yearly): calendar features (--calendar) need a spacing finer than a year (they are "
                + "places in the year, week and day), and the series' dates are 1 year apart\n", "\(y.err)")
        #expect(try dir.contents() == ["u.csv", "y.csv"])
        let valued = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--calendar=yes", "--out", dir.path("v.safetensors")] + tiny)
        #expect(valued.status == 64 && valued.err.hasPrefix("forecast: error: ") && valued.err.contains("--calendar"), "\(valued.err)")
        let predict = try CLI.run(["predict", "--model", dir.path("none.safetensors"), "--calendar"])
        #expect(predict.status == 64 && predict.err.contains("--calendar"), "\(predict.err)")
    }
}
