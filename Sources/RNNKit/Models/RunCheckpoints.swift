import RNNCore

/// Where a training run writes its checkpoints, `latest.safetensors` and `best.safetensors`, and which of them it has
/// written: a run that may not replace other files still replaces its own.
final class RunCheckpoints {
    /// The paths of the two files.
    let latest: String, best: String
    /// Whether a file the run has not written itself may be replaced.
    let replacingOthers: Bool
    private var written: Set<String> = []

    /// The checkpoints of a run in `directory`.
    init(directory: String, replacingOthers: Bool) {
        (latest, best) = LanguageModelCheckpoint.runFiles(in: directory)
        self.replacingOthers = replacingOthers
    }

    /// Writes `checkpoint` to `path` (``latest`` or ``best``): over the run's own file, over another only when ``replacingOthers``.
    /// - Throws: ``FileExistsError`` for another file at `path` when not ``replacingOthers``, naming where the
    ///   checkpoint was kept instead; ``AtomicFileError``.
    func write(_ checkpoint: LanguageModelCheckpoint, to path: String) throws {
        try checkpoint.write(to: path, replacing: replacingOthers || written.contains(path))
        written.insert(path)
    }
}
