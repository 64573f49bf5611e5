import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

@Suite("interval calibration on the validation tail")
struct IntervalCalibrationTests {
    @Test func conformalQuantileTakesTheFiniteSampleRank() {
        let scores: [Double] = [9, 1, 8, 2, 7, 3, 6, 4, 5]
        #expect(conformalQuantile(scores, level: 0.8) == 8)   // rank ⌈0.8 · 10⌉ = 8
        #expect(conformalQuantile(scores, level: 0.5) == 5)   // rank 5
        #expect(conformalQuantile(scores, level: 0.95) == 9)  // rank 10 > 9: the largest
        #expect(conformalQuantile(scores, level: 0.75) == 8)  // rank ⌈0.75 · 10⌉ = 8, where ⌈0.75 · 9⌉ would be 7
    }

    @Test func originsStepBackFromTheLastFullForecast() {
        #expect(ForecastModel.calibrationOrigins(count: 120, tail: 24, horizon: 24, firstOrigin: 24) == [96])
        #expect(ForecastModel.calibrationOrigins(count: 100, tail: 30, horizon: 11, firstOrigin: 22) == [71, 77, 83, 89])
        #expect(ForecastModel.calibrationOrigins(count: 100, tail: 30, horizon: 11, firstOrigin: 80) == [83, 89])
        #expect(ForecastModel.calibrationOrigins(count: 100, tail: 30, horizon: 11, firstOrigin: 95).isEmpty)
    }

    /// Scaling is about each interval's centre; the intervals are then nested again around the point.
    @Test func scaledIntervalsNestAroundThePoint() {
        let f = ForecastModel.ForecastInZ(point: [0, 0.9], lower: [[-1, -1], [-2, -2]], upper: [[1, 1], [2, 2]])
        let wider = f.scaled(by: [3, 1], levels: [0.8, 0.95])
        #expect(wider.point == f.point)
        #expect(wider.lower == [[-3, -3], [-3, -3]] && wider.upper == [[3, 3], [3, 3]])  // the 95% interval holds the 80% one
        let narrower = f.scaled(by: [0.5, 0.5], levels: [0.8, 0.95])
        #expect(narrower.lower == [[-0.5, -0.5], [-1, -1]] && narrower.upper == [[0.5, 0.9], [1, 1]])  // the point stays inside
        #expect(f.scaled(by: [1, 1], levels: [0.8, 0.95]) == f)
    }

    /// A one-network model that forecasts each value as N(0, 0.5²) in z (no transform, no scaling), whatever it reads.
    func overconfidentModel(horizon: Int) -> ForecastModel {
        var config = tinyConfig(horizon: horizon)
        (config.target, config.scaling, config.season, config.lookback, config.samples) = (.level, nil, 1, 2, 200)
        let shell = ForecastModel(config: config, transform: .none, scaler: nil, column: "value", members: [])
        let net = shell.makeNetwork(seed: 1, prefix: "m0")
        net.head.weight.value = Tensor(zeros: net.head.weight.shape)
        net.head.bias!.value = Tensor(shape: [2], scalars: [0, Float(2 * log(0.5))])  // mean 0, log-variance of σ = 0.5
        return ForecastModel(config: config, transform: .none, scaler: nil, column: "value", members: [net])
    }

    /// Values whose truth is N(0, 1): the model's 80% interval (±0.64) holds 47% of them; calibrated on a tail of such
    /// values, its factor is about 2 and the interval holds 80% of fresh draws (exactly, by the normal distribution).
    @Test func calibratedIntervalsCoverTheirLevelOfFreshDraws() throws {
        let h = 4, model = overconfidentModel(horizon: h)
        var generator = SeededGenerator(seed: 5)
        let tail = (0..<400).map { _ in generator.normal() }
        let scales = try model.calibrate(tail, origins: Array(stride(from: 2, through: 396, by: 4)), horizon: h)
        #expect(abs(scales[0] - 1.2816 / 0.6408) < 0.2 && abs(scales[1] - 1.96 / 0.98) < 0.25, "\(scales)")
        let calibrated = ForecastModel(config: model.config, transform: .none, scaler: nil, column: "value", members: model.members,
                                       intervalScales: scales)
        func coverage(_ m: ForecastModel, level l: Int) throws -> Double {
            let interval = try m.forecast(history: [0.3, -0.2]).intervals[l]
            return zip(interval.lower, interval.upper).reduce(0) { $0 + normalCDF($1.1) - normalCDF($1.0) } / Double(h)
        }
        #expect(abs(try coverage(model, level: 0) - 0.47) < 0.05)
        #expect(abs(try coverage(calibrated, level: 0) - 0.8) < 0.05)
        #expect(abs(try coverage(calibrated, level: 1) - 0.95) < 0.03)
    }

    /// Calibration trains other networks and scales the intervals; the members and the point forecast are those of a model
    /// trained without it, and the intervals those of that model scaled.
    @Test(arguments: [(MultiStepStrategy.recursive, HeadKind.gaussian), (.recursive, .quantile), (.direct, .gaussian), (.direct, .quantile)])
    func calibrationLeavesThePointForecast(strategy: MultiStepStrategy, head: HeadKind) throws {
        let series = try monthlySeries(90), history = series.column(0)
        var config = tinyConfig(horizon: 4, strategy: strategy, head: head, ensemble: 2)
        (config.validationFraction, config.calibration) = (0.2, .validation)
        let calibrated = try ForecastModel.train(series: series, config: config, name: "s")
        config.calibration = IntervalCalibration.none
        let own = try ForecastModel.train(series: series, config: config, name: "s")
        let scales = try #require(calibrated.intervalScales)
        #expect(own.intervalScales == nil && scales.count == 2 && scales.allSatisfy { $0.isFinite && $0 >= 0 })
        let f = try calibrated.forecast(history: history), g = try own.forecast(history: history)
        #expect(f.mean == g.mean)
        let expected = try own.combinedForecast(own.toZ(history), horizon: 4, calendar: nil).scaled(by: scales, levels: config.levels)
        for l in 0..<2 {
            #expect(f.intervals[l].lower == expected.lower[l].map(own.fromZ) && f.intervals[l].upper == expected.upper[l].map(own.fromZ))
        }
    }

    /// The calibration ensemble's first network is the early-stopping network as it was after its best epoch: a network
    /// read after epoch e of a longer run is the one a run of e epochs makes.
    @Test func aNetworkAfterEpochEIsTheOneTrainedForE() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "s")
        let z = model.toZ(series.column(0)), origins = model.windowing.origins(through: 50)
        var second: [Tensor<Float>] = []
        _ = model.fit(seed: 3, z: z, origins: origins, epochs: 4, calendar: nil) { net, epoch in
            if epoch == 2 { second = net.parameters.map(\.value) }
            return true
        }
        let trained = model.fit(seed: 3, z: z, origins: origins, epochs: 2, calendar: nil) { _, _ in true }
        #expect(trained.parameters.map(\.value) == second)
    }

    /// The factors go with the model: a saved model forecasts as the trained one; a file without them (written before
    /// intervals were calibrated) loads and forecasts with the ensemble's own intervals, as it did.
    @Test func scalesRoundTripAndOlderFilesForecastAsBefore() throws {
        let series = try monthlySeries(90), history = series.column(0)
        var config = tinyConfig(horizon: 4, ensemble: 2)
        (config.validationFraction, config.calibration) = (0.2, .validation)
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        let dir = try TemporaryDirectory()
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        let checkpoint = try ForecastCheckpoint(contentsOf: path)
        let (loaded, info) = (checkpoint.model, checkpoint.info)
        #expect(info.intervalScales == model.intervalScales && loaded.intervalScales == model.intervalScales && loaded.intervalScales != nil)
        #expect(try loaded.forecast(history: history) == model.forecast(history: history))
        let older = try editedCheckpoint(path, as: dir.file("older.safetensors")) { info in
            info.removeValue(forKey: "intervalScales")
            var settings = info["config"] as! [String: Any]
            settings.removeValue(forKey: "calibration")
            info["config"] = settings
        }
        let old = try ForecastCheckpoint(contentsOf: older).model
        #expect(old.intervalScales == nil && old.config.calibration == nil)
        let own = ForecastModel(config: model.config, transform: model.transform, scaler: model.scaler, column: model.column, members: model.members)
        #expect(try old.forecast(history: history) == own.forecast(history: history))
    }

    /// Calibration on the validation tail without one is refused, not trained as a model with its own intervals.
    @Test func calibrationWithoutAValidationTailIsRefused() throws {
        var config = tinyConfig(horizon: 2)
        config.calibration = .validation
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the interval calibration (\(setting: "ForecastConfig.calibration")) must not be validation with "
            + "\(setting: "ForecastConfig.validationFraction") 0, since it calibrates on the validation part"))) {
            try ForecastModel.train(series: try monthlySeries(60), config: config, name: "s")
        }
    }
}
