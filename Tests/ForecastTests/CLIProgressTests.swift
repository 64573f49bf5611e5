import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// `forecast train`, `evaluate` and `predict` draw a live progress line on a terminal, erased at the end; elsewhere they
/// print nothing more than before, unless `--verbose`.
@Suite("forecast progress")
struct CLIProgressTests {
    /// Long enough in a debug build (a second or more) for the live line, drawn at most 10 times a second.
    static let settings = ["--hidden", "8", "--ensemble", "2", "--max-epochs", "40", "--patience", "40", "--validation", "0.2", "--threads", "2"]

    /// A series of 120 monthly values in `dir`; its path.
    func series(in dir: TemporaryDirectory) throws -> String { try CLI.monthly(seasonalValues(120), in: dir) }

    /// The terminal's output as the pieces the live line writes: each starts with carriage return and erase-line.
    func liveLines(_ output: String) -> [Substring] { output.split(separator: "\r\u{1B}[K", omittingEmptySubsequences: false) }

    @Test func aTerminalGetsALiveLineErasedAtTheEnd() throws {
        let dir = try TemporaryDirectory()
        let r = try Terminal.run(CLI.process(["train", "--csv", try series(in: dir), "--horizon", "3", "--out", dir.path("m.safetensors")] + Self.settings))
        #expect(r.status == 0, "\(r.output)")
        let pieces = liveLines(r.output)
        // Nothing but the live line, redrawn in place, and erased last: the summary goes to standard output as before.
        #expect(pieces.first == "" && pieces.last == "" && !r.output.contains("\n"), "\(r.output.debugDescription)")
        #expect(pieces.contains { $0.hasPrefix("early stopping: epoch ") && $0.contains(" of at most 40, validation MAE ") }, "\(pieces)")
        #expect(pieces.dropFirst().dropLast().allSatisfy { $0.hasPrefix("early stopping: epoch ") || $0.hasPrefix("members: ") }, "\(pieces)")
    }

    /// With --verbose, the lines of what training chose close the live line; --quiet draws none.
    @Test func verboseLinesCloseTheLiveLineAndQuietDrawsNone() throws {
        let dir = try TemporaryDirectory()
        let train = ["train", "--csv", try series(in: dir), "--horizon", "3"] + Self.settings
        let verbose = try Terminal.run(CLI.process(train + ["--out", dir.path("v.safetensors"), "--verbose"]))
        #expect(verbose.status == 0)
        #expect(verbose.output.contains("\r\u{1B}[Kvalidation: best H-step MAE ") && verbose.output.contains("\r\u{1B}[Ktrained 2 members for "),
                "\(verbose.output.debugDescription)")
        let quiet = try Terminal.run(CLI.process(train + ["--out", dir.path("q.safetensors"), "--quiet"]))
        #expect(quiet.status == 0 && quiet.output.isEmpty, "\(quiet.output.debugDescription)")
        let both = try Terminal.run(CLI.process(train + ["--out", dir.path("b.safetensors"), "--quiet", "--verbose"]))
        #expect(both.status == 0 && !both.output.contains("\u{1B}") && both.output.contains("validation: best H-step MAE "))
    }

    /// An evaluation's line names the backtest fold.
    @Test func anEvaluationNamesItsFold() throws {
        let dir = try TemporaryDirectory()
        let r = try Terminal.run(CLI.process(["evaluate", "--csv", try series(in: dir), "--horizon", "3", "--backtest", "2"] + Self.settings))
        #expect(r.status == 0, "\(r.output)")
        let pieces = liveLines(r.output)
        #expect(pieces.contains { $0.hasPrefix("fold 1 of 2, ") } && pieces.contains { $0.hasPrefix("fold 2 of 2, ") }, "\(pieces)")
        #expect(pieces.last == "" && !r.output.contains("\n"))
    }

    /// A long forecast's line counts the steps of the members' sample paths.
    @Test func aLongForecastCountsItsSteps() throws {
        let dir = try TemporaryDirectory()
        let model = dir.path("m.safetensors")
        let trained = try CLI.run(["train", "--csv", try series(in: dir), "--horizon", "3", "--out", model] + tiny + ["--ensemble", "2"])
        #expect(trained.status == 0, "\(trained.err)")
        let predict = ["predict", "--model", model, "--horizon", "400", "--output", dir.path("f.csv")]
        let r = try Terminal.run(CLI.process(predict))
        #expect(r.status == 0, "\(r.output)")
        let pieces = liveLines(r.output)
        #expect(pieces.contains { $0.hasPrefix("forecasting: ") && $0.contains(" of 800 steps (2 networks × 400), ETA ") }, "\(pieces)")
        #expect(pieces.first == "" && pieces.last == "" && !r.output.contains("\n"))
        let quiet = try Terminal.run(CLI.process(predict + ["--quiet"]))
        #expect(quiet.status == 0 && quiet.output.isEmpty, "\(quiet.output.debugDescription)")
    }

    /// Not on a terminal: no progress, nothing new on standard error; with --verbose only what training chose
    /// (plain progress lines come every 10 seconds, after this run ends).
    @Test func aFileGetsNoProgress() throws {
        let dir = try TemporaryDirectory()
        let train = ["train", "--csv", try series(in: dir), "--horizon", "3"] + Self.settings
        let plain = try CLI.run(train + ["--out", dir.path("p.safetensors")])
        #expect(plain.status == 0 && plain.err.isEmpty, "\(plain.err)")
        let verbose = try CLI.run(train + ["--out", dir.path("v.safetensors"), "--verbose"])
        #expect(verbose.status == 0 && !verbose.err.contains("\r") && !verbose.err.contains("\u{1B}"))
        #expect(verbose.err.split(separator: "\n").map { $0.prefix(11) } == ["validation:", "trained 2 m"], "\(verbose.err)")
    }
}
