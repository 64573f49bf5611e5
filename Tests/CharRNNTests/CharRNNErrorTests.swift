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

    @Test func checkpointThatIsMissing() throws {
        try expectError(["sample", "--checkpoint", "none.safetensors"], mentions: "none.safetensors")
    }

    @Test func checkpointThatIsAText() throws {
        try expectError(["sample", "--checkpoint", "text.txt"], mentions: "not a readable safetensors file")
    }

    @Test func checkpointThatIsTruncated() throws {
        try expectError(["sample", "--checkpoint", "cut.safetensors"], mentions: "cut.safetensors") { w in
            try w.trainTiny(steps: 5)
            let data = try Data(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: w.path("cut.safetensors")))
        }
    }

    @Test func foreignSafetensorsFile() throws {
        try expectError(["evaluate", "--checkpoint", "foreign.safetensors", "--data", "text.txt"], mentions: "not an RNNKit language-model checkpoint") { w in
            try w.writeSafetensors(header: #"{"weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                                   data: Data([0, 0, 128, 63]), to: "foreign.safetensors")
        }
    }

    @Test func vocabularyMismatchOnResume() throws {
        try expectError(["train", "--resume", "ck/latest.safetensors", "--data", "other.txt", "--max-steps", "8"], mentions: "vocabulary mismatch") { w in
            try w.trainTiny(steps: 5)
            try w.write(String(repeating: "0123456789 + 42 = 51\n", count: 20), to: "other.txt")
        }
    }

    @Test func initFromWithResume() throws {
        try expectError(["train", "--resume", "ck/latest.safetensors", "--init-from", "ck/latest.safetensors"],
                        mentions: "--init-from cannot be given with --resume") { try $0.trainTiny(steps: 5) }
    }

    @Test func aNewRunDoesNotReplaceAnotherRunsCheckpoints() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: w.path("ck/best.safetensors")))
        let refused = try w.trainTiny(steps: 3)
        #expect(refused.status == 64 && refused.stderr == "char-rnn: error: ck already holds the checkpoints of a run (ck/latest.safetensors), "
            + "which this run would replace; continue that run with --resume ck/latest.safetensors, give another --checkpoint-dir, or pass --overwrite\n",
            "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.path("ck/best.safetensors"))) == before)
        // A flag's own mistake is named before what is on disk; the folder, before a text that is not there.
        let zero = try w.trainTiny(steps: 3, extra: ["--max-epochs", "0"])
        #expect(zero.status == 64 && zero.stderr == "char-rnn: error: the epoch limit (--max-epochs) must be positive, got 0\n", "\(zero.stderr)")
        let noText = try w.run(["train"] + Workspace.tiny.map { $0 == "text.txt" ? "none.txt" : $0 } + ["--max-steps", "3"])
        #expect(noText.status == 64 && noText.stderr.contains("ck already holds the checkpoints of a run"), "\(noText.stderr)")
        let replaced = try w.trainTiny(steps: 3, extra: ["--overwrite"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.path("ck/best.safetensors"))) != before)
        // A resumed run writes into its own folder, but not over another run's checkpoints.
        #expect(try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "6"]).status == 0)
        #expect(try w.run(["train"] + Workspace.tiny + ["--max-steps", "5", "--checkpoint-dir", "other"]).status == 0)
        let other = try Data(contentsOf: URL(fileURLWithPath: w.path("other/best.safetensors")))
        let onto = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8", "--checkpoint-dir", "other"])
        #expect(onto.status == 64 && onto.stderr.contains("other already holds the checkpoints of a run"), "\(onto.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.path("other/best.safetensors"))) == other)
        #expect(try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8", "--checkpoint-dir", "other", "--overwrite"]).status == 0)
        // Only a best checkpoint left: that is the one to continue from.
        try FileManager.default.removeItem(atPath: w.path("ck/latest.safetensors"))
        let onlyBest = try w.trainTiny(steps: 3)
        #expect(onlyBest.stderr.contains("continue that run with --resume ck/best.safetensors"), "\(onlyBest.stderr)")
        // A folder the shell would split is quoted in the --resume it suggests.
        #expect(try w.trainTiny(steps: 3, extra: ["--checkpoint-dir", "my ck"]).status == 0)
        let spaced = try w.trainTiny(steps: 3, extra: ["--checkpoint-dir", "my ck"])
        #expect(spaced.status == 64 && spaced.stderr.contains("continue that run with --resume 'my ck/latest.safetensors', "), "\(spaced.stderr)")
    }

    /// A schedule that ends at the run's step limit: a resumed run cannot go past it.
    @Test(arguments: [("cosine", "cosine schedule brings the learning rate to 0 at step 6"),
                      ("onecycle", "onecycle schedule ends its cycle at step 6")])
    func resumingARunPastItsSchedulesEndIsRefused(schedule: String, expected: String) throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 6, extra: ["--schedule", schedule]).status == 0)
        for limits in [["--max-steps", "12"], ["--time-budget", "5"]] {
            let run = try w.run(["train", "--resume", "ck/latest.safetensors"] + limits)
            #expect(run.status == 64 && run.stderr.contains(expected), "\(run.stderr)")
            #expect(run.stderr.contains("--init-from ck/latest.safetensors --schedule \(schedule) --max-steps N"), "\(run.stderr)")
        }
        // A path the shell would split is quoted in the command the refusal suggests.
        try FileManager.default.copyItem(atPath: w.path("ck/latest.safetensors"), toPath: w.path("my run.safetensors"))
        let spaced = try w.run(["train", "--resume", "my run.safetensors", "--max-steps", "12"])
        #expect(spaced.status == 64 && spaced.stderr.contains("--init-from 'my run.safetensors' --schedule \(schedule) --max-steps N"),
                "\(spaced.stderr)")
        #expect(try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "6"]).status == 0)
    }

    @Test func aOneCycleRunWithoutAStepLimitIsRefused() throws {
        try expectError(["train"] + Workspace.tiny + ["--schedule", "onecycle", "--time-budget", "5"],
                        mentions: "--schedule onecycle needs --max-steps (the length of the cycle)")
    }

    /// linear's length is the run's step limit unless --linear-steps gives one.
    @Test func aLinearRunWithoutALengthIsRefused() throws {
        try expectError(["train"] + Workspace.tiny + ["--schedule", "linear", "--time-budget", "5"],
                        mentions: "--schedule linear needs --linear-steps or --max-steps (the steps over which its factor moves)")
    }

    /// A linear schedule down to 0 ends as cosine's does: a resumed run cannot go past it. One that ends above 0 goes on at
    /// its end factor.
    @Test func resumingALinearRunPastItsEnd() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5, extra: ["--schedule", "linear", "--start-factor", "1", "--end-factor", "0", "--linear-steps", "5"]).status == 0)
        let refused = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"])
        #expect(refused.status == 64 && refused.stderr.contains("the resumed run's linear schedule brings the learning rate to 0 at step 5, "
            + "so training on past it would change nothing; give --max-steps 5 at most"), "\(refused.stderr)")
        #expect(try w.trainTiny(steps: 6, extra: ["--schedule", "linear", "--linear-steps", "5", "--overwrite"]).status == 0)
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    /// A new run whose linear schedule reaches 0 before its step limit (or without one) is refused as a resumed run past
    /// that end is: it could not be resumed, and its last steps would change nothing.
    @Test(arguments: [["--max-steps", "6"], ["--time-budget", "5"]])
    func aNewLinearRunPastItsEndAt0IsRefused(limit: [String]) throws {
        let run = try Workspace().run(["train"] + Workspace.tiny + limit
            + ["--schedule", "linear", "--start-factor", "1", "--end-factor", "0", "--linear-steps", "5"])
        #expect(run.status == 64 && run.stderr == "char-rnn: error: the linear schedule brings the learning rate to 0 at step 5, so "
            + "training on past it would change nothing; give --max-steps 5 at most, or a longer --linear-steps\n", "\(run.stderr)")
    }

    /// The schedules' flags set the run's settings, which --resume keeps: given again, they are refused as the other settings are.
    @Test func scheduleFlagsCannotBeGivenWithResume() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5, extra: ["--schedule", "multistep", "--milestones", "3"]).status == 0)
        for flags in [["--milestones", "4"], ["--start-factor", "0.5"], ["--end-factor", "0.5"], ["--linear-steps", "3"]] {
            let run = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"] + flags)
            #expect(run.status == 64 && run.stderr == "char-rnn: error: \(flags[0]) cannot be given with --resume: the model and training "
                + "settings come from the checkpoint\n", "\(run.stderr)")
        }
    }

    @Test func initFromWithAShapeFlag() throws {
        try expectError(Self.tinyTrain + ["--init-from", "ck/latest.safetensors"],
                        mentions: "--hidden cannot be given with --init-from: the model's shape comes from the file") { try $0.trainTiny(steps: 5) }
    }

    /// Biases and a projection are part of the model's shape, which --resume and --init-from take from the checkpoint.
    @Test(arguments: [["--no-bias"], ["--projection", "4"]])
    func modelFlagsCannotBeGivenWithResumeOrInitFrom(flags: [String]) throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5, extra: ["--projection", "6"]).status == 0)
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"] + flags)
        #expect(resumed.status == 64 && resumed.stderr == "char-rnn: error: \(flags[0]) cannot be given with --resume: the model and training "
            + "settings come from the checkpoint\n", "\(resumed.stderr)")
        let initialized = try w.run(["train", "--data", "text.txt", "--init-from", "ck", "--max-steps", "2", "--checkpoint-dir", "ck2"] + flags)
        #expect(initialized.status == 64 && initialized.stderr == "char-rnn: error: \(flags[0]) cannot be given with --init-from: the model's "
            + "shape comes from the file\n", "\(initialized.stderr)")
    }

    @Test func initFromACheckpointWithoutTheDatasCharacters() throws {
        try expectError(["train", "--init-from", "ck/latest.safetensors", "--data", "other.txt", "--max-steps", "2"],
                        mentions: "other.txt: character U+0030 at byte offset 0 is not in the vocabulary (the checkpoint of --init-from knows 30 characters)") { w in
            try w.trainTiny(steps: 5)
            try w.write(String(repeating: "0123456789 + 42 = 51\n", count: 20), to: "other.txt")
        }
    }

    /// State dicts for text.txt (30 characters) of a 1-layer Elman RNN with E = H = 2, each wrong in one way: refused
    /// naming the flag and the file, as every refusal of a file a flag names.
    @Test(arguments: [
        (["embed.weight": [30, 2]], "no tensor \"rnn.weight_hh_l0\" to read the model's shape from"),
        (["embed.weight": [3, 2], "rnn.weight_hh_l0": [2, 2]], "its embedding has 3 rows, one per character, but the data has 30 characters"),
        (["embed.weight": [30, 2], "rnn.weight_hh_l0": [2, 2]], "the parameters do not fit the model configuration"),
    ])
    func initFromAStateDictThatDoesNotFit(shapes: [String: [Int]], expected: String) throws {
        try expectError(["train", "--data", "text.txt", "--max-steps", "1", "--init-from", "weights.safetensors"],
                        mentions: "char-rnn: error: --init-from: weights.safetensors: " + expected) { w in
            let tensors = shapes.mapValues { AnyTensor(Tensor<Float>(shape: $0, scalars: Array(repeating: 0.5, count: $0.reduce(1, *)))) }
            try SafetensorsFile(tensors: tensors).write(to: w.directory.file("weights.safetensors"))
        }
    }

    @Test func initFromAFileThatIsMissing() throws {
        try expectError(["train", "--data", "text.txt", "--init-from", "nowhere.safetensors"], mentions: "nowhere.safetensors")
    }

    @Test func checkpointWhoseConfigurationIsLargerThanItsTensors() throws {
        try expectError(["sample", "--checkpoint", "big.safetensors"], mentions: "the file holds") { w in
            try w.trainTiny(steps: 5)
            try w.editHeader(of: "ck/latest.safetensors", to: "big.safetensors", replacing: #"\"hidden_size\":12"#, with: #"\"hidden_size\":2000"#)
        }
    }

    @Test(arguments: [(#"\"batch\":5"#, #"\"batch\":-1"#, "batch must be from 0 to 2^53, got -1"),
                      // Counters so large that counting on would overflow.
                      (#"\"batch\":5"#, #"\"batch\":9223372036854775807"#, "batch must be from 0 to 2^53"),
                      (#"\"batch\":5"#, #"\"batch\":500"#, "update 500 of the epoch"),
                      (#"\"bpttWindow\":8"#, #"\"bpttWindow\":2"#, "(k1 is TrainingSettings.sequenceLength, k2 TrainingSettings.bpttWindow)"),
                      (#"\"clipNorm\":5"#, #"\"clipNorm\":0"#, "the gradient-norm clip (TrainingSettings.clipNorm) must be a finite number > 0, got 0.0"),
                      (#"\"computeThreads\":1"#, #"\"computeThreads\":0"#, "(TrainingRecord.computeThreads) must be from 1 to 1024, got 0"),
                      // The resumed run's limits are the file's, named by property (they were blamed on --max-steps, exit 64).
                      (#"\"maxSteps\":5"#, #"\"maxSteps\":-5"#, "edited.safetensors: metadata \"training\": the step limit (StopConditions.maxSteps) must be positive, got -5"),
                      (#"\"hasCarriedState\":true"#, #"\"hasCarriedState\":false"#,
                       "hasCarriedState is false, but the file holds the carried state tensor state.0.0"),
                      (#"\"generator\":[\""#, #"\"generator\":[\"0\",\"0\",\"0\",\"0\"],\"unused\":[\""#,
                       "metadata \"training\": field 'generator': the four words are all zero, a state the generator never reaches and never leaves"),
                      (#"\"generator\":[\""#, #"\"generator\":[\"1\",\"x\",\"1\",\"1\"],\"unused\":[\""#,
                       "field 'generator': expected four hexadecimal words, got [\"1\", \"x\", \"1\", \"1\"]")])
    func checkpointWithATrainingStateOutOfRange(original: String, edited: String, expected: String) throws {
        try expectError(["train", "--resume", "edited.safetensors", "--max-steps", "8"], mentions: expected) { w in
            try w.trainTiny(steps: 5)
            try w.editHeader(of: "ck/latest.safetensors", to: "edited.safetensors", replacing: original, with: edited)
        }
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
        (["--checkpoint-dir", "text.txt/ck"], "error: --checkpoint-dir: cannot create the checkpoint folder text.txt/ck: text.txt/ck: Not a directory"),
        // Outputs that would replace an input or each other.
        (["--log", "text.txt"], "--log and --data name the same file ('text.txt'); writing --log would replace it"),
        (["--log", "./ck/../ck/latest.safetensors"], "--checkpoint-dir and --log name the same file"),
        (["--plot", "ck/../ck"], "error: --plot: cannot write ck/../ck: it is a folder"),
        (["--eval-every", "-5"], "the evaluation interval (--eval-every) must be a positive number of updates"),
        (["--eval-every", "0s"], "the evaluation interval (--eval-every) must be a positive number of updates (250) or of seconds (60s), got '0s'"),
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

    @Test func aRefusedRunLeavesNoCheckpointFolder() throws {
        let w = try Workspace()
        try w.write("abcabc", to: "short.txt")
        let run = try w.run(["train", "--data", "short.txt", "--checkpoint-dir", "new-ck", "--quiet"])
        #expect(run.status != 0 && run.stderr.contains("too short for one batch"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("new-ck")))
        // Nor does one whose log cannot be written, found after the folder was made.
        let log = try w.run(Self.tinyTrain + ["--checkpoint-dir", "new-ck/runs", "--log", "missing/log.jsonl"])
        #expect(log.status != 0 && log.stderr.contains("missing/log.jsonl"), "\(log.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("new-ck")))
    }

    @Test func aLogOverTheResumedCheckpointIsRefused() throws {
        try expectError(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8", "--checkpoint-dir", "ck2",
                         "--log", "ck/latest.safetensors"],
                        mentions: "--log and --resume name the same file") { w in
            try w.trainTiny(steps: 5)
        }
    }

    /// A checkpoint with one tensor poisoned by a NaN: weights, Adam's buffers, the carried state.
    @Test(arguments: [
        ("head.bias", ["sample", "--checkpoint", "bad.safetensors"], "the weights are not finite: parameter \"head.bias\" holds NaN"),
        ("head.bias", ["evaluate", "--checkpoint", "bad.safetensors", "--data", "text.txt"], "the weights are not finite"),
        ("head.bias", ["train", "--data", "text.txt", "--init-from", "bad.safetensors", "--max-steps", "2"], "the weights are not finite"),
        ("optimizer.exp_avg.head.bias", ["train", "--resume", "bad.safetensors", "--max-steps", "8"],
         "tensor 'optimizer.exp_avg.head.bias' holds NaN or infinite values"),
        ("state.0.0", ["train", "--resume", "bad.safetensors", "--max-steps", "8"], "tensor \"state.0.0\" (carried state) holds NaN"),
    ])
    func nonFiniteValuesInACheckpointAreRefused(tensor: String, arguments: [String], expected: String) throws {
        try expectError(arguments, mentions: expected) { w in
            try w.trainTiny(steps: 5)
            var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
            let stored = try file.tensor(named: tensor, as: Float.self)
            var scalars = stored.scalars
            scalars[0] = .nan
            file.tensors[tensor] = AnyTensor(Tensor(shape: stored.shape, scalars: scalars))
            try file.write(to: URL(fileURLWithPath: w.path("bad.safetensors")))
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

    /// Control characters in a checkpoint's names and metadata (a carriage return and line feed, an escape sequence)
    /// are shown escaped: the error stays one line and leaves the terminal as it was.
    @Test(arguments: [
        ("tensor", #", head.bias\r\n\u{1B}[2Jx ["#),
        ("metadata", #"field 'cell': Cannot initialize CellKind from invalid String value lstm\r\n\u{1B}[2J; "#),
    ])
    func controlCharactersFromACheckpointAreEscaped(part: String, expected: String) throws {
        try expectError(["sample", "--checkpoint", "odd.safetensors"], mentions: expected) { w in
            try w.trainTiny(steps: 5)
            var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
            if part == "tensor" {
                file.tensors["head.bias\r\n\u{1B}[2Jx"] = file.tensors.removeValue(forKey: "head.bias")
            } else {
                file.metadata["model"] = file.metadata["model"]!.replacingOccurrences(of: #""cell":"lstm""#,
                                                                                      with: #""cell":"lstm\r\n\u001b[2J""#)
            }
            try file.write(to: URL(fileURLWithPath: w.path("odd.safetensors")))
        }
    }

    /// Weights that are finite but near Float's largest overflow the scores to NaN, which the sampler trapped on.
    @Test func weightsThatOverflowTheScoresStopSampling() throws {
        try expectError(["sample", "--checkpoint", "huge.safetensors", "--length", "5"],
                        mentions: "the model's scores for character 1 are not finite: its weights, though finite, overflow Float",
                        prepare: Self.writeOverflowingCheckpoint)
    }

    /// evaluate says so too, rather than printing a loss of NaN (or null in JSON) and exiting 0.
    @Test func weightsThatOverflowTheScoresStopEvaluation() throws {
        for json in [[], ["--json"]] {
            try expectError(["evaluate", "--checkpoint", "huge.safetensors", "--data", "text.txt"] + json,
                            mentions: "the model's scores over text.txt are not finite: its weights, though finite, overflow Float",
                            prepare: Self.writeOverflowingCheckpoint)
        }
    }

    /// A trained checkpoint whose weights are all 3.4e38: finite, but they overflow Float in the first product.
    private static func writeOverflowingCheckpoint(_ w: Workspace) throws {
        try w.trainTiny(steps: 5)
        var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
        for name in file.tensors.keys where !name.hasPrefix("optimizer.") && !name.hasPrefix("state.") {
            let shape = file.tensors[name]!.shape
            file.tensors[name] = AnyTensor(Tensor<Float>(repeating: 3.4e38, shape: shape))
        }
        try file.write(to: URL(fileURLWithPath: w.path("huge.safetensors")))
    }

    @Test func resumingOnAnotherTextOfTheSameLengthIsRefused() throws {
        try expectError(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"], mentions: "another text of the same length") { w in
            try w.trainTiny(steps: 5)
            let text = try String(contentsOfFile: w.path("text.txt"), encoding: .utf8)
            try w.write(String(text.reversed()), to: "text.txt")  // the same characters and length, another order
        }
    }

    /// Without --data, a resume reads the path the checkpoint recorded (from the root, so from any folder);
    /// when that file is gone the error says where the path came from.
    @Test func resumingElsewhereFindsTheRecordedDataOrNamesIt() throws {
        let w = try Workspace()
        try w.trainTiny(steps: 5)
        let elsewhere = w.folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: false)
        let resumed = try CharRNN.run(["train", "--resume", w.path("ck/latest.safetensors"), "--max-steps", "8"], in: elsewhere)
        #expect(resumed.exited && resumed.status == 0, "\(resumed.stderr)")
        try FileManager.default.removeItem(atPath: w.path("text.txt"))
        let run = try CharRNN.run(["train", "--resume", w.path("ck/latest.safetensors"), "--max-steps", "10"], in: elsewhere)
        #expect(run.exited && run.status != 0)
        #expect(run.stderr.hasPrefix("char-rnn: error: the resumed run's data (recorded in the checkpoint; --data gives another path): "), "\(run.stderr)")
        #expect(run.stderr.contains("/text.txt: cannot read the file (No such file or directory)"), "\(run.stderr)")
    }

    @Test(arguments: [".", "/dev/zero"])
    func evaluateRefusesWhatIsNotARegularFile(data: String) throws {
        try expectError(["evaluate", "--checkpoint", "ck/latest.safetensors", "--data", data], mentions: "\(data): cannot read the file (it is a") { w in
            try w.trainTiny(steps: 5)
        }
    }

    @Test func nonPositiveTemperature() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--temperature", "0"], mentions: "temperature") { w in
            try w.trainTiny(steps: 5)
        }
    }

    /// Sampling flags out of range, or that --argmax would ignore, are usage errors (exit 64) found before the checkpoint is read.
    @Test(arguments: [
        (["--temperature", "-1"], "must be a finite number > 0, got -1.0 (--argmax always takes the most likely token)"),
        (["--top-k", "0"], "the top-k count (--top-k) must be positive, got 0"),
        (["--argmax", "--temperature", "0.5"], "--temperature cannot be given with --argmax"),
        (["--length", "-1"], "the sample length (--length) must be ≥ 0, got -1"),
        (["--top-p", "0.9", "--argmax"], "--top-p cannot be given with --argmax"),
    ])
    func samplingFlagsAreUsageErrors(flags: [String], expected: String) throws {
        let run = try Workspace().run(["sample", "--checkpoint", "missing.safetensors"] + flags)
        #expect(run.status == 64 && run.stderr.hasPrefix("char-rnn: error: ") && run.stderr.contains(expected), "\(run.stderr)")
    }

    /// evaluate's sizes out of range are usage errors found before the checkpoint is read.
    @Test(arguments: [
        (["--streams", "0"], "the number of streams (--streams) must be positive, got 0"),
        (["--seq-length", "-2"], "the sequence length (--seq-length) must be positive, got -2"),
    ])
    func evaluateSizesAreUsageErrors(flags: [String], expected: String) throws {
        let run = try Workspace().run(["evaluate", "--checkpoint", "missing.safetensors", "--data", "text.txt"] + flags)
        #expect(run.status == 64 && run.stderr == "char-rnn: error: \(expected)\n", "\(run.stderr)")
    }

    /// The names --plot takes are in its help, in forecast's words.
    @Test func aPlotNamedForAnotherFormatIsAUsageError() throws {
        let run = try Workspace().run(Self.tinyTrain + ["--plot", "runs/loss.PNG"])
        #expect(run.status == 64 && run.stderr == "char-rnn: error: --plot runs/loss.PNG: the chart is written as SVG, so its name should end in .svg, not .PNG\n",
                "\(run.stderr)")
        let help = try Workspace().run(["train", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("SVG file (a name ending in .svg, or without an extension)."), "\(help)")
    }

    @Test func topPOutsideZeroToOne() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--top-p", "1.5"], mentions: "the top-p probability (--top-p) must be in (0, 1], got 1.5")
    }

    @Test func primeCharacterIsNamedByItsCodePoint() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--prime", "é"],
                        mentions: "--prime: character '\\u{00E9}' (U+00E9) is not in the model's vocabulary") { try $0.trainTiny(steps: 5) }
    }

    @Test func primeOutsideTheVocabulary() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--prime", "ZZ"], mentions: "--prime") { w in
            try w.trainTiny(steps: 5)
        }
        // Refused before anything is printed, even when it starts with known characters.
        let w = try Workspace()
        try w.trainTiny(steps: 5)
        let run = try w.run(["sample", "--checkpoint", "ck/latest.safetensors", "--prime", "thZ"])
        #expect(run.status != 0 && run.stdout.isEmpty, "\(run.stdout)")
    }

    /// Output that cannot be written (a full disk behind a redirection, a log on a full device) ends in an error,
    /// not in exit 0 with the text lost; a training run still finishes and keeps its checkpoints.
    @Test func outputThatCannotBeWrittenIsAnError() throws {
        let w = try Workspace()
        let train = try w.trainTiny(steps: 5, extra: ["--log", "/dev/full"])
        let failure = "cannot write /dev/full: writing in place failed: No space left on device"
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

    /// A space in the prime is quoted, so the message shows it.
    @Test func aPrimeSpaceIsQuoted() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--prime", "abc de"],
                        mentions: "--prime: character ' ' (U+0020) is not in the model's vocabulary") { w in
            try w.write("abcdefghij\n", to: "text.txt")
            try w.trainTiny(steps: 5, extra: ["--seq-length", "2", "--batch-size", "1", "--validation", "0.3"])
        }
    }
}
