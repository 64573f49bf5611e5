import Requirements

/// Point and interval accuracy of a forecast, as in the M4 competition.
///
/// Shapes: actual and predicted [H]; the training part [N].
public enum ForecastMetrics {
    /// Mean absolute scaled error: the forecast MAE over the in-sample MAE of
    /// the seasonal-naive forecast with lag m (lag 1 when N <= m).
    public static func mase(actual: [Double], predicted: [Double], training: [Double], season m: Int) -> Double {
        mae(actual: actual, predicted: predicted) / maseScale(training: training, season: m)
    }

    /// The divisor of ``mase(actual:predicted:training:season:)``: the mean absolute change over lag m
    /// (lag 1 when N <= m) of the training part; 0 when it repeats with that lag.
    /// - Parameters: training: [N], N >= 2; season: m >= 1.
    public static func maseScale(training: [Double], season m: Int) -> Double {
        require(training.count >= 2 && m >= 1, "ForecastMetrics: a training part of \(training.count) values and season \(m); "
                     + "the scale needs at least 2 values and a season of at least 1")
        let lag = training.count > m ? m : 1
        return (lag..<training.count).reduce(0) { $0 + Swift.abs(training[$1] - training[$1 - lag]) } / Double(training.count - lag)
    }

    /// Symmetric MAPE in percent: 200/H · Σ |y − ŷ| / (|y| + |ŷ|) (a term with both zero counts 0).
    public static func smape(actual: [Double], predicted: [Double]) -> Double {
        check(actual, predicted)
        let total = zip(actual, predicted).reduce(0) { s, p in
            let d = Swift.abs(p.0) + Swift.abs(p.1)
            return d == 0 ? s : s + Swift.abs(p.0 - p.1) / d
        }
        return 200 * total / Double(actual.count)
    }

    /// Root mean squared error.
    public static func rmse(actual: [Double], predicted: [Double]) -> Double {
        check(actual, predicted)
        return (zip(actual, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(actual.count)).squareRoot()
    }

    /// Mean absolute error.
    public static func mae(actual: [Double], predicted: [Double]) -> Double {
        check(actual, predicted)
        return zip(actual, predicted).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } / Double(actual.count)
    }

    /// The fraction of actual values inside [lower, upper].
    public static func coverage(actual: [Double], lower: [Double], upper: [Double]) -> Double {
        check(actual, lower)
        check(actual, upper)
        return Double(actual.indices.filter { lower[$0] <= actual[$0] && actual[$0] <= upper[$0] }.count) / Double(actual.count)
    }

    /// Mean scaled interval score of a central interval at `level` = 1 − α (M4's MSIS): over the H steps,
    /// the width U − L plus 2/α times how far the actual value falls outside, divided by the MASE divisor
    /// (``maseScale(training:season:)``). Lower is better; a narrow interval that misses pays for its misses.
    public static func msis(actual: [Double], lower: [Double], upper: [Double], level: Double, training: [Double], season m: Int) -> Double {
        require(level > 0 && level < 1, "ForecastMetrics.msis: level \(level) outside (0, 1)")
        check(actual, lower)
        check(actual, upper)
        let penalty = 2 / (1 - level)
        let total = actual.indices.reduce(0) { s, i in
            s + (upper[i] - lower[i]) + penalty * (Swift.max(0, lower[i] - actual[i]) + Swift.max(0, actual[i] - upper[i]))
        }
        return total / Double(actual.count) / maseScale(training: training, season: m)
    }

    private static func check(_ a: [Double], _ b: [Double]) {
        require(!a.isEmpty && a.count == b.count, "ForecastMetrics: actual [\(a.count)] and forecast [\(b.count)] differ or are empty")
    }
}
