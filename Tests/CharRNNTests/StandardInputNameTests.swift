import Foundation
import Testing
import _TestSupport

/// `--data -` reads standard input, and every line that names the text calls it that, not /dev/stdin.
@Suite struct StandardInputNameTests {
    @Test func anEmptyStandardInputIsNamedAsSuch() throws {
        let w = try Workspace()
        let train = try w.run(["train", "--data", "-", "--max-steps", "2"], stdin: Data())
        #expect(train.status == 1 && train.stderr == "char-rnn: error: --data: standard input: the file is empty\n", "\(train.stderr)")
        let trained = try w.run(CharRNNErrorTests.tinyTrain)
        #expect(trained.status == 0, "\(trained.stderr)")
        let evaluate = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "-"], stdin: Data())
        #expect(evaluate.status == 1 && evaluate.stderr == "char-rnn: error: --data: standard input: the file is empty\n", "\(evaluate.stderr)")
        // A file given by name is named by its path, after its flag as train names it.
        try w.write("", to: "empty.txt")
        let named = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "empty.txt"])
        #expect(named.stderr == "char-rnn: error: --data: empty.txt: the file is empty\n", "\(named.stderr)")
        // A text of which the model knows too little.
        let unknown = try w.run(["evaluate", "--checkpoint", "ck/best.safetensors", "--data", "-"], stdin: Data("Q@".utf8))
        #expect(unknown.status == 1 && unknown.stderr == "char-rnn: error: standard input: needs at least 2 characters of the model's "
                + "vocabulary, found 0\n", "\(unknown.stderr)")
    }

    /// A run trained on standard input: resumed on another text, the refusal names the run's text as standard input;
    /// and an output that is the file standard input is redirected from names it so.
    @Test func aRunTrainedOnStandardInputIsNamedAsSuchWhenResumed() throws {
        let w = try Workspace()
        let text = try Data(contentsOf: w.folder.appendingPathComponent("text.txt"))
        let trained = try w.run(["train"] + Workspace.tiny.map { $0 == "text.txt" ? "-" : $0 } + ["--max-steps", "2"], stdin: text)
        #expect(trained.status == 0, "\(trained.stderr)")
        try w.write(String(decoding: text + text, as: UTF8.self), to: "twice.txt")
        let resumed = try w.run(["train", "--resume", "ck", "--data", "twice.txt", "--max-steps", "3"])
        #expect(resumed.status == 1 && resumed.stderr.hasPrefix("char-rnn: error: --resume: ck/latest.safetensors: the run trained on 1032 characters "
                + "(standard input), the data has 2064"), "\(resumed.stderr)")
        // Standard input redirected from the file (a pipe is no file to clash with).
        let process = CharRNN.process([], in: w.folder)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #""$0" train --data - --log text.txt --max-steps 1 < text.txt"#, CharRNN.binary.path]
        let clash = try ExecutableRun(process)
        #expect(clash.status == 64 && clash.stderr == "char-rnn: error: --log and --data name the same file ('text.txt' and 'standard input'); "
                + "writing --log would replace it\n", "\(clash.stderr)")
    }

    /// The first line of a run names its text.
    @Test func aTextFromStandardInputIsNamedAsSuchWhenTrainingStarts() throws {
        let w = try Workspace()
        let text = try Data(contentsOf: w.folder.appendingPathComponent("text.txt"))
        let run = try w.run(["train"] + Workspace.tiny.filter { $0 != "--quiet" }.map { $0 == "text.txt" ? "-" : $0 } + ["--max-steps", "2"],
                            stdin: text)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("data: standard input (1032 characters"), "\(run.stderr)")
    }

    /// A checkpoint read from standard input (`--init-from /dev/stdin`, there being no `-` for checkpoints) is named as
    /// such in the run's first lines and in the refusal of another encoding, as its errors name it.
    @Test func aCheckpointFromStandardInputIsNamedAsSuch() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 2).status == 0)
        let checkpoint = try Data(contentsOf: w.folder.appendingPathComponent("ck/latest.safetensors"))
        let run = try w.run(["train", "--data", "text.txt", "--init-from", "/dev/stdin", "--seq-length", "8", "--batch-size", "3",
                             "--max-steps", "1", "--threads", "1", "--checkpoint-dir", "ck2"], stdin: checkpoint)
        #expect(run.status == 0 && run.stderr.contains("\ninitial weights from standard input\n"), "\(run.stderr)")
        let resumed = try w.run(["train", "--resume", "/dev/stdin", "--data", "text.txt", "--max-steps", "3", "--checkpoint-dir", "ck4"],
                                stdin: checkpoint)
        #expect(resumed.status == 0 && resumed.stderr.contains("\nresuming at step 2 from standard input\n"), "\(resumed.stderr)")
        // Without --checkpoint-dir the run would write next to the checkpoint, which a stream has no folder for: refused
        // before any work (it trained on, then failed at its first checkpoint, in /dev).
        let folderless = try w.run(["train", "--resume", "/dev/stdin", "--data", "text.txt", "--max-steps", "3"], stdin: checkpoint)
        #expect(folderless.status == 64 && folderless.stderr == "char-rnn: error: --resume standard input: a checkpoint read from a pipe "
                + "has no folder for the run's checkpoints; give --checkpoint-dir\n", "\(folderless.stderr)")
        // A device that gives no checkpoint is refused as what it is, before the advice that would not help.
        let device = try w.run(["train", "--resume", "/dev/null", "--data", "text.txt", "--max-steps", "3"])
        #expect(device.status == 1 && device.stderr.hasPrefix("char-rnn: error: --resume: /dev/null: cannot read the file"), "\(device.stderr)")
        let bytes = try w.run(["train", "--data", "text.txt", "--init-from", "/dev/stdin", "--encoding", "bytes", "--checkpoint-dir", "ck3"],
                              stdin: checkpoint)
        #expect(bytes.status == 64 && bytes.stderr == "char-rnn: error: --encoding bytes cannot be given with --init-from: the model of "
                + "standard input reads its text as utf8\n", "\(bytes.stderr)")
    }
}
