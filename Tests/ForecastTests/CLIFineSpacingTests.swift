import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Series spaced under 15 minutes: evaluate's horizon from the dates, and timestamps with fractions of a second read,
/// filled and continued in their form.
@Suite("forecast fine spacings")
struct CLIFineSpacingTests {
    /// A `time,value` CSV of `n` values every 250 ms from `2026-01-01T00:00:00.000`, without the rows `skipping`; its path.
    func quarterSeconds(_ n: Int, skipping: Set<Int> = [], in dir: TemporaryDirectory, name: String = "ms.csv") throws -> String {
        let start = CalendarDate("2026-01-01T00:00:00.000")!
        let rows = (0..<n).filter { !skipping.contains($0) }.map { k in
            "\(start.advanced(by: k, .microseconds(250_000)).text),\(String(format: "%.3f", 50 + 0.01 * Double(k) + 10 * sin(Double(k) * Double.pi / 20)))"
        }
        return try dir.write((["time,value"] + rows).joined(separator: "\n").utf8, to: name)
    }

    /// Every 250 ms: a minute's steps are the season and evaluate's horizon (240); predict continues the milliseconds.
    @Test func aSeriesOfMillisecondsTrainsPredictsAndEvaluates() throws {
        let dir = try TemporaryDirectory()
        let path = try quarterSeconds(800, in: dir), model = dir.path("m.safetensors")
        let evaluated = try CLI.run(["evaluate", "--csv", path, "--lookback", "8"] + tiny)
        #expect(evaluated.status == 0 && evaluated.out.hasPrefix("ms, column 'value' (800 values 250 milliseconds apart, season 240, horizon 240)"),
                "\(evaluated.out)\(evaluated.err)")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--lookback", "8", "--calendar", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("season 240, lookback 8, horizon 3"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model])
        let dates = predicted.out.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        #expect(predicted.status == 0 && dates == ["2026-01-01T00:03:20.000", "2026-01-01T00:03:20.250", "2026-01-01T00:03:20.500"],
                "\(predicted.out)\(predicted.err)")
    }

    /// A skipped quarter of a second is a gap: refused, naming the spacing, or filled at its time (a short series, given
    /// a short season).
    @Test func aSkippedStepOfMillisecondsIsAGap() throws {
        let dir = try TemporaryDirectory()
        let path = try quarterSeconds(100, skipping: [5], in: dir)
        let refused = try CLI.run(["train", "--csv", path, "--horizon", "2", "--season", "4", "--out", dir.path("m.safetensors")] + tiny)
        #expect(refused.status == 1 && refused.err.contains("the dates jump from 2026-01-01T00:00:01.000 to 2026-01-01T00:00:01.500, skipping "
                                                             + "steps of 250 milliseconds"), "\(refused.err)")
        let filled = try CLI.run(["train", "--csv", path, "--fill", "interpolate", "--horizon", "2", "--season", "4",
                                  "--out", dir.path("m.safetensors")] + tiny)
        #expect(filled.status == 0 && filled.out.contains("(100 values,"), "\(filled.out)\(filled.err)")
    }
}
