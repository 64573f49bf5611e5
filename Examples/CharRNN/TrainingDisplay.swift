import CommandLineSupport
import Foundation
import RNNKit

/// Draws a training run: progress on stderr (a live line on a terminal, plain
/// periodic lines otherwise), the JSON-lines log and the SVG plot.
final class TrainingDisplay {
    let quiet: Bool
    let logPath: String?
    let plotPath: String?
    /// The live line on a terminal, else a plain line every 10 seconds.
    private let progressLine = ProgressLine(plainInterval: 10)
    private var evaluations: [EvaluationRecord] = []
    private var skipped = 0
    /// How the run's text became tokens, which its losses are per: characters, or bytes.
    private var encoding = TextEncoding.utf8
    /// The step the run started from (0 for a new run).
    private var startStep = 0
    /// The evaluations the run had made when this process started it (those of a resumed checkpoint).
    private var startEvaluations = 0
    /// Log lines already written, when the log is a stream.
    private var linesStreamed = 0
    /// The log when it is a device or pipe: held open for the run, so a named pipe's reader gets every line.
    private lazy var logStream = logPath.flatMap { AtomicFile.isStream($0) ? AtomicFile.Stream(path: $0) : nil }
    /// The folder of the checkpoints this run wrote, nil while it has written none.
    private(set) var checkpointsWritten: String?
    /// The first failure to write the log or the plot, which makes the run end in an error once training is done.
    private(set) var writeFailure: String?
    /// The failure the last write of each file (the log, the plot) met; none after one that succeeded.
    private var lastFailures: [String: String] = [:]

    init(quiet: Bool, log: String?, plot: String?) {
        self.quiet = quiet
        logPath = log
        plotPath = plot
    }

    func start(_ job: TrainingJob, resumedAt step: Int?, updatesPerEpoch: Int, evaluations: [EvaluationRecord]) {
        self.evaluations = evaluations
        startEvaluations = evaluations.count
        linesStreamed = evaluations.count  // a stream gets this run's evaluations; a file, rewritten, the whole run's
        let c = job.config, s = job.settings
        encoding = job.corpus.encoding
        var lines = ["data: \(StreamName.shown(job.dataPath)) (\(CountText.of(job.corpus.ids.count, encoding.tokenName)), vocabulary \(job.corpus.vocabulary.count))",
                     "model: \(c.cell) \(c.layers)×\(c.hiddenSize)" + (c.projectionSize.map { " projected to \($0)" } ?? "")
                        + (c.bias ? "" : " without biases") + ", embedding \(c.embeddingSize), dropout \(c.dropout)"
                        + (c.parameterCount.map { ", \(CountText.of($0, "parameter")); " } ?? "; ")
                        + "TBPTT(k1 \(s.sequenceLength), k2 \(s.bpttWindow)), batch \(s.batchSize), \(s.optimizer.kind) lr \(s.optimizer.learningRate), "
                        + "\(CountText.of(updatesPerEpoch, "update")) per epoch, \(CountText.of(computeThreads, "compute thread"))"]
        if job.defaults.endsWithSamples {
            lines.append("built-in demonstration run on the names corpus: hidden \(c.hiddenSize), seq \(s.sequenceLength), "
                + "\(job.stop.maxSteps.map { CountText.of($0, "step") } ?? "the given limits") (give --data FILE for a full run)")
        }
        let source = switch job.limitSource {
        case .given: ""
        case .resumedRun: " (the resumed run's limits)"
        case .defaults: " (the default; --max-steps, --max-epochs, --time-budget or --patience set others)"
        }
        lines.append("stops at: \(Self.limits(job.stop))" + source)
        if let step, let file = job.resume?.source { lines.append("resuming at step \(step) from \(StreamName.shown(file))") }
        startStep = step ?? 0
        if let weights = job.initialWeights { lines.append("initial weights from \(StreamName.shown(weights.file.source))") }
        #if DEBUG  // built without optimization (`swift run char-rnn` builds so), training runs many times slower
        lines.append("a debug build: training runs many times slower than in a release build (swift run -c release char-rnn, "
            + "or swift build -c release)")
        #endif
        for line in lines { say(line) }
        progressLine.restartClock()
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .update(let status): progress(status)
        case .validating(let step, let scored, let total): validating(after: step, scored: scored, of: total)
        case .skipped(let step, let loss, let norm):
            skipped += 1
            say("step \(step): non-finite update skipped (loss \(loss), gradient norm \(norm))")
        case .evaluation(let entry, let improved):
            evaluations.append(entry)
            writeLog()
            writePlot()
            say(String(format: "step %ld  epoch %.2f  t %.1fs  train %@  val %.4f (%.4f %@)%@", entry.step, entry.epoch, entry.t,
                       entry.trainLoss.map { String(format: "%.4f", $0) } ?? "-", entry.valLoss, entry.valBPC, encoding == .bytes ? "bits/byte" : "bpc", improved ? "  best" : ""))
        case .checkpoint(let path): checkpointsWritten = PathText.folder(of: path)
        }
    }

    func finish(_ outcome: TrainingOutcome) {
        let best = outcome.bestValidationLoss.map { String(format: "%.4f", $0) } ?? "-"
        say("stopped at step \(outcome.step): \(outcome.reason.rawValue); best validation loss \(best); "
            + (checkpointsWritten.map { "latest.safetensors and best.safetensors in \($0)/" } ?? "this run wrote no checkpoint")
            + (skipped > 0 ? "; \(CountText.of(skipped, "update")) skipped" : "")
            + (outcome.step == startStep && startStep > 0 ? "; " + alreadyAtLimit : ""))
    }

    /// What a resumed run that trained no update did: made the evaluation its checkpoint's run had abandoned at the limit
    /// (a stop during that last validation pass), or nothing at all.
    private var alreadyAtLimit: String {
        evaluations.count > startEvaluations
            ? "the checkpoint had reached it without its evaluation, which this run made: nothing else to train (give a larger limit to train further)"
            : "the checkpoint had already reached it: give a larger limit to train further"
    }

    /// The one line of a run stopped by a signal, shown with `--quiet` too: the step, the checkpoint and the command that
    /// continues the run (with this run's log and plot, and `--data -` when the text came from a stream, which the
    /// resumed run cannot read again by its path).
    func interrupted(at step: Int, by signal: String, latest: String, textFromStream: Bool) {
        guard checkpointsWritten != nil else { return say("stopped at step \(step) on \(signal); this run wrote no checkpoint", always: true) }
        let options = [("--resume", latest), ("--data", textFromStream ? "-" : nil), ("--log", logPath), ("--plot", plotPath)]
            .compactMap { flag, path in path.map { "\(flag) \($0.asShellWord)" } }
        say("stopped at step \(step) on \(signal), saved in \(latest); continue with: char-rnn train \(options.joined(separator: " "))"
            + (textFromStream ? ", the text on standard input again" : ""), always: true)
    }

    /// The stop conditions in words: "10 epochs", "step 20000 or 600 s of training".
    static func limits(_ stop: StopConditions) -> String {
        [stop.maxSteps.map { "step \($0)" }, stop.maxEpochs.map { CountText.of($0, "epoch") },
         stop.timeBudget.map { String(format: "%g s of training", $0) },
         stop.patience.map { CountText.of($0, "evaluation") + " without a new best" }].compactMap { $0 }.joined(separator: " or ")
    }

    /// The live line (terminal, at most 10 a second) or a plain line every 10 seconds.
    private func progress(_ s: TrainingStatus) {
        guard !quiet else { return }
        progressLine.update {
            let eta = ProgressLine.eta(elapsed: s.elapsed, done: s.fractionDone, evaluations: s.evaluationsLeft, evaluationSeconds: s.evaluationSeconds)
            return String(format: "step %ld  epoch %.2f  loss %.4f  val %@  %.0f tok/s  ETA %@", s.step, s.epoch,
                          s.meanLoss ?? s.loss, s.lastValidationLoss.map { String(format: "%.4f", $0) } ?? "-",
                          s.tokensPerSecond, eta)
        }
    }

    /// The progress of a validation pass, which on a long text takes minutes: `step 250  validating 40% of 4238528 characters`.
    private func validating(after step: Int, scored: Int, of total: Int) {
        guard !quiet else { return }
        progressLine.update {
            String(format: "step %ld  validating %.0f%% of %@", step, 100 * Double(scored) / Double(total), CountText.of(total, encoding.tokenName))
        }
    }

    /// A full line on stderr (closing the live line first); with `--quiet` only when `always`.
    private func say(_ text: String, always: Bool = false) {
        guard !quiet || always else { return }
        progressLine.line(text)
    }

    /// Rewrites the whole log from the run's evaluations (so a resumed run's log has no gaps or repeats);
    /// to a stream (`--log /dev/stdout`), writes the lines not yet written.
    private func writeLog() {
        guard let logPath else { return }
        if let logStream {
            reportingFailure(of: logPath, flag: "--log") { try logStream.write(evaluations.dropFirst(linesStreamed).map(Self.jsonLine).joined()) }
            linesStreamed = evaluations.count
        } else {
            write(evaluations.map(Self.jsonLine).joined(), to: logPath, flag: "--log")
        }
    }

    private func writePlot() {
        guard let plotPath else { return }
        write(LossPlot(evaluations: evaluations, token: encoding.tokenName).svg(), to: plotPath, flag: "--plot")
    }

    /// Writes a log or plot; a failure (a full disk, the folder removed during the run) is a warning, even
    /// with `--quiet`, and training goes on (the run then ends in an error, ``writeFailure``).
    private func write(_ text: String, to path: String, flag: String) {
        reportingFailure(of: path, flag: flag) { try AtomicFile.write(text, to: URL(filePathAsGiven: path)) }
    }

    /// Runs a write of the file at `path`, which `flag` names; a failure is a warning and the run's ``writeFailure``,
    /// starting with the flag (``FlagFile/write(_:to:_:)``). The same failure of the same file at the next evaluations
    /// (a log whose reader has gone) is not warned about again until a write of it succeeds or fails otherwise.
    private func reportingFailure(of path: String, flag: String, _ write: () throws -> Void) {
        do {
            try FlagFile.write(flag, to: path, write)  // the flag first, as for a file refused before the run
            lastFailures[path] = nil
        } catch {
            let failure = "\(error)"
            if lastFailures[path] != failure { say(CharRNN.warningLine(failure), always: true) }
            lastFailures[path] = failure
            writeFailure = writeFailure ?? failure
        }
    }

    /// `{"step":..,"epoch":..,"t":..,"tokens":..,"train_loss":..,"val_loss":..,"val_bpc":..}` and a newline.
    static func jsonLine(_ e: EvaluationRecord) -> String {
        JSONText.object(["step": "\(e.step)", "epoch": JSONText.number((e.epoch * 1e4).rounded() / 1e4), "t": JSONText.number((e.t * 1e3).rounded() / 1e3),
                         "tokens": "\(e.tokens)", "train_loss": JSONText.number(e.trainLoss), "val_loss": JSONText.number(e.valLoss),
                         "val_bpc": JSONText.number(e.valBPC)]) + "\n"
    }
}
