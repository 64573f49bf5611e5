import Foundation
import Testing
import RNNCore
import RNNKit
import _TestSupport

/// Checkpoints that cannot be used (missing, foreign, truncated, poisoned, overflowing, of another text or vocabulary),
/// and the checkpoint folders a run must not replace.
extension CharRNNErrorTests {
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
        try expectError(["train", "--resume", "ck/latest.safetensors", "--data", "other.txt", "--max-steps", "8"],
                        mentions: "error: --resume: ck/latest.safetensors: vocabulary mismatch") { w in
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
        try expectError(["train", "--resume", "ck/latest.safetensors", "--max-steps", "8"],
                        mentions: "error: --resume: ck/latest.safetensors: the run trained on another text of the same length") { w in
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
}
