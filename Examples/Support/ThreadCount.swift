import ArgumentParser

/// `--threads`, as both command lines take it.
public enum ThreadCount {
    /// Refuses a count outside 1...`limit` (RNNKit's `computeThreadLimit`).
    /// - Throws: `ValidationError` (a usage error).
    public static func require(_ threads: Int, limit: Int) throws {
        guard (1...limit).contains(threads) else { throw ValidationError("--threads must be from 1 to \(limit), got \(threads)") }
    }
}
