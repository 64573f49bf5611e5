import Foundation
import RNNKit
import Testing

@Suite("forecast metrics and baselines")
struct BaselineTests {
    @Test func maseScalesBySeasonalNaiveError() {
        // In-sample lag-2 differences are all 2, so the scale is 2.
        let training: [Double] = [0, 1, 2, 3, 4, 5]
        let mase = ForecastMetrics.mase(actual: [10, 10], predicted: [9, 13], training: training, season: 2)
        #expect(Swift.abs(mase - 1.0) < 1e-12)
        #expect(Swift.abs(ForecastMetrics.smape(actual: [1, 1], predicted: [1, 3]) - 50) < 1e-12)
        // Across zero the denominator is |a| + |p| = 2, not |a + p| = 0: 200 · (2 / 2 + 0 / 4) / 2 = 100.
        #expect(Swift.abs(ForecastMetrics.smape(actual: [-1, 2], predicted: [1, 2]) - 100) < 1e-12)
        #expect(Swift.abs(ForecastMetrics.rmse(actual: [0, 0], predicted: [3, 4]) - (12.5).squareRoot()) < 1e-12)
        #expect(ForecastMetrics.coverage(actual: [1, 2, 3, 4], lower: [0, 0, 0, 0], upper: [2, 2, 2, 2]) == 0.5)
    }

    @Test func msisChargesWidthAndMisses() {
        // Scale 2 (lag-2 differences); level 0.8 so a miss costs 2 / 0.2 = 10 per unit outside.
        // Widths 2, 2, 2; misses: 1 below (step 1), 0.5 above (step 3): (6 + 10 + 5) / 3 / 2 = 3.5.
        let training: [Double] = [0, 1, 2, 3, 4, 5]
        let msis = ForecastMetrics.msis(actual: [-1, 1, 2.5], lower: [0, 0, 0], upper: [2, 2, 2], level: 0.8,
                                        training: training, season: 2)
        #expect(Swift.abs(msis - 3.5) < 1e-12)
        // Every value inside: width only.
        #expect(Swift.abs(ForecastMetrics.msis(actual: [1], lower: [0], upper: [4], level: 0.95, training: training, season: 2) - 2) < 1e-12)
    }

    @Test func normalQuantileMatchesTables() {
        #expect(Swift.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(Swift.abs(normalQuantile(0.9) - 1.2815515655446004) < 1e-9)
        #expect(Swift.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8)
        // Both tails (below 0.02425 and above 0.97575, where 99% intervals take their bounds), against Python's
        // statistics.NormalDist().inv_cdf.
        for (p, q) in [(0.995, 2.5758293035489), (0.999, 3.090232306167813), (0.99, 2.3263478740408408), (1e-6, -4.753424308822899),
                       (0.01, -2.3263478740408408)] {
            #expect(Swift.abs(normalQuantile(p) - q) < 1e-12 * Swift.abs(q), "p \(p)")
        }
    }

    @Test func holtWintersFollowsTrendAndSeason() {
        func f(_ t: Int) -> Double {
            let x = Double(t)
            return 50 + 0.8 * x + 5 * sin(x * Double.pi / 6)
        }
        let y = (0..<60).map(f), truth = (60..<72).map(f)
        let hw = Baseline.holtWinters.forecast(training: y, horizon: 12, season: 12, levels: [0.8])
        let snaive = Baseline.seasonalNaive.forecast(training: y, horizon: 12, season: 12, levels: [0.8])
        let errorHW = ForecastMetrics.mae(actual: truth, predicted: hw.mean)
        #expect(errorHW < 0.5)
        #expect(errorHW < ForecastMetrics.mae(actual: truth, predicted: snaive.mean) / 10)
    }

    /// The drift forecast by hand: the slope is (y_N − y_1) / (N − 1), the residuals the differences less the slope,
    /// the interval z·σ·√(h·(1 + h / (N − 1))).
    @Test func driftExtendsTheLineThroughTheFirstAndLastValues() {
        let y: [Double] = [1, 2, 4, 7]  // slope 6 / 3 = 2; residuals −1, 0, 1, σ = √(2/3)
        let f = Baseline.drift.forecast(training: y, horizon: 2, season: 1, levels: [0.8])
        #expect(f.mean == [9, 11])
        let half = normalQuantile(0.9) * (2.0 / 3).squareRoot() * (2 * (1 + 2.0 / 3)).squareRoot()
        #expect(Swift.abs(f.intervals[0].upper[1] - (11 + half)) < 1e-12 && Swift.abs(f.intervals[0].lower[1] - (11 - half)) < 1e-12)
    }

    /// Holt-Winters' additive updates by hand (a Python loop over the same equations): with m = 2, the level, trend and
    /// season start at 0.875, 0.75 and [−1, 1]; each error e updates l ← l + b + α·e, b ← b + α·β·e, s ← s + γ·e.
    @Test func holtWintersUpdatesLevelTrendAndSeason() {
        let hw = HoltWinters([1, 3, 2, 5, 4, 7], season: 2, alpha: 0.5, beta: 0.5, gamma: 0.25)
        let residuals = [0.375, -0.65625, -0.1015625, 0.552734375, 0.25146484375, 0.3646240234375]
        #expect(zip(hw.residuals, residuals).allSatisfy { Swift.abs($0 - $1) < 1e-12 } && hw.residuals.count == 6)
        #expect(Swift.abs(hw.level - 5.84356689453125) < 1e-12 && Swift.abs(hw.trend - 0.946502685546875) < 1e-12)
        #expect(zip(hw.forecast(3), [5.921295166015625, 8.801849365234375, 7.814300537109375]).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }

    @Test func nelderMeadFindsQuadraticMinimum() {
        let found = NelderMead.minimize({ ($0[0] - 1) * ($0[0] - 1) + 3 * ($0[1] + 2) * ($0[1] + 2) }, from: [0, 0], step: 1, iterations: 500)
        #expect(Swift.abs(found.point[0] - 1) < 1e-4 && Swift.abs(found.point[1] + 2) < 1e-4)
    }

    /// The search stops when the simplex's values agree to 1e-10 relative to the best, not sooner: on Rosenbrock's valley
    /// lifted to a minimum of 5, it ends within 1e-4 of (1, 1) (a tolerance of 1e-3 stopped at (0.92, 0.84)).
    @Test func nelderMeadStopsOnlyWhenTheValuesAgree() {
        let found = NelderMead.minimize({ (1 - $0[0]) * (1 - $0[0]) + 100 * ($0[1] - $0[0] * $0[0]) * ($0[1] - $0[0] * $0[0]) + 5 },
                                        from: [-1.2, 1], step: 0.5, iterations: 500)
        #expect(Swift.abs(found.point[0] - 1) < 1e-4 && Swift.abs(found.point[1] - 1) < 1e-4 && Swift.abs(found.value - 5) < 1e-8)
    }

    /// Steps by hand in one dimension, from the simplex {0, 1}. (x − 10)²: the reflection 2 (64) beats the best, 1 (81), and
    /// the expansion 3 (49) beats it, so one iteration ends at 3, the best point though it was not sorted first.
    /// (x − 1.2)²: the reflection 2 (0.64) is better than the worst, 0 (1.44), only, so the contraction is outside, to 1.5
    /// (0.09); the next reflection, 0.5 (0.49), is worse than both, so that contraction is inside, to 1.25 (0.0025).
    @Test func nelderMeadStepsByHand() {
        let expanded = NelderMead.minimize({ ($0[0] - 10) * ($0[0] - 10) }, from: [0], step: 1, iterations: 1)
        #expect(expanded.point == [3] && expanded.value == 49)
        let contracted = NelderMead.minimize({ ($0[0] - 1.2) * ($0[0] - 1.2) }, from: [0], step: 1, iterations: 2)
        #expect(contracted.point == [1.25] && Swift.abs(contracted.value - 0.0025) < 1e-15)
        // A shrink towards the best point at the 7th iteration of (−0.5 − x)² + 10 (y − x²)² from (0, 0), side 1
        // (the points after 7 iterations of the method's rules, transcribed in Python): (−0.625, 0.375) when the shrink
        // moved the points away from the best instead.
        let shrunk = NelderMead.minimize({ (-0.5 - $0[0]) * (-0.5 - $0[0]) + 10 * ($0[1] - $0[0] * $0[0]) * ($0[1] - $0[0] * $0[0]) },
                                         from: [0, 0], step: 1, iterations: 7)
        #expect(shrunk.point == [-0.49609375, 0.28515625] && Swift.abs(shrunk.value - 0.015262129250913858) < 1e-15)
    }

    /// Seasonal naive repeats the last season; its interval h steps ahead is ±z·σ·√(⌊(h − 1)/m⌋ + 1), σ the RMS of
    /// the lag-m residuals, so it widens once per season (Hyndman & Athanasopoulos, Forecasting: Principles and Practice,
    /// on the benchmark methods). With no earlier season (N ≤ m) it is naive.
    @Test func seasonalNaiveRepeatsTheLastSeasonAndWidensPerSeason() {
        let y: [Double] = [1, 5, 2, 7, 3, 6, 4, 9]
        let f = Baseline.seasonalNaive.forecast(training: y, horizon: 7, season: 3, levels: [0.8])
        #expect(f.mean == [6, 4, 9, 6, 4, 9, 6])
        // Lag-3 residuals 6, −2, 4, −3, 6: σ² = 101 / 5.
        let sigma = (101.0 / 5).squareRoot(), z = normalQuantile(0.9)
        let halfWidths = zip(f.intervals[0].upper, f.intervals[0].lower).map { ($0 - $1) / 2 }
        let expected = [1.0, 1, 1, 2, 2, 2, 3].map { z * sigma * $0.squareRoot() }
        #expect(zip(halfWidths, expected).allSatisfy { Swift.abs($0 - $1) < 1e-9 }, "\(halfWidths)")
        #expect(Baseline.seasonalNaive.forecast(training: y, horizon: 2, season: 8, levels: [0.8]).mean == [9, 9])
    }

    @Test func naiveIntervalsWidenWithTheHorizon() {
        let f = Baseline.naive.forecast(training: [1, 3, 2, 4, 3, 5], horizon: 4, season: 1, levels: [0.8, 0.95])
        #expect(f.mean == [5, 5, 5, 5])
        let w80 = zip(f.intervals[0].upper, f.intervals[0].lower).map { $0 - $1 }
        let w95 = zip(f.intervals[1].upper, f.intervals[1].lower).map { $0 - $1 }
        #expect(w80[3] > w80[0] && w95[0] > w80[0])
    }
}
