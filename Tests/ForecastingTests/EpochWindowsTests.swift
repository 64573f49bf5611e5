import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// `ForecastConfig.windowsPerEpoch`: each epoch trains on a fresh seeded sample of that many windows; `validationWindows`: early
/// stopping scores that many evenly spaced origins; a series with no more windows or origins trains as without the caps.
@Suite struct EpochWindowsTests {
    /// Each epoch of 200 windows capped at 30 draws 30 distinct ones of them, and the next epoch others.
    @Test func eachEpochDrawsTheCapAFreshSampleEachEpoch() {
        let origins = Array(100..<300)
        var windows = EpochWindows(origins, most: 30), generator = SeededGenerator(seed: 7)
        let first = Array(windows.next(using: &generator)), second = Array(windows.next(using: &generator))
        #expect(windows.count == 30 && first.count == 30 && second.count == 30)
        #expect(Set(first).count == 30 && Set(second).count == 30 && Set(first + second).isSubset(of: origins))
        #expect(Set(first) != Set(second))
    }

    /// The samples come from the seed: the same seed draws the same epochs, another seed others.
    @Test func theSamplesAreTheSameForASeed() {
        func epochs(seed: UInt64) -> [[Int]] {
            var windows = EpochWindows(Array(0..<200), most: 30), generator = SeededGenerator(seed: seed)
            return (0..<3).map { _ in Array(windows.next(using: &generator)) }
        }
        #expect(epochs(seed: 7) == epochs(seed: 7))
        #expect(epochs(seed: 7) != epochs(seed: 8))
    }

    /// At or below the cap (or without one) an epoch is every window in the order of a plain shuffle, and draws from the
    /// generator what that shuffle draws, as training did before the cap.
    @Test func belowTheCapAnEpochIsThePlainShuffle() {
        for most in [50, 51, nil] {
            var windows = EpochWindows(Array(0..<50), most: most), order = Array(0..<50)
            var generator = SeededGenerator(seed: 3), plain = SeededGenerator(seed: 3)
            for _ in 0..<3 {
                order.shuffle(using: &plain)
                #expect(Array(windows.next(using: &generator)) == order)
            }
            #expect(generator == plain)
        }
    }

    /// Early stopping's origins: evenly spaced from the first when there are more than the cap, else all of them.
    @Test func validationOriginsAreEvenlySpacedAndAllWithinTheCap() {
        #expect(EpochWindows.evenlySpaced(Array(10..<110), most: 4) == [10, 35, 60, 85])
        #expect(EpochWindows.evenlySpaced(Array(10..<110), most: 1) == [10])
        #expect(EpochWindows.evenlySpaced(Array(10..<14), most: 4) == Array(10..<14))
        #expect(EpochWindows.evenlySpaced(Array(10..<14), most: nil) == Array(10..<14))
    }

    /// 60 months, lookback 24, one step: 36 windows, 21 before a validation tail of 15 with 14 origins. Caps of 36 windows
    /// and 14 origins train the weights no caps train, and the model records none; a cap of 10 windows trains others, says
    /// so, and is recorded, as is a cap of 5 origins.
    @Test func aSeriesWithinTheCapsTrainsAsWithoutThem() throws {
        let series = try monthlySeries(60)
        func trained(_ windows: Int?, _ origins: Int?) throws -> (model: ForecastModel, weights: [Tensor<Float>], log: [String]) {
            var config = tinyConfig(horizon: 2)
            (config.validationFraction, config.windowsPerEpoch, config.validationWindows) = (0.25, windows, origins)
            var log: [String] = []
            let model = try ForecastModel.train(series: series, config: config, name: "s", log: { log.append($0) })
            return (model, model.members.flatMap { $0.parameters.map(\.value) }, log)
        }
        let without = try trained(nil, nil), within = try trained(36, 14), capped = try trained(10, nil), scored = try trained(nil, 5)
        #expect(within.weights == without.weights && within.log == without.log)
        #expect(within.model.config.windowsPerEpoch == nil && within.model.config.validationWindows == nil)
        #expect(without.log.contains { $0.hasSuffix("on 21 windows") } && without.log.contains { $0.hasSuffix("on 36 windows") })
        #expect(capped.weights != without.weights && capped.model.config.windowsPerEpoch == 10)
        #expect(capped.log.contains { $0.hasSuffix("on 10 of 21 windows an epoch") } && capped.log.contains { $0.hasSuffix("on 10 of 36 windows an epoch") },
                "\(capped.log)")
        #expect(scored.model.config.validationWindows == 5 && scored.log.contains { $0.hasSuffix("on 21 windows, scored from 5 of 14 origins") },
                "\(scored.log)")
    }

    /// Each cap is a positive count, or nil for every window.
    @Test func theCapsMustBePositive() throws {
        var config = ForecastConfig()
        config.windowsPerEpoch = 0
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the number of windows per epoch (\(setting: "ForecastConfig.windowsPerEpoch")) must be positive, got 0"))) { try config.validate() }
        (config.windowsPerEpoch, config.validationWindows) = (nil, -2)
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the number of validation windows (\(setting: "ForecastConfig.validationWindows")) must be positive, got -2"))) { try config.validate() }
        config.validationWindows = nil
        try config.validate()
    }

    /// A checkpoint records the caps its model trained with and reads them back; one without the settings (written before
    /// them) loads with none, and an edited cap of 0 is refused.
    @Test func aCheckpointRecordsTheCaps() throws {
        let dir = try TemporaryDirectory(), path = dir.path("m.safetensors"), series = try monthlySeries(60)
        var config = tinyConfig(horizon: 2)
        (config.validationFraction, config.windowsPerEpoch, config.validationWindows) = (0.25, 10, 5)
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        let loaded = try ForecastCheckpoint(contentsOf: path)
        #expect(loaded.info.config.windowsPerEpoch == 10 && loaded.info.config.validationWindows == 5 && loaded.model.config == model.config)
        func edited(_ name: String, _ values: [String: Int?]) throws -> String {
            try editedCheckpoint(path, as: dir.url.appendingPathComponent(name)) { info in
                var settings = info["config"] as? [String: Any] ?? [:]
                for (key, value) in values { settings[key] = value }
                info["config"] = settings
            }
        }
        let old = try ForecastCheckpoint(contentsOf: try edited("old.safetensors", ["windowsPerEpoch": nil, "validationWindows": nil])).info.config
        #expect(old.windowsPerEpoch == nil && old.validationWindows == nil)
        for key in ["windowsPerEpoch", "validationWindows"] {
            let refused = #expect(throws: ForecastError.self) { try ForecastCheckpoint(contentsOf: try edited("zero.safetensors", [key: 0])) }
            #expect("\(refused.map { $0 } as Any)".contains(key))
        }
    }
}
