import Foundation
import Requirements

/// Holt-Winters exponential smoothing with additive trend and additive season
/// (Holt 1957, Winters 1960), in the error-correction form of Hyndman et al.,
/// *Forecasting with Exponential Smoothing* (2008), with α, β, γ fitted by
/// minimizing the in-sample one-step squared error with Nelder-Mead.
///
/// Shapes: N training values, m season (1: Holt's linear trend, no season).
public struct HoltWinters: Sendable {
    /// Smoothing of the level, trend and season, each in (0, 1).
    public let alpha: Double, beta: Double, gamma: Double
    /// m, the season length; 1 for Holt's linear trend without a season.
    public let season: Int
    /// The state after the last value: level, trend, and the last m season terms (oldest first).
    public let level: Double, trend: Double, seasonal: [Double]
    /// The in-sample one-step errors. [N]
    public let residuals: [Double]

    /// Runs the recursions over `y` with fixed parameters.
    /// - Precondition: N ≥ 2·m (the first two seasons start the level, trend and season terms).
    public init(_ y: [Double], season m: Int, alpha: Double, beta: Double, gamma: Double) {
        require(y.count >= 2 * m, "HoltWinters: \(y.count) values for season \(m); at least 2·m needed")
        let first = y[0..<m].reduce(0, +) / Double(m)
        var b = m > 1 ? (y[m..<(2 * m)].reduce(0, +) / Double(m) - first) / Double(m) : y[1] - y[0]
        // The first season's mean sits at its middle; the level before the first value is (m + 1) / 2 trend steps earlier.
        var l = first - b * Double(m + 1) / 2
        var s = m > 1 ? (0..<m).map { y[$0] - first } : [0]
        var errors: [Double] = []
        for (t, v) in y.enumerated() {
            let j = t % m
            let e = v - (l + b + s[j])
            errors.append(e)
            l = l + b + alpha * e
            b = b + alpha * beta * e
            if m > 1 { s[j] = s[j] + gamma * e }
        }
        let j0 = y.count % m
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.season = m
        level = l
        trend = b
        seasonal = (0..<m).map { s[(j0 + $0) % m] }
        residuals = errors
    }

    /// Fits α, β, γ on `y` by Nelder-Mead on the logits, from a few starts.
    /// - Precondition: N ≥ 2·m.
    public static func fit(_ y: [Double], season m: Int) -> HoltWinters {
        func params(_ u: [Double]) -> (Double, Double, Double) {
            let sig = { (x: Double) in 1 / (1 + Foundation.exp(-x)) }
            return (sig(u[0]), sig(u[1]), sig(u[2]))
        }
        func sse(_ u: [Double]) -> Double {
            let (a, b, g) = params(u)
            let r = HoltWinters(y, season: m, alpha: a, beta: b, gamma: g).residuals
            let v = r.reduce(0) { $0 + $1 * $1 }
            return v.isFinite ? v : .greatestFiniteMagnitude
        }
        var best: (u: [Double], f: Double) = ([0, -2, -2], .infinity)
        for start in [[0.0, -2, -2], [-2, -4, -1], [2, -1, 0], [-1, -3, -3]] {
            let found = NelderMead.minimize(sse, from: start, step: 1, iterations: 400)
            if found.value < best.f { best = (found.point, found.value) }
        }
        let (a, b, g) = params(best.u)
        return HoltWinters(y, season: m, alpha: a, beta: b, gamma: g)
    }

    /// The forecast of steps 1...H. [H]
    public func forecast(_ h: Int) -> [Double] {
        (1...h).map { level + Double($0) * trend + seasonal[($0 - 1) % season] }
    }

    /// The forecast standard deviation of step h over the one-step one:
    /// √(1 + Σ_{j<h} c_j²), c_j = α(1 + jβ) + γ·[j mod m = 0] (Hyndman et al. 2008, Table 6.1).
    public func spread(_ h: Int) -> Double {
        (1 + (1..<Swift.max(h, 1)).reduce(0.0) { s, j in
            let c = alpha * (1 + Double(j) * beta) + (season > 1 && j % season == 0 ? gamma : 0)
            return s + c * c
        }).squareRoot()
    }
}
