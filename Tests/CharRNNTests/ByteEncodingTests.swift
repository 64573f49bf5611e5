import Foundation
import Testing
import RNNCore
import _TestSupport

/// `char-rnn train --encoding bytes`: any file trained on byte by byte, the encoding kept in the checkpoint for
/// sample, evaluate and --resume.
@Suite struct ByteEncodingTests {
    /// A Latin-1 text with a NUL and a 0xFF byte in every line: not UTF-8, and refused as UTF-8 for two reasons.
    static let latin1: [UInt8] = Array(repeating: Array("d\u{E9}j\u{E0} vu, na\u{EF}ve fa\u{E7}ade; \u{0}\u{FF} the lazy dog\n".unicodeScalars.map { UInt8($0.value) }),
                                       count: 16).flatMap { $0 }

    /// A workspace whose text.txt holds `bytes`.
    func workspace(_ bytes: [UInt8]) throws -> Workspace {
        let w = try Workspace()
        try w.directory.write(bytes, to: "text.txt")
        return w
    }

    /// What `char-rnn arguments...` writes to standard output, as bytes, and the run.
    func output(_ w: Workspace, _ arguments: [String]) throws -> (bytes: [UInt8], run: ExecutableRun) {
        let run = try w.run(arguments, stdout: try w.directory.write([], to: "out.bin"))
        return (Array(try Data(contentsOf: w.directory.file("out.bin"))), run)
    }

    /// Text that is not UTF-8 is refused for a new run, naming the way to train on its bytes.
    @Test func aFileThatIsNotUTF8NamesEncodingBytes() throws {
        let invalid = try workspace(Self.latin1).trainTiny()
        #expect(invalid.status == 1 && invalid.stderr.hasPrefix("char-rnn: error: --data: text.txt: invalid UTF-8 at byte offset 1;")
            && invalid.stderr.hasSuffix("; or give --encoding bytes to train on its bytes\n"), "\(invalid.stderr)")
        let nul = try workspace(Array("ab\u{0}cd\n".utf8)).trainTiny()
        #expect(nul.stderr == "char-rnn: error: --data: text.txt: a NUL byte at byte offset 2: the file is UTF-16 or binary; "
            + "it must be UTF-8 text; or give --encoding bytes to train on its bytes\n", "\(nul.stderr)")
    }

    @Test func trainSampleEvaluateAndResumeOnBytes() throws {
        let w = try workspace(Self.latin1)
        let train = try w.trainTiny(steps: 10, extra: ["--encoding", "bytes"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(try SafetensorsFile(contentsOf: w.directory.file("ck/best.safetensors")).metadata["encoding"] == "bytes")

        // The sampled tokens are written as the bytes they stand for (not as Latin-1 characters in UTF-8), then a newline.
        let sample = try output(w, ["sample", "--checkpoint", "ck", "--length", "300", "--seed", "3"])
        #expect(sample.run.status == 0, "\(sample.run.stderr)")
        #expect(sample.bytes.count == 301 && sample.bytes.last == 0x0A)
        #expect(Set(sample.bytes).isSubset(of: Set(Self.latin1)), "\(sample.bytes.filter { !Self.latin1.contains($0) })")
        #expect(sample.bytes.contains { $0 >= 0x80 }, "some of the text's bytes above 0x7F are drawn")
        // A prime is its UTF-8 bytes: é is C3 A9, which the Latin-1 text does not have.
        let primed = try output(w, ["sample", "--checkpoint", "ck", "--length", "5", "--prime", "the "])
        #expect(primed.run.status == 0 && primed.bytes.count == 10 && primed.bytes.starts(with: Array("the ".utf8)), "\(primed.run.stderr)")
        let unknown = try w.run(["sample", "--checkpoint", "ck", "--prime", "dé"])
        #expect(unknown.status == 64 && unknown.stderr == "char-rnn: error: --prime: byte 0xC3 (at offset 1 of its UTF-8) is not in the "
            + "model's vocabulary of bytes\n", "\(unknown.stderr)")

        // evaluate reads the file as the model's text was read, and counts bytes.
        let evaluate = try w.run(["evaluate", "--checkpoint", "ck", "--data", "text.txt"])
        #expect(evaluate.status == 0 && evaluate.stdout.hasPrefix("loss ") && evaluate.stdout.contains(" bits/byte, perplexity ")
            && evaluate.stdout.hasSuffix(" over \(Self.latin1.count - 1) bytes\n"), "\(evaluate.stdout) \(evaluate.stderr)")

        // --resume reads the text as bytes; an --encoding that says otherwise is refused in one line, as is one for --init-from.
        let mismatch = try w.run(["train", "--resume", "ck", "--encoding", "utf8"])
        #expect(mismatch.status == 64 && mismatch.stderr == "char-rnn: error: --encoding utf8 cannot be given with --resume: the model "
            + "of ck/latest.safetensors reads its text as bytes\n", "\(mismatch.stderr)")
        let resumed = try w.run(["train", "--resume", "ck", "--max-steps", "15", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let initMismatch = try w.run(["train", "--data", "text.txt", "--init-from", "ck", "--encoding", "utf8", "--checkpoint-dir", "ck2"])
        #expect(initMismatch.status == 64 && initMismatch.stderr.hasPrefix("char-rnn: error: --encoding utf8 cannot be given with --init-from"),
                "\(initMismatch.stderr)")
        let initialized = try w.run(["train", "--data", "text.txt", "--init-from", "ck", "--seq-length", "8", "--batch-size", "3",
                                     "--max-steps", "1", "--threads", "1", "--quiet", "--checkpoint-dir", "ck2"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
    }

    /// A UTF-8 text trained byte by byte samples its multi-byte characters whole, once all their bytes are written.
    @Test func aUTF8TextTrainedOnItsBytesSamplesItsCharacters() throws {
        let w = try workspace(Array(String(repeating: "été à Noël, déjà vu\n", count: 20).utf8))
        let train = try w.trainTiny(steps: 5, extra: ["--encoding", "bytes"])
        #expect(train.status == 0, "\(train.stderr)")
        let sample = try output(w, ["sample", "--checkpoint", "ck", "--length", "20", "--prime", "é"])
        #expect(sample.run.status == 0 && sample.bytes.count == 23 && sample.bytes.starts(with: [0xC3, 0xA9]), "\(sample.run.stderr)")
    }

    /// A checkpoint written before the encoding was recorded (by RNNKit 0.1.0-dev, on the workspace's text: a GRU of hidden
    /// size 4 after 5 updates) is a UTF-8 model: it samples and scores as it did, resumes, and refuses --encoding bytes.
    @Test func aCheckpointFromBeforeTheEncodingReadsAsUTF8() throws {
        let w = try Workspace()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/utf8-checkpoint-0.1.0-dev.safetensors")
        try FileManager.default.copyItem(at: fixture, to: w.directory.file("old.safetensors"))
        // The text and score that RNNKit 0.1.0-dev gave before the encoding was recorded.
        let sample = try w.run(["sample", "--checkpoint", "old.safetensors", "--length", "30", "--seed", "1"])
        #expect(sample.status == 0 && sample.stdout == "rlnhrb.ivmyyyqow l  kknfichvtz\n", "\(sample.stdout) \(sample.stderr)")
        let evaluate = try w.run(["evaluate", "--checkpoint", "old.safetensors", "--data", "text.txt", "--json"])
        let score = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any], "\(evaluate.stderr)")
        #expect(abs((score["loss_nats"] as? Double ?? 0) - 3.3795505582881598) < 1e-5 && score["chars"] as? Int == 1031)
        let bytes = try w.run(["train", "--resume", "old.safetensors", "--data", "text.txt", "--encoding", "bytes"])
        #expect(bytes.status == 64 && bytes.stderr == "char-rnn: error: --encoding bytes cannot be given with --resume: the model of "
            + "old.safetensors reads its text as utf8\n", "\(bytes.stderr)")
        let resumed = try w.run(["train", "--resume", "old.safetensors", "--data", "text.txt", "--max-steps", "7", "--quiet", "--checkpoint-dir", "ck"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }
}
