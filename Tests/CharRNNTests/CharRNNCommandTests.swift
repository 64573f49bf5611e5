import Foundation
import RNNKit
import Testing
import _TestSupport

/// The `char-rnn` commands end to end, on the built binary.
@Suite struct CharRNNCommandTests {
    /// `--version` prints the package's version, `rnnKitVersion`, as `forecast --version` does, the root --help lists it, and every --help
    /// says what it shares with forecast's in the same words.
    @Test func versionAndHelpAsInForecast() throws {
        #expect(try SharedCommandLine.problems(of: "char-rnn", subcommands: ["train", "sample", "evaluate"], version: rnnKitVersion) == [])
    }

    @Test(arguments: ["lstm", "gru", "rnn"])
    func trainSampleAndEvaluateEveryCell(cell: String) throws {
        let w = try Workspace()
        let train = try w.trainTiny(steps: 10, extra: ["--cell", cell, "--log", "log.jsonl", "--plot", "loss.svg"])
        #expect(train.status == 0, "\(train.stderr)")
        for name in ["ck/latest.safetensors", "ck/best.safetensors", "log.jsonl", "loss.svg"] {
            #expect(FileManager.default.fileExists(atPath: w.path(name)), "\(name) written")
        }
        let logged = try String(contentsOfFile: w.path("log.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(logged.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(logged[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["step", "epoch", "t", "tokens", "train_loss", "val_loss", "val_bpc"])
        #expect(first["step"] as? Int == 5)
        let valLoss = try #require(first["val_loss"] as? Double), valBPC = try #require(first["val_bpc"] as? Double)
        #expect(abs(valBPC - valLoss / log(2)) < 1e-12 * valBPC, "val_bpc is val_loss in bits")
        let svg = try String(contentsOfFile: w.path("loss.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("validation") && svg.contains("<path"))

        let sample = try w.run(["sample", "--checkpoint", "ck/latest.safetensors", "--length", "40", "--prime", "the ", "--seed", "7"])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout.hasPrefix("the ") && sample.stdout.unicodeScalars.count == 45)
        let again = try w.run(["sample", "--checkpoint", "ck/latest.safetensors", "--length", "40", "--prime", "the ", "--seed", "7"])
        #expect(again.stdout == sample.stdout, "same seed, same text")

        try w.write("the lazy dog?! jumps", to: "other.txt")
        let evaluate = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "other.txt", "--json", "--streams", "2"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        let nats = try #require(result["loss_nats"] as? Double), bpc = try #require(result["bpc"] as? Double)
        #expect(abs(bpc - nats / log(2)) < 1e-9)
        #expect(abs((result["perplexity"] as? Double ?? 0) - exp(nats)) < 1e-6 * exp(nats))
        #expect(result["unknown_chars"] as? Int == 2, "'?' and '!' are not in the vocabulary")
        #expect(result["chars"] as? Int == 16, "18 known characters: 2 streams of ⌊17 / 2⌋ = 8 predictions")
        // More streams than predictions the text holds is refused (it was clamped without a word).
        let tooMany = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "other.txt", "--streams", "18"])
        #expect(tooMany.status == 64 && tooMany.stderr == "char-rnn: error: --streams 18: the text has 18 characters the model knows, "
            + "so at most 17 streams (each predicts at least one character)\n", "\(tooMany.stderr)")
        // By default a short file is one stream: every known character after the first is scored.
        let whole = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "other.txt", "--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let wholeResult = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
        #expect(wholeResult["chars"] as? Int == 17)
        // A leading byte-order mark is skipped as when training, not counted as an unknown character.
        try w.directory.write([0xEF, 0xBB, 0xBF] + Array("the lazy dog?! jumps".utf8), to: "bom.txt")
        let bom = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "bom.txt", "--json"])
        #expect(bom.stdout == whole.stdout, "\(bom.stdout) \(bom.stderr)")
        // `--data -` reads standard input, here a pipe (which was refused), to its end.
        let piped = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "-", "--json"], stdin: Data("the lazy dog?! jumps".utf8))
        #expect(piped.stdout == whole.stdout, "\(piped.stdout) \(piped.stderr)")
    }

    /// `--no-bias` takes the biases out of every recurrent layer (the head keeps its own, as PyTorch's `bias=False` on nn.LSTM
    /// leaves nn.Linear's), `--projection` projects an LSTM's h; the checkpoint records both, and sample and evaluate read it.
    @Test(arguments: [["--no-bias", "--projection", "5"], ["--cell", "gru", "--no-bias"], ["--projection", "3"]])
    func aModelWithoutBiasesOrProjectedTrainsSamplesAndEvaluates(flags: [String]) throws {
        let w = try Workspace()
        let train = try w.run(["train"] + Workspace.tiny.filter { $0 != "--quiet" } + ["--max-steps", "5"] + flags)
        #expect(train.status == 0, "\(train.stderr)")
        let projection = flags.firstIndex(of: "--projection").map { Int(flags[$0 + 1])! }
        let model = (flags.contains("--cell") ? "gru" : "lstm") + " 2×12" + (projection.map { " projected to \($0)" } ?? "")
            + (flags.contains("--no-bias") ? " without biases" : "") + ", embedding 12"
        #expect(train.stderr.contains("model: \(model)"), "\(train.stderr)")
        let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: w.path("ck/best.safetensors")))
        let config = try LanguageModelCheckpoint(file: file).config
        #expect(config.bias == !flags.contains("--no-bias") && config.projectionSize == projection)
        #expect((file.tensors["rnn.bias_ih_l1"] == nil) == flags.contains("--no-bias") && file.tensors["head.bias"] != nil)
        #expect((file.tensors["rnn.weight_hr_l1"]?.shape).map { $0 == [projection!, 12] } ?? (projection == nil))
        let sample = try w.run(["sample", "--checkpoint", "ck", "--length", "20", "--prime", "the "])
        #expect(sample.status == 0 && sample.stdout.hasPrefix("the ") && sample.stdout.unicodeScalars.count == 25, "\(sample.stderr)")
        let evaluate = try w.run(["evaluate", "--checkpoint", "ck", "--data", "text.txt", "--json"])
        let score = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any], "\(evaluate.stderr)")
        #expect(score["chars"] as? Int == 1031 && (score["loss_nats"] as? Double).map { $0 > 0 && $0 < 4 } == true)
    }

    /// Without --checkpoint, sample and evaluate use checkpoints/best.safetensors, where train writes by
    /// default; without that file they say so.
    @Test func sampleAndEvaluateFindTheDefaultCheckpoint() throws {
        let w = try Workspace()
        for command in [["sample"], ["evaluate", "--data", "text.txt"]] {
            let missing = try w.run(command)
            #expect(missing.status == 64)
            #expect(missing.stderr == "char-rnn: error: no --checkpoint given, and no checkpoints/best.safetensors here "
                + "(where `char-rnn train` writes without --checkpoint-dir); give --checkpoint FILE\n")
        }
        let train = try w.run(["train"] + Workspace.tiny.filter { $0 != "--checkpoint-dir" && $0 != "ck" } + ["--max-steps", "5"])
        #expect(train.status == 0, "\(train.stderr)")
        let sample = try w.run(["sample", "--length", "10", "--seed", "3"])
        let explicit = try w.run(["sample", "--length", "10", "--seed", "3", "--checkpoint", "checkpoints/best.safetensors"])
        #expect(sample.status == 0 && sample.stdout == explicit.stdout, "\(sample.stderr)")
        let evaluate = try w.run(["evaluate", "--data", "text.txt", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        // With only the latest checkpoint, the message names it.
        try FileManager.default.removeItem(atPath: w.path("checkpoints/best.safetensors"))
        let onlyLatest = try w.run(["sample"])
        #expect(onlyLatest.status == 64 && onlyLatest.stderr.hasSuffix("give --checkpoint checkpoints/latest.safetensors\n"), "\(onlyLatest.stderr)")
    }

    /// A checkpoint given through a named pipe (or a shell's `<(command)`), which another process writes, is read to its end,
    /// as `--data` is: sample and evaluate give what they give with the file.
    @Test func aCheckpointThroughAPipeIsReadToItsEnd() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5).status == 0)
        #expect(mkfifo(w.path("pipe"), 0o600) == 0)
        for command in [["sample", "--length", "20"], ["evaluate", "--data", "text.txt", "--json"]] {
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: "/bin/sh")
            writer.arguments = ["-c", "cat ck/latest.safetensors > pipe"]
            writer.currentDirectoryURL = w.folder
            try writer.run()
            let piped = try w.run(command + ["--checkpoint", "pipe"])
            // A command that did not read the pipe leaves the writer waiting for a reader: open it for one, so that
            // the test fails rather than hangs.
            while writer.isRunning {
                let fd = open(w.path("pipe"), O_RDONLY | O_NONBLOCK)
                if fd >= 0 { close(fd) }
                usleep(10_000)
            }
            let file = try w.run(command + ["--checkpoint", "ck/latest.safetensors"])
            #expect(piped.status == 0 && piped.stdout == file.stdout && !file.stdout.isEmpty, "\(piped.stderr)")
        }
    }

    /// A run's folder where a checkpoint is expected: sample and evaluate take its best.safetensors, train --resume its
    /// latest.safetensors; a folder without that file is refused, naming the other when it holds it.
    @Test func aRunsFolderStandsForItsCheckpoint() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5).status == 0)
        try FileManager.default.copyItem(atPath: w.path("ck/best.safetensors"), toPath: w.path("step5.safetensors"))
        let resumed = try w.run(["train", "--resume", "ck", "--max-steps", "10"])
        #expect(resumed.status == 0 && resumed.stderr.contains("\nresuming at step 5 from ck/latest.safetensors\n"), "\(resumed.stderr)")
        // best.safetensors and latest.safetensors now hold different models: the scores tell which one was read.
        try FileManager.default.removeItem(atPath: w.path("ck/best.safetensors"))
        try FileManager.default.copyItem(atPath: w.path("step5.safetensors"), toPath: w.path("ck/best.safetensors"))
        func scores(_ checkpoint: String) throws -> String {
            let run = try w.run(["evaluate", "--checkpoint", checkpoint, "--data", "text.txt", "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }
        #expect(try scores("ck") == scores("ck/best.safetensors") && scores("ck/") == scores("ck/best.safetensors"))
        #expect(try scores("ck") != scores("ck/latest.safetensors"))
        let sample = try w.run(["sample", "--checkpoint", "ck", "--length", "20"])
        let explicit = try w.run(["sample", "--checkpoint", "ck/best.safetensors", "--length", "20"])
        #expect(sample.status == 0 && sample.stdout == explicit.stdout, "\(sample.stderr)")

        try FileManager.default.removeItem(atPath: w.path("ck/best.safetensors"))
        for command in [["sample"], ["evaluate", "--data", "text.txt"]] {
            let onlyLatest = try w.run(command + ["--checkpoint", "ck"])
            #expect(onlyLatest.status == 1 && onlyLatest.stderr == "char-rnn: error: --checkpoint ck is a folder with no best.safetensors "
                + "but latest.safetensors: give --checkpoint ck/latest.safetensors\n", "\(onlyLatest.stderr)")
        }
        try FileManager.default.createDirectory(atPath: w.path("only-best"), withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: w.path("step5.safetensors"), toPath: w.path("only-best/best.safetensors"))
        let onlyBest = try w.run(["train", "--resume", "only-best"])
        #expect(onlyBest.status == 1 && onlyBest.stderr == "char-rnn: error: --resume only-best is a folder with no latest.safetensors "
            + "but best.safetensors: give --resume only-best/best.safetensors\n", "\(onlyBest.stderr)")
        try FileManager.default.moveItem(atPath: w.path("only-best"), toPath: w.path("only best"))
        let spaced = try w.run(["train", "--resume", "only best"])
        #expect(spaced.status == 1 && spaced.stderr.hasSuffix(": give --resume 'only best/best.safetensors'\n"), "\(spaced.stderr)")
        try FileManager.default.createDirectory(atPath: w.path("empty"), withIntermediateDirectories: false)
        for command in [["sample", "--checkpoint"], ["train", "--resume"]] {
            let empty = try w.run(command + ["empty"])
            #expect(empty.status == 1 && empty.stderr == "char-rnn: error: \(command[1]) empty is a folder with neither best.safetensors "
                + "nor latest.safetensors\n", "\(empty.stderr)")
        }
    }

    /// With RNNKIT_DISABLE_AVX2 the run takes the kernels CPUs without AVX2 use (baseline
    /// activation and LSTM loops, BLAS for the per-step products) and learns the same:
    /// the logged losses agree within 1e-5 relative. Batch 8 and 2 threads, so
    /// each thread's per-step product has the 4 rows the packed AVX2 kernel needs.
    @Test(arguments: ["lstm", "gru"])
    func baselineKernelsTrainLikeTheAVX2Ones(cell: String) throws {
        let (a, b) = try Self.losses(cell: cell, hidden: 16, batch: 8, threads: 2, without: "RNNKIT_DISABLE_AVX2")
        #expect(a.count == 2 && b.count == 2)
        for (x, y) in zip(a, b) {
            let u = x.split(separator: " ").map { Double($0)! }, v = y.split(separator: " ").map { Double($0)! }
            #expect(u[0] == v[0])
            for i in 1...2 { #expect(abs(u[i] - v[i]) <= 1e-5 * abs(u[i]), "\(x) against \(y)") }
        }
    }

    /// With RNNKIT_DISABLE_AVX512 the per-step products take the AVX2 micro-kernel instead of the AVX-512
    /// one (on a CPU that has it; elsewhere both runs take AVX2) and train the same, bit for bit: each
    /// element of a product takes its terms in the same order. Batch 9 on one thread leaves a partial block
    /// of rows, hidden 20 a partial panel of columns (of W_hh's 20 backward; of a GRU's 60 gates forward).
    @Test(arguments: ["lstm", "gru"])
    func avx2ProductsTrainLikeTheAVX512Ones(cell: String) throws {
        let (avx512, avx2) = try Self.losses(cell: cell, hidden: 20, batch: 9, threads: 1, without: "RNNKIT_DISABLE_AVX512")
        #expect(avx512.count == 2)
        #expect(avx512 == avx2)
    }

    /// The losses logged at steps 10 and 20 of a tiny run as usual and of the same run with the environment
    /// variable `variable` set to 1.
    private static func losses(cell: String, hidden: Int, batch: Int, threads: Int, without variable: String) throws
        -> ([String], [String]) {
        let w = try Workspace()
        let arguments = ["train"] + Workspace.tiny + ["--cell", cell, "--batch-size", "\(batch)", "--hidden", "\(hidden)",
                                                      "--threads", "\(threads)", "--lr", "0.02", "--max-steps", "20", "--eval-every", "10"]
        let usual = try w.run(arguments + ["--log", "usual.jsonl"])
        let without = try w.run(arguments + ["--log", "without.jsonl", "--checkpoint-dir", "ck-without"], environment: [variable: "1"])
        #expect(usual.status == 0 && without.status == 0, "\(usual.stderr) \(without.stderr)")
        return (try w.loggedLosses("usual.jsonl"), try w.loggedLosses("without.jsonl"))
    }

    /// Stopping at step 10 and resuming to 20 logs the same losses, bit for bit, as one run of 20:
    /// with dropout and k2 < 2·k1, with k2 ≥ 2·k1 and a validation fraction of its own, with a multistep schedule
    /// whose milestones fall before and after the stop, with a linear one that ends after it, and with a projected LSTM
    /// without biases.
    @Test(arguments: [["--dropout", "0.1", "--bptt-window", "11"], ["--bptt-window", "20", "--validation", "0.3"],
                      ["--no-bias", "--projection", "5"],
                      ["--schedule", "multistep", "--milestones", "3,12", "--gamma", "0.2"],
                      ["--schedule", "linear", "--start-factor", "0.25", "--end-factor", "0.5", "--linear-steps", "15"]])
    func aResumedRunMatchesAnUninterruptedOne(settings: [String]) throws {
        let w = try Workspace()
        let options = settings + ["--log"]
        let whole = try w.run(["train"] + Workspace.tiny + ["--max-steps", "20", "--checkpoint-dir", "whole"] + options + ["whole.jsonl"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let part = try w.trainTiny(steps: 10, extra: options + ["parts.jsonl"])
        #expect(part.status == 0, "\(part.stderr)")
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "20", "--eval-every", "5",
                                 "--threads", "1", "--quiet", "--checkpoint-dir", "ck", "--log", "parts.jsonl"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let expected = try w.loggedLosses("whole.jsonl")
        #expect(expected.count == 4)
        #expect(try w.loggedLosses("parts.jsonl") == expected)
    }

    /// The schedule flags set the rates: multistep's first decay at step 6 leaves the losses of the first 5 updates
    /// as a constant rate's, and changes the next; linear with both factors 1 is the constant rate, and from a start factor of 0.5
    /// it is not.
    @Test func multistepAndLinearSetTheRates() throws {
        let w = try Workspace()
        func losses(_ name: String, _ flags: [String]) throws -> [String] {
            let run = try w.run(["train"] + Workspace.tiny + ["--max-steps", "10", "--checkpoint-dir", name, "--log", "\(name).jsonl"] + flags)
            #expect(run.status == 0, "\(run.stderr)")
            return try w.loggedLosses("\(name).jsonl")
        }
        let constant = try losses("constant", [])
        let multistep = try losses("multistep", ["--schedule", "multistep", "--milestones", "6", "--gamma", "0.1"])
        #expect(constant.count == 2 && multistep[0] == constant[0] && multistep[1] != constant[1], "\(multistep) \(constant)")
        #expect(try losses("flat", ["--schedule", "linear", "--start-factor", "1", "--end-factor", "1", "--linear-steps", "3"]) == constant)
        #expect(try losses("linear", ["--schedule", "linear", "--start-factor", "0.5"])[0] != constant[0])
    }

    /// `--validation` holds out that fraction: half the text for validation leaves about half the
    /// updates per epoch of the default tenth, so the same step is further into the run.
    @Test func validationHoldsOutTheGivenFraction() throws {
        let w = try Workspace()
        func epochAtStep10(_ extra: [String], log: String) throws -> Double {
            let run = try w.trainTiny(steps: 10, extra: extra + ["--log", log])
            #expect(run.status == 0, "\(run.stderr)")
            let last = try #require(try String(contentsOfFile: w.path(log), encoding: .utf8).split(separator: "\n").last)
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            return try #require(entry["epoch"] as? Double)
        }
        let tenth = try epochAtStep10([], log: "tenth.jsonl"), half = try epochAtStep10(["--validation", "0.5", "--overwrite"], log: "half.jsonl")
        #expect(half / tenth > 1.6 && half / tenth < 2, "epoch at step 10: \(half) with half held out, \(tenth) with a tenth")
    }

    /// A run killed with SIGKILL mid-way and resumed from its latest checkpoint
    /// logs the same losses, bit for bit, as a run that was never interrupted.
    @Test func aRunKilledMidwayAndResumedMatchesAnUninterruptedOne() throws {
        let w = try Workspace()
        let steps = "200"
        let whole = try w.run(["train"] + Workspace.tiny + ["--max-steps", steps, "--checkpoint-dir", "whole", "--log", "whole.jsonl"])
        #expect(whole.status == 0, "\(whole.stderr)")

        // Killed once a few evaluations (and checkpoints) are on disk.
        let killed = try w.run(["train"] + Workspace.tiny + ["--max-steps", steps, "--log", "killed.jsonl"], signals: [SIGKILL],
                               afterEvaluations: 3, loggedTo: "killed.jsonl")
        #expect(!killed.exited && killed.status == SIGKILL, "the run was killed before it finished")

        // No --checkpoint-dir: the resumed run writes next to the checkpoint it resumed; no --max-steps: it keeps the run's.
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--quiet", "--log", "killed.jsonl"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("checkpoints")))
        let expected = try w.loggedLosses("whole.jsonl")
        #expect(expected.count == 40)
        #expect(try w.loggedLosses("killed.jsonl") == expected)
    }

    /// A resumed run given another `--eval-every` in seconds evaluates on the new cadence from the resume,
    /// not first at the time the old cadence had scheduled.
    @Test func aNewSecondsCadenceStartsAtTheResume() throws {
        let w = try Workspace()
        let first = try w.trainTiny(steps: 10, extra: ["--eval-every", "1000s"])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "14", "--eval-every", "0.000001s",
                                 "--quiet", "--log", "resumed.jsonl"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try w.loggedLosses("resumed.jsonl").map { $0.split(separator: " ")[0] } == ["10", "11", "12", "13", "14"])
    }

    /// `--log -` writes the JSON lines to standard output, as `--log /dev/stdout` does.
    @Test func aLogNamedDashGoesToStandardOutput() throws {
        let w = try Workspace()
        let run = try w.trainTiny(steps: 5, extra: ["--log", "-"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("-")))
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("{\"step\":5"), "\(run.stdout)")
        // A resumed run streams only its own evaluations, so the stream appended to a file stays one line per evaluation.
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "10", "--quiet", "--log", "-"])
        let more = resumed.stdout.split(separator: "\n")
        #expect(more.count == 1 && more[0].hasPrefix("{\"step\":10"), "\(resumed.stdout)")
    }

    /// A resumed run keeps the limits of the run it continues; limits given replace them all.
    @Test func aResumedRunKeepsItsLimitsUnlessGivenNewOnes() throws {
        let w = try Workspace()
        let first = try w.run(["train"] + Workspace.tiny.filter { $0 != "--quiet" } + ["--max-steps", "5"])
        #expect(first.status == 0 && first.stderr.contains("stops at: step 5\n"), "\(first.stderr)")
        let again = try w.run(["train", "--resume", "ck/latest.safetensors", "--eval-every", "2"])
        #expect(again.status == 0 && again.stderr.contains("stops at: step 5 (the resumed run's limits)"), "\(again.stderr)")
        #expect(again.stderr.contains("stopped at step 5: step limit reached") && again.stderr.contains("give a larger limit"), "\(again.stderr)")
        let elsewhere = try w.run(["train", "--resume", "ck/latest.safetensors", "--checkpoint-dir", "new/ck"])
        #expect(elsewhere.status == 0 && !FileManager.default.fileExists(atPath: w.path("new")), "nothing written, no folder made")
        let longer = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-epochs", "1"])
        #expect(longer.status == 0 && longer.stderr.contains("stops at: 1 epoch\n"), "\(longer.stderr)")
        #expect(!longer.stderr.contains("give a larger limit"), "\(longer.stderr)")
        try FileManager.default.removeItem(atPath: w.path("ck"))
        let defaults = try w.run(["train"] + Workspace.tiny.filter { $0 != "--quiet" })
        #expect(defaults.status == 0 && defaults.stderr.contains("stops at: 10 epochs (the default;"), "\(defaults.stderr)")
        #expect(defaults.stderr.contains("epoch limit reached"), "\(defaults.stderr)")
    }

    /// Products split across threads round differently, so a resumed run keeps the run's thread count
    /// (recorded in the checkpoint) unless --threads is given.
    @Test func aResumedRunKeepsItsThreadCountUnlessGivenAnother() throws {
        let w = try Workspace()
        var flags = Workspace.tiny.filter { $0 != "--quiet" }
        flags[flags.firstIndex(of: "--threads")! + 1] = "3"
        let first = try w.run(["train"] + flags + ["--max-steps", "4"])
        #expect(first.status == 0 && first.stderr.contains("updates per epoch, 3 compute threads\n"), "\(first.stderr)")
        let resumed = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "6"])
        #expect(resumed.status == 0 && resumed.stderr.contains("updates per epoch, 3 compute threads\n"), "\(resumed.stderr)")
        let other = try w.run(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8", "--threads", "1"])
        #expect(other.status == 0 && other.stderr.contains("updates per epoch, 1 compute thread\n"), "\(other.stderr)")
    }

    /// A debug build says so in its start lines (`swift run char-rnn` builds one, many times slower), a release build
    /// does not; `--quiet` leaves it out with the rest. The tests and the program are built in the same configuration.
    @Test func aDebugBuildSaysSo() throws {
        let w = try Workspace()
        let line = "a debug build: training runs many times slower than in a release build (swift run -c release char-rnn, "
            + "or swift build -c release)\n"
        #if DEBUG
        let debug = true
        #else
        let debug = false
        #endif
        let run = try w.run(["train"] + Workspace.tiny.filter { $0 != "--quiet" } + ["--max-steps", "2"])
        #expect(run.status == 0 && run.stderr.contains(line) == debug, "\(run.stderr)")
        let quiet = try w.run(["train"] + Workspace.tiny + ["--max-steps", "2", "--overwrite"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// Outputs named by one character, or by a link to a file not made yet, relative to the working folder.
    @Test func shortAndLinkedOutputNamesAreWritten() throws {
        let w = try Workspace()
        try FileManager.default.createSymbolicLink(atPath: w.path("K"), withDestinationPath: "made.jsonl")
        let run = try w.trainTiny(steps: 5, extra: ["--log", "L", "--plot", "K"])
        #expect(run.exited && run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: w.path("L")))
        #expect(try String(contentsOfFile: w.path("made.jsonl"), encoding: .utf8).hasPrefix("<svg"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: w.path("K")) == "made.jsonl")
    }

    /// Updates that keep producing non-finite losses stop the run with an error; the last good checkpoint stays.
    @Test func divergenceStopsWithAnErrorAndKeepsTheLastGoodCheckpoint() throws {
        let w = try Workspace()
        let good = try w.trainTiny(steps: 5)
        #expect(good.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
        let run = try w.run(["train"] + Workspace.tiny + ["--overwrite", "--max-steps", "200", "--optimizer", "sgd",
                                                         "--lr", "1e30", "--clip-norm", "0", "--eval-every", "1000"])
        #expect(run.exited && run.status != 0)
        #expect(run.stderr.contains("char-rnn: error: training diverged"), "\(run.stderr)")
        #expect(run.stderr.contains("this run wrote no checkpoint"), "\(run.stderr)")  // the first run's stays
        let after = try Data(contentsOf: URL(fileURLWithPath: w.path("ck/latest.safetensors")))
        #expect(after == before)
    }

    /// Weights overflowed by the first updates (Adam at 3e38, a rate Float holds, moves each weight by about that much),
    /// one failed update before the limit: the run, which could save no checkpoint, is a divergence and exits 1 (it
    /// exited 0, with no checkpoint to sample from).
    @Test func weightsOverflowedBeforeTheLimitAreADivergence() throws {
        let w = try Workspace()
        let run = try w.run(["train"] + Workspace.tiny + ["--max-steps", "2", "--lr", "3e38"])
        #expect(run.exited && run.status == 1)
        #expect(run.stderr == "char-rnn: error: training diverged: the weights are no longer finite at step 2; this run wrote no checkpoint\n",
                "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("ck")))
    }

    /// A named pipe as the log is opened once for the run, so `cat` reading it gets every line (it got the first,
    /// and the run then waited forever for a new reader).
    @Test(.timeLimit(.minutes(1)))
    func aNamedPipeLogReachesCatWhole() throws {
        let w = try Workspace()
        #expect(mkfifo(w.path("log.fifo"), 0o600) == 0)
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/cat")
        cat.arguments = [w.path("log.fifo")]
        let output = Pipe()
        cat.standardOutput = output
        try cat.run()
        let run = try w.trainTiny(steps: 15, extra: ["--log", "log.fifo"])
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        cat.waitUntilExit()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasPrefix("{\"step\":") }, "\(lines)")
    }

    /// A path that starts with `~` names a folder of that name, as the system takes it: the checkpoint folder, the log
    /// and the plot go there, and sample reads from it (Foundation's file URLs put a home folder there: ~nobody's).
    @Test func aTildeIsAFolderOfThatName() throws {
        let w = try Workspace()
        try FileManager.default.createDirectory(atPath: w.path("~nobody"), withIntermediateDirectories: false)
        let arguments = Array(Workspace.tiny.dropLast(2)) + ["--checkpoint-dir", "~nobody/ck", "--log", "~nobody/log.jsonl",
                                                              "--plot", "~nobody/loss.svg", "--max-steps", "5"]
        let trained = try w.run(["train"] + arguments)
        #expect(trained.status == 0, "\(trained.stderr)")
        for file in ["ck/latest.safetensors", "ck/best.safetensors", "log.jsonl", "loss.svg"] {
            #expect(FileManager.default.fileExists(atPath: w.path("~nobody/\(file)")), "\(file)")
        }
        let sampled = try w.run(["sample", "--checkpoint", "~nobody/ck", "--length", "5"])
        #expect(sampled.status == 0, "\(sampled.stderr)")
    }
}
