import Foundation
@testable import RNNKit
import Testing
@testable import forecast
import _ForecastTestSupport
import _TestSupport

/// A setting is named by its property in the library and by its flag in the forecast command.
@Suite("forecast setting names")
struct SettingNameTests {
    /// The library names a bad setting by its property; the forecast command by its flag.
    @Test func settingsAreNamedByPropertyHereAndByFlagInTheCommand() throws {
        var config = tinyConfig(horizon: 2)
        config.batchSize = 0
        #expect(throws: ForecastError.configuration(ConfigurationError("the batch size (\(setting: "ForecastConfig.batchSize")) must be positive, got 0"))) {
            try config.validate()
        }
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["train", "--horizon", "2", "--batch-size", "0", "--out", dir.path("m.safetensors")])
        #expect(r.status == 64 && r.err == "forecast: error: the batch size (--batch-size) must be positive, got 0\n", "\(r.err)")
    }

    /// forecast's own flags refuse a bad value in the form of the flags it shares with char-rnn (exit 64).
    @Test(arguments: [
        (["train", "--horizon", "2", "--season", "0"], "the season length (--season) must be positive, got 0"),
        (["train", "--horizon", "2", "--lookback", "0"], "the input window (--lookback) must be a positive number of steps, got 0"),
        (["train", "--horizon", "2", "--ensemble", "0"], "the number of networks in the ensemble (--ensemble) must be positive, got 0"),
        (["train", "--horizon", "2", "--levels", "0.8,1"], "the interval levels (--levels) must be in (0, 1), such as 0.8,0.95, got 0.8,1.0"),
        (["evaluate", "--horizon", "2", "--backtest", "0"], "the number of backtest folds (--backtest) must be at least 1, got 0"),
        (["evaluate", "--horizon", "2", "--backtest", "2", "--backtest-step", "-1"],
         "the step between origins (--backtest-step) must be a positive number of steps, got -1"),
    ])
    func forecastFlagsAreRefusedInTheSharedForm(arguments: [String], message: String) throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        let out = arguments[0] == "train" ? ["--out", dir.path("m.safetensors")] : []
        let r = try CLI.run([arguments[0], "--csv", path] + out + tiny + arguments.dropFirst())  // the later of a flag given twice wins
        #expect(r.status == 64 && r.err == "forecast: error: \(message)\n", "\(arguments): \(r.err)")
    }

    /// Advice that names a setting to change names its property in the library and its flag in the command.
    @Test func adviceNamesPropertiesHereAndFlagsInTheCommand() throws {
        let cases: [(ForecastError, String, String)] = [
            (.cannotInfer(setting: "Evaluation.horizon", file: "s.csv"), "set Evaluation.horizon", "set --horizon"),
            (.undated(setting: "Evaluation.horizon", file: "s.csv"), "the series has no dates; set Evaluation.horizon", "the series has no dates; set --horizon"),
            (.trainingPartTooShort(file: "s.csv", length: 10, total: 40, needed: 20, reason: "training",
                                   smaller: ["Evaluation.horizon", "Evaluation.backtest", "ForecastConfig.lookback"]),
             "use a smaller Evaluation.horizon, Evaluation.backtest or ForecastConfig.lookback", "use a smaller --horizon, --backtest or --lookback"),
            (.modelTooLarge(networks: 2, parameters: 10, bytes: 1 << 40, memory: 1 << 30),
             "use a smaller ForecastConfig.hidden, ForecastConfig.layers, ForecastConfig.ensemble or ForecastConfig.horizon",
             "use a smaller --hidden, --layers, --ensemble or --horizon"),
            (.dateGap(file: "s.csv", after: "2020-01", next: "2020-03", spacing: "1 month"), "interpolate it: SeriesLoader.fill interpolate", "interpolate it: --fill interpolate"),
            (.periodicTrainingPart(file: "s.csv", model: "rnn", season: 12), "set another ForecastConfig.season", "set another --season"),
            (.heldOutAllFilled(file: "s.csv", first: "2005-01", last: "2005-06"), "with another Evaluation.backtest or Evaluation.step",
             "with another --backtest or --backtest-step"),
        ]
        for (error, library, command) in cases {
            #expect(error.description.hasSuffix(library) && !error.description.contains("--"), "\(error)")
            // forecast's own table: a setting it lacks would print as a property name.
            let named = error.message { SettingFlags.flags[$0] ?? "?" }
            #expect(named.hasSuffix(command) && !named.contains("?"), "\(named)")
        }
        let dataErrors: [(SequenceDataError, String)] = [(.missingValue(file: "s.csv", line: 3, column: "v"), "interpolate the gaps: --fill interpolate"),
                                                         (.constantSeries(file: "s.csv", column: "v", scaling: "standard"), "scale by nothing: --scaling none")]
        for (error, command) in dataErrors {
            #expect(!error.description.contains("--") && error.message { SettingFlags.flags[$0] ?? "?" }.hasSuffix(command), "\(error)")
        }
        // log of a non-positive value is a setting that does not fit the series.
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the transform (\(setting: "ForecastConfig.transform")) must be auto or none for s.csv, which has a value <= 0, got log"))) {
            try ValueTransform.log.resolved(for: [1, 0, 2], file: "s.csv")
        }
        // The command names the flags, and a horizon it cannot infer (the series has no dates) is a flag the series needs given (exit 64).
        let dir = try TemporaryDirectory()
        let undated = try dir.write(Array("value\n".utf8) + (1...60).flatMap { Array("\($0 % 7 + 1)\n".utf8) }, to: "u.csv")
        let r = try CLI.run(["evaluate", "--csv", undated, "--max-epochs", "1", "--ensemble", "1"])
        #expect(r.status == 64 && r.err == "forecast: error: \(undated): the series has no dates; set --horizon\n", "\(r.err)")
        // Dates that give no horizon (every 7 minutes, which do not divide an hour) are dates it cannot infer it from.
        let rows: [String] = (0..<60).map { String(format: "2020-01-01 %02d:%02d,%d", $0 * 7 / 60, $0 * 7 % 60, $0 % 7 + 1) }
        let sevenMinutes = try dir.write((["time,value"] + rows).joined(separator: "\n").utf8, to: "w.csv")
        let w = try CLI.run(["evaluate", "--csv", sevenMinutes, "--max-epochs", "1", "--ensemble", "1"])
        #expect(w.status == 64 && w.err == "forecast: error: \(sevenMinutes): cannot infer the horizon from the dates; set --horizon\n", "\(w.err)")
        // train takes the horizon as evaluate does, and says so in the same words; nothing is written.
        for (file, reason) in [(undated, "the series has no dates"), (sevenMinutes, "cannot infer the horizon from the dates")] {
            let t = try CLI.run(["train", "--csv", file, "--max-epochs", "1", "--ensemble", "1", "--out", dir.path("h.safetensors")])
            #expect(t.status == 64 && t.err == "forecast: error: \(file): \(reason); set --horizon\n", "\(t.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("h.safetensors")))
        let t = try CLI.run(["train", "--csv", undated, "--horizon", "2", "--transform", "log", "--max-epochs", "1", "--ensemble", "1",
                             "--out", dir.path("m.safetensors")])
        #expect(t.status == 0, "\(t.err)")
        let z = try dir.write(Array("value\n".utf8) + (0..<60).flatMap { Array("\($0 % 7)\n".utf8) }, to: "z.csv")
        let l = try CLI.run(["train", "--csv", z, "--horizon", "2", "--transform", "log", "--out", dir.path("n.safetensors")])
        #expect(l.status == 64 && l.err == "forecast: error: the transform (--transform) must be auto or none for \(z), which has a value <= 0, "
                + "got log\n", "\(l.err)")
    }
}
