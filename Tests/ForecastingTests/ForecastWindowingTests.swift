@testable import RNNKit
import Testing

@Suite("the direct strategy's targets")
struct ForecastWindowingTests {
    /// Each step's target is relative to its own base: with seasonal changes (m = 4), step h of origin t is z[t + h] less
    /// z[t + h − m·(⌊h / m⌋ + 1)], the same phase of the last season before t. With z[i] = i², origin 8 and 6 steps the
    /// bases are z[4], z[5], z[6], z[7], then z[4], z[5] again.
    @Test func eachStepIsRelativeToTheSamePhaseOfTheLastSeason() {
        let z = (0..<20).map { Double($0 * $0) }
        let w = ForecastWindowing(lookback: 4, season: 4, mode: .seasonalChange, steps: 6)
        #expect(w.bases(z, origin: 8) == [16, 25, 36, 49, 16, 25])
        let targets: [Float] = [48, 56, 64, 72, 128, 144]  // 64 − 16, 81 − 25, 100 − 36, 121 − 49, 144 − 16, 169 − 25
        #expect(w.target(z, origin: 8) == targets)
        // Changes: every step relative to the last value before the origin; levels: to nothing.
        #expect(ForecastWindowing(lookback: 4, season: 4, mode: .change, steps: 2).target(z, origin: 8) == [15, 32])  // 64 − 49, 81 − 49
        #expect(ForecastWindowing(lookback: 4, season: 4, mode: .level, steps: 2).target(z, origin: 8) == [64, 81])
    }
}
