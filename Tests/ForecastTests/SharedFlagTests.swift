import Foundation
import Testing
import _ForecastTestSupport
import _TestSupport

/// The flags both `char-rnn train` and `forecast train` take accept the same values and refuse the others in the same words.
@Suite("flags shared with char-rnn")
struct SharedFlagTests {
    /// `char-rnn train` with `flags` on a small text, and `forecast train` with them on a small series: each one's status
    /// and standard error without its `<command>: ` prefix.
    func bothTrain(_ flags: [String]) throws -> [(status: Int32, message: String)] {
        let dir = try TemporaryDirectory()
        let c = try ExecutableRun(running: "char-rnn", CharRNNRuns.tinyTraining(on: try CharRNNRuns.text(in: dir), in: dir) + flags)
        let f = try CLI.run(["train", "--csv", try CLI.monthly(seasonalValues(60), in: dir), "--horizon", "2",
                             "--out", dir.path("m.safetensors")] + tiny + flags)
        return [(c.status, String(c.stderr.trimmingPrefix("char-rnn: "))), (f.status, String(f.err.trimmingPrefix("forecast: ")))]
    }

    /// Values out of range, and flags that would change nothing, are refused in one wording (exit 64).
    @Test(arguments: [
        (["--hidden", "0"], "the hidden size (--hidden) must be positive, got 0"),
        (["--layers", "0"], "the number of layers (--layers) must be positive, got 0"),
        (["--batch-size", "0"], "the batch size (--batch-size) must be positive, got 0"),
        (["--max-epochs", "0"], "the epoch limit (--max-epochs) must be positive, got 0"),
        (["--validation", "0.2", "--patience", "0"], "the patience (--patience) must be positive, got 0"),
        (["--layers", "2", "--dropout", "1"], "the dropout probability (--dropout) must be in [0, 1), got 1.0"),
        (["--layers", "1", "--dropout", "0.5"], "--dropout applies between recurrent layers, so with 1 layer it would change nothing"),
        // Out of range, a dropout is that whatever the layers (it was refused as one that would change nothing).
        (["--layers", "1", "--dropout", "1.5"], "the dropout probability (--dropout) must be in [0, 1), got 1.5"),
        (["--layers", "1", "--dropout", "inf"], "the dropout probability (--dropout) must be in [0, 1), got inf"),
        (["--clip-norm", "-1"], "the gradient-norm clip (--clip-norm) must be a finite number ≥ 0 (0 for no clipping), got -1.0"),
        (["--clip-norm", "nan"], "the gradient-norm clip (--clip-norm) must be a finite number ≥ 0 (0 for no clipping), got nan"),
        // Finite as a Double but infinite as the Float training clips in (which would silently not clip at all).
        (["--clip-norm", "1e300"], "the gradient-norm clip (--clip-norm) must be at most 3.4028235e+38, the largest Float "
            + "(the type training works in), got 1e+300"),
    ])
    func aBadValueIsRefusedInOneWording(flags: [String], message: String) throws {
        for run in try bothTrain(flags) { #expect(run.status == 64 && run.message == "error: \(message)\n", "\(flags): \(run.message)") }
    }

    /// A rate of 0 is a rate, as in PyTorch's optimizers; a negative one, or one beyond Float's range, is refused by one check, in one wording.
    @Test func aLearningRateOfZeroIsTakenAndANegativeOneRefusedAlike() throws {
        for run in try bothTrain(["--lr", "0"]) { #expect(run.status == 0, "\(run.message)") }
        for run in try bothTrain(["--lr", "-1"]) {
            #expect(run.status == 64 && run.message == "error: the learning rate (--lr) must be a finite number ≥ 0, got -1.0\n", "\(run.message)")
        }
        // Finite as a Double but infinite as the Float training works in: a flag's value out of range, not a run that diverges.
        for run in try bothTrain(["--lr", "1e300"]) {
            #expect(run.status == 64 && run.message == "error: the learning rate (--lr) must be at most 3.4028235e+38, the largest Float "
                    + "(the type training works in), got 1e+300\n", "\(run.message)")
        }
    }
}
