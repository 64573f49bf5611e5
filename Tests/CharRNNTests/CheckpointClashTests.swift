import Foundation
import Testing
import _TestSupport

/// `char-rnn train` without --overwrite does not replace a checkpoint that appears in --checkpoint-dir during the run
/// (after the check at its start), and keeps its own work beside it.
@Suite struct CheckpointClashTests {
    /// Runs `char-rnn train` on the workspace's text through a named pipe, with `arguments` after the tiny model's, and
    /// writes `files` (name, text) once the command, past its checks, opens the pipe to read the text.
    func train(_ w: Workspace, _ arguments: [String], appearing files: [(String, String)]) throws -> ExecutableRun {
        let text = try Data(contentsOf: URL(fileURLWithPath: w.path("text.txt")))
        #expect(mkfifo(w.path("text.fifo"), 0o600) == 0)
        var all = ["train"] + Workspace.tiny + arguments
        all[all.firstIndex(of: "text.txt")!] = "text.fifo"
        return try CharRNN.run(all, in: w.folder) { _ in
            let handle = try #require(FileHandle(forWritingAtPath: w.path("text.fifo")))  // opens once char-rnn opens the pipe
            for (name, contents) in files {
                try FileManager.default.createDirectory(at: w.folder.appendingPathComponent(name).deletingLastPathComponent(), withIntermediateDirectories: true)
                try w.write(contents, to: name)
            }
            handle.write(text)
            try handle.close()
        }
    }

    @Test func aCheckpointThatAppearsDuringTheRunIsNotReplaced() throws {
        let w = try Workspace()
        let r = try train(w, ["--max-steps", "10"], appearing: [("ck/latest.safetensors", "another run's")])
        #expect(r.status == 1 && r.stderr == "char-rnn: error: ck/latest.safetensors appeared during the run and was not replaced "
            + "(does another run write to this --checkpoint-dir?); this run stopped at step 5 and saved its checkpoint in "
            + "ck/latest.1.safetensors: continue it with --resume ck/latest.1.safetensors and another --checkpoint-dir\n", "\(r.stderr)")
        #expect(try String(contentsOfFile: w.path("ck/latest.safetensors"), encoding: .utf8) == "another run's")
        // The kept checkpoint is not the folder's own run: resumed there, it would replace the other run's files.
        let inPlace = try w.run(["train", "--resume", "ck/latest.1.safetensors", "--data", "text.txt"])
        // The other run's own checkpoint is no way to continue this one: the message offers another folder only.
        #expect(inPlace.status == 64 && inPlace.stderr == "char-rnn: error: ck already holds the checkpoints of a run (ck/latest.safetensors), "
                + "which this run would replace; give another --checkpoint-dir, or pass --overwrite\n", "\(inPlace.stderr)")
        #expect(try String(contentsOfFile: w.path("ck/latest.safetensors"), encoding: .utf8) == "another run's")
        let resumed = try w.run(["train", "--resume", "ck/latest.1.safetensors", "--data", "text.txt", "--checkpoint-dir", "ck2"])
        #expect(resumed.status == 0 && resumed.stderr.contains("resuming at step 5 from ck/latest.1.safetensors"), "\(resumed.stderr)")
    }

    /// The best checkpoint too; the run's latest, written first at the same evaluation, is its own.
    @Test func aBestCheckpointThatAppearsIsNotReplaced() throws {
        let w = try Workspace()
        let r = try train(w, ["--max-steps", "10"], appearing: [("ck/best.safetensors", "another run's")])
        #expect(r.status == 1 && r.stderr.hasPrefix("char-rnn: error: ck/best.safetensors appeared during the run and was not replaced"),
                "\(r.stderr)")
        #expect(try String(contentsOfFile: w.path("ck/best.safetensors"), encoding: .utf8) == "another run's")
        #expect(FileManager.default.fileExists(atPath: w.path("ck/best.1.safetensors")))
    }

    /// With --overwrite, and for a run resumed in its own folder, the checkpoints are replaced as before.
    @Test func overwriteAndAResumedRunsOwnFolderReplace() throws {
        let w = try Workspace()
        let r = try train(w, ["--max-steps", "5", "--overwrite"], appearing: [("ck/latest.safetensors", "another run's")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try w.run(["train", "--resume", "ck/latest.safetensors", "--data", "text.txt", "--max-steps", "10"]).status == 0)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: w.path("ck"))) == ["best.safetensors", "latest.safetensors"])
    }
}
