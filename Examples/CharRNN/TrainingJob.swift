import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

/// A resolved `train` invocation: the data, the model config, the settings and the stop conditions.
struct TrainingJob {
    /// The built-in demonstration corpus, in `corpora`.
    static let builtInCorpus = "census1990-surnames.txt"

    var dataPath: String
    var corpus: TextCorpus
    var config: LanguageModelConfig
    var settings: TrainingSettings
    var stop: StopConditions
    /// Where the limits in `stop` come from.
    enum LimitSource { case given, resumedRun, defaults }
    var limitSource: LimitSource
    /// The compute threads: --threads, else the resumed run's (products split across threads round
    /// differently, so a run resumes exactly on its own count), else 2.
    var threads: Int
    var resume: LanguageModelCheckpoint?
    /// The weights of --init-from.
    var initialWeights: InitialWeights?
    var checkpointDirectory: String
    /// Whether the run may replace checkpoints it did not write in that folder: with --overwrite, or a run resumed from its latest or best.
    var replacesCheckpoints: Bool
    /// The defaults the run's unset flags took: the demonstration's without --data, which ends with samples.
    var defaults: RunDefaults

    init(_ o: Train) throws {
        let resumed = try o.resume.map { try RunCheckpoint.resolved($0, flag: "--resume", latest: true) }
        checkpointDirectory = o.checkpointDir ?? resumed.map(PathText.folder) ?? DefaultCheckpoint.folder
        guard !checkpointDirectory.isEmpty else { throw UsageError("--checkpoint-dir must name a folder, got ''") }
        replacesCheckpoints = Self.replacesCheckpoints(in: checkpointDirectory, resuming: resumed, overwrite: o.overwrite)
        if let path = resumed {
            let checkpoint = try FlagFile.read("--resume") { try LanguageModelCheckpoint(contentsOf: path) }
            // Checked once the checkpoint is read, so that a device holding none is refused as unreadable first: a run's
            // checkpoints go beside the one it resumes unless --checkpoint-dir says otherwise, and a pipe has no folder.
            if o.checkpointDir == nil && AtomicFile.isStream(path) {
                throw UsageError("--resume \(StreamName.shown(path)): a checkpoint read from a pipe has no folder for the run's checkpoints; "
                    + "give --checkpoint-dir")
            }
            let record = try checkpoint.requireTraining()
            try Self.refuse(o.shapeFlags + [
                ("--dropout", o.dropout != nil), ("--seq-length", o.seqLength != nil), ("--bptt-window", o.bpttWindow != nil),
                ("--batch-size", o.batchSize != nil), ("--optimizer", o.optimizer != nil), ("--lr", o.lr != nil),
                ("--schedule", o.schedule != nil), ("--warmup", o.warmup != nil), ("--decay-every", o.decayEvery != nil),
                ("--gamma", o.gamma != nil), ("--milestones", o.milestones != nil), ("--start-factor", o.startFactor != nil),
                ("--end-factor", o.endFactor != nil), ("--linear-steps", o.linearSteps != nil),
                ("--weight-decay", o.weightDecay != nil), ("--clip-norm", o.clipNorm != nil),
                ("--clip-value", o.clipValue != nil), ("--seed", o.seed != nil), ("--validation", o.validation != nil),
                ("--init-from", o.initFrom != nil)], with: "--resume: the model and training settings come from the checkpoint")
            resume = checkpoint
            config = checkpoint.config
            settings = record.settings
            dataPath = o.data ?? record.dataPath
            defaults = .full
        } else {
            defaults = o.data == nil ? .demonstration : .full
            dataPath = try o.data ?? Self.findBuiltInCorpus()
            let hidden = o.hidden ?? defaults.hidden
            config = LanguageModelConfig(cell: o.cell ?? .lstm, vocabularySize: 1, embeddingSize: o.embedding ?? hidden,
                                         hiddenSize: hidden, layers: o.layers ?? 2, dropout: o.dropout ?? 0, bias: !o.noBias,
                                         projectionSize: o.projection)
            if let path = o.initFrom {
                try Self.refuse(o.shapeFlags, with: "--init-from: the model's shape comes from the file")
                let file = try RunCheckpoint.resolved(path, flag: "--init-from", latest: false)
                let weights = try FlagFile.read("--init-from") { try InitialWeights(path: file, dropout: o.dropout) }
                initialWeights = weights
                config = weights.config
            }
            // Flags that would change nothing are refused rather than ignored.
            try TrainingFlags.requireDropoutApplies(o.dropout ?? 0, layers: config.layers)
            let schedule = o.schedule ?? .constant
            try Self.refuse([("--warmup", o.warmup != nil && schedule != .cosine), ("--decay-every", o.decayEvery != nil && schedule != .step),
                             ("--gamma", o.gamma != nil && [.constant, .cosine, .onecycle, .linear].contains(schedule)),
                             ("--milestones", o.milestones != nil && schedule != .multistep), ("--start-factor", o.startFactor != nil && schedule != .linear),
                             ("--end-factor", o.endFactor != nil && schedule != .linear), ("--linear-steps", o.linearSteps != nil && schedule != .linear)],
                            with: "--schedule \(schedule), which does not use it")
            let clipNorm = try TrainingFlags.clipNorm(o.clipNorm ?? 5)
            settings = TrainingSettings(
                sequenceLength: o.seqLength ?? defaults.sequenceLength, bpttWindow: o.bpttWindow ?? o.seqLength ?? defaults.sequenceLength,
                batchSize: o.batchSize ?? 32,
                optimizer: OptimizerSettings(kind: o.optimizer ?? .adam, learningRate: o.lr ?? 2e-3, weightDecay: o.weightDecay),
                schedule: ScheduleSettings(kind: schedule, warmup: o.warmup ?? 0, totalSteps: o.maxSteps,
                                           every: o.decayEvery ?? 1000, gamma: o.gamma ?? 0.5, patience: 2),
                clipNorm: clipNorm, clipValue: o.clipValue, seed: o.seed ?? 0,
                validationFraction: o.validation ?? 0.1)
            settings.schedule.milestones = try o.milestones.map(Milestones.parsed)
            (settings.schedule.startFactor, settings.schedule.endFactor, settings.schedule.linearSteps) = (o.startFactor, o.endFactor, o.linearSteps)
            let (model, training) = (config, settings)
            try SettingFlags.check { try model.validate(); try training.validate() }
        }
        // Limits given replace all of the resumed run's; without any, a resumed run keeps its own and a new one gets the default.
        let given = o.maxSteps != nil || o.maxEpochs != nil || o.timeBudget != nil || o.patience != nil
        let stored = resume?.training?.stop
        limitSource = given ? .given : stored != nil ? .resumedRun : .defaults
        threads = o.threads ?? resume?.training?.computeThreads ?? 2
        stop = given || stored == nil
            ? (given ? StopConditions(maxSteps: o.maxSteps, maxEpochs: o.maxEpochs, timeBudget: o.timeBudget, patience: o.patience) : defaults.stop)
            : stored!
        stop.evaluateEvery = try o.evalEvery.map(Self.interval) ?? stored?.evaluateEvery ?? .steps(250)
        let limits = stop
        try SettingFlags.check { try limits.validate() }
        // What is on disk comes after the flags' own checks, and before the text is read (which may take long).
        try Self.requireNoOtherRun(in: checkpointDirectory, resuming: resumed, overwrite: o.overwrite)
        // A checkpoint's run reads the text as its model did, and encodes it with the checkpoint's characters: a text using some of them fits.
        let trained = resume.map { ($0, "--resume") } ?? initialWeights?.checkpoint.map { ($0, "--init-from") }
        let encoding = try Self.encoding(given: o.encoding, model: trained)
        let vocabulary = initialWeights?.checkpoint?.vocabulary
        // Without --data a resumed run reads the path its checkpoint recorded, relative to where that run started.
        let source = o.data == nil && resume != nil ? "the resumed run's data (recorded in the checkpoint; --data gives another path)" : "--data"
        let known = vocabulary.map { " (the checkpoint of --init-from knows \(CountText.of($0.count, encoding.tokenName)))" } ?? ""
        let (path, choosesEncoding) = (dataPath, trained == nil)
        corpus = try FlagFile.read(source, context: { known + Self.bytesAdvice($0, flagChoosesEncoding: choosesEncoding) }) {
            try TextCorpus(contentsOf: path, encoding: encoding, vocabulary: vocabulary)
        }
        if let initialWeights { try FlagFile.read("--init-from") { [corpus] in try initialWeights.requireFits(corpus) } }
        if resume == nil { config.vocabularySize = corpus.vocabulary.count }
        let schedule = settings.schedule
        // A new run's cosine and onecycle end at its --max-steps; a linear one down to 0 may end before it (--linear-steps).
        if let end = schedule.endStep, (stop.maxSteps ?? .max) > end {
            let kind = schedule.kind
            let toZero = "brings the learning rate to 0 at step \(end), so training on past it would change nothing"
            let ending: String? = switch kind {
            case .cosine: toZero
            case .linear: schedule.endFactor == 0 ? toZero : nil  // else the rate stays at its end factor of the base
            case .onecycle: "ends its cycle at step \(end), its rate then 250,000 times below its peak, so training on past it would change little"
            case .constant, .step, .multistep, .exponential, .plateau: nil
            }
            if let ending, let path = resumed {
                throw UsageError("the resumed run's \(kind) schedule \(ending); give --max-steps \(end) at most, or start a new run "
                    + "from its weights: --init-from \(path.asShellWord) --schedule \(kind) --max-steps N")
            } else if let ending {
                throw UsageError("the \(kind) schedule \(ending); give --max-steps \(end) at most, or a longer --linear-steps")
            }
        }
    }

    /// The encoding the text is read with: the model's when the run continues a checkpoint's (`model`, with the flag that
    /// names it), else `given` (default utf8).
    /// - Throws: ``UsageError`` when `given` is not the model's.
    static func encoding(given: TextEncoding?, model: (checkpoint: LanguageModelCheckpoint, flag: String)?) throws -> TextEncoding {
        guard let (checkpoint, flag) = model else { return given ?? .utf8 }
        if let given, given != checkpoint.encoding {
            throw UsageError("--encoding \(given) cannot be given with \(flag): the model of \(StreamName.shown(checkpoint.source)) reads its text as "
                + "\(checkpoint.encoding)")
        }
        return checkpoint.encoding
    }

    /// For data refused as not UTF-8, when `--encoding` chooses how the run reads it (no checkpoint whose encoding it continues):
    /// how to train on its bytes instead.
    static func bytesAdvice(_ error: any Error, flagChoosesEncoding: Bool) -> String {
        switch error as? SequenceDataError {
        case .invalidUTF8?, .notUTF8Text?: flagChoosesEncoding ? "; or give --encoding bytes to train on its bytes" : ""
        default: ""
        }
    }

    /// Throws a usage error naming the first flag given (true) and `reason`.
    static func refuse(_ flags: [(name: String, given: Bool)], with reason: String) throws {
        if let flag = flags.first(where: \.given)?.name { throw UsageError("\(flag) cannot be given with \(reason)") }
    }

    /// Creates the checkpoint folder `path` (--checkpoint-dir) and any missing parent, as `mkdir -p`, with the system's reason when it cannot.
    /// - Returns: the folders it created, outermost first.
    @discardableResult
    static func makeFolder(_ path: String) throws -> [String] {
        var prefix = path.hasPrefix("/") ? "/" : ""
        var created: [String] = []
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o777) == 0 {
                created.append(prefix)
            } else if errno != EEXIST {
                let reason = String(cString: strerror(errno))
                removeFolders(created)
                throw RunError("--checkpoint-dir: cannot create the checkpoint folder \(path): \(prefix): \(reason)")
            }
            prefix += "/"
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { "a link to \($0), which is not a folder" }
            throw RunError("--checkpoint-dir: cannot create the checkpoint folder \(path): \(link ?? "a file of that name exists")")
        }
        return created
    }

    /// Removes the folders ``makeFolder(_:)`` created, innermost first; one that is not empty stays.
    static func removeFolders(_ created: [String]) {
        for folder in created.reversed() { rmdir(folder) }
    }

    /// The paths of the options that were given.
    static func given(_ options: [(option: String, path: String?)]) -> [AtomicFile.NamedPath] {
        options.compactMap { option, path in path.map { (option: option, path: $0) } }
    }

    /// `N` (updates) or `Ns` (seconds).
    static func interval(_ text: String) throws -> StopConditions.Interval {
        if text.hasSuffix("s"), let s = Double(text.dropLast()), s > 0 {
            guard s.isFinite else {
                throw UsageError("the evaluation interval (--eval-every) must be a finite number of seconds, got '\(text)'")
            }
            return .seconds(s)
        }
        let n = Int(text)
        if let n, n > 0 { return .steps(n) }
        if n == nil && !text.isEmpty && text.allSatisfy({ $0.isASCII && $0.isNumber }) {  // digits past Int's range
            throw UsageError("the evaluation interval (--eval-every) must be at most \(Int.max) updates, got \(text)")
        }
        throw UsageError("the evaluation interval (--eval-every) must be a positive number of updates (250) or of seconds (60s), got '\(text)'")
    }

    /// Refuses to write a run's checkpoints into a folder that holds another run's, which they would replace, unless
    /// `overwrite`: a new run, or a resumed one (`resuming`) whose checkpoint is not that folder's latest or best.
    static func requireNoOtherRun(in folder: String, resuming: String?, overwrite: Bool) throws {
        let (latest, best) = LanguageModelCheckpoint.runFiles(in: folder)
        guard !replacesCheckpoints(in: folder, resuming: resuming, overwrite: overwrite),
              let found = [latest, best].first(where: { FileManager.default.fileExists(atPath: $0) }) else { return }
        let continuing = FileManager.default.fileExists(atPath: latest) ? latest : found
        // A resumed run refused here continues another checkpoint: resuming the folder's own run is no alternative.
        let alternatives = (resuming == nil ? ["continue that run with --resume \(continuing.asShellWord)"] : []) + ["give another --checkpoint-dir"]
        throw Overwrite.refusal("\(folder) already holds the checkpoints of a run (\(found))", otherwise: alternatives)
    }

    /// Whether a run may replace the checkpoints in `folder`: given `overwrite`, or resumed (`resuming`) from one of them,
    /// its own run's latest or best (not from a numbered one kept beside another run's, `latest.1.safetensors`).
    static func replacesCheckpoints(in folder: String, resuming: String?, overwrite: Bool) -> Bool {
        let (latest, best) = LanguageModelCheckpoint.runFiles(in: folder)
        return overwrite || resuming.map { path in [latest, best].contains { AtomicFile.nameSameFile(path, $0) } } == true
    }

    /// The names corpus under corpora/ in the current folder or its nearest parent that has it.
    static func findBuiltInCorpus() throws -> String {
        guard let path = BuiltinCorpora.find(builtInCorpus, folder: false) else {
            throw UsageError("no --data given and the built-in corpus corpora/\(builtInCorpus) is not in "
                + "\(BuiltinCorpora.currentFolder) or its parents; run from the package folder or give --data FILE")
        }
        return path
    }

    /// Trains (switching on the cell once), reports through `display`, and fails when training diverged.
    func run(display: TrainingDisplay) throws {
        if let plot = display.plotPath, AtomicFile.isStream(plot) {
            throw UsageError("--plot \(StreamName.shown(plot)): the SVG is rewritten at every evaluation, so it needs a file, not a device or pipe")
        }
        let reports = Self.given([("--log", display.logPath), ("--plot", display.plotPath)])
        let checkpoints = LanguageModelCheckpoint.runFiles(in: checkpointDirectory)
        try AtomicFile.requireDistinct(outputs: reports + [("--checkpoint-dir", checkpoints.latest), ("--checkpoint-dir", checkpoints.best)],
                                       inputs: [("--data", dataPath)])
        // The run may replace the checkpoint it starts from with its own, but the log and plot may not.
        try AtomicFile.requireDistinct(outputs: reports,
                                       inputs: Self.given([("--resume", resume?.source), ("--init-from", initialWeights?.file.source)]))
        try run(config.cell.cellType(Float.self), display)
    }

    private func run<Cell: BuiltinCell>(_: Cell.Type, _ display: TrainingDisplay) throws where Cell.Scalar == Float {
        // The data path is recorded from the root, so a resume finds it from any folder.
        let training: LanguageModelTraining<Cell>
        do {
            // A new run's refusal of the weights it starts from (tensors that do not fit) is about the --init-from file; a
            // resumed run's of its checkpoint (another vocabulary or text than the data's) about the --resume file.
            training = try resume.map { checkpoint in
                try FlagFile.read("--resume") { try LanguageModelTraining<Cell>(resuming: checkpoint, corpus: corpus) }
            } ?? FlagFile.read("--init-from") {
                try LanguageModelTraining<Cell>(config: config, settings: settings, corpus: corpus, dataPath: PathText.absolute(dataPath),
                                                initialWeights: initialWeights?.file)
            }
        } catch let error as ConfigurationError {
            // A new run's settings are all flags (a batch too large for memory, say): a usage error, as the flags' own checks.
            throw resume == nil ? UsageError(SettingFlags.message(error)) as Error : RunError(SettingFlags.message(error))
        }
        // Created once the run is known to start, so a refused run leaves no folder behind.
        let created = try Self.makeFolder(checkpointDirectory)
        // The folder's checkpoints, the log and the plot (which may go in that folder), checked now rather than at the first
        // evaluation (the training run checks its checkpoints too, naming no flag).
        do {
            let latest = LanguageModelCheckpoint.runFiles(in: checkpointDirectory).latest
            for (flag, path) in [("--checkpoint-dir", latest), ("--log", display.logPath), ("--plot", display.plotPath)] {
                if let path { try FlagFile.write(flag, to: path) { try AtomicFile.checkWritable(URL(filePathAsGiven: path)) } }
            }
        } catch {
            Self.removeFolders(created)
            throw error
        }
        display.start(self, resumedAt: resume?.training?.step, updatesPerEpoch: training.updatesPerEpoch,
                      evaluations: training.record.evaluations)
        // A log or standard output whose reader goes away (`--log - | head`) is a write that fails, which the run reports
        // as a warning and finishes, as for a full disk, rather than a SIGPIPE that would end it between checkpoints.
        signal(SIGPIPE, SIG_IGN)
        InterruptSignals.install()
        let outcome: TrainingOutcome
        do {
            outcome = try training.run(stop, checkpointDirectory: checkpointDirectory, replacingCheckpoints: replacesCheckpoints,
                                       stopRequest: InterruptSignals.stopRequest) { display.handle($0) }
        } catch let error as FileExistsError {
            // Another run's checkpoint, made after the check at the start: it stays, and this run's work is kept beside it.
            throw RunError("\(error.path) appeared during the run and was not replaced (does another run write to this --checkpoint-dir?); "
                + "this run stopped at step \(training.record.step) and saved its checkpoint in \(error.keptAs): continue it with "
                + "--resume \(error.keptAs.asShellWord) and another --checkpoint-dir")
        }
        InterruptSignals.restoreDefaults()
        if outcome.reason == .stopRequested, let signal = InterruptSignals.signalReceived {
            display.interrupted(at: outcome.step, by: signal.name, latest: LanguageModelCheckpoint.runFiles(in: checkpointDirectory).latest,
                                textFromStream: AtomicFile.isStream(dataPath))  // /dev/stdin is one, also for a file behind it
            throw ExitCode(signal.status)
        }
        display.finish(outcome)
        // A run that wrote nothing (its limit already reached) leaves no new, empty folder; rmdir keeps any that is not empty.
        if display.checkpointsWritten == nil { Self.removeFolders(created) }
        if outcome.reason == .diverged {
            let cause = training.weightsAreFinite
                ? "\(stop.maxConsecutiveFailures) non-finite updates in a row" : "the weights are no longer finite"
            throw RunError("training diverged: \(cause) at step \(outcome.step); "
                + (display.checkpointsWritten.map { "the last good checkpoint is kept in \($0)" } ?? "this run wrote no checkpoint"))
        }
        // A signal that came as the run reached its limit (which takes precedence) finds the run complete: it ends with
        // the signal's status, as the one who sent it expects, after the summary and without the samples.
        if let signal = InterruptSignals.signalReceived { throw ExitCode(signal.status) }
        if defaults.endsWithSamples && !display.quiet {
            var sampler = try TokenSampler(temperature: 0.8)
            var generator = SeededGenerator(seed: 1)
            // On standard error when the log streams to a device or pipe (such as --log -), so it stays JSON lines.
            let out = display.logPath.map(AtomicFile.isStream) == true ? DescriptorText.standardError : .standardOutput
            try out.write("Samples (temperature 0.8):\n")
            try generate(training.model, TokenText(vocabulary: training.vocabulary, encoding: training.encoding), prime: nil, length: 200,
                         sampler: &sampler, generator: &generator) { try out.write(bytes: $0) }
            try out.write("\n")
        }
        if let failure = display.writeFailure {
            throw RunError("\(failure) (training finished" + (display.checkpointsWritten.map { "; its checkpoints are in \($0))" } ?? ")"))
        }
    }
}
