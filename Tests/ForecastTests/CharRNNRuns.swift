import Foundation
import _TestSupport

/// The char-rnn runs of the tests that hold the two tools side by side.
enum CharRNNRuns {
    /// A text of 352 characters, written to `t.txt` in `dir`; returns its path.
    static func text(in dir: TemporaryDirectory) throws -> String {
        try dir.write(Array(String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 8).utf8), to: "t.txt")
    }

    /// The arguments of a 2-update `char-rnn train` of a tiny model on `text`, its checkpoints in `dir`'s folder `ck`.
    static func tinyTraining(on text: String, in dir: TemporaryDirectory) -> [String] {
        ["train", "--data", text, "--checkpoint-dir", dir.path("ck"), "--hidden", "8", "--seq-length", "8", "--batch-size", "2",
         "--max-steps", "2", "--quiet"]
    }
}
