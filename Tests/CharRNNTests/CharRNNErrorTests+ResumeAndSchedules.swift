import Foundation
import Testing

/// What --resume and --init-from take from their checkpoint, and the schedules a resumed run cannot go past.
extension CharRNNErrorTests {
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
}
