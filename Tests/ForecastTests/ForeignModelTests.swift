import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// A model file of the other tool is refused saying what it is and which command reads it, by every command that reads a
/// model, after the flag that named it.
@Suite struct ForeignModelTests {
    @Test func charRNNRefusesAForecastModelSayingWhatItIs() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let text = try CharRNNRuns.text(in: dir)
        let what = "\(model): a forecast model, which `forecast predict --model` reads, not a language-model checkpoint"
        for (flag, arguments) in [("--checkpoint", ["sample", "--checkpoint", model]),
                                  ("--checkpoint", ["evaluate", "--checkpoint", model, "--data", text]),
                                  ("--init-from", ["train", "--data", text, "--init-from", model, "--checkpoint-dir", dir.path("ck")]),
                                  ("--resume", ["train", "--resume", model, "--checkpoint-dir", dir.path("ck")])] {
            let run = try ExecutableRun(running: "char-rnn", arguments, in: dir.url)
            #expect(run.status == 1 && run.stderr.hasPrefix("char-rnn: error: \(flag): \(what)"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.isOneMessageLine, "\(run.stderr)")
        }
    }

    @Test func forecastRefusesACharRNNCheckpointSayingWhatItIs() throws {
        let dir = try TemporaryDirectory()
        let text = try CharRNNRuns.text(in: dir)
        let trained = try ExecutableRun(running: "char-rnn", CharRNNRuns.tinyTraining(on: text, in: dir), in: dir.url)
        #expect(trained.status == 0, "\(trained.stderr)")
        let checkpoint = dir.path("ck/latest.safetensors")
        let run = try CLI.run(["predict", "--model", checkpoint, "--csv", try CLI.monthly(seasonalValues(60), in: dir)])
        #expect(run.status == 1 && run.err.hasPrefix("forecast: error: --model: \(checkpoint): not a usable forecast checkpoint (it is a char-rnn "
                                                      + "checkpoint, which `char-rnn sample --checkpoint`, `evaluate` and `train` read"), "\(run.err)")
    }
}
