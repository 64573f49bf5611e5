import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// `--windows-per-epoch` and `--validation-windows`: the most training windows an epoch of `train` and `evaluate` reads, and
/// the most origins early stopping scores.
@Suite struct CLIWindowsPerEpochTests {
    /// A negative or non-numeric count is a usage error of train and evaluate, before any work.
    @Test func badCountsAreUsageErrors() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let commands = [["train", "--csv", path, "--horizon", "3", "--out", dir.path("m")], ["evaluate", "--csv", path]]
        for command in commands {
            for (flag, name) in [("--windows-per-epoch", "windows per epoch"), ("--validation-windows", "validation windows")] {
                let negative = try CLI.run(command + [flag, "-1"] + tiny)
                #expect(negative.status == 64 && negative.out.isEmpty && negative.err
                        == "forecast: error: the \(name) (\(flag)) must be a positive number, or 0 for every window, got -1\n", "\(negative.err)")
                let word = try CLI.run(command + [flag, "many"] + tiny)
                #expect(word.status == 64 && word.err.hasPrefix("forecast: error: ") && word.err.contains("'many' is invalid for '\(flag)"), "\(word.err)")
                #expect(try CLI.run([command[0], "--help"]).out.contains("\(flag) <\(flag.dropFirst(2))>"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("m")))
    }

    /// 72 months, lookback 24, H = 3: 48 windows, 30 before a validation tail of 18 with 16 origins. Caps of 5 windows and
    /// 3 origins train on 5 windows an epoch, score 3 origins, and the model file records them; 0 and the defaults train on
    /// every window, score every origin and record none.
    @Test func theCapsAreTrainedWithAndRecorded() throws {
        let dir = try TemporaryDirectory()
        let path = try CLI.monthly(seasonalValues(72), in: dir)
        let settings = ["--max-epochs", "2", "--ensemble", "1", "--hidden", "4", "--validation", "0.25", "--verbose"]
        let runs: [([String], String, String, Int?, Int?)] = [
            (["--windows-per-epoch", "5", "--validation-windows", "3"], "on 5 of 30 windows an epoch, scored from 3 of 16 origins\n",
             "on 5 of 48 windows an epoch\n", 5, 3),
            (["--windows-per-epoch", "0", "--validation-windows", "0"], "on 30 windows\n", "on 48 windows\n", nil, nil),
            ([], "on 30 windows\n", "on 48 windows\n", nil, nil)]
        for (k, (flags, validation, members, windows, origins)) in runs.enumerated() {
            let out = dir.path("m\(k)")
            let r = try CLI.run(["train", "--csv", path, "--horizon", "3", "--out", out] + settings + flags)
            #expect(r.status == 0 && r.err.contains(validation) && r.err.contains(members), "\(r.err)")
            let config = try ForecastCheckpoint(contentsOf: out).info.config
            #expect(config.windowsPerEpoch == windows && config.validationWindows == origins)
        }
    }
}
