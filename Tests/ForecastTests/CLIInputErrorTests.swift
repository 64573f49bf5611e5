import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// A monthly series of `n` rows from `seasonalValues`, with row `k` (1-based, after the header) replaced where `edit` says.
func editedMonthly(_ n: Int = 72, in dir: TemporaryDirectory, name: String = "series.csv",
                   _ edit: (inout [String]) -> Void) throws -> String {
    let path = try CLI.monthly(seasonalValues(n), in: dir, name: name)
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    edit(&lines)
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Bad series files: one line naming the file, the row and the problem.
extension CLIErrorTests {
    func train(_ path: String, in dir: TemporaryDirectory, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny + extra)
    }

    @Test func headerWithoutRows() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("date,value\n".utf8, to: "h.csv")
        expectError(try train(path, in: dir), "h.csv: the file has a header but no data rows")
    }

    @Test func oneBadCellIsReportedByRowWhenTheColumnIsDetected() throws {
        let dir = try TemporaryDirectory()
        let path = try editedMonthly(in: dir) { $0[32] = "2002-08,abc" }
        expectError(try train(path, in: dir), "series.csv:33: column 'value': 'abc' is not a number")
    }

    /// A quoted cell with a carriage return and line feed, or an escape sequence, is quoted with them escaped, and so
    /// is any other text of the file the error line shows (a column's name).
    @Test func aCellsControlCharactersAreEscaped() throws {
        let dir = try TemporaryDirectory()
        for (cell, shown) in [("\"1\r\n2\"", #"'1\r\n2'"#), ("1\u{1B}[2J\u{07}x", #"'1\u{1B}[2J\u{07}x'"#)] {
            let path = try editedMonthly(in: dir) { $0[32] = "2002-08,\(cell)" }
            expectError(try train(path, in: dir), "series.csv:33: column 'value': \(shown) is not a number")
        }
        let path = try editedMonthly(in: dir) { lines in
            lines[0] = "date,\"val\r\nue\u{1B}[2J\""
            lines[32] = "2002-08,abc"
        }
        expectError(try train(path, in: dir), #"series.csv:34: column 'val\r\nue\u{1B}[2J': 'abc' is not a number"#)
        // The summary of a run, and evaluate's table, name the column the same way (a line feed of its own too).
        let named = try editedMonthly(in: dir) { $0[0] = "date,\"val\r\nu\ne\u{1B}[2J\"" }
        let trained = try train(named, in: dir)
        #expect(trained.status == 0 && trained.out.contains(#"on 'val\r\nu\ne\u{1B}[2J' of "#) && trained.out.isOneMessageLine,
                "\(trained.out)\(trained.err)")
        let evaluated = try CLI.run(["evaluate", "--csv", named, "--horizon", "3"] + tiny)
        let title = evaluated.out.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        #expect(evaluated.status == 0 && title.hasPrefix(#"series, column 'val\r\nu\ne\u{1B}[2J' ("#) && (title + "\n").isOneMessageLine,
                "\(evaluated.out)\(evaluated.err)")
    }

    /// NaN and NA cells are what --fill fills: their errors say so, as an empty cell's does.
    @Test func missingValueMarkersPointToFill() throws {
        let dir = try TemporaryDirectory()
        for (cell, problem) in [("NaN", "'NaN' is not finite; expected a finite number"), ("NA", "'NA' is not a number")] {
            let path = try editedMonthly(in: dir) { $0[32] = "2002-08,\(cell)" }
            expectError(try train(path, in: dir), "series.csv:33: column 'value': \(problem); to fill such cells, interpolate the gaps: --fill interpolate")
        }
    }

    @Test func quotedCommasSurviveInterpolation() throws {
        let dir = try TemporaryDirectory()
        let path = try editedMonthly(in: dir) { lines in
            lines[0] += ",note"
            for k in 1..<lines.count { lines[k] += k % 3 == 0 ? ",\"checked, NA\"" : ",ok" }
            lines[5] = "2000-05,NA,\"a, b\""
        }
        let r = try train(path, in: dir, ["--fill", "interpolate"])
        #expect(r.status == 0, "\(r.err)")
    }

    @Test func interpolatingAnEmptyColumnSaysItIsEmpty() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(Array(repeating: nil, count: 30), in: dir)
        expectError(try train(path, in: dir, ["--fill", "interpolate"]), "column 'value' has no values: every cell is empty or missing")
    }

    @Test func datesMustIncreaseInOneForm() throws {
        let dir = try TemporaryDirectory()
        // Newest first is read in reverse (see SeriesDatesTests); two rows out of order are refused.
        let swapped = try editedMonthly(in: dir, name: "r.csv") { $0 = [$0[0]] + $0[1..<3].reversed() + $0[3...] }
        expectError(try train(swapped, in: dir), "r.csv:3: date '2000-01' does not come after the previous date '2000-02'")
        let repeated = try editedMonthly(in: dir, name: "d.csv") { $0[11] = $0[10] }
        expectError(try train(repeated, in: dir), "d.csv:12: date '2000-10' repeats the previous date")
        let mixed = try editedMonthly(in: dir, name: "x.csv") { lines in
            for k in stride(from: 2, to: lines.count, by: 2) { lines[k] = lines[k].replacingOccurrences(of: ",", with: "-01,") }
        }
        expectError(try train(mixed, in: dir), "x.csv:3: date '2000-02-01' is not in the form of the first date '2000-01'")
    }

    @Test func trainAndPredictAgreeOnUnnamedColumns() throws {
        let dir = try TemporaryDirectory()
        let path = try editedMonthly(in: dir) { $0[0] = "," }
        expectError(try train(path, in: dir), "series.csv: column 2, the one to forecast, has no name in the header")
        expectError(try train(path, in: dir, ["--column", ""]), "series.csv: column 1, the one to forecast, has no name in the header")
        // A checkpoint for a column without a name (as train wrote before) is refused the same way.
        let model = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("unnamed.safetensors")) { $0["column"] = "" }
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", dir.path("f.csv")]),
                    "series.csv: column 1, the one to forecast, has no name in the header")
        let twice = try editedMonthly(in: dir, name: "t.csv") { lines in
            lines[0] = "date,value,value"
            for k in 1..<lines.count { lines[k] += ",1" }
        }
        expectError(try train(twice, in: dir), "column 2, the one to forecast, shares its name 'value' with another column")
    }
}

/// Series that cannot be scaled: the error names the file and says why (too few rows, overflow, constant).
extension CLIErrorTests {
    @Test func unscalableSeriesSayWhy() throws {
        let dir = try TemporaryDirectory()
        let oneRow = try CLI.monthly([5], in: dir, name: "one.csv")
        expectError(try train(oneRow, in: dir), "one.csv: the series has 1 value; lookback 20 + 1 target step needs at least 21")
        let huge = try CLI.monthly((0..<72).map { $0 % 2 == 0 ? 1.7e308 : -1.7e308 }, in: dir, name: "huge.csv")
        expectError(try train(huge, in: dir), "\(huge): column 'value': values as large as 1.7e+308 overflow standard scaling")
        let mixed = try CLI.monthly((0..<72).map { Double($0 % 3 - 1) * 1e300 }, in: dir, name: "mixed.csv")
        expectError(try train(mixed, in: dir), "\(mixed): column 'value': values as large as 1e+300 overflow standard scaling")
        for value in [7, 0.1, 3.3, 0] {
            let constant = try CLI.monthly(Array(repeating: value, count: 72), in: dir, name: "c.csv")
            expectError(try train(constant, in: dir), "\(constant): column 'value' is constant on the training part; "
                        + "standard scaling would divide by zero; scale by nothing: --scaling none")
        }
        // evaluate has nothing to forecast (nor a MASE) on a constant training part, whatever the scaling: it says so,
        // rather than to scale by nothing, which led to this message.
        let flat = try CLI.monthly(Array(repeating: 3, count: 72), column: "sales", in: dir, name: "flat.csv")
        for scaling in ["standard", "none"] {
            expectError(try CLI.run(["evaluate", "--csv", flat, "--horizon", "3", "--backtest", "1", "--scaling", scaling] + tiny),
                        "\(flat): the training part holds one value throughout, so there is nothing to forecast")
        }
    }
}

/// CSV files that do not parse as the text they seem: one line naming the file and where.
extension CLIErrorTests {
    @Test func aForecastPastTheYear9999IsRefused() throws {
        let dir = try TemporaryDirectory()
        let trained = try train(try CLI.monthly(seasonalValues(72), in: dir), in: dir)
        #expect(trained.status == 0, "\(trained.err)")
        let end = 9999 * 12 + 9  // 9999-10, in months since year 0
        let rows = zip((end - 71...end).map { String(format: "%04d-%02d", $0 / 12, $0 % 12 + 1) }, seasonalValues(72)).map { "\($0),\($1)" }
        let late = try dir.write((["date,value"] + rows).joined(separator: "\n").utf8, to: "late.csv")
        let run = try CLI.run(["predict", "--model", dir.path("m"), "--csv", late, "--output", dir.path("f.csv")])
        expectError(run, "the horizon (--horizon) must end the forecast by the year 9999, got 3, which ends it at 10000-01")
        #expect(!FileManager.default.fileExists(atPath: dir.path("f.csv")))
    }

    @Test func quotesDoNotPairUpAcrossLines() throws {
        let dir = try TemporaryDirectory()
        let path = try editedMonthly(in: dir) { lines in
            for k in 1..<lines.count { lines[k] = lines[k].replacingOccurrences(of: ",", with: ",\"oops,") }
        }
        expectError(try train(path, in: dir), "series.csv:3: text follows the closing quote of a quoted field that opened on line 2")
        #expect(!FileManager.default.fileExists(atPath: dir.path("m")))
    }

    @Test func filesThatAreNotUTF8AreNamedAsSuch() throws {
        let dir = try TemporaryDirectory()
        let text = try String(contentsOfFile: try CLI.monthly(seasonalValues(60), in: dir), encoding: .utf8)
        let utf16 = try dir.write([0xFF, 0xFE] + text.data(using: .utf16LittleEndian)!, to: "utf16.csv")
        expectError(try train(utf16, in: dir), "utf16.csv: a UTF-16 byte-order mark at byte offset 0: the file is UTF-16 or binary; it must be UTF-8 text")
        let latin1 = try dir.write(text.replacingOccurrences(of: "value", with: "caf\u{E9}").data(using: .isoLatin1)!, to: "latin1.csv")
        // The usual reason, a file saved in Latin-1 or Windows-1252, comes with the command that converts it.
        expectError(try train(latin1, in: dir), "latin1.csv: invalid UTF-8 at byte offset 8; expected UTF-8 text (a text in Latin-1 or Windows-1252 "
                    + "converts with iconv -f WINDOWS-1252 -t UTF-8)")
    }
}
