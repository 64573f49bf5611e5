import CommandLineSupport
import RNNKit

/// Draws the progress of `forecast train`, `evaluate` and `predict` on standard error: on a terminal, a live line that
/// says which phase training is in (the early-stopping network's epoch and validation score, the calibration networks'
/// and the members' epochs, the backtest fold, and without `--csv` the series) or how many steps of the members' sample
/// paths a forecast has drawn, erased when the job ends so that what
/// stays is what the command prints without it; elsewhere nothing, unless `--verbose`, which adds a plain line every 10
/// seconds there. `--quiet` draws no progress at all. With `--verbose`, the lines saying what training chose go
/// through it too, so that they close the live line.
///
/// The library calls ``progress`` from the threads that train, one call at a time; ``log`` and ``series(_:of:name:)``
/// come from the thread that runs the job, between those calls.
final class ProgressDisplay {
    private let progressLine: ProgressLine
    /// Whether progress is drawn at all.
    private let drawsProgress: Bool
    private let verbose: Bool
    /// "series 2 of 3 (co2_monthly)", while an evaluation of several series runs.
    private var seriesLabel: String?
    /// "fold 2 of 4", while a backtest of several folds runs.
    private var foldLabel: String?
    /// The phase whose epochs are being counted (members, calibration), with its epochs done and when it started.
    private var phase: (name: String, done: Int, started: Double)?
    /// When the last event came (or the display was made): where the next phase starts.
    private var lastEvent = ProgressLine.now

    /// - Parameters:
    ///   - verbose: `--verbose`: what training chose, and off a terminal a progress line every 10 seconds.
    ///   - quiet: `--quiet`: no progress line, live or plain.
    init(verbose: Bool, quiet: Bool) {
        progressLine = ProgressLine(plainInterval: verbose ? 10 : nil)
        drawsProgress = !quiet && (progressLine.isTerminal || verbose)
        self.verbose = verbose
    }

    /// The lines saying what training chose, with `--verbose`; else nil.
    var log: ((String) -> Void)? { verbose ? { [self] in progressLine.line($0) } : nil }

    /// The library's progress callback, nil when no progress is drawn.
    var progress: ((ForecastProgress) -> Void)? { drawsProgress ? { [self] in handle($0) } : nil }

    /// An evaluation of several series starts series `index` (1-based) of `count`, `name`.
    func series(_ index: Int, of count: Int, name: String) {
        seriesLabel = count > 1 ? "series \(index) of \(count) (\(name))" : nil
        (foldLabel, phase, lastEvent) = (nil, nil, ProgressLine.now)
    }

    /// Erases the live line: the job is done (or failed), and its output follows.
    func finish() { progressLine.clear() }

    private func handle(_ event: ForecastProgress) {
        defer { lastEvent = ProgressLine.now }
        switch event {
        case let .fold(fold, folds):
            (foldLabel, phase) = (folds > 1 ? "fold \(fold) of \(folds)" : nil, nil)
        case let .validation(epoch, maxEpochs, score, bestScore, bestEpoch):
            phase = nil
            show("early stopping: epoch \(epoch) of at most \(maxEpochs), validation MAE \(Self.score(score)) "
                 + "(best \(Self.score(bestScore)) after \(CountText.of(bestEpoch, "epoch")))")
        case let .calibration(_, networks, _, epochs):
            count("calibration", networks: networks, each: epochs, "epoch")
        case let .member(_, members, _, epochs):
            count("members", networks: members, each: epochs, "epoch")
        case let .paths(_, members, _, steps):
            count("forecasting", networks: members, each: steps, "step")
        }
    }

    /// One more epoch (or step, the `unit`) of the phase `name`, whose `networks` take `each` of them: the count and time left.
    private func count(_ name: String, networks: Int, each: Int, _ unit: String) {
        if phase?.name != name { phase = (name, 0, lastEvent) }
        phase!.done += 1
        let (done, started) = (phase!.done, phase!.started), total = networks * each
        let left = ProgressLine.timeLeft(elapsed: ProgressLine.now - started, done: Double(done) / Double(total))
        show("\(name): \(done) of \(CountText.of(total, unit)) (\(CountText.of(networks, "network")) × \(each)), "
             + "ETA \(left.map(ProgressLine.clock) ?? "?")")
    }

    /// Shows the phase `text` after the series and fold, when the progress line is due.
    private func show(_ text: @autoclosure () -> String) {
        progressLine.update { ([seriesLabel, foldLabel].compactMap { $0 } + [text()]).joined(separator: ", ") }
    }

    /// A validation score: 4 significant digits.
    private static func score(_ x: Double) -> String { String(format: "%.4g", x) }
}
