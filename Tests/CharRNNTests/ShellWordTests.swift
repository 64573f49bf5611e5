import Foundation
import Testing
import _TestSupport
@testable import char_rnn

/// The words of the command a stopped run prints to continue it: pasted into bash, each is the path it stands for.
@Suite struct ShellWordTests {
    @Test func eachWordIsItsTextToBash() throws {
        let texts = ["ck/latest.safetensors", "my run/latest.safetensors", "it's", "c\nk\u{1B}[2J/latest", "a\\b'c\r\td",
                     "x\u{7F}\u{85}\u{9B}\u{2028}\u{2029}é1", "\u{1}2"]
        for text in texts {
            let word = text.asShellWord
            #expect((word + "\n").isOneMessageLine, "\(word.debugDescription)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "printf %s " + word]
            let run = try ExecutableRun(process)
            #expect(run.status == 0 && run.stdout == text, "\(word) gave \(run.stdout.debugDescription), not \(text.debugDescription)")
        }
        #expect("ck/latest.safetensors".asShellWord == "ck/latest.safetensors")
        #expect("it's".asShellWord == #"'it'\''s'"#)
        #expect("c\nk\u{1B}[2J".asShellWord == #"$'c\nk\x1b[2J'"#)
    }
}
