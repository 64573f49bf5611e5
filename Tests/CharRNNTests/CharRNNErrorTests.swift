import Foundation
import Testing
import RNNCore
import RNNKit
import _TestSupport

/// Bad input: one line `char-rnn: error: ...` naming the problem and a non-zero exit, never a crash.
@Suite struct CharRNNErrorTests {
    /// Runs `arguments` in a workspace (after `prepare`) and checks the error line mentions `expected`.
    func expectError(_ arguments: [String], mentions expected: String, prepare: (Workspace) throws -> Void = { _ in }) throws {
        let w = try Workspace()
        try prepare(w)
        let run = try w.run(arguments)
        #expect(run.exited, "no trap or crash")
        #expect(run.status != 0)
        #expect(run.stderr.isOneMessageLine, "one line: \(run.stderr)")
        #expect(run.stderr.hasPrefix("char-rnn: error: "), "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    static let tinyTrain = ["train"] + Workspace.tiny + ["--max-steps", "4"]

    @Test func missingData() throws {
        try expectError(["train", "--data", "nowhere.txt", "--max-steps", "2"], mentions: "nowhere.txt")
    }

    /// A file that cannot be read is named in one wording, after the flag that names it, whether it was to hold text or a
    /// checkpoint and whichever command reads it.
    @Test func aMissingFileIsNamedInOneWording() throws {
        let w = try Workspace()
        try w.trainTiny(steps: 5)
        for (arguments, flag, name) in [(["train", "--data", "missing.txt", "--max-steps", "2"], "--data", "missing.txt"),
                                        (["train", "--resume", "missing.safetensors"], "--resume", "missing.safetensors"),
                                        (["train", "--init-from", "missing.safetensors", "--data", "text.txt"], "--init-from", "missing.safetensors"),
                                        (["sample", "--checkpoint", "missing.safetensors"], "--checkpoint", "missing.safetensors"),
                                        (["evaluate", "--checkpoint", "missing.safetensors", "--data", "text.txt"], "--checkpoint", "missing.safetensors"),
                                        (["evaluate", "--checkpoint", "ck/latest.safetensors", "--data", "missing.txt"], "--data", "missing.txt")] {
            let run = try w.run(arguments)
            #expect(run.status == 1 && run.stderr == "char-rnn: error: \(flag): \(name): cannot read the file (No such file or directory)\n",
                    "\(arguments): \(run.stderr)")
        }
    }

    /// A value a flag of named choices does not take is one line listing them: the parser's list of six or more
    /// (--schedule) reads as a list, not "the following:; - constant; - cosine", and --encoding lists its two.
    @Test func aWrongChoiceListsTheChoicesOnOneLine() throws {
        let w = try Workspace()
        for (arguments, choices) in [(["train", "--schedule", "cosin"], "'cosin' is invalid for '--schedule <schedule>'. Please provide one of the "
                                         + "following: constant, cosine, step, multistep, exponential, plateau, onecycle, linear"),
                                     (["train", "--encoding", "utf16"], "'utf16' is invalid for '--encoding <encoding>'. Please provide one of 'utf8' and 'bytes'.")] {
            let run = try w.run(arguments)
            #expect(run.status == 64 && run.stderr == "char-rnn: error: The value \(choices)\n", "\(arguments): \(run.stderr)")
        }
    }

    /// A validation part too short to score names the flag that sets it, and the text it is a part of.
    @Test func aValidationPartTooShortNamesItsFlag() throws {
        let w = try Workspace()
        let run = try w.run(["train", "--data", "text.txt", "--validation", "0.0005", "--batch-size", "2", "--seq-length", "8", "--max-steps", "1"])
        #expect(run.status == 64 && run.stderr == "char-rnn: error: the validation part (--validation 0.0005 of 1032 characters) has 1 character; "
                + "at least 2 are needed\n", "\(run.stderr)")
    }

    /// An empty file name is a usage error: it named the current folder ("cannot read the file (it is a folder)").
    @Test(arguments: [["train", "--data", ""], ["train", "--log", ""], ["train", "--plot", ""], ["train", "--resume", ""], ["train", "--init-from", ""],
                      ["sample", "--checkpoint", ""], ["evaluate", "--checkpoint", "", "--data", "x"], ["evaluate", "--data", ""]])
    func anEmptyFileName(arguments: [String]) throws {
        let w = try Workspace()
        let run = try w.run(arguments)
        let flag = arguments[arguments.firstIndex(of: "")! - 1]
        #expect(run.status == 64)
        #expect(run.stderr == "char-rnn: error: The value '' is invalid for '\(flag) <\(flag.dropFirst(2))>': an empty file name\n", "\(run.stderr)")
    }

    /// `-` for a model file is a usage error that says such a file is not read from standard input: it read a file named `-`
    /// ("-: cannot read the file (No such file or directory)").
    @Test(arguments: [["train", "--resume", "-"], ["train", "--init-from", "-"], ["sample", "--checkpoint", "-"],
                      ["evaluate", "--checkpoint", "-", "--data", "x"]])
    func aModelFileFromStandardInput(arguments: [String]) throws {
        let run = try Workspace().run(arguments)
        let flag = arguments[arguments.firstIndex(of: "-")! - 1]
        #expect(run.status == 64)
        #expect(run.stderr == "char-rnn: error: The value '-' is invalid for '\(flag) <\(flag.dropFirst(2))>': a model file is read "
                + "from its name, not from standard input; give the file (./- for one named -)\n", "\(run.stderr)")
    }

    /// Help that cannot be written is an error, as other output is.
    @Test func helpToAFullDevice() throws {
        let run = try Workspace().run(["sample", "--help"], stdout: "/dev/full")
        #expect(run.status == 1)
        #expect(run.stderr == "char-rnn: error: cannot write to standard output: No space left on device\n")
    }

    @Test func emptyData() throws {
        try expectError(["train", "--data", "empty.txt", "--max-steps", "2"], mentions: "empty") { try $0.write("", to: "empty.txt") }
    }

    @Test func dataTooShortForABatch() throws {
        try expectError(["train", "--data", "short.txt", "--max-steps", "2"], mentions: "too short") { try $0.write("abcabc", to: "short.txt") }
        // A count of 1 takes the singular.
        try expectError(["train", "--data", "two.txt", "--max-steps", "2"], mentions: "the training part (1 character) is too short") {
            try $0.write("ab", to: "two.txt")
        }
    }

    @Test func builtInCorpusNotInTheCurrentFolder() throws {
        try expectError(["train", "--max-steps", "1"], mentions: "corpora/census1990-surnames.txt is not in the current folder")
    }

    /// As forecast finds corpora/timeseries, train finds the names corpus in the nearest parent folder that has it.
    @Test func builtInCorpusIsFoundFromASubfolder() throws {
        let w = try Workspace()
        try FileManager.default.createDirectory(atPath: w.path("corpora"), withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: w.path("text.txt"), toPath: w.path("corpora/census1990-surnames.txt"))
        try FileManager.default.createDirectory(atPath: w.path("sub/deeper"), withIntermediateDirectories: true)
        let run = try CharRNN.run(["train", "--max-steps", "2", "--hidden", "8", "--seq-length", "8", "--batch-size", "3", "--threads", "1",
                                   "--log", "-"], in: w.folder.appendingPathComponent("sub/deeper"))
        #expect(run.status == 0 && run.stderr.contains("corpora/census1990-surnames.txt ("), "\(run.stderr)")
        // With the log on standard output, the demonstration's samples go to standard error.
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("{") } && run.stderr.contains("Samples (temperature 0.8):"),
                "\(run.stdout)")
        #expect(FileManager.default.fileExists(atPath: w.path("sub/deeper/checkpoints/latest.safetensors")))
    }

    /// Invalid training flags, each with a fragment of its error.
    @Test(arguments: [
        (["--hidden=-3"], "hidden size"),
        // A negative number after a space is the option's value, not an unknown flag.
        (["--hidden", "-3"], "hidden size (--hidden) must be positive, got -3"),
        (["--lr", "-1"], "learning rate (--lr) must be a finite number ≥ 0, got -1.0"),
        (["--bptt-window", "4"], "the backpropagation window k2 must be at least k1: got k2=4 < k1=8 (k1 is --seq-length, k2 --bptt-window)"),
        (["--cell", "transformer"], "transformer"),
        (["--optimizer", "lion"], "lion"),
        (["--validation", "1"], "validation fraction (--validation) must be in (0, 1), got 1.0"),
        // Hidden (and embedding) 100,000: about 1.6·10^11 parameters, 600 GiB as Float.
        (["--hidden", "100000"], "more than this machine's memory"),
        (["--hidden", "4611686018427387904"], "more parameters than can be counted"),
        // 10^8 streams × 10^5 steps of activations: petabytes.
        (["--batch-size", "100000000", "--seq-length", "100000"], "training needs at least"),
        (["--batch-size", "4611686018427387904", "--seq-length", "4"], "more memory than can be counted"),
        // Outputs that cannot be written stop the run before it starts.
        (["--log", "missing/log.jsonl"], "error: --log: cannot write missing/log.jsonl"),
        (["--plot", "missing/loss.svg"], "error: --plot: cannot write missing/loss.svg"),
        (["--checkpoint-dir", "text.txt"], "error: --checkpoint-dir: cannot create the checkpoint folder text.txt: a file of that name exists"),
        (["--checkpoint-dir", "/proc"], "error: --checkpoint-dir: cannot write /proc/latest.safetensors: the folder /proc does not take new files"),
        (["--checkpoint-dir", "text.txt/ck"], "error: --checkpoint-dir: cannot create the checkpoint folder text.txt/ck: text.txt/ck: Not a directory"),
        // Outputs that would replace an input or each other.
        (["--log", "text.txt"], "--log and --data name the same file ('text.txt'); writing --log would replace it"),
        (["--log", "./ck/../ck/latest.safetensors"], "--checkpoint-dir and --log name the same file"),
        (["--plot", "ck/../ck"], "error: --plot: cannot write ck/../ck: it is a folder"),
        (["--eval-every", "-5"], "the evaluation interval (--eval-every) must be a positive number of updates"),
        (["--eval-every", "0s"], "the evaluation interval (--eval-every) must be a positive number of updates (250) or of seconds (60s), got '0s'"),
        (["--eval-every", "0"], "the evaluation interval (--eval-every) must be a positive number of updates (250) or of seconds (60s), got '0'"),
        (["--eval-every", "1e400s"], "the evaluation interval (--eval-every) must be a finite number of seconds, got '1e400s'"),
        (["--eval-every", "99999999999999999999"], "the evaluation interval (--eval-every) must be at most 9223372036854775807 updates, got 99999999999999999999"),
        (["--log", "text.txt/"], "error: --log: cannot write text.txt: the name ends in /, so it names a folder"),
        (["--log", "new/"], "error: --log: cannot write new: the name ends in /, so it names a folder"),
        (["--checkpoint-dir", ""], "--checkpoint-dir must name a folder"),
        (["--plot", "/dev/null"], "--plot /dev/null: the SVG is rewritten at every evaluation, so it needs a file, not a device or pipe"),
        (["--plot", "-"], "--plot standard output: the SVG is rewritten at every evaluation, so it needs a file, not a device or pipe"),
        (["--threads", "9223372036854775807"], "the number of compute threads (--threads) must be from 1 to 1024"),
        (["--clip-norm", "-1"], "the gradient-norm clip (--clip-norm) must be a finite number ≥ 0 (0 for no clipping), got -1.0"),
        // Finite as a Double but infinite as the Float training clamps in (which would silently not clamp at all).
        (["--clip-value", "1e39"], "the gradient-value clip (--clip-value) must be at most 3.4028235e+38, the largest Float (the type "
            + "training works in), got 1e+39"),
        (["--clip-value", "0"], "the gradient-value clip (--clip-value) must be a finite number > 0, got 0.0"),
        // Flags that would change nothing.
        (["--warmup", "5"], "--warmup cannot be given with --schedule constant, which does not use it"),
        (["--schedule", "exponential", "--decay-every", "0"], "--decay-every cannot be given with --schedule exponential"),
        (["--schedule", "onecycle", "--gamma", "0.5"], "--gamma cannot be given with --schedule onecycle, which does not use it"),
        (["--milestones", "10"], "--milestones cannot be given with --schedule constant, which does not use it"),
        (["--schedule", "linear", "--gamma", "0.5"], "--gamma cannot be given with --schedule linear, which does not use it"),
        (["--schedule", "step", "--start-factor", "0.5"], "--start-factor cannot be given with --schedule step, which does not use it"),
        (["--schedule", "multistep", "--milestones", "5", "--linear-steps", "5"], "--linear-steps cannot be given with --schedule multistep"),
        (["--layers", "1", "--dropout", "0.3"], "--dropout applies between recurrent layers, so with 1 layer it would change nothing"),
        (["--projection", "12"], "the projection size (--projection) must be in 1..<12, below the hidden size (--hidden) as PyTorch's proj_size, got 12"),
        (["--projection", "0"], "the projection size (--projection) must be in 1..<12, below the hidden size (--hidden) as PyTorch's proj_size, got 0"),
        (["--cell", "gru", "--projection", "4"], "a projection (--projection) is for an LSTM; this model's cell is gru"),
        (["--cell", "rnn", "--no-bias", "--projection", "4"], "a projection (--projection) is for an LSTM; this model's cell is rnn"),
        // The settings of multistep and linear.
        (["--schedule", "multistep"], "--schedule multistep needs --milestones (the steps of the decays)"),
        (["--schedule", "multistep", "--milestones", "2500,1000"], "the milestones (--milestones) must be steps ≥ 1 in increasing order, got 2500,1000"),
        (["--schedule", "multistep", "--milestones", "1000,1000"], "the milestones (--milestones) must be steps ≥ 1 in increasing order, got 1000,1000"),
        (["--schedule", "multistep", "--milestones", "0,1000"], "the milestones (--milestones) must be steps ≥ 1 in increasing order, got 0,1000"),
        (["--schedule", "multistep", "--milestones", "-5"], "the milestones (--milestones) must be steps ≥ 1 in increasing order, got -5"),
        (["--schedule", "multistep", "--milestones", "1000;2500"],
         "the milestones (--milestones) must be comma-separated whole numbers such as 1000,2500, got '1000;2500'; '1000;2500' is not a whole number"),
        (["--schedule", "multistep", "--milestones", "10", "--gamma", "1.5"], "--gamma must be in (0, 1] for a decay, got 1.5"),
        (["--schedule", "linear", "--start-factor", "0"], "the start factor (--start-factor) must be in (0, 1], got 0.0"),
        (["--schedule", "linear", "--start-factor", "1.5"], "the start factor (--start-factor) must be in (0, 1], got 1.5"),
        (["--schedule", "linear", "--end-factor", "-0.1"], "the end factor (--end-factor) must be in [0, 1], got -0.1"),
        (["--schedule", "linear", "--linear-steps", "0"], "the length of the linear schedule (--linear-steps) must be positive, got 0"),
        (["--layers", "2", "--dropout", "1"], "the dropout probability (--dropout) must be in [0, 1), got 1.0"),
    ])
    func invalidTrainingFlag(flags: [String], expected: String) throws {
        try expectError(Self.tinyTrain + flags, mentions: expected)
        // Sizes too large for memory are usage errors, as other bad sizes are, also those found when training is set up (exit 1 before).
        if ["memory", "training needs"].contains(where: expected.contains) {
            #expect(try Workspace().run(Self.tinyTrain + flags).status == 64)
        }
    }

    /// How the command was invoked (flag values, combinations, clashes with what is on disk) exits 64;
    /// a problem met doing the work (a file, the data) exits 1.
    static let exitCases: [(arguments: [String], status: Int32)] = [
        (tinyTrain + ["--max-steps", "0"], 64),
        (tinyTrain + ["--layers", "1", "--dropout", "0.2"], 64),
        (tinyTrain + ["--hidden", "-3"], 64),
        (tinyTrain + ["--eval-every", "0"], 64),
        (tinyTrain + ["--projection", "20"], 64),
        (tinyTrain + ["--cell", "gru", "--projection", "4"], 64),
        (tinyTrain + ["--schedule", "multistep", "--milestones", "9,3"], 64),
        (tinyTrain + ["--schedule", "multistep", "--milestones", "3,x"], 64),
        (tinyTrain + ["--schedule", "linear", "--end-factor", "2"], 64),
        (tinyTrain + ["--clip-value", "1e39"], 64),
        (tinyTrain + ["--log", "text.txt"], 64),
        (["train", "--max-steps", "1"], 64),
        (["train", "--data", "missing.txt", "--max-steps", "2"], 1),
        (["evaluate", "--checkpoint", "missing.safetensors", "--data", "text.txt"], 1),
    ]

    @Test(arguments: exitCases)
    func usageErrorsExit64AndRunErrors1(arguments: [String], status: Int32) throws {
        let run = try Workspace().run(arguments)
        #expect(run.status == status && run.stderr.hasPrefix("char-rnn: error: "), "\(arguments): \(run.status) \(run.stderr)")
    }

    @Test func threadsOutOfRangeIsAUsageErrorInEveryCommand() throws {
        let w = try Workspace()
        for command in [["train"], ["evaluate", "--checkpoint", "ck/latest.safetensors", "--data", "text.txt"]] {
            let run = try w.run(command + ["--threads", "0"])
            #expect(run.status == 64 && run.stderr == "char-rnn: error: the number of compute threads (--threads) must be from 1 to 1024, got 0\n", "\(command): \(run.stderr)")
        }
    }

    /// Whatever else an error line shows, a file's name as given, say, has its control characters escaped too; so has
    /// the argument parser's quote of a value, line feed included.
    @Test func aFileNameWithControlCharactersIsShownEscaped() throws {
        try expectError(["train", "--data", "no\r\nwhere\u{1B}[2J.txt", "--max-steps", "2"],
                        mentions: #"--data: no\r\nwhere\u{1B}[2J.txt: cannot read the file"#)
        try expectError(["train", "--cell", "ls\r\ntm\u{1B}[2J"], mentions: #"'ls\r\ntm\u{1B}[2J' is invalid for '--cell <cell>'"#)
        try expectError(["train", "--cell=gr\nu"], mentions: #"'gr\nu' is invalid for '--cell <cell>'"#)
        try expectError(["train", "--bogus\nflag"], mentions: #"'--bogus\nflag'"#)
        // A line feed of its own in a file's name is shown as one, not taken for a line of the message.
        try expectError(["sample", "--checkpoint", "bro\nken.safetensors"],
                        mentions: #"--checkpoint: bro\nken.safetensors: not a readable safetensors file"#) { w in
            try w.write("not a checkpoint", to: "bro\nken.safetensors")
        }
        // So is one in what the file holds, a dtype here, when the checkpoint reader quotes the reader's problem.
        try expectError(["sample", "--checkpoint", "dtype.safetensors"], mentions: #"dtype "F\r\n32" is not supported"#) { w in
            let header = #"{"w":{"dtype":"F\r\n32","shape":[1],"data_offsets":[0,4]}}"#
            var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) }
            bytes += Array(header.utf8) + [0, 0, 0, 0]
            try Data(bytes).write(to: URL(fileURLWithPath: w.path("dtype.safetensors")))
        }
    }

    /// Output that cannot be written (a full disk behind a redirection, a log on a full device) ends in an error,
    /// not in exit 0 with the text lost; a training run still finishes and keeps its checkpoints.
    @Test func outputThatCannotBeWrittenIsAnError() throws {
        let w = try Workspace()
        let train = try w.trainTiny(steps: 5, extra: ["--log", "/dev/full"])
        let failure = "--log: cannot write /dev/full: writing in place failed: No space left on device"
        #expect(train.status == 1 && train.stderr == "char-rnn: warning: \(failure)\n"
            + "char-rnn: error: \(failure) (training finished; its checkpoints are in ck)\n", "\(train.stderr)")
        #expect(FileManager.default.fileExists(atPath: w.path("ck/latest.safetensors")))
        // A log named `-` is standard output, and called so.
        let streamed = try w.run(["train"] + Workspace.tiny + ["--max-steps", "5", "--overwrite", "--log", "-"], stdout: "/dev/full")
        let full = "cannot write to standard output: No space left on device"
        #expect(streamed.status == 1 && streamed.stderr == "char-rnn: warning: \(full)\n"
            + "char-rnn: error: \(full) (training finished; its checkpoints are in ck)\n", "\(streamed.stderr)")
        for command in [["evaluate", "--checkpoint", "ck/latest.safetensors", "--data", "text.txt", "--json"],
                        ["sample", "--checkpoint", "ck/latest.safetensors", "--length", "20"]] {
            let run = try w.run(command, stdout: "/dev/full")
            #expect(run.status == 1 && run.stderr == "char-rnn: error: cannot write to standard output: No space left on device\n",
                    "\(command[0]): \(run.stderr)")
        }
    }

    /// A log streamed to a reader that goes away (`--log - | head -c 1`) fails as a full disk does: a warning, the run
    /// goes on to its limit and keeps its checkpoints, then exits 1 saying so; not a SIGPIPE that ends it (status 141).
    /// The same failure at each evaluation is one warning.
    @Test func aLogWhoseReaderGoesAwayIsAWarning() throws {
        let w = try Workspace()
        let process = CharRNN.process([], in: w.folder)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(\"$0\" \"$@\"; echo $? > status) | head -c 1 > /dev/null", CharRNN.binary.path, "train"]
            + Workspace.tiny + ["--max-steps", "20", "--log", "-"]
        let run = try ExecutableRun(process)
        let status = try String(contentsOfFile: w.path("status"), encoding: .utf8)
        #expect(run.status == 0 && status == "1\n", "\(status) \(run.stderr)")
        let failure = "cannot write to standard output: Broken pipe"
        // Warned about once, though the writes of three evaluations fail.
        #expect(run.stderr == "char-rnn: warning: \(failure)\n"
            + "char-rnn: error: \(failure) (training finished; its checkpoints are in ck)\n", "\(run.stderr)")
        let latest = try LanguageModelCheckpoint(contentsOf: w.path("ck/latest.safetensors"))
        #expect(latest.training?.step == 20)
    }

    /// A file name whose bytes are not UTF-8 (here `bad\xFF.txt`, which exists) is refused as such, with the flag: Swift reads the
    /// argument with U+FFFD for the byte, which named another file ("no such file"), or, for an output, would write one.
    @Test func aFileNameThatIsNotUTF8IsAUsageError() throws {
        let w = try Workspace()
        for arguments in [#"--data "$(printf 'bad\377.txt')""#, #"--data="$(printf 'bad\377.txt')""#,
                          #"--data text.txt --checkpoint-dir "$(printf 'c\377k')""#] {
            let process = CharRNN.process([], in: w.folder)
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", #"cp text.txt "$(printf 'bad\377.txt')"; "$0" train --max-steps 1 "# + arguments, CharRNN.binary.path]
            let run = try ExecutableRun(process)
            let flag = arguments.contains("checkpoint-dir") ? "--checkpoint-dir <checkpoint-dir>" : "--data <data>"
            #expect(run.status == 64 && run.stderr.hasPrefix("char-rnn: error: The value '") && run.stderr.hasSuffix("' is invalid for '\(flag)': "
                + "the name is not valid UTF-8 (\u{FFFD} stands for each byte that is not); rename the file, or give a link to it whose name is UTF-8\n"),
                "\(arguments): \(run.stderr)")
        }
    }
}
