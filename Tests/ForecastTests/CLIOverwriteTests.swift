import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// A trained model is not replaced without --overwrite, as char-rnn train's checkpoints are not; a forecast and its chart are.
extension CLIErrorTests {
    /// An existing --out file (or a link to one) is refused before training, in char-rnn's words, and left as it was.
    @Test func trainRefusesToReplaceAModelWithoutOverwrite() throws {
        let dir = try TemporaryDirectory()
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        let old = Array("an earlier model".utf8)
        let model = try dir.write(old, to: "m.safetensors")
        try FileManager.default.createSymbolicLink(atPath: dir.path("link.safetensors"), withDestinationPath: model)
        for out in [model, dir.path("link.safetensors")] {
            let r = try CLI.run(["train", "--csv", series, "--horizon", "2", "--out", out] + tiny)
            #expect(r.status == 64 && r.out.isEmpty, "\(r.err)")
            #expect(r.err == "forecast: error: --out \(out) names an existing file, which this run would replace; "
                    + "give another --out, or pass --overwrite\n", "\(r.err)")
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: model))) == old)
        }
    }

    /// With --overwrite the model is replaced; a run that fails (training diverged) leaves the old file whole.
    @Test func trainReplacesAModelWithOverwriteOnlyWhenItSucceeds() throws {
        let dir = try TemporaryDirectory()
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        let old = Array("an earlier model".utf8)
        let model = try dir.write(old, to: "m.safetensors")
        let diverged = try CLI.run(["train", "--csv", series, "--horizon", "2", "--out", model, "--overwrite", "--lr", "1e10"] + tiny)
        expectError(diverged, "training diverged")
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: model))) == old)
        let r = try CLI.run(["train", "--csv", series, "--horizon", "2", "--out", model, "--overwrite"] + tiny)
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        #expect(try ForecastCheckpoint(contentsOf: model).info.config.horizon == 2)
        // A device is written in place, not replaced: nothing to refuse.
        let null = try CLI.run(["train", "--csv", series, "--horizon", "2", "--out", "/dev/null"] + tiny)
        #expect(null.status == 0, "\(null.err)")
    }

    /// A file that appears at --out during the run (after the check before training) is not replaced, and the trained
    /// model is not lost: it is saved under a numbered name, which the error names. The series comes through a named pipe,
    /// so that the file is made once the command, past its checks, reads the series.
    @Test func aModelFileThatAppearsDuringTrainingIsNotReplaced() throws {
        let dir = try TemporaryDirectory()
        let series = try Data(contentsOf: URL(fileURLWithPath: try CLI.monthly(seasonalValues(60), in: dir)))
        let fifo = dir.path("series.fifo"), model = dir.path("m.safetensors")
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try CLI.run(["train", "--csv", fifo, "--horizon", "2", "--out", model] + tiny) {
            let handle = try #require(FileHandle(forWritingAtPath: fifo))  // opens once forecast opens the pipe to read
            try dir.write(Array("another model".utf8), to: "m.safetensors")
            handle.write(series)
            try handle.close()
        }
        #expect(r.status == 1 && r.out.isEmpty, "\(r.err)")
        #expect(r.err == "forecast: error: --out \(model) appeared during training and was not replaced; the trained model is saved in "
                + "\(dir.path("m.1.safetensors")) instead\n", "\(r.err)")
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "another model")
        #expect(try ForecastCheckpoint(contentsOf: dir.path("m.1.safetensors")).info.config.horizon == 2)
    }

    /// predict's outputs are replaced as a shell's `>` replaces a file: they are made from the model in seconds.
    @Test func predictReplacesItsOutputs() throws {
        let dir = try TemporaryDirectory()
        let model = try savedTinyModel(in: dir)
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        let csv = try dir.write(Array("old".utf8), to: "f.csv"), svg = try dir.write(Array("old".utf8), to: "f.svg")
        let r = try CLI.run(["predict", "--model", model, "--csv", series, "--output", csv, "--plot", svg])
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("date,mean"))
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg"))
    }
}
