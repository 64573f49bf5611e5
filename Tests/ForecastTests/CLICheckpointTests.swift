import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// predict with a checkpoint its settings or source make unusable.
extension CLIErrorTests {
    @Test func predictRefusesACheckpointWithoutItsScaler() throws {
        let dir = try TemporaryDirectory()
        let model = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("noscaler.safetensors")) { $0["scaler"] = NSNull() }
        let series = try CLI.monthly(seasonalValues(60), in: dir)
        expectError(try CLI.run(["predict", "--model", model, "--csv", series, "--output", dir.path("f.csv")]),
                    "--model: \(model): not a usable forecast checkpoint ('scaler' is missing or null, but 'config.scaling' is 'standard'")
        #expect(!FileManager.default.fileExists(atPath: dir.path("f.csv")))
    }
}

/// A model trained on values in memory is saved with an empty source: it loads, and predict asks for the series.
extension CLIErrorTests {
    @Test func aModelWithoutASourceLoadsAndPredictAsksForTheSeries() throws {
        let dir = try TemporaryDirectory()
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "in memory")
        let path = dir.path("memory.safetensors")
        try ForecastCheckpoint(model: model, source: "", series: series).write(to: path)
        let checkpoint = try ForecastCheckpoint(contentsOf: path)
        let (loaded, info) = (checkpoint.model, checkpoint.info)
        #expect(info.source.isEmpty)
        #expect(try loaded.forecast(history: series.column(0)) == model.forecast(history: series.column(0)))
        expectError(try CLI.run(["predict", "--model", path, "--output", dir.path("f.csv")]),
                    "records no series file (it was trained on a stream such as standard input, or in memory); pass the series with --csv")
        let csv = try CLI.monthly(seasonalValues(60), in: dir)
        let r = try CLI.run(["predict", "--model", path, "--csv", csv, "--output", dir.path("f.csv")])
        #expect(r.status == 0, "\(r.err)")
    }

    /// A model trained on standard input records no source: it recorded /dev/stdin, which predict then tried to read. The
    /// summary calls it standard input.
    @Test func aModelTrainedOnStandardInputRecordsNoSource() throws {
        let dir = try TemporaryDirectory()
        let csv = try Data(contentsOf: URL(fileURLWithPath: try CLI.monthly(seasonalValues(60), in: dir)))
        let model = dir.path("piped.safetensors")
        let trained = try CLI.run(["train", "--csv", "-", "--horizon", "2", "--out", model] + tiny, stdin: csv)
        #expect(trained.status == 0, "\(trained.err)")
        #expect(trained.out.hasPrefix("trained 1 gru network on 'value' of standard input (60 values"), "\(trained.out)")
        #expect(try ForecastCheckpoint(contentsOf: model).info.source.isEmpty)
        expectError(try CLI.run(["predict", "--model", model, "--output", dir.path("f.csv")]), "records no series file")
        // A linked file is a file: its path is recorded, and predict finds it without --csv.
        let target = try CLI.monthly(seasonalValues(60), in: dir, name: "target.csv")
        try FileManager.default.createSymbolicLink(atPath: dir.path("linked.csv"), withDestinationPath: target)
        let linked = dir.path("linked.safetensors")
        let viaLink = try CLI.run(["train", "--csv", dir.path("linked.csv"), "--horizon", "2", "--out", linked] + tiny)
        #expect(viaLink.status == 0, "\(viaLink.err)")
        #expect(try ForecastCheckpoint(contentsOf: linked).info.source.hasSuffix("linked.csv"))
        let predicted = try CLI.run(["predict", "--model", linked, "--output", dir.path("g.csv")])
        #expect(predicted.status == 0, "\(predicted.err)")
    }
}
