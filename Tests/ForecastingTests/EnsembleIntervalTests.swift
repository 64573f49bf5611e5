import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport

@Suite("ensemble forecasts: the Gaussian members' mixture")
struct EnsembleIntervalTests {
    @Test func mixtureQuantileOfOneNormalIsItsQuantile() {
        for p in [0.025, 0.1, 0.5, 0.9, 0.975] {
            let q = mixtureQuantile(means: [3], deviations: [2], p: p)
            #expect(Swift.abs(q - (3 + 2 * normalQuantile(p))) < 1e-12, "p \(p)")
        }
    }

    @Test func mixtureQuantileSolvesTheMixtureCDF() {
        func cdf(_ x: Double, _ means: [Double], _ deviations: [Double]) -> Double {
            zip(means, deviations).reduce(0) { $0 + 0.5 * erfc(($1.0 - x) / ($1.1 * 2.0.squareRoot())) } / Double(means.count)
        }
        let means: [Double] = [-1, 0.5, 4], deviations: [Double] = [1, 0.2, 3]
        for p in [0.025, 0.1, 0.5, 0.9, 0.975] {
            #expect(Swift.abs(cdf(mixtureQuantile(means: means, deviations: deviations, p: p), means, deviations) - p) < 1e-12, "p \(p)")
        }
        // Symmetric members: the median is the middle.
        #expect(Swift.abs(mixtureQuantile(means: [-1, 1], deviations: [1, 1], p: 0.5)) < 1e-12)
    }

    /// Members that disagree widen the interval: N(−10, 1) and N(10, 1) each put 80% within ±1.28 of
    /// their mean, the mixture between about −10.84 and 10.84 (each tail of 10% is a member's 20%).
    @Test func disagreeingMembersWidenTheInterval() {
        let means: [Double] = [-10, 10], deviations: [Double] = [1, 1]
        let lower = mixtureQuantile(means: means, deviations: deviations, p: 0.1)
        let upper = mixtureQuantile(means: means, deviations: deviations, p: 0.9)
        #expect(Swift.abs(lower - (-10 + normalQuantile(0.2))) < 1e-9 && Swift.abs(upper - (10 + normalQuantile(0.8))) < 1e-9)
    }

    /// Each member alone, as a model of one network with the ensemble's scaler.
    func singles(_ model: ForecastModel) -> [ForecastModel] {
        var config = model.config
        config.ensemble = 1
        return model.members.map {
            ForecastModel(config: config, transform: model.transform, scaler: model.scaler, column: model.column, members: [$0])
        }
    }

    /// The point forecast is the members' mean in z, for both strategies.
    @Test(arguments: [MultiStepStrategy.recursive, .direct])
    func pointIsTheMembersMean(strategy: MultiStepStrategy) throws {
        let series = try monthlySeries(60), history = series.column(0)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 4, strategy: strategy, ensemble: 3), name: "s")
        let f = try model.forecast(history: history)
        let points = try singles(model).map { model.toZ(try $0.forecast(history: history).mean) }
        for s in 0..<4 {
            let mean = points.reduce(0) { $0 + $1[s] } / 3
            #expect(Swift.abs(model.toZ([f.mean[s]])[0] - mean) < 1e-9, "step \(s)")
        }
    }

    /// The direct strategy's quantile head averages its members' forecasts in z, each put in order first: the point and
    /// every bound are the means of those of the members alone.
    @Test func directQuantilesAreTheMembersAveraged() throws {
        let series = try monthlySeries(60), history = series.column(0)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 4, strategy: .direct, head: .quantile, ensemble: 3), name: "s")
        let f = try model.forecast(history: history)
        let alone = try singles(model).map { try $0.forecast(history: history) }
        func expectMean(_ pick: (Forecast) -> [Double], _ what: String) {
            for s in 0..<4 {
                let mean = alone.reduce(0) { $0 + model.toZ([pick($1)[s]])[0] } / 3
                #expect(Swift.abs(model.toZ([pick(f)[s]])[0] - mean) < 1e-9, "\(what), step \(s)")
            }
        }
        expectMean(\.mean, "point")
        for l in f.intervals.indices {
            expectMean({ $0.intervals[l].lower }, "lower \(l)")
            expectMean({ $0.intervals[l].upper }, "upper \(l)")
        }
    }

    /// The direct strategy's bounds are the quantiles of the mixture of the members' normal distributions,
    /// each member's read back from its own interval in z (mean the midpoint, deviation the half-width over Φ⁻¹).
    @Test func directBoundsAreTheMixtureQuantiles() throws {
        let series = try monthlySeries(60), history = series.column(0)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 4, strategy: .direct, ensemble: 3), name: "s")
        let f = try model.forecast(history: history)
        let alone = try singles(model).map { try $0.forecast(history: history).intervals[0] }
        let level = f.intervals[0].level, zq = normalQuantile(0.5 + level / 2)
        for s in 0..<4 {
            let bounds = alone.map { (model.toZ([$0.lower[s]])[0], model.toZ([$0.upper[s]])[0]) }
            let means = bounds.map { ($0.0 + $0.1) / 2 }, deviations = bounds.map { ($0.1 - $0.0) / (2 * zq) }
            let lower = mixtureQuantile(means: means, deviations: deviations, p: (1 - level) / 2)
            let upper = mixtureQuantile(means: means, deviations: deviations, p: (1 + level) / 2)
            #expect(Swift.abs(model.toZ([f.intervals[0].lower[s]])[0] - lower) < 1e-7, "step \(s)")
            #expect(Swift.abs(model.toZ([f.intervals[0].upper[s]])[0] - upper) < 1e-7, "step \(s)")
        }
    }
}
