import Foundation
import Testing

/// sample's and evaluate's own values and primes.
extension CharRNNErrorTests {
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

    /// A space in the prime is quoted, so the message shows it.
    @Test func aPrimeSpaceIsQuoted() throws {
        try expectError(["sample", "--checkpoint", "ck/latest.safetensors", "--prime", "abc de"],
                        mentions: "--prime: character ' ' (U+0020) is not in the model's vocabulary") { w in
            try w.write("abcdefghij\n", to: "text.txt")
            try w.trainTiny(steps: 5, extra: ["--seq-length", "2", "--batch-size", "1", "--validation", "0.3"])
        }
    }
}
