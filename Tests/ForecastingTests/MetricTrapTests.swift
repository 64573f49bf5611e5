import RNNKit
import Testing
import _TestSupport

/// Metrics and baselines called outside their domain stop with a message that says why (before, an index out of
/// range, a crash on a huge horizon, or a NaN returned).
@Suite struct MetricTrapTests {
    @Test func aTrainingPartOfOneValueHasNoScale() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ForecastMetrics.mase(actual: [1], predicted: [2], training: [5], season: 1)
        }
        #expect(trapMessage(result).contains("the scale needs at least 2 values and a season of at least 1"))
    }

    @Test func anIntervalScoreNeedsALevelInsideZeroToOne() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ForecastMetrics.msis(actual: [1], lower: [0], upper: [2], level: 1, training: [1, 2, 3], season: 1)
        }
        #expect(trapMessage(result).contains("ForecastMetrics.msis: level 1.0 outside (0, 1)"))
    }

    @Test(arguments: [0, 1])
    func baselinesCheckLevelsAndSize(k: Int) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [k = k as Int] in
            _ = Baseline.naive.forecast(training: [1, 2], horizon: k == 0 ? 3 : .max, season: 1, levels: k == 0 ? [1.5] : [0.8])
        }
        #expect(trapMessage(result).contains(k == 0 ? "interval levels [1.5] outside (0, 1)" : "does not fit in this machine's memory"))
    }
}
