import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// `--csv -` reads standard input, and every line that names the series calls it that, not /dev/stdin.
extension CLIErrorTests {
    @Test func anEmptyOrMalformedStandardInputIsNamedAsSuch() throws {
        let dir = try TemporaryDirectory()
        let arguments = ["train", "--csv", "-", "--horizon", "3", "--out", dir.path("m")] + tiny
        let empty = try CLI.run(arguments, stdin: Data())
        #expect(empty.status == 1 && empty.err == "forecast: error: --csv: standard input: the file is empty\n", "\(empty.err)")
        let malformed = try CLI.run(arguments, stdin: Data("date,value\n2000-01,1\n2000-02,x\n".utf8))
        #expect(malformed.status == 1 && malformed.err == "forecast: error: --csv: standard input:3: column 'value': 'x' is not a number\n",
                "\(malformed.err)")
        // A file given by name is named by its path, as before.
        let path = try dir.write(Data(), to: "empty.csv")
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")] + tiny), "error: --csv: \(path): the file is empty")
    }

    /// A chosen calendar cycle that does not fit a series read from standard input names it as such.
    @Test func aMisfitCycleNamesStandardInput() throws {
        let dir = try TemporaryDirectory()
        let csv = try Data(contentsOf: URL(fileURLWithPath: try CLI.monthly(seasonalValues(60), in: dir)))
        let r = try CLI.run(["train", "--csv", "-", "--horizon", "2", "--calendar-cycles", "day-of-week", "--out", dir.path("m")] + tiny, stdin: csv)
        #expect(r.status == 64 && r.err.hasPrefix("forecast: error: standard input: the calendar cycle day-of-week (--calendar-cycles) "), "\(r.err)")
    }

    /// The summary of predict and the series evaluate scores (its JSON's `series`) name standard input, as train's summary
    /// does (``aModelTrainedOnStandardInputRecordsNoSource()``).
    @Test func aSeriesFromStandardInputIsNamedAsSuchInSummaries() throws {
        let dir = try TemporaryDirectory()
        let csv = try Data(contentsOf: URL(fileURLWithPath: try CLI.monthly(seasonalValues(60), in: dir)))
        let predicted = try CLI.run(["predict", "--model", try savedTinyModel(in: dir), "--csv", "-", "--output", dir.path("f.csv")], stdin: csv)
        #expect(predicted.status == 0, "\(predicted.err)")
        #expect(predicted.out.hasSuffix("of standard input\n"), "\(predicted.out)")
        let evaluated = try CLI.run(["evaluate", "--csv", "-", "--horizon", "2", "--json", "--quiet"] + tiny, stdin: csv)
        #expect(evaluated.status == 0, "\(evaluated.err)")
        let first = try #require(evaluated.out.split(separator: "\n").first)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(row["series"] as? String == "standard input", "\(first)")
    }
}
