import ArgumentParser
import Foundation
import RNNCore

/// `--overwrite`, as both command lines take it. A trained model is what a whole run made, so `char-rnn train` and
/// `forecast train` do not replace one that is already there unless given the flag; what a command makes from a
/// model in seconds (a forecast, a chart, a log) is replaced as a shell's `>` replaces a file.
public enum Overwrite {
    /// The help of `--overwrite`: "Let this run replace `what` (refused otherwise)."
    public static func help(replacing what: String) -> ArgumentHelp {
        ArgumentHelp("Let this run replace \(what) (refused otherwise).")
    }

    /// The usage error refusing to replace what `existing` says is there: "`existing`, which this run would replace;
    /// `alternatives`, or pass --overwrite".
    public static func refusal(_ existing: String, otherwise alternatives: [String]) -> UsageError {
        UsageError("\(existing), which this run would replace; " + alternatives.map { $0 + ", " }.joined() + "or pass --overwrite")
    }

    /// Refuses, unless `overwrite`, to write a model over the file `path` names (a link followed). A device or pipe
    /// (`/dev/null`) is written in place, not replaced, and a folder is refused when it is written.
    /// - Throws: ``UsageError`` naming `flag` and `--overwrite`.
    public static func requireNoFile(_ path: String, flag: String, overwrite: Bool) throws {
        var isFolder: ObjCBool = false
        guard !overwrite, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
              !AtomicFile.isStream(path) else { return }
        throw refusal("\(flag) \(path) names an existing file", otherwise: ["give another \(flag)"])
    }
}
