import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Ctrl-C (SIGINT) or SIGTERM during `forecast train` or `evaluate` abandons training, and during `predict` the forecast:
/// nothing is saved or written, no file is left behind, the live line is erased, one line says so, and the exit status is
/// 128 + the signal's number.
@Suite("forecast interrupted")
struct CLIInterruptTests {
    /// Many members on updates of one window each, at a rate small enough that every epoch improves the validation
    /// score (so that the members train all 3): their training takes several seconds in a debug build, where early
    /// stopping takes a fraction of one, so a signal sent when the verbose line after early stopping appears comes
    /// while the members train.
    static let settings = ["--hidden", "8", "--ensemble", "40", "--batch-size", "1", "--max-epochs", "3", "--patience", "3",
                           "--validation", "0.2", "--lr", "1e-4", "--threads", "2", "--verbose"]

    /// Runs `forecast arguments...` (with ``settings`` unless given others) in `dir` and sends it `signal` once its
    /// standard error (kept outside `dir`) has `mark`: by default, once it says that early stopping is done.
    func interrupted(_ arguments: [String], settings: [String] = settings, in dir: TemporaryDirectory, by signal: Int32,
                     once mark: String = "validation: best") throws -> ExecutableRun {
        let outside = try TemporaryDirectory()
        let stderr = try outside.write([], to: "stderr")
        let run = try ExecutableRun.signalled(CLI.process(arguments + settings, in: dir.url), stderr: stderr, once: {
            (try? String(contentsOfFile: stderr, encoding: .utf8))?.contains(mark) == true
        }, then: { kill($0.processIdentifier, signal) })
        var finished = run
        finished.stderr = try String(contentsOfFile: stderr, encoding: .utf8)
        return finished
    }

    @Test func anInterruptedTrainingSavesNothingAndLeavesNoFile() throws {
        let dir = try TemporaryDirectory()
        _ = try CLI.monthly(seasonalValues(200), in: dir)
        let run = try interrupted(["train", "--csv", "series.csv", "--horizon", "3", "--out", "m.safetensors"], in: dir, by: SIGINT)
        #expect(run.exited && run.status == 130, "\(run.exited ? "exit" : "signal") \(run.status): \(run.stderr)")
        #expect(run.stderr.hasSuffix("\nforecast: interrupted; nothing was saved\n") && run.stdout.isEmpty, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["series.csv"])
    }

    /// Retraining over a model with `--overwrite`, interrupted while the members train: the model already there stays
    /// as it was, byte for byte, and no temporary file is left beside it.
    @Test func anInterruptedRetrainingKeepsTheModelItWouldReplace() throws {
        let dir = try TemporaryDirectory()
        _ = try CLI.monthly(seasonalValues(200), in: dir)
        let old = Data("the model trained before".utf8)
        try dir.write(old, to: "m.safetensors")
        let run = try interrupted(["train", "--csv", "series.csv", "--horizon", "3", "--out", "m.safetensors", "--overwrite"], in: dir, by: SIGINT)
        #expect(run.exited && run.status == 130, "\(run.exited ? "exit" : "signal") \(run.status): \(run.stderr)")
        #expect(run.stderr.hasSuffix("\nforecast: interrupted; nothing was saved\n") && run.stdout.isEmpty, "\(run.stderr)")
        #expect(try Data(contentsOf: dir.file("m.safetensors")) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["m.safetensors", "series.csv"])
    }

    /// A signal sent once the last member is trained, as the model is about to be written or while it is: the run exits
    /// 130 with either nothing saved (and the line that says so) or the whole model saved (and the summary that says so),
    /// never a part of a file or a temporary one. A run that ended before the signal checks nothing, and is tried again;
    /// so does one the signal ended by its default action once the model was saved and the handler given back (the
    /// few instructions before the exit), whose model must be whole.
    @Test func aSignalAsTheModelIsWrittenSavesItWholeOrNotAtAll() throws {
        var checked = 0
        for _ in 0..<8 where checked < 3 {
            let dir = try TemporaryDirectory()
            _ = try CLI.monthly(seasonalValues(60), in: dir)
            let run = try interrupted(["train", "--csv", "series.csv", "--horizon", "3", "--out", "m.safetensors"], settings: tiny + ["--verbose"],
                                      in: dir, by: SIGINT, once: "trained 1 member for ")
            if !run.exited && run.status == SIGINT {
                #expect(try ForecastCheckpoint(contentsOf: dir.path("m.safetensors")).model.config.horizon == 3, "\(run.stderr)")
                continue
            }
            guard run.status != 0 else { continue }
            checked += 1
            #expect(run.exited && run.status == 130, "\(run.exited ? "exit" : "signal") \(run.status): \(run.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
            if files == ["series.csv"] {
                #expect(run.stderr.hasSuffix("\nforecast: interrupted; nothing was saved\n") && run.stdout.isEmpty, "\(run.stderr)")
            } else {
                #expect(files == ["m.safetensors", "series.csv"])
                #expect(run.stdout.hasSuffix("; saved m.safetensors\n") && !run.stderr.contains("interrupted"), "\(run.stdout)\(run.stderr)")
                #expect(try ForecastCheckpoint(contentsOf: dir.path("m.safetensors")).model.config.horizon == 3)
            }
        }
        #expect(checked > 0, "every run ended before its signal")
    }

    @Test func aTerminatedEvaluationPrintsNoScores() throws {
        let dir = try TemporaryDirectory()
        _ = try CLI.monthly(seasonalValues(200), in: dir)
        let run = try interrupted(["evaluate", "--csv", "series.csv", "--horizon", "3"], in: dir, by: SIGTERM)
        #expect(run.exited && run.status == 143, "\(run.exited ? "exit" : "signal") \(run.status): \(run.stderr)")
        #expect(run.stderr.hasSuffix("\nforecast: interrupted; nothing was saved\n") && run.stdout.isEmpty, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["series.csv"])
    }

    /// A long forecast (in a debug build, several seconds) signalled once its live line counts steps: no forecast, no
    /// chart, no temporary file, and the line erased before the one that says so.
    @Test(arguments: zip([SIGINT, SIGTERM], [Int32(130), 143]))
    func anInterruptedForecastWritesNothing(signal: Int32, status: Int32) throws {
        let dir = try TemporaryDirectory()
        _ = try CLI.monthly(seasonalValues(60), in: dir)
        let trained = try CLI.run(["train", "--csv", "series.csv", "--horizon", "3", "--out", "m.safetensors"] + tiny, in: dir.url)
        #expect(trained.status == 0, "\(trained.err)")
        let predict = ["predict", "--model", "m.safetensors", "--horizon", "1000", "--output", "f.csv", "--plot", "f.svg"]
        let run = try Terminal.signalled(CLI.process(predict, in: dir.url), once: { $0.contains("forecasting: ") },
                                         then: { kill($0.processIdentifier, signal) })
        #expect(run.status == status, "\(run.output.debugDescription)")
        #expect(run.output.hasSuffix("\r\u{1B}[Kforecast: interrupted; nothing was written\r\n"), "\(run.output.debugDescription)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["m.safetensors", "series.csv"])
    }
}
