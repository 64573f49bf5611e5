import Foundation
@testable import SequenceData

/// A tiny seeded generator (SplitMix64) so the tests need nothing outside SequenceData.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses CSV text into a series with the given selectors.
func series(_ csv: String, target: ColumnSelector = 1, features: [ColumnSelector] = [], date: ColumnSelector? = 0,
            missing: MissingValues = .error) throws -> TimeSeries {
    try TimeSeries(csv: Data(csv.utf8), file: "t.csv", target: target, features: features, date: date, missing: missing)
}

/// The repository's corpora folder.
let corporaFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora")
