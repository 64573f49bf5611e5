import Foundation
import Testing
import _TestSupport

/// `sample --prime` given in bytes that are not UTF-8, which Swift reads as U+FFFD.
@Suite struct PrimeBytesTests {
    /// A prime whose bytes are not UTF-8 (`\xFF`, alone or after `--prime=`) is a usage error, also for a model that knows
    /// U+FFFD, which it primed with instead; U+FFFD given in UTF-8 (EF BF BD) primes that model as any character does.
    @Test func aPrimeThatIsNotUTF8IsAUsageError() throws {
        let w = try Workspace()
        try w.write(String(repeating: "the \u{FFFD} lazy dog\n", count: 12), to: "text.txt")
        let trained = try w.trainTiny(steps: 2)
        #expect(trained.status == 0, "\(trained.stderr)")
        for prime in [#"--prime "$(printf '\377')""#, #"--prime="$(printf 'a\377')""#] {
            let process = CharRNN.process([], in: w.folder)
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", #""$0" sample --checkpoint ck --length 3 "# + prime, CharRNN.binary.path]
            let run = try ExecutableRun(process)
            #expect(run.status == 64 && run.stdout.isEmpty && run.stderr == "char-rnn: error: the prime (--prime) is not valid UTF-8 "
                + "(\u{FFFD} stands for each byte that is not); give it in UTF-8\n", "\(prime): \(run.stderr)")
        }
        let valid = try w.run(["sample", "--checkpoint", "ck", "--length", "3", "--prime", "\u{FFFD}"])
        #expect(valid.status == 0 && valid.stdout.hasPrefix("\u{FFFD}") && valid.stdout.unicodeScalars.count == 5, "\(valid.stderr)")
    }
}
