import Foundation
import Requirements

/// Classical forecasts to compare a model with, fitted on the training part only.
public enum Baseline: String, Sendable, CaseIterable {
    /// The last value.
    case naive
    /// The value one season earlier.
    case seasonalNaive = "seasonal-naive"
    /// The line through the first and last values.
    case drift
    /// Holt-Winters exponential smoothing with additive trend and season.
    case holtWinters = "holt-winters"

    /// Forecasts H steps after `training`, with Gaussian intervals from the
    /// in-sample one-step residuals (Hyndman & Athanasopoulos, *Forecasting:
    /// Principles and Practice*, 3rd ed., §5.5 and §8.7).
    /// - Parameters:
    ///   - training: the observed values. [N], N >= 2
    ///   - horizon: H >= 1, with the forecast's H · (1 + 2 · levels) values fitting in memory; `season`: m >= 1;
    ///     `levels`: interval levels in (0, 1).
    /// - Returns: point forecast and intervals. [H]
    public func forecast(training y: [Double], horizon h: Int, season m: Int, levels: [Double]) -> Forecast {
        require(y.count >= 2 && h >= 1 && m >= 1, "Baseline: \(y.count) values, horizon \(h), season \(m)")
        require(levels.allSatisfy { $0 > 0 && $0 < 1 }, "Baseline: interval levels \(levels) outside (0, 1)")
        require(CheckedSize.product(8, h, 1 + 2 * levels.count).map { $0 <= CheckedSize.physicalMemory } ?? false,
                     "Baseline: a forecast of \(h) steps does not fit in this machine's memory")
        let n = y.count
        let point: [Double], residuals: [Double], spread: (Int) -> Double
        switch self {
        case .naive:
            point = Array(repeating: y[n - 1], count: h)
            residuals = (1..<n).map { y[$0] - y[$0 - 1] }
            spread = { Double($0).squareRoot() }
        case .seasonalNaive:
            let lag = n > m ? m : 1
            point = (0..<h).map { y[n - lag + $0 % lag] }
            residuals = (lag..<n).map { y[$0] - y[$0 - lag] }
            spread = { Double(($0 - 1) / lag + 1).squareRoot() }
        case .drift:
            let slope = (y[n - 1] - y[0]) / Double(n - 1)
            point = (1...h).map { y[n - 1] + Double($0) * slope }
            residuals = (1..<n).map { y[$0] - y[$0 - 1] - slope }
            spread = { (Double($0) * (1 + Double($0) / Double(n - 1))).squareRoot() }
        case .holtWinters:
            let fit = HoltWinters.fit(y, season: n >= 2 * m + 2 ? m : 1)
            point = fit.forecast(h)
            residuals = fit.residuals
            spread = { fit.spread($0) }
        }
        let sigma = (residuals.reduce(0) { $0 + $1 * $1 } / Double(Swift.max(residuals.count, 1))).squareRoot()
        return Forecast(mean: point, intervals: levels.map { level in
            let zq = normalQuantile(0.5 + level / 2)
            return Forecast.Interval(level: level, lower: (0..<h).map { point[$0] - zq * sigma * spread($0 + 1) },
                                     upper: (0..<h).map { point[$0] + zq * sigma * spread($0 + 1) })
        })
    }
}
