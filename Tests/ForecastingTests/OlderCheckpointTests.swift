import Foundation
import RNNKit
import Testing
import _TestSupport

/// A checkpoint written by RNNKit 0.1.0-dev (Fixtures/forecast-checkpoint-0.1.0-dev.safetensors): `forecast train --csv -
/// --fill interpolate --horizon 3 --hidden 4 --max-epochs 2 --ensemble 2 --validation 0.25 --calibration validation`, with
/// Fixtures/forecast-checkpoint-series.csv (48 months from 2000-01, one empty cell) on standard input.
@Suite struct OlderCheckpointTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    var file: String { fixtures.appendingPathComponent("forecast-checkpoint-0.1.0-dev.safetensors").path }
    var series: String { fixtures.appendingPathComponent("forecast-checkpoint-series.csv").path }

    /// It loads with what it recorded, and forecasts what `forecast predict` printed with that version.
    @Test func aCheckpointOf0_1_0LoadsAndForecastsAsItDid() throws {
        let checkpoint = try ForecastCheckpoint(contentsOf: file)
        let (model, info) = (checkpoint.model, checkpoint.info)
        #expect(info.column == "value" && info.source.isEmpty && info.lastDate == "2003-12" && info.frequency == .months(1))
        #expect(info.members == 2 && info.fill == .interpolate && info.transform == .log && info.config.horizon == 3)
        #expect(info.intervalScales == [0.20168284836715034, 0.17468769677970838])
        let history = try SeriesLoader(file: series, fill: .interpolate).load().column(0)
        let forecast = try model.forecast(history: history)
        // date,mean,lower_80,upper_80,lower_95,upper_95 for 2004-01 to 2004-03, from RNNKit 0.1.0-dev.
        let printed: [[Double]] = [[122.1197141, 119.5752294, 125.2109876, 117.7233884, 125.6960096],
                                   [127.8708077, 124.7439287, 130.042241, 123.0639429, 130.277219],
                                   [132.1658383, 128.83928, 134.8569344, 128.146902, 136.0722988]]
        let rows = (0..<3).map { t in [forecast.mean[t]] + forecast.intervals.flatMap { [$0.lower[t], $0.upper[t]] } }
        for (row, old) in zip(rows, printed) {
            #expect(zip(row, old).allSatisfy { abs($0 - $1) <= 1e-5 * $1 }, "\(row) against \(old)")
        }
    }

    /// Made again from its model and series, it records the same; written again, it is the same file: same tensors,
    /// same metadata but for the version that wrote it.
    @Test func writtenAgainItIsTheSameFile() throws {
        let checkpoint = try ForecastCheckpoint(contentsOf: file)
        let series = try SeriesLoader(file: series, fill: .interpolate).load()
        #expect(ForecastCheckpoint(model: checkpoint.model, source: "", series: series, fill: .interpolate).info == checkpoint.info)
        let dir = try TemporaryDirectory(), path = dir.path("again.safetensors")
        try checkpoint.write(to: path)
        var old = try SafetensorsFile(contentsOf: URL(fileURLWithPath: file)), new = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
        #expect(old.metadata.removeValue(forKey: "rnnkit_version") == "0.1.0-dev" && new.metadata.removeValue(forKey: "rnnkit_version") == rnnKitVersion)
        #expect(new == old)
    }
}
