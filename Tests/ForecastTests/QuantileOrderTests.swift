import Foundation
@testable import RNNKit
import Testing

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
        let series = monthlySeries(72)
        for (seed, ensemble) in [(1, 1), (2, 1), (3, 2)] {
            var config = tinyConfig(horizon: 12, strategy: strategy, head: .quantile, ensemble: ensemble)
            (config.levels, config.seed) = (levels, UInt64(seed))
            let f = try ForecastModel.train(series: series, config: config, name: "s").forecast(history: series.column(0))
            #expect(intervalsAreNested(f), "seed \(seed)")
        }
    }

    @Test func rearrangementSortsTheQuantilesOfEachStep() {
        // Levels 0.95 then 0.8: quantiles 0.025, 0.975, 0.1, 0.9 and the median, all crossing.
        var member = ForecastModel.ForecastInZ(point: [5, 0], lower: [[9, 0], [1, 0]], upper: [[2, 0], [7, 0]])
        member.rearrange(levels: [0.95, 0.8])
        #expect(member.point == [5, 0])
        #expect(member.lower == [[1, 0], [2, 0]] && member.upper == [[9, 0], [7, 0]])
    }
}
