/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// RNNKit has no global random state: every initializer, dropout mask, batch
/// order and sample draws from a generator passed in. The same seed gives the
/// same sequence, bit for bit, on every machine. The whole state is four
/// words (``state``); a checkpoint saves and restores it through `Codable`, as
/// four hexadecimal strings.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The four state words, never all zero.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator seeded from `seed`.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The state as four words.
    private var words: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// Writes the state as four hexadecimal strings (`["9e3779b97f4a7c15", …]`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(words.map { String($0, radix: 16) })
    }

    /// Reads a state written by ``encode(to:)``.
    /// - Throws: `DecodingError.dataCorrupted` unless four hexadecimal words, not all zero (a state the generator
    ///   never reaches and never leaves).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let texts = try container.decode([String].self)
        let words = texts.compactMap { UInt64($0, radix: 16) }
        guard words.count == 4, texts.count == 4 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected four hexadecimal words, got \(texts)")
        }
        guard words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "the four words are all zero, a state the generator never reaches and never leaves")
        }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool { a.words == b.words }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform draw in [low, high).
    public mutating func uniform<Scalar: TensorScalar>(_ low: Scalar, _ high: Scalar) -> Scalar {
        low + (high - low) * Scalar(nextUnit())
    }

    /// A standard normal draw (Box–Muller).
    public mutating func normal() -> Double {
        var u1 = nextUnit()
        while u1 == 0 { u1 = nextUnit() }
        let u2 = nextUnit()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos2pi(u2)
    }

    /// A new generator seeded from this one's next draw: an independent stream
    /// (for example, one per dropout tape) that leaves this one advanced by one draw.
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}

extension Double {
    /// cos(2πx), from Glibc.
    static func cos2pi(_ x: Double) -> Double { _cos(2 * Double.pi * x) }
}

#if canImport(Glibc)
import Glibc
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
