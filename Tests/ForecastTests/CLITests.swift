import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Runs the built `forecast` binary.
struct CLI {
    /// Exit status, standard output and standard error of `forecast arguments...` (in `directory` when given);
    /// its standard output and error go to the files `stdout` and `stderr` when given (`/dev/full`, say), else are collected;
    /// `stdin`, when given, comes through a pipe; `whileRunning` is called once it has started.
    static func run(_ arguments: [String], in directory: URL? = nil, stdout: String? = nil, stderr: String? = nil, stdin: Data? = nil,
                    whileRunning: (() throws -> Void)? = nil) throws -> (status: Int32, out: String, err: String) {
        let run = try ExecutableRun(process(arguments, in: directory), stdout: stdout, stderr: stderr, stdin: stdin,
                                    whileRunning: whileRunning.map { act in { _ in try act() } })
        return (run.status, run.stdout, run.stderr)
    }

    /// A not yet started `forecast arguments...` (in `directory` when given).
    static func process(_ arguments: [String], in directory: URL? = nil) -> Process { builtProcess("forecast", arguments, in: directory) }

    /// A monthly CSV `date,<column>` of `values` (nil writes an empty cell) starting 2000-01.
    static func monthly(_ values: [Double?], column: String = "value", in dir: TemporaryDirectory,
                        name: String = "series.csv") throws -> String {
        let rows = zip(monthlyDates(values.count), values).map { date, v in "\(date)," + (v.map { "\($0)" } ?? "") }
        return try dir.write((["date,\(column)"] + rows).joined(separator: "\n").utf8, to: name)
    }
}

/// Tiny training settings so debug runs stay fast.
let tiny = ["--max-epochs", "2", "--ensemble", "1", "--hidden", "4", "--validation", "0"]

@Suite("forecast CLI errors")
struct CLIErrorTests {
    /// One line `forecast: error: …` containing `fragment`, and a non-zero status.
    func expectError(_ r: (status: Int32, out: String, err: String), _ fragment: String) {
        #expect(r.status != 0)
        #expect(r.err.isOneMessageLine, "one line: \(r.err)")
        #expect(r.err.hasPrefix("forecast: error: "))
        #expect(r.err.contains(fragment), "stderr: \(r.err)")
    }

    /// An empty file name is a usage error (an empty --model named the current folder); help that cannot be written is an error.
    @Test func emptyFileNamesAndUnwritableHelp() throws {
        let dir = try TemporaryDirectory()
        for arguments in [["predict", "--model", "", "--output", "f.csv"], ["predict", "--model", "m", "--output", ""], ["train", "--csv", "", "--out", "m"],
                          ["train", "--out", ""], ["predict", "--model", "m", "--output", "f.csv", "--plot", ""]] {
            let r = try CLI.run(arguments + ["--horizon", "2"], in: dir.url)
            expectError(r, "an empty file name")
            #expect(r.status == 64)
        }
        // A model file is read by name, never from standard input.
        let fromStandardInput = try CLI.run(["predict", "--model", "-", "--output", "f.csv"], in: dir.url)
        expectError(fromStandardInput, "a model file is read from its name, not from standard input; give the file (./- for one named -)")
        #expect(fromStandardInput.status == 64)
        let help = try CLI.run(["train", "--help"], stdout: "/dev/full")
        #expect(help.status == 1 && help.err == "forecast: error: cannot write to standard output: No space left on device\n")
    }

    /// `--version` prints the package's version, `rnnKitVersion`, as `char-rnn --version` does, the root --help lists it, and every --help
    /// says what it shares with char-rnn's in the same words.
    @Test func versionAndHelpAsInCharRNN() throws {
        #expect(try SharedCommandLine.problems(of: "forecast", subcommands: ["train", "predict", "evaluate"], version: rnnKitVersion) == [])
    }

    /// A folder that takes no new files is not said to be missing.
    @Test func aFolderThatTakesNoFiles() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "2", "--out", "/proc/forecast-model"] + tiny),
                    "error: --out: cannot write /proc/forecast-model: the folder /proc does not take new files")
    }

    @Test func missingFile() throws {
        let dir = try TemporaryDirectory()
        // An error about a file that a flag names starts with the flag, as in char-rnn, for the series and the model alike.
        for command in [["evaluate"], ["train", "--horizon", "2", "--out", dir.path("m.safetensors")]] {
            expectError(try CLI.run(command + ["--csv", dir.path("nope.csv")] + tiny),
                        "error: --csv: \(dir.path("nope.csv")): cannot read the file (No such file or directory)\n")
        }
        expectError(try CLI.run(["predict", "--model", dir.path("nope.safetensors")]),
                    "error: --model: \(dir.path("nope.safetensors")): cannot read the file (No such file or directory)\n")
        let model = try savedTinyModel(in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", dir.path("nope.csv")]),
                    "error: --csv: \(dir.path("nope.csv")): cannot read the file (No such file or directory)\n")
        // A file that is no model, and a CSV with a bad cell: the library's refusal, after the flag.
        expectError(try CLI.run(["predict", "--model", try dir.write(Array("date,value\n2000-01,x\n".utf8), to: "s.csv")]), "error: --model: \(dir.path("s.csv")): ")
        expectError(try CLI.run(["train", "--csv", dir.path("s.csv"), "--horizon", "2", "--out", dir.path("n.safetensors")] + tiny),
                    "error: --csv: \(dir.path("s.csv")): ")
    }

    /// No numeric column; a header of one column holding another separator says so.
    @Test(arguments: [("date,name\n2000-01,a\n2000-02,b\n", "no numeric column to forecast; the columns are 'date', 'name'; in column 'name', 'a' on line 2 is not a number"),
                      ("date,value\n2000-01,\"10,000\"\n2000-02,\"12,500\"\n", "; in column 'value', '10,000' on line 2 is not a number; its comma may "
                       + "separate thousands (10000) or decimals (10.000), so it is read as neither: write the number without the comma, or with a decimal point"),
                      ("date|value\n2000-01|1.5\n2000-02|2.5\n", "the header holds '|', but the columns must be separated by commas or semicolons")])
    func noNumericColumn(csv: String, expected: String) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("words.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "2", "--out", dir.path("m")] + tiny), expected)
    }

    @Test func emptyCellWithoutFill() throws {
        let dir = try TemporaryDirectory()
        var values: [Double?] = seasonalValues(60)
        values[30] = nil
        let path = try CLI.monthly(values, in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny),
                    "empty cell; fill it, or interpolate the gaps: --fill interpolate")
        // The library names the setting, not the flag.
        let error = SequenceDataError.missingValue(file: "s.csv", line: 32, column: "value")
        #expect(error.description == "s.csv:32: column 'value': empty cell; fill it, or interpolate the gaps: TimeSeries(missing:) interpolate")
    }

    @Test func nanWithoutFill() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[31] = "2002-07,NaN"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny),
                    "not finite")
    }

    @Test func dateGapWithoutFill() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines[0..<20] + lines[21...]).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny),
                    "skipping steps of 1 month (the smallest step between the dates); fill the gap, or interpolate it: --fill interpolate")
    }

    @Test func seriesTooShort() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(20), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "12", "--out", dir.path("m")] + tiny),
                    "needs at least")
    }

    @Test func nonPositiveHorizon() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "0", "--out", dir.path("m")] + tiny),
                    "horizon")
        // A negative number after a space is the option's value, not an unknown flag.
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "-3", "--out", dir.path("m")] + tiny),
                    "the horizon (--horizon) must be a positive number of steps, at most 1000, got -3")
    }

    @Test func negativeClip() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--clip-norm=-1", "--out", dir.path("m")] + tiny),
                    "the gradient-norm clip (--clip-norm) must be a finite number ≥ 0 (0 for no clipping), got -1.0")
    }

    @Test func sizesBeyondMemory() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        // tiny sets --hidden 4; the later flags win.
        // Sizes too large for memory are usage errors (exit 64), as in char-rnn.
        let large = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny + ["--hidden", "100000"])
        expectError(large, "more than this machine's")
        #expect(large.status == 64)
        let uncountable = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny + ["--layers", "4611686018427387904"])
        expectError(uncountable, "more memory than can be counted")
        #expect(uncountable.status == 64)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny + ["--season", "9223372036854775807"]),
                    "lookback 2 × season 9223372036854775807 + 1 target step needs more values than can be counted")
    }

    @Test func checkpointWhoseWeightsDoNotFitItsConfiguration() throws {
        let dir = try TemporaryDirectory()
        let model = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("small.safetensors")) { info in
            var config = info["config"] as! [String: Any]
            config["hidden"] = 1  // smaller than the stored weights: every tensor mismatches, over several lines
            info["config"] = config
        }
        expectError(try CLI.run(["predict", "--model", model, "--output", dir.path("f.csv")]), "tensors do not match the parameters")
    }

    @Test func outputsThatCannotBeWrittenAreRefusedBeforeTheWork() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("missing/m.safetensors")] + tiny),
                    "error: --out: cannot write \(dir.path("missing/m.safetensors"))")
        let model = try savedTinyModel(in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", dir.path("f.csv"), "--plot", dir.path("missing/f.svg")]),
                    "error: --plot: cannot write \(dir.path("missing/f.svg"))")
        #expect(!FileManager.default.fileExists(atPath: dir.path("f.csv")), "nothing is written when one output cannot be")
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", dir.url.path]), "error: --output: cannot write \(dir.url.path): it is a folder")
    }

    @Test func backtestStepBelowOne() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        expectError(try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--backtest", "2", "--backtest-step", "0"] + tiny),
                    "the step between origins (--backtest-step) must be a positive number of steps, got 0")
    }

    /// Flags that would change nothing are refused rather than ignored.
    @Test func flagsThatWouldChangeNothing() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        expectError(try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--backtest-step", "3"] + tiny),
                    "the step between origins (--backtest-step) must not be given with --backtest 1, since it needs two or more origins, got 3")
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "6", "--dropout", "0.5", "--out", dir.path("m")] + tiny),
                    "--dropout applies between recurrent layers, so with 1 layer it would change nothing")
        let twoLayers = try CLI.run(["train", "--csv", path, "--horizon", "6", "--dropout", "0.5", "--layers", "2", "--out", dir.path("m")] + tiny)
        #expect(twoLayers.status == 0, "\(twoLayers.err)")
        // tiny holds --validation 0
        let patience = try CLI.run(["train", "--csv", path, "--horizon", "6", "--patience", "5", "--out", dir.path("m")] + tiny)
        expectError(patience, "the patience (--patience) must not be given with --validation 0, since early stopping needs a validation part, got 5")
        #expect(patience.status == 64)
        let calibration = try CLI.run(["train", "--csv", path, "--horizon", "6", "--calibration", "validation", "--out", dir.path("m")] + tiny)
        expectError(calibration, "the interval calibration (--calibration) must not be validation with --validation 0, since it calibrates on the "
                    + "validation part")
        #expect(calibration.status == 64)
        // Without --csv, evaluate runs every built-in series: it used to score the first and then fail on the next.
        let column = try CLI.run(["evaluate", "--column", "passengers"] + tiny)
        expectError(column, "--column passengers needs --csv: without it evaluate runs every built-in series, each with its own columns")
        #expect(column.status == 64 && column.out.isEmpty)
    }

    @Test func checkpointForAnotherColumn() throws {
        let dir = try TemporaryDirectory()
        let a = try CLI.monthly(seasonalValues(60), column: "sales", in: dir, name: "a.csv")
        let b = try CLI.monthly(seasonalValues(60), column: "visits", in: dir, name: "b.csv")
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", a, "--horizon", "3", "--out", model] + tiny)
        #expect(trained.status == 0, "\(trained.err)")
        expectError(try CLI.run(["predict", "--model", model, "--csv", b, "--output", dir.path("f.csv")]),
                    "error: --csv: \(b): no column named 'sales'; the columns are 'date', 'visits'; the model was trained on that column: "
                    + "pass --column to forecast another with it\n")
        // --column names the column to forecast with the model.
        let mapped = try CLI.run(["predict", "--model", model, "--csv", b, "--column", "visits", "--output", dir.path("f.csv")])
        #expect(mapped.status == 0, "\(mapped.err)")
        expectError(try CLI.run(["predict", "--model", model, "--csv", b, "--column", "sales", "--output", dir.path("g.csv")]), "'sales'")
    }

    @Test func noCorporaFolder() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["train", "--horizon", "3", "--out", "m"] + tiny, in: dir.url)
        expectError(r, "corpora/timeseries")
        #expect(r.status == 64, "a usage error, as in char-rnn")
    }
}

@Suite("forecast CLI runs")
struct CLIRunTests {
    @Test func trainPredictWritesCSVAndSVG() throws {
        let dir = try TemporaryDirectory()
        var values: [Double?] = seasonalValues(72)
        values[40] = nil
        let path = try CLI.monthly(values, in: dir)
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "6", "--fill", "interpolate", "--out", model] + tiny)
        #expect(trained.status == 0, "\(trained.err)")
        let out = dir.path("f.csv"), svg = dir.path("f.svg")
        let r = try CLI.run(["predict", "--model", model, "--csv", path, "--fill", "interpolate", "--output", out, "--plot", svg])
        #expect(r.status == 0, "\(r.err)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "date,mean,lower_80,upper_80,lower_95,upper_95")
        #expect(lines.count == 7)
        #expect(lines[1].hasPrefix("2006-01,"))
        let cells = lines[1].split(separator: ",").dropFirst().map { Double($0)! }
        #expect(cells[3] <= cells[1] && cells[1] <= cells[0] && cells[0] <= cells[2] && cells[2] <= cells[4])
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<polygon"))
    }

    /// Without --horizon, train takes the horizon evaluate holds out for the dates (monthly 24), and predict forecasts it; dates that
    /// give none need --horizon (SettingNameTests).
    @Test func trainTakesTheHorizonEvaluateHoldsOut() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let model = dir.path("m.safetensors"), out = dir.path("f.csv")
        let trained = try CLI.run(["train", "--csv", path, "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("season 12, lookback 24, horizon 24, recursive"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model, "--output", out])
        #expect(predicted.status == 0, "\(predicted.err)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 25)
    }

    /// Prices on trading days (weekdays only) are business-daily: a week's season of 5, a horizon of 10 (two weeks),
    /// which evaluate's help lists, and a forecast dated on the weekdays after the last date.
    @Test func tradingDaysAreBusinessDaily() throws {
        let dir = try TemporaryDirectory()
        let rows = zip(businessDates(120), seasonalValues(120)).map { "\($0),\($1),\($1 + 1),123456" }
        let path = try dir.write((["Date,Open,Close,Volume"] + rows).joined(separator: "\n").utf8, to: "stock.csv")
        let evaluated = try CLI.run(["evaluate", "--csv", path] + tiny)
        // The table names the column it took, the first numeric one, and the dates' spacing.
        #expect(evaluated.status == 0 && evaluated.out.hasPrefix("stock, column 'Open' (120 values 1 business day apart, season 5, horizon 10)\n"),
                "\(evaluated.out)\(evaluated.err)")
        let help = try CLI.run(["evaluate", "--help"]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(default: monthly 24, quarterly 8, yearly 11, daily 14, weekly 13, business-daily 10, 6-hourly 8, hourly 48, "
                              + "half-hourly 96, 15-minute 192; spacings under 15 minutes hold out one season, an hour's steps from a minute and "
                              + "a minute's from 250 ms: 10-minute 6, 5-minute 12, 1-minute 60, 10-second 6, 1-second 60, 250-millisecond 240)"), "\(help)")
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--column", "Close", "--horizon", "3", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("season 5"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model])
        // The summary, on standard error beside a forecast on standard output, names the column and the series read.
        #expect(predicted.status == 0 && predicted.err == "wrote 3 steps to standard output, forecasting column 'Close' (120 values 1 business day apart) "
                + "of \(path)\n", "\(predicted.err)")
        #expect(predicted.out.split(separator: "\n").dropFirst().map { $0.prefix(10) } == ["2024-06-17", "2024-06-18", "2024-06-19"])
    }

    /// A CSV as a spreadsheet writes it where the decimal separator is a comma: semicolons between the fields, decimal commas,
    /// a byte-order mark and CRLF line ends. The values are read as numbers, and the forecast is written with points.
    @Test func semicolonsAndDecimalCommas() throws {
        let dir = try TemporaryDirectory()
        let rows = zip(monthlyDates(48), seasonalValues(48)).map { "\($0);\(String(format: "%.2f", $1).replacingOccurrences(of: ".", with: ","))" }
        let path = try dir.write(Array("\u{FEFF}".utf8) + Array((["Monat;Umsatz"] + rows).joined(separator: "\r\n").utf8) + [13, 10], to: "umsatz.csv")
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "2", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("on 'Umsatz' of"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model])
        let first = predicted.out.split(separator: "\n").dropFirst().first.map { $0.split(separator: ",").map(String.init) }
        #expect(predicted.status == 0 && first?.first == "2004-01" && first.map { Double($0[1]) != nil } == true, "\(predicted.out)\(predicted.err)")
    }

    /// German daily dates, day first with dots, under a German column name: evaluate infers daily's horizon and season from them,
    /// and predict continues them in their form.
    @Test func dayFirstDatesWithDots() throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<60).map { CalendarDate("01.01.2020")!.advanced(by: $0, .days(1)).text }
        let cells = zip(rows, seasonalValues(60)).map { "\($0);\(String(format: "%.2f", $1).replacingOccurrences(of: ".", with: ","))" }
        let path = try dir.write((["Datum;Umsatz"] + cells).joined(separator: "\n").utf8, to: "umsatz.csv")
        let evaluated = try CLI.run(["evaluate", "--csv", path] + tiny)
        #expect(evaluated.status == 0 && evaluated.out.hasPrefix("umsatz, column 'Umsatz' (60 values 1 day apart, season 7, horizon 14)\n"),
                "\(evaluated.out)\(evaluated.err)")
        let model = dir.path("m.safetensors")
        #expect(try CLI.run(["train", "--csv", path, "--horizon", "2", "--out", model] + tiny).status == 0)
        let predicted = try CLI.run(["predict", "--model", model])
        #expect(predicted.out.split(separator: "\n").dropFirst().map { $0.prefix(10) } == ["01.03.2020", "02.03.2020"], "\(predicted.out)\(predicted.err)")
    }

    /// Hourly values with a daily cycle: evaluate infers hourly's horizon and season (48 and 24, M4's), train takes the season,
    /// and predict continues the timestamps in their form, across midnight.
    @Test func hourlyTimestamps() throws {
        let dir = try TemporaryDirectory()
        let values = (0..<192).map { 100 + 0.05 * Double($0) + 10 * sin(Double($0) * Double.pi / 12) }
        let rows = zip(timestamps(from: "2020-01-01T00:00:00Z", 192), values).map { "\($0),\(String(format: "%.3f", $1))" }
        let path = try dir.write((["timestamp,load"] + rows).joined(separator: "\n").utf8, to: "hourly.csv")
        let evaluated = try CLI.run(["evaluate", "--csv", path] + tiny)
        #expect(evaluated.status == 0 && evaluated.out.hasPrefix("hourly, column 'load' (192 values 1 hour apart, season 24, horizon 48)\n"),
                "\(evaluated.out)\(evaluated.err)")
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", model] + tiny)
        #expect(trained.status == 0 && trained.out.contains("season 24, lookback 48"), "\(trained.out)\(trained.err)")
        let predicted = try CLI.run(["predict", "--model", model])
        #expect(predicted.status == 0 && predicted.err.hasPrefix("wrote 3 steps to standard output, forecasting column 'load' (192 values 1 hour apart)"),
                "\(predicted.err)")
        #expect(predicted.out.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } } == ["2020-01-09T00:00:00Z", "2020-01-09T01:00:00Z",
                                                                                                     "2020-01-09T02:00:00Z"], "\(predicted.out)")
    }

    @Test func evaluateJSONHasEveryModel() throws {
        let dir = try TemporaryDirectory()
        // A file name with a quote and a backslash: the series name is a JSON string (it was pasted in as it was).
        let path = try CLI.monthly(seasonalValues(72), in: dir, name: "sales \"2000\" \\ all.csv")
        let r = try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--json"] + tiny)
        #expect(r.status == 0, "\(r.err)")
        let objects = try r.out.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(objects.map { $0["model"] as! String } == ["rnn", "naive", "seasonal-naive", "drift", "holt-winters"])
        for o in objects { for key in ["mase", "smape", "rmse", "mae"] { #expect(o[key] is Double) } }
        for o in objects {
            for key in ["coverage", "msis"] { #expect((o[key] as? [String: Double]).map { Array($0.keys).sorted() } == ["80", "95"], "\(key)") }
        }
        #expect(objects.allSatisfy { $0["horizon"] as? Int == 6 && $0["folds"] as? Int == 1 && $0["series"] as? String == "sales \"2000\" \\ all"
                                     && $0["column"] as? String == "value" })
        // Holt-Winters fits a clean trend + season far better than the naive forecast.
        #expect((objects[4]["mase"] as! Double) < (objects[1]["mase"] as! Double))
    }

    /// A file or column name's control characters and line separators reach the JSON lines escaped, not raw, and the
    /// series is still named by the file's name alone.
    @Test func evaluateJSONEscapesControlsInNames() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(60), column: "val\u{9B}2J\u{2028}ue", in: dir, name: "sales\u{85}.csv")
        let r = try CLI.run(["evaluate", "--csv", path, "--horizon", "4", "--json"] + tiny)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(r.status == 0 && lines.count == 5, "\(r.out)\(r.err)")
        for line in lines {
            #expect(line.contains(#""series":"sales\u0085","column":"val\u009b2J\u2028ue""#) && (line + "\n").isOneMessageLine,
                    "\(line)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["column"] as? String == "val\u{9B}2J\u{2028}ue" && object["series"] as? String == "sales\u{85}")
        }
        // The table's title names the series the same way, escaped as messages escape.
        let table = try CLI.run(["evaluate", "--csv", path, "--horizon", "4"] + tiny)
        #expect(table.status == 0 && table.out.hasPrefix(#"sales\u{0085}, column 'val\u{009B}2J\u{2028}ue' (60 values"#), "\(table.out)\(table.err)")
    }

    /// The table names what was held out, and its headers end where their numbers end.
    @Test func evaluateTableSaysWhatWasHeldOut() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let r = try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--backtest", "2"] + tiny)
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "series, column 'value' (72 values 1 month apart, season 12, horizon 6, 2 folds 3 steps apart)")
        let step = try CLI.run(["evaluate", "--csv", path, "--horizon", "6", "--backtest", "2", "--backtest-step", "1"] + tiny)
        #expect(step.status == 0 && step.out.hasPrefix("series, column 'value' (72 values 1 month apart, season 12, horizon 6, 2 folds 1 step apart)\n"),
                "\(step.out)\(step.err)")
        let undated = try dir.write(Array((["level"] + seasonalValues(60).map { "\($0)" }).joined(separator: "\n").utf8), to: "undated.csv")
        let u = try CLI.run(["evaluate", "--csv", undated, "--horizon", "4"] + tiny)
        #expect(u.status == 0 && u.out.hasPrefix("undated, column 'level' (60 values without dates, season 1, horizon 4)\n"), "\(u.out)\(u.err)")
        let header = lines[1], row = lines[2]
        #expect(header.count == row.count, "\(header)\n\(row)")
        let cells = Array(row)
        for name in ["MASE", "sMAPE", "RMSE", "MAE", "cov80", "cov95", "MSIS80", "MSIS95"] {
            let end = header.distance(from: header.startIndex, to: try #require(header.range(of: " " + name)).upperBound)
            #expect(cells[end - 1] != " " && (end == cells.count || cells[end] == " "), "\(name) over its column:\n\(header)\n\(row)")
        }
    }
}
