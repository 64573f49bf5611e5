import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// Timestamps with UTC offsets: times all at midnight are days whatever their offsets (written as `Z` or `+00:00`, or
/// changing where daylight saving time does), and the forecast writes days; other times keep one offset in one form.
@Suite("forecast UTC offsets")
struct CLIUTCOffsetTests {
    /// A daily series written at midnight, its offset `Z` and `+00:00` by turns and then `+01:00` and `+02:00` across
    /// the change to summer time: trained and forecast as days, every forecast row written as a day, following the last.
    @Test func midnightsInMixedOffsetsAreDaysAndForecastAsDays() throws {
        let dir = try TemporaryDirectory()
        let offsets = (0..<60).map { $0 < 30 ? ($0 % 2 == 0 ? "Z" : "+00:00") : ($0 < 45 ? "+01:00" : "+02:00") }
        let rows = zip(dailyDates(60), offsets).enumerated().map { "\($1.0)T00:00:00\($1.1),\(100 + $0 % 7)" }
        let path = try dir.write((["date,value"] + rows).joined(separator: "\n").utf8, to: "daily.csv")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m.safetensors")] + tiny)
        #expect(trained.status == 0 && trained.out.contains("(60 values, season 7,"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", dir.path("m.safetensors")])
        let dates = predicted.out.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        #expect(predicted.status == 0 && dates == ["2020-03-01", "2020-03-02", "2020-03-03"], "\(predicted.out)\(predicted.err)")
    }

    /// Hourly times in `Z` and `+00:00` (one offset in two forms) are refused as mixed forms, saying that the offsets are
    /// one, and in `+01:00` then `+02:00` as a changing offset, each naming the line and both times.
    @Test func otherTimesKeepOneOffsetInOneForm() throws {
        let dir = try TemporaryDirectory()
        for (first, second, message) in [("2020-01-01T00:00:00Z", "2020-01-01T01:00:00+00:00", "date '2020-01-01T01:00:00+00:00' is not in the form of the first date"),
                                          ("2020-01-01T00:00:00+01:00", "2020-01-01T01:00:00+02:00", "time '2020-01-01T01:00:00+02:00' has another UTC offset than the first time")] {
            let rows = [first] + timestamps(from: second, 40)
            let path = try dir.write((["time,value"] + rows.enumerated().map { "\($1),\(100 + $0 % 24)" }).joined(separator: "\n").utf8, to: "hourly.csv")
            let refused = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m.safetensors")] + tiny)
            #expect(refused.status == 1 && refused.err.contains("hourly.csv:3: \(message) '\(first)'"), "\(refused.err)")
            #expect(refused.err.hasSuffix("UTC offset written two ways: write it one way\n") == second.hasSuffix("+00:00"), "\(refused.err)")
        }
    }
}
