import Foundation
import Testing
import _TestSupport

@Suite struct ProgressDisplayTests {
    /// Long enough (about a second in a debug build) for the live line, drawn at most 10 times a second.
    let arguments = ["train", "--data", "text.txt", "--hidden", "12", "--seq-length", "8", "--batch-size", "3",
                     "--threads", "1", "--checkpoint-dir", "ck", "--max-steps", "800", "--eval-every", "400"]

    /// On a terminal: a live line redrawn in place (carriage return, erase line), cleared before each full line.
    @Test func aTerminalGetsALiveLine() throws {
        let w = try Workspace()
        let r = try Terminal.run(CharRNN.process(arguments, in: w.folder))
        #expect(r.status == 0, "\(r.output)")
        let erase = "\r\u{1B}[K"
        #expect(r.output.contains(erase + "step "), "no live line in: \(r.output.debugDescription)")
        #expect(r.output.contains("ETA "))
        // Before the first evaluation, whose time is not known yet, the time left names the two to come (at 400 and 800).
        #expect(r.output.contains(" + 2 evaluations"), "no evaluations in the time left: \(r.output.debugDescription)")
        // A full line after a live line starts by erasing it; the summary follows a full line.
        #expect(r.output.contains(erase + "step 400  epoch") && r.output.contains(erase + "step 800  epoch"))
        #expect(r.output.contains("\r\nstopped at step 800"))
    }

    /// A validation pass that takes a while (60,749 predictions in one stream, several seconds in a debug build) shows
    /// its progress on the live line, instead of a line that stands still until it ends.
    @Test func aLongValidationShowsItsProgress() throws {
        let w = try Workspace()
        try w.write(String(repeating: "the quick brown fox jumps over the lazy dog.\n", count: 2_700), to: "long.txt")
        let r = try Terminal.run(CharRNN.process(["train", "--data", "long.txt", "--hidden", "12", "--seq-length", "8", "--batch-size", "1",
                                                  "--validation", "0.5", "--threads", "1", "--checkpoint-dir", "ck", "--max-steps", "1"],
                                                 in: w.folder))
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("\r\u{1B}[Kstep 1  validating ") && r.output.contains("% of 60749 characters"),
                "no validation progress in: \(r.output.debugDescription)")
        #expect(r.output.contains("\r\u{1B}[Kstep 1  epoch"), "the evaluation's line erases the live line")
    }

    /// Not on a terminal: plain lines only, no control characters.
    @Test func aFileGetsPlainLines() throws {
        let w = try Workspace()
        let r = try w.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}"))
        #expect(r.stderr.contains("step 400  epoch") && r.stderr.contains("\nstopped at step 800"))
    }

    /// A name from input with control characters (a text file's) is shown with them escaped, on the terminal's live
    /// line and in full lines, so the lines stay lines and the terminal is left as it was.
    @Test func controlCharactersInAFileNameAreShownEscaped() throws {
        let w = try Workspace()
        let name = "te\r\nx\nt\u{1B}[2J.txt"
        try FileManager.default.moveItem(atPath: w.path("text.txt"), toPath: w.path(name))
        let file = try w.run(["train", "--data", name] + arguments.dropFirst(3))
        #expect(file.status == 0 && file.stderr.hasPrefix(#"data: te\r\nx\nt\u{1B}[2J.txt ("#), "\(file.stderr)")
        #expect(!file.stderr.contains("\r") && !file.stderr.contains("\u{1B}"))
        let terminal = try Terminal.run(CharRNN.process(["train", "--data", name] + arguments.dropFirst(3) + ["--overwrite"], in: w.folder))
        #expect(terminal.status == 0 && terminal.output.contains(#"data: te\r\nx\nt\u{1B}[2J.txt ("#), "\(terminal.output.debugDescription)")
        #expect(!terminal.output.contains("\u{1B}[2J"), "\(terminal.output.debugDescription)")
    }

    /// A name a line shows as given rather than through `StreamName.shown` (the checkpoint folder in the closing line) is
    /// escaped by the progress line itself.
    @Test func theProgressLineEscapesWhatItIsGiven() throws {
        let w = try Workspace()
        let run = try w.run(arguments.dropLast(6) + ["--checkpoint-dir", "c\nk\u{1B}[2J", "--max-steps", "4", "--eval-every", "2"])
        #expect(run.status == 0 && run.stderr.contains(#"best.safetensors in c\nk\u{1B}[2J/"#), "\(run.stderr)")
        #expect(!run.stderr.contains("\u{1B}"), "\(run.stderr)")
    }
}
