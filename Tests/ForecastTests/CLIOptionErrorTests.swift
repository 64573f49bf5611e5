import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// Bad options: refused with one line naming the option, before any work.
extension CLIErrorTests {
    @Test func parserErrorsAreOneLine() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let train = ["train", "--csv", path, "--out", dir.path("m")]
        for (arguments, fragment) in [(train + ["--horizon", "3", "--fill", "foo"], "'foo' is invalid for '--fill <fill>'. Please provide one of 'error' and 'interpolate'"),
                                      (["train", "--csv", path, "--horizon", "3"], "Missing expected argument '--out"),
                                      (train + ["--horizon", "3", "--seed", "-1"], "'-1' is invalid for '--seed"),
                                      (train + ["--horizon", "3", "--bogus"], "Unknown option '--bogus'"),
                                      (["train", "--csv", path, "--horizon", "3", "--out", "-"], "--out -: the model is a file that predict reads back")] {
            let r = try CLI.run(arguments)
            expectError(r, fragment)
            #expect(r.status == 64, "a usage error keeps the parser's exit code")
        }
    }

    /// The most epochs is `--max-epochs`, as in char-rnn train; there is no second spelling.
    @Test func mostEpochsIsMaxEpochsAsInCharRNN() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let train = ["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")]
        let zero = try CLI.run(train + ["--max-epochs", "0"])
        #expect(zero.status == 64 && zero.err == "forecast: error: the epoch limit (--max-epochs) must be positive, got 0\n", "\(zero.err)")
        let old = try CLI.run(train + ["--epochs", "2"])
        expectError(old, "Unknown option '--epochs'")
        #expect(old.status == 64)
        #expect(try CLI.run(["train", "--help"]).out.contains("--max-epochs <max-epochs>"))
    }

    /// Spellings a user of an older forecast model, or of lower-case flags, would try.
    @Test func cellElmanAndScalingMinmaxAreTaken() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let r = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--cell", "elman", "--scaling", "minmax"] + tiny)
        #expect(r.status == 0 && r.out.contains("trained 1 rnn network"), "\(r.err)")
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--scaling", "robust"] + tiny),
                    "the scaling (--scaling) must be standard, minmax or none, got 'robust'")
    }

    /// Settings refused (a flag's value, or flags that do not fit together) exit 64; problems with the files exit 1.
    @Test func settingsRefusedAreUsageErrors() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let train = ["train", "--csv", path, "--out", dir.path("m")] + tiny
        for (arguments, status) in [(train + ["--horizon", "0"], Int32(64)), (train + ["--horizon", "3", "--dropout", "0.2"], 64),
                                    (train + ["--horizon", "3", "--scaling", "min-max"], 64), (train + ["--horizon", "3", "--season", "0"], 64),
                                    (["evaluate", "--csv", path, "--backtest-step", "3"] + tiny, 64),
                                    (["evaluate", "--csv", path, "--backtest", "0"] + tiny, 64),
                                    (["evaluate", "--csv", dir.path("missing.csv")] + tiny, 1)] {
            let r = try CLI.run(arguments)
            #expect(r.status == status && r.err.hasPrefix("forecast: error: "), "\(arguments): \(r.status) \(r.err)")
        }
    }

    @Test func negativeLevelsReachValidation() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--levels", "-0.5"] + tiny),
                    "the interval levels (--levels) must be in (0, 1), such as 0.8,0.95, got -0.5")
    }

    /// The largest level below 1 trapped in evaluate's baselines: its upper quantile (1 + level) / 2 rounds to 1.
    @Test func aLevelTooCloseToOneIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let expected = "the interval levels (--levels) must be in (0, 1), such as 0.8,0.95, got 0.8,0.9999999999999999; 0.9999999999999999 is too close to 1 "
            + "for its upper quantile (1 + level) / 2 to be below 1"
        expectError(try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--levels", "0.8,0.9999999999999999"] + tiny), expected)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--levels", "0.8,0.9999999999999999"] + tiny), expected)
        #expect(!FileManager.default.fileExists(atPath: dir.path("m")))
    }

    /// A dropout of 1 is refused before anything is written.
    @Test func aDropoutOfOneIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--layers", "2", "--dropout", "1", "--out", dir.path("m")] + tiny),
                    "the dropout probability (--dropout) must be in [0, 1), got 1.0")
        #expect(!FileManager.default.fileExists(atPath: dir.path("m")))
    }

    @Test func duplicateOrEmptyLevelsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        for levels in ["0.8,0.8", "0.8,0.80", "0.95,0.8,0.800"] {
            expectError(try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--levels", levels] + tiny),
                        "the interval levels (--levels) must be distinct, got \(levels.split(separator: ",").map { "\(Double($0)!)" }.joined(separator: ",")); 80% is given twice")
            expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--levels", levels] + tiny),
                        "(--levels) must be distinct")
        }
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--levels", "0.8,,0.9"] + tiny),
                    "the interval levels (--levels) must be comma-separated numbers such as 0.8,0.95, got '0.8,,0.9'; item 2 is empty")
        #expect(!FileManager.default.fileExists(atPath: dir.path("m")))
    }

    @Test func evaluationSizesNeverOverflow() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let huge = "\(Int.max)"
        for sizes in [["--horizon", "6", "--backtest", huge], ["--horizon", "6", "--backtest", "2", "--backtest-step", huge],
                      ["--horizon", "6", "--backtest", "3", "--backtest-step", "\(Int.max / 2 + 1)"], ["--horizon", "6", "--season", huge],
                      ["--horizon", "6", "--lookback", huge]] {
            expectError(try CLI.run(["evaluate", "--csv", path] + tiny + sizes), "needs more values than can be counted")
        }
        expectError(try CLI.run(["evaluate", "--csv", path, "--horizon", huge] + tiny), "the horizon (--horizon) must be a positive number of steps, at most 1000, got \(huge)")
    }

    /// A learning rate that blows the weights up: the model used to be saved, and predict blamed the series' values.
    @Test func divergedTrainingIsAnError() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        let r = try CLI.run(["train", "--csv", path, "--horizon", "6", "--out", dir.path("m.safetensors"), "--lr", "1e10"] + tiny)
        expectError(r, "series.csv: training diverged: the trained model's forecast from the end of its own series is not finite; "
                    + "train with a smaller --lr or --clip-norm")
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.path("m.safetensors")))
    }

    @Test func evaluationNamesTheTrainingPartWhenItIsTooShort() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let r = try CLI.run(["evaluate", "--csv", path, "--max-epochs", "2", "--ensemble", "1", "--hidden", "4"])
        expectError(r, "series.csv: holding out the last 24 of the 72 values leaves 48 to train on; "
                    + "lookback 24 (2 × season 12) + 1 target step + validation 24 needs at least 49; use a smaller --horizon, "
                    + "--lookback, --season or --validation")
        #expect(r.status == 64)
    }

    /// A fold that holds out filled gaps only (an outage filled by --fill interpolate) has nothing to score: a usage
    /// error naming the held-out dates and the flags that move the folds.
    @Test func foldOfFilledGapsOnlyIsRefused() throws {
        let dir = try TemporaryDirectory()
        var cells = seasonalValues(72).map { String($0) }
        for r in 60..<66 { cells[r] = "" }
        let path = try dir.write((["date,value"] + zip(monthlyDates(72), cells).map { "\($0),\($1)" }).joined(separator: "\n").utf8, to: "outage.csv")
        let r = try CLI.run(["evaluate", "--csv", path, "--fill", "interpolate", "--horizon", "6", "--backtest", "2", "--backtest-step", "6"] + tiny)
        expectError(r, "outage.csv: the values held out from 2005-01 to 2005-06 are all gaps that were filled, none read from the file, so there is "
                    + "nothing to score the forecasts against; hold out other values with another --backtest or --backtest-step")
        #expect(r.status == 64)
    }

    /// Settings that need more values than the series has are a usage error (64, as char-rnn refuses a batch longer
    /// than its text) that names the flags to make smaller.
    @Test func aLargeSeasonIsNamedAsTheCause() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(144), in: dir)
        func expectUsage(_ arguments: [String], _ message: String, settings: [String] = tiny) throws {
            let r = try CLI.run(arguments + settings)
            expectError(r, message)
            #expect(r.status == 64 && r.err.hasSuffix(message + "\n"), "\(r.err)")
        }
        try expectUsage(["train", "--csv", path, "--horizon", "6", "--out", dir.path("m"), "--season", "1000"],
                        "series.csv: the series has 144 values; lookback 2000 (2 × season 1000) + 1 target step needs at least 2001; "
                        + "use a smaller --lookback or --season")
        try expectUsage(["train", "--csv", path, "--horizon", "6", "--out", dir.path("m"), "--season", "1000", "--lookback", "12"],
                        "series.csv: the series has 144 values; season 1000 + 1 target step needs at least 1001; use a smaller --season")
        try expectUsage(["train", "--csv", path, "--horizon", "100", "--strategy", "direct", "--out", dir.path("m"), "--lookback", "40",
                         "--validation", "0.2"],
                        "series.csv: the series has 144 values; lookback 40 + horizon 100 + validation 100 needs at least 240; "
                        + "use a smaller --lookback, --horizon or --validation", settings: ["--max-epochs", "2", "--ensemble", "1", "--hidden", "4"])
        try expectUsage(["evaluate", "--csv", path, "--season", "1000"],
                        "series.csv: the series has 144 values; holding out horizon 24 over 1 fold and training on 2 × season 1000 + 2 values "
                        + "needs at least 2026; use a smaller --horizon or --season")
        // Only settings above their least value are named: one value is too short for anything.
        let one = try dir.write(Array("date,value\n2020-01,5\n".utf8), to: "one.csv")
        try expectUsage(["evaluate", "--csv", one, "--horizon", "1", "--season", "1"],
                        "one.csv: the series has 1 value; holding out horizon 1 over 1 fold and training on 2 × season 1 + 2 values needs at least 5")
        try expectUsage(["evaluate", "--csv", path, "--backtest", "3", "--backtest-step", "100"],
                        "series.csv: the series has 144 values; holding out horizon 24 over 3 folds 100 steps apart and training on "
                        + "2 × season 12 + 2 values needs at least 250; use a smaller --horizon, --backtest, --backtest-step or --season")
    }
}
