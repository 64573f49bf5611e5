import Foundation
import Testing
import _TestSupport

/// What the commands write: never over their inputs, never a non-finite number.
extension CLIErrorTests {
    @Test func outputsNamingAnInputAreRefusedBeforeTheWork() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(CLI.seasonal(72), in: dir)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", path] + tiny),
                    "--out and --csv name the same file")
        let model = try savedTinyModel(in: dir)
        let modelBytes = try Data(contentsOf: URL(fileURLWithPath: model))
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", model]), "--output and --model name the same file")
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", path]), "--output and --csv name the same file")
        expectError(try CLI.run(["predict", "--model", model, "--csv", path, "--output", dir.path("p.csv"), "--plot", dir.path("p.csv")]),
                    "--plot and --output name the same file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == modelBytes)
        #expect(!FileManager.default.fileExists(atPath: dir.path("p.csv")))
    }
}
