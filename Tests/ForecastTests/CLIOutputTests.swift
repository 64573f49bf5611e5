import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// What the commands write: never over their inputs, never a non-finite number.
extension CLIErrorTests {
    @Test func outputsNamingAnInputAreRefusedBeforeTheWork() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", path] + tiny),
                    "--out and --csv name the same file")
        let model = try savedTinyModel(in: dir)
        let modelBytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let clash = try CLI.run(["predict", "--model", model, "--csv", path, "--output", model])
        expectError(clash, "--output and --model name the same file")
        #expect(clash.status == 64, "two options naming one file: a usage error")
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", path]), "--output and --csv name the same file")
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", dir.path("p.svg"), "--plot", dir.path("p.svg")]),
                    "--plot and --output name the same file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == modelBytes)
        #expect(!FileManager.default.fileExists(atPath: dir.path("p.svg")))
    }
}

/// predict: what it says when the series or the model does not fit the forecast.
extension CLIErrorTests {
    @Test func nonFiniteForecastsAreRefusedBeforeWriting() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)  // trained on positive values: it takes logs
        let extreme = try CLI.monthly((0..<60).map { $0 % 2 == 0 ? 1.7e308 : 1e-300 }, in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", extreme, "--output", dir.path("f.csv"), "--plot", dir.path("f.svg")]),
                    "series.csv: column 'value': the forecast is not finite: the series' values (as large as 1.7e+308)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("f.csv")) && !FileManager.default.fileExists(atPath: dir.path("f.svg")))
    }

    @Test func predictErrorsNameTheFile() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let short = try CLI.monthly(seasonalValues(10), in: dir, name: "short.csv")
        // A trained model's settings are not the user's to make smaller: the series is what is wrong (exit 1).
        let tooShort = try CLI.run(["predict", "--model", model, "--csv", short, "--output", dir.path("f.csv")])
        expectError(tooShort, "short.csv: column 'value': the series has 10 values; forecasting with lookback 24 and season 12 needs at least 24\n")
        #expect(tooShort.status == 1)
        let negative = try CLI.monthly(seasonalValues(60).map { -$0 }, in: dir, name: "negative.csv")
        expectError(try CLI.run(["predict", "--model", model, "--csv", negative, "--output", dir.path("f.csv")]),
                    "negative.csv: column 'value': the model takes logs")
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv"), "--horizon", "1000000"]),
                    "the horizon (--horizon) must be at most 1000 steps, got 1000000")
        // Training for more steps than a forecast may ask for is refused too (a 1500-step model predicted 1500 steps).
        let r = try CLI.run(["train", "--csv", series, "--horizon", "1001", "--out", dir.path("m2.safetensors")])
        expectError(r, "the horizon (--horizon) must be a positive number of steps, at most 1000, got 1001")
        #expect(r.status == 64)
    }

    @Test func aModelFieldOutOfRangeIsNamed() throws {
        let dir = try TemporaryDirectory()
        let model = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("many.safetensors")) { info in
            var config = info["config"] as! [String: Any]
            config["samples"] = 1_000_000_000_000
            info["config"] = config
        }
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv")]),
                    "error: --model: \(model): not a usable forecast checkpoint (the number of sample paths (ForecastConfig.samples) must be from 10 to 100000, "
                    + "got 1000000000000; "
                    + "the file was written by RNNKit \(rnnKitVersion))")
    }

    @Test func theStoredSeriesIsFoundFromAnyFolderWhileItExists() throws {
        let dir = try TemporaryDirectory()
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        let trained = try CLI.run(["train", "--csv", "series.csv", "--horizon", "3", "--out", "m.safetensors"] + tiny, in: dir.url)
        #expect(trained.status == 0, "\(trained.err)")
        try FileManager.default.createDirectory(at: dir.file("elsewhere"), withIntermediateDirectories: false)
        // Trained with a relative path, predicted from another folder without --csv.
        let found = try CLI.run(["predict", "--model", "../m.safetensors", "--output", "f.csv"], in: dir.file("elsewhere"))
        #expect(found.status == 0, "\(found.err)")
        #expect(FileManager.default.fileExists(atPath: dir.path("elsewhere/f.csv")))
        // Once the series is gone, the error names the stored path and where it came from.
        try FileManager.default.moveItem(atPath: series, toPath: dir.path("moved.csv"))
        expectError(try CLI.run(["predict", "--model", "../m.safetensors", "--output", "g.csv"], in: dir.file("elsewhere")),
                    "error: the series path stored in --model: ")
        expectError(try CLI.run(["predict", "--model", "../m.safetensors", "--output", "g.csv"], in: dir.file("elsewhere")),
                    "series.csv: cannot read the file (No such file or directory); the model was trained on it: pass the series with --csv\n")
        let r = try CLI.run(["predict", "--model", "../m.safetensors", "--csv", dir.path("moved.csv"), "--output", "g.csv"], in: dir.file("elsewhere"))
        #expect(r.status == 0, "\(r.err)")
    }

    /// `--output -` (and no `--output`) writes the forecast to standard output and the summary to standard error; a plot not named .svg is refused.
    @Test func outputNamedDashIsStandardOutput() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        let r = try CLI.run(["predict", "--model", model, "--csv", series, "--output", "-"], in: dir.url)
        #expect(r.status == 0 && r.out.hasPrefix("date,mean,") && r.err.hasPrefix("wrote 2 steps to standard output"), "\(r.out)\n\(r.err)")
        let one = try CLI.run(["predict", "--model", model, "--csv", series, "--horizon", "1"], in: dir.url)
        #expect(one.status == 0 && one.err.hasPrefix("wrote 1 step to standard output,"), "\(one.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("-")))
        let unnamed = try CLI.run(["predict", "--model", model, "--csv", series], in: dir.url)  // standard output by default
        #expect(unnamed.status == 0 && unnamed.out == r.out && unnamed.err == r.err, "\(unnamed.out)\n\(unnamed.err)")
        // A chart on standard output leaves it to the chart: the summary goes to standard error.
        let chart = try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv"), "--plot", "-"])
        #expect(chart.status == 0 && chart.out.hasPrefix("<svg") && chart.out.hasSuffix("</svg>\n") && chart.err.hasPrefix("wrote 2 steps"),
                "\(chart.out)\n\(chart.err)")
        let both = try CLI.run(["predict", "--model", model, "--csv", series, "--output", "-", "--plot", "-"])
        #expect(both.status == 64 && both.err.contains("--output and --plot both name standard output"), "\(both.err)")
        let chartOnly = try CLI.run(["predict", "--model", model, "--csv", series, "--plot", "-"])  // the forecast's default too
        #expect(chartOnly.status == 64 && chartOnly.err == "forecast: error: --plot - names standard output, where the forecast goes "
            + "without --output; give the chart a file, or the forecast one with --output\n", "\(chartOnly.err)")
        let png = try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv"), "--plot", dir.path("f.png")])
        #expect(png.status == 64 && png.err.contains("the chart is written as SVG, so its name should end in .svg, not .png"), "\(png.err)")
        let help = try CLI.run(["predict", "--help"]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("SVG chart to write (a name ending in .svg, or without an extension)."), "\(help)")
    }

    @Test func predictFillsGapsAsTheModelWasTrainedUnlessTold() throws {
        let dir = try TemporaryDirectory()
        var values: [Double?] = seasonalValues(60)
        values[30] = nil
        let series = try CLI.monthly(values, in: dir)
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", series, "--fill", "interpolate", "--horizon", "3", "--out", model] + tiny)
        #expect(trained.status == 0, "\(trained.err)")
        // The stored series, and another with a gap, are filled as in training without --fill.
        for csv in [[], ["--csv", try CLI.monthly(values.reversed(), in: dir, name: "other.csv")]] {
            let r = try CLI.run(["predict", "--model", model, "--output", dir.path("f.csv")] + csv)
            #expect(r.status == 0, "\(r.err)")
        }
        // --fill error overrides what the model recorded.
        expectError(try CLI.run(["predict", "--model", model, "--fill", "error", "--output", dir.path("g.csv")]), "empty cell")
        // A model trained without --fill refuses the gap and says how to fill it.
        let strict = try CLI.run(["train", "--csv", try CLI.monthly(seasonalValues(60), in: dir, name: "full.csv"), "--horizon", "3",
                                  "--out", dir.path("strict.safetensors")] + tiny)
        #expect(strict.status == 0, "\(strict.err)")
        expectError(try CLI.run(["predict", "--model", dir.path("strict.safetensors"), "--csv", series, "--output", dir.path("g.csv")]),
                    "empty cell")
    }
}

/// predict: a history far from the training series is forecast with a warning.
extension CLIErrorTests {
    @Test func aHistoryFarFromTheTrainingSeriesIsForecastWithAWarning() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let values = try monthlySeries(60).column(0)
        let same = try CLI.monthly(values, in: dir, name: "same.csv"), other = try CLI.monthly(values.map { $0 * 1000 }, in: dir, name: "other.csv")
        let quiet = try CLI.run(["predict", "--model", model, "--csv", same, "--output", dir.path("f.csv")])
        #expect(quiet.status == 0 && quiet.err.isEmpty, "\(quiet.err)")
        let warned = try CLI.run(["predict", "--model", model, "--csv", other, "--output", dir.path("g.csv")])
        let trained = try ForecastCheckpoint(contentsOf: model).model
        #expect(warned.status == 0 && warned.err.hasPrefix("forecast: warning: \(other): the last \(trained.lookback) values lie far from the series "
            + "the model was trained on ("), "\(warned.err)")
        #expect(try #require(trained.extrapolation(history: values)) < 3)
        #expect(trained.extrapolation(history: Array(values.prefix(3))) == nil)
    }
}

/// predict: a series of another frequency than the model's.
extension CLIErrorTests {
    @Test func aSeriesOfAnotherFrequencyIsRefused() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)  // monthly
        let yearly = try datedCSV((0..<60).map { "\(1900 + $0)" }, in: dir, name: "yearly.csv")
        expectError(try CLI.run(["predict", "--model", model, "--csv", yearly, "--output", dir.path("f.csv")]),
                    "yearly.csv: column 'value': the series' dates are 1 year apart, but the model was trained on dates 1 month apart; "
                    + "pass a series of the model's frequency")
        let daily = try datedCSV(dailyDates(60), in: dir, name: "daily.csv")
        expectError(try CLI.run(["predict", "--model", model, "--csv", daily, "--output", dir.path("f.csv")]),
                    "daily.csv: column 'value': the series' dates are 1 day apart, but the model was trained on dates 1 month apart; "
                    + "pass a series of the model's frequency")
        #expect(!FileManager.default.fileExists(atPath: dir.path("f.csv")))
        // The same frequency, or no dates, is forecast.
        let undated = try dir.write((["value"] + seasonalValues(60).map { "\($0)" }).joined(separator: "\n").utf8, to: "undated.csv")
        for series in [try CLI.monthly(seasonalValues(60), in: dir), undated] {
            let r = try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv")])
            #expect(r.status == 0, "\(r.err)")
        }
        // Without dates the rows are numbered under `step`.
        let lines = try String(contentsOfFile: dir.path("f.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines[0].hasPrefix("step,mean,") && lines[1].hasPrefix("1,") && lines[2].hasPrefix("2,"))
    }
}

@Suite("forecast CLI quantile output")
struct CLIQuantileOutputTests {
    @Test func everyRowHasNestedIntervalsAroundThePoint() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let model = dir.path("q.safetensors"), out = dir.path("q.csv")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "12", "--out", model, "--head", "quantile"] + tiny)
        #expect(trained.status == 0, "\(trained.err)")
        let r = try CLI.run(["predict", "--model", model, "--csv", path, "--output", out])
        #expect(r.status == 0, "\(r.err)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "date,mean,lower_80,upper_80,lower_95,upper_95" && lines.count == 13)
        for line in lines.dropFirst() {
            let c = try line.split(separator: ",").dropFirst().map { try #require(Double($0)) }
            #expect(c[3] <= c[1] && c[1] <= c[0] && c[0] <= c[2] && c[2] <= c[4], "\(line)")
        }
    }
}

/// evaluate: never prints a score that is not a finite number.
extension CLIErrorTests {
    @Test func evaluateRefusesOverflowingSeries() throws {
        let dir = try TemporaryDirectory()
        let huge = try CLI.monthly((0..<72).map { $0 % 2 == 0 ? 1.7e308 : -Double($0) * 1e306 }, in: dir, name: "huge.csv")
        let r = try CLI.run(["evaluate", "--csv", huge, "--horizon", "6", "--scaling", "none", "--transform", "none"] + tiny)
        expectError(r, "is not finite: the series' values (as large as 1.7e+308) are too large for the computation")
        #expect(r.out.isEmpty)
        // Values so small that their spread is subnormal overflow a division: they are called small.
        let subnormal = 2 * Double.leastNonzeroMagnitude  // about 1e-323, a literal the compiler warns loses precision
        let smallValues: [Double] = (0..<72).map { (i: Int) -> Double in Double(i % 12 + i % 5 + 5) * subnormal }
        let small = try CLI.monthly(smallValues, in: dir, name: "small.csv")
        let s = try CLI.run(["evaluate", "--csv", small, "--horizon", "6", "--scaling", "none", "--transform", "none"] + tiny)
        expectError(s, "is not finite: the series' values (none larger than ")
        expectError(s, " in magnitude) are too small for the computation; rescale the series")
        // Their logs (the default transform for positive values) are spread, -744 to -741: the same series trains and scores.
        let logged = try CLI.run(["evaluate", "--csv", small, "--horizon", "6"] + tiny)
        #expect(logged.status == 0 && logged.out.contains("seasonal-naive"), "\(logged.err)")
        // Repeating every season, the series gives MASE no divisor.
        let periodic = try CLI.monthly((0..<72).map { $0 % 2 == 0 ? 1.7e308 : -1.7e308 }, in: dir, name: "periodic.csv")
        expectError(try CLI.run(["evaluate", "--csv", periodic, "--horizon", "6", "--scaling", "none", "--transform", "none"] + tiny),
                    "periodic.csv: the MASE of the rnn forecast is not finite: MASE divides by the training part's mean change over the season "
                    + "(12 steps), which is 0 since the part repeats every season; compare the models by another score or set another --season")
    }
}

extension CLIErrorTests {
    /// Output that cannot be written (a full disk behind a redirection) ends in an error, not in exit 0 with the text lost.
    @Test func standardOutputThatCannotBeWrittenIsAnError() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        let r = try CLI.run(["evaluate", "--csv", path, "--horizon", "3", "--json"] + tiny, stdout: "/dev/full")
        #expect(r.status == 1 && r.err == "forecast: error: cannot write to standard output: No space left on device\n", "\(r.err)")
        // The forecast and chart named `-` (or by default) fail the same way, not naming /dev/stdout; a file or device
        // named by a flag is named after it, the chart's after the forecast, which stays written.
        let model = try savedTinyModel(in: dir)
        for outputs in [[], ["--output", "-"], ["--output", dir.path("f.csv"), "--plot", "-"]] {
            let p = try CLI.run(["predict", "--model", model, "--csv", path] + outputs, stdout: "/dev/full")
            #expect(p.status == 1 && p.err == "forecast: error: cannot write to standard output: No space left on device\n", "\(outputs): \(p.err)")
        }
        for (flag, outputs) in [("--output", ["--output", "/dev/full"]), ("--plot", ["--output", dir.path("g.csv"), "--plot", "/dev/full"])] {
            let p = try CLI.run(["predict", "--model", model, "--csv", path] + outputs)
            #expect(p.status == 1 && p.err == "forecast: error: \(flag): cannot write /dev/full: writing in place failed: No space left on device\n",
                    "\(outputs): \(p.err)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.path("g.csv")))
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", "/dev/full"] + tiny)
        #expect(trained.status == 1 && trained.err == "forecast: error: --out: cannot write /dev/full: writing in place failed: No space left on device\n",
                "\(trained.err)")
        // An error that cannot be written to standard error still exits 1 (it crashed with SIGILL, exit 132).
        let failed = try CLI.run(["predict", "--model", dir.path("missing.safetensors"), "--output", dir.path("o.csv")], stderr: "/dev/full")
        #expect(failed.status == 1)
    }
}

extension CLIRunTests {
    /// A path that starts with `~` names a folder of that name, as the system takes it, for every file flag alike
    /// (Foundation's file URLs put a home folder there: ~nobody's, /nonexistent, here).
    @Test func aTildeIsAFolderOfThatName() throws {
        let dir = try TemporaryDirectory()
        _ = try CLI.monthly(seasonalValues(60), in: dir)
        try FileManager.default.createDirectory(atPath: dir.path("~nobody"), withIntermediateDirectories: false)
        let trained = try CLI.run(["train", "--csv", "series.csv", "--horizon", "3", "--out", "~nobody/m.safetensors"] + tiny, in: dir.url)
        #expect(trained.status == 0 && FileManager.default.fileExists(atPath: dir.path("~nobody/m.safetensors")), "\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", "~nobody/m.safetensors", "--output", "~nobody/p.csv", "--plot", "~nobody/p.svg"],
                                    in: dir.url)
        #expect(predicted.status == 0 && ["p.csv", "p.svg"].allSatisfy { FileManager.default.fileExists(atPath: dir.path("~nobody/\($0)")) },
                "\(predicted.err)")
    }
}

/// The ensemble's networks train side by side on the compute threads.
@Suite struct ThreadCountTests {
    /// One thread or three, the model file and its forecast are the same, byte for byte; a count out of range is a usage error.
    /// The series and network are large enough that a product or recurrent layer split across 3 threads would
    /// round differently (before each network trained in one piece, these files differed), and the validation
    /// run that picks the epochs is included.
    @Test func theModelDoesNotDependOnTheThreadCount() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(400), in: dir)
        let settings = ["train", "--csv", path, "--horizon", "24", "--max-epochs", "2", "--ensemble", "2"]
        for threads in ["1", "3"] {
            let r = try CLI.run(settings + ["--threads", threads, "--out", dir.path("m\(threads).safetensors")])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try Data(contentsOf: dir.file("m1.safetensors")) == Data(contentsOf: dir.file("m3.safetensors")))
        // The members forecast side by side too: the same forecast, intervals included.
        for threads in ["1", "3"] {
            let r = try CLI.run(["predict", "--model", dir.path("m1.safetensors"), "--threads", threads, "--output", dir.path("f\(threads).csv")])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try Data(contentsOf: dir.file("f1.csv")) == Data(contentsOf: dir.file("f3.csv")))
        let r = try CLI.run(settings + ["--threads", "0", "--out", dir.path("m0.safetensors")])
        #expect(r.status == 64 && r.err.contains("the number of compute threads (--threads) must be from 1 to 1024, got 0"), "\(r.err)")
    }
}
