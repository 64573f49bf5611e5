import Foundation
import Testing
import _TestSupport

/// Bad options: refused with one line naming the option, before any work.
extension CLIErrorTests {
    @Test func parserErrorsAreOneLine() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(CLI.seasonal(72), in: dir)
        let train = ["train", "--csv", path, "--out", dir.path("m")]
        for (arguments, fragment) in [(train + ["--horizon", "3", "--fill", "foo"], "'foo' is invalid for '--fill"),
                                      (train, "Missing expected argument '--horizon"),
                                      (train + ["--horizon", "3", "--seed", "-1"], "'-1' is invalid for '--seed"),
                                      (train + ["--horizon", "3", "--bogus"], "Unknown option '--bogus'")] {
            let r = try CLI.run(arguments)
            expectError(r, fragment)
            #expect(r.status == 64, "a usage error keeps the parser's exit code")
        }
    }

    @Test func negativeLevelsReachValidation() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(CLI.seasonal(72), in: dir)
        expectError(try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", dir.path("m"), "--levels", "-0.5"] + tiny),
                    "invalid levels '-0.5': expected levels in (0, 1)")
    }
}
