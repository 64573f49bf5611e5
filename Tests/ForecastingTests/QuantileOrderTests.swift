import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport

/// Whether every step of `f` has nested intervals around the point forecast:
/// the wider level's bounds outside the narrower one's, and the point inside the narrowest.
func intervalsAreNested(_ f: Forecast) -> Bool {
    let byWidth = f.intervals.sorted { $0.level < $1.level }
    return f.mean.indices.allSatisfy { h in
        var inner = (lower: f.mean[h], upper: f.mean[h])
        for interval in byWidth {
            guard interval.lower[h] <= inner.lower && inner.upper <= interval.upper[h] else { return false }
            inner = (interval.lower[h], interval.upper[h])
        }
        return true
    }
}

@Suite("quantile forecasts")
struct QuantileOrderTests {
    @Test(arguments: [(MultiStepStrategy.recursive, [0.8, 0.95]), (.direct, [0.8, 0.95]), (.recursive, [0.95, 0.5, 0.8]),
                      (.direct, [0.9, 0.6])])
    func intervalsAreNestedAroundTheMedian(strategy: MultiStepStrategy, levels: [Double]) throws {
        let series = try monthlySeries(72)
        for (seed, ensemble) in [(1, 1), (2, 1), (3, 2)] {
            var config = tinyConfig(horizon: 12, strategy: strategy, head: .quantile, ensemble: ensemble)
            (config.levels, config.seed) = (levels, UInt64(seed))
            let f = try ForecastModel.train(series: series, config: config, name: "s").forecast(history: series.column(0))
            #expect(intervalsAreNested(f), "seed \(seed)")
        }
    }

    /// A recursive path's noise from the quantile head follows the quantile function through the head's
    /// quantiles, in order even where they cross: here 10% at −1, 50% at 0, 90% at 2 (given as 2 and −1).
    @Test func quantileNoiseFollowsTheQuantileFunction() {
        let head = OutputHead(kind: .quantile, levels: [0.8], steps: 1)
        #expect(zip(head.quantiles, [0.5, 0.1, 0.9]).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        let row: [Float] = [0, 2, -1]
        var generator = SeededGenerator(seed: 11)
        let n = 40_000
        let draws = row.withUnsafeBufferPointer { r in (0..<n).map { _ in head.noise(r, step: 0, generator: &generator) } }
        func fraction(_ test: (Double) -> Bool) -> Double { Double(draws.filter(test).count) / Double(n) }
        // Held at the outermost quantiles: 10% exactly −1, 10% exactly 2; linear between (median 0, quartile-ish points).
        #expect(Swift.abs(fraction { $0 == -1 } - 0.1) < 0.01)
        #expect(Swift.abs(fraction { $0 == 2 } - 0.1) < 0.01)
        #expect(Swift.abs(fraction { $0 <= 0 } - 0.5) < 0.01)
        #expect(Swift.abs(fraction { $0 <= 1 } - 0.7) < 0.01)   // halfway from the median (50%) to 2 (90%)
        #expect(draws.allSatisfy { $0 >= -1 && $0 <= 2 })
    }

    @Test func rearrangementSortsTheQuantilesOfEachStep() {
        // Levels 0.95 then 0.8: quantiles 0.025, 0.975, 0.1, 0.9 and the median, all crossing.
        var member = ForecastModel.ForecastInZ(point: [5, 0], lower: [[9, 0], [1, 0]], upper: [[2, 0], [7, 0]])
        member.rearrange(levels: [0.95, 0.8])
        #expect(member.point == [5, 0])
        #expect(member.lower == [[1, 0], [2, 0]] && member.upper == [[9, 0], [7, 0]])
    }
}
