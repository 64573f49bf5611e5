import ArgumentParser
import RNNCore

/// `--threads`, as both command lines take it.
public enum ThreadCount {
    /// Refuses a count outside 1...``computeThreadLimit``.
    /// - Throws: `ValidationError` (a usage error).
    public static func require(_ threads: Int) throws {
        guard (1...computeThreadLimit).contains(threads) else {
            throw ValidationError("the number of compute threads (--threads) must be from 1 to \(computeThreadLimit), got \(threads)")
        }
    }
}
