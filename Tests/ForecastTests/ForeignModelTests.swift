import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// A model file of the other tool is refused saying what it is and which command reads it, by every command that reads a
/// model, after the flag that named it.
@Suite struct ForeignModelTests {
    func charRNN(_ arguments: [String], in dir: TemporaryDirectory) throws -> ExecutableRun {
        let process = Process()
        process.executableURL = builtExecutable("char-rnn")
        process.arguments = arguments
        process.currentDirectoryURL = dir.url
        return try ExecutableRun(process)
    }

    @Test func charRNNRefusesAForecastModelSayingWhatItIs() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let text = try dir.write(Array(String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 8).utf8), to: "t.txt")
        let what = "\(model): a forecast model, which `forecast predict --model` reads, not a language-model checkpoint"
        for (flag, arguments) in [("--checkpoint", ["sample", "--checkpoint", model]),
                                  ("--checkpoint", ["evaluate", "--checkpoint", model, "--data", text]),
                                  ("--init-from", ["train", "--data", text, "--init-from", model, "--checkpoint-dir", dir.path("ck")]),
                                  ("--resume", ["train", "--resume", model, "--checkpoint-dir", dir.path("ck")])] {
            let run = try charRNN(arguments, in: dir)
            #expect(run.status == 1 && run.stderr.hasPrefix("char-rnn: error: \(flag): \(what)"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
    }

    @Test func forecastRefusesACharRNNCheckpointSayingWhatItIs() throws {
        let dir = try TemporaryDirectory()
        let text = try dir.write(Array(String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 8).utf8), to: "t.txt")
        let trained = try charRNN(["train", "--data", text, "--checkpoint-dir", dir.path("ck"), "--hidden", "8", "--seq-length", "8",
                                   "--batch-size", "2", "--max-steps", "2", "--quiet"], in: dir)
        #expect(trained.status == 0, "\(trained.stderr)")
        let checkpoint = dir.path("ck/latest.safetensors")
        let run = try CLI.run(["predict", "--model", checkpoint, "--csv", try CLI.monthly(seasonalValues(60), in: dir)])
        #expect(run.status == 1 && run.err.hasPrefix("forecast: error: --model: \(checkpoint): not a usable forecast checkpoint (it is a char-rnn "
                                                      + "checkpoint, which `char-rnn sample --checkpoint`, `evaluate` and `train` read"), "\(run.err)")
    }
}
