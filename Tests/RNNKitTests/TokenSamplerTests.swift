import Foundation
import Testing
import RNNKit

/// What the sampler may draw, and how often, from fixed logits.
@Suite struct TokenSamplerTests {
    /// Logits of probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1. [1, 4]
    static let logits = Tensor<Float>(shape: [1, 4], scalars: [0.5, 0.3, 0.15, 0.05].map { Float(log($0)) })

    /// How often each id is drawn in `n` draws, as fractions.
    func frequencies(_ sampler: TokenSampler, draws n: Int = 4000) -> [Double] {
        var sampler = sampler, generator = SeededGenerator(seed: 3), counts = [0, 0, 0, 0]
        for _ in 0..<n { counts[try! sampler.draw(Self.logits, generator: &generator)] += 1 }
        return counts.map { Double($0) / Double(n) }
    }

    /// `observed` is `expected` within `tolerance` everywhere (zeros exactly).
    func expectClose(_ observed: [Double], _ expected: [Double], tolerance: Double = 0.03) {
        for (o, e) in zip(observed, expected) {
            #expect(e == 0 ? o == 0 : abs(o - e) < tolerance, "observed \(observed), expected \(expected)")
        }
    }

    @Test func fullSoftmaxAndArgmax() throws {
        expectClose(frequencies(try TokenSampler()), [0.5, 0.3, 0.15, 0.05])
        expectClose(frequencies(try TokenSampler(temperature: 0.5, topP: 0.3, argmax: true)), [1, 0, 0, 0])
    }

    @Test func topKKeepsTheKMostLikely() throws {
        expectClose(frequencies(try TokenSampler(topK: 2)), [0.5 / 0.8, 0.3 / 0.8, 0, 0])
        expectClose(frequencies(try TokenSampler(topK: 1)), [1, 0, 0, 0])
    }

    /// k at or above V keeps every token (a k of 1000 over 4 tokens samples the plain softmax, rather than trapping).
    @Test func topKOfVOrMoreKeepsEveryToken() throws {
        for k in [4, 5, 1000] { expectClose(frequencies(try TokenSampler(topK: k)), [0.5, 0.3, 0.15, 0.05]) }
    }

    /// Ties: argmax takes the lowest id of the largest logits, and top-k keeps every token tied with the k-th.
    @Test func tiesTakeTheFirstForArgmaxAndAllAtTheCutForTopK() throws {
        let tied = Tensor<Float>(shape: [5], scalars: [0, 2, 1, 2, 1])
        var argmax = try TokenSampler(argmax: true), topK = try TokenSampler(topK: 2), g = SeededGenerator(seed: 5)
        #expect(try argmax.draw(tied, generator: &g) == 1)
        var counts = [0, 0, 0, 0, 0]
        for _ in 0..<400 { counts[try topK.draw(tied, generator: &g)] += 1 }
        #expect(counts[0] == 0 && counts[2] == 0 && counts[4] == 0 && counts[1] > 150 && counts[3] > 150)
        var topThree = try TokenSampler(topK: 3)
        counts = [0, 0, 0, 0, 0]
        for _ in 0..<400 { counts[try topThree.draw(tied, generator: &g)] += 1 }
        #expect(counts[0] == 0 && counts[2] > 0 && counts[4] > 0, "the tokens tied at the third largest logit are both kept")
    }

    @Test func topPKeepsTheSmallestSetReachingP() throws {
        // 0.5 + 0.3 reaches 0.8: two tokens; 0.81 needs the third.
        expectClose(frequencies(try TokenSampler(topP: 0.8)), [0.5 / 0.8, 0.3 / 0.8, 0, 0])
        expectClose(frequencies(try TokenSampler(topP: 0.81)), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0])
        expectClose(frequencies(try TokenSampler(topP: 0.01)), [1, 0, 0, 0])
        expectClose(frequencies(try TokenSampler(topP: 1)), [0.5, 0.3, 0.15, 0.05])
        // After top-k: p is a fraction of what the k tokens hold (0.8 here), so 0.7 keeps both.
        expectClose(frequencies(try TokenSampler(topK: 2, topP: 0.7)), [0.5 / 0.8, 0.3 / 0.8, 0, 0])
    }

    @Test func temperatureIsAppliedBeforeTopP() throws {
        // At temperature 0.5 the probabilities are ∝ p²: 0.25, 0.09, 0.0225, 0.0025 (sum 0.365),
        // so the first token alone holds 0.685 of the mass and top-p 0.6 keeps only it.
        expectClose(frequencies(try TokenSampler(temperature: 0.5, topP: 0.6)), [1, 0, 0, 0])
    }

    /// Logits that hold NaN or +inf, or are all -inf, throw (they used to give token 0 as if it were drawn, then trapped),
    /// whatever the settings.
    @Test func logitsWithoutADrawableTokenThrow() throws {
        let cases: [([Float], SamplingError)] = [
            ([0, .nan, .nan], .nonFiniteScore(index: 1, value: .nan)),
            ([.infinity, 0, .infinity], .nonFiniteScore(index: 0, value: .infinity)),
            ([-.infinity, -.infinity, -.infinity], .everyTokenMasked(vocabulary: 3)),
        ]
        for sampler in [try TokenSampler(), try TokenSampler(argmax: true), try TokenSampler(topK: 1, topP: 0.5)] {
            for (logits, expected) in cases {
                var sampler = sampler, g = SeededGenerator(seed: 1)
                #expect(throws: expected) { try sampler.draw(Tensor<Float>(shape: [3], scalars: logits), generator: &g) }
            }
        }
        #expect(SamplingError.nonFiniteScore(index: 1, value: .nan) != .nonFiniteScore(index: 1, value: .infinity))
        #expect(SamplingError.nonFiniteScore(index: 1, value: .nan) != .nonFiniteScore(index: 2, value: .nan))
        #expect(SamplingError.nonFiniteScore(index: 1, value: .nan).description
                == "cannot draw a token: the logit of token 1 is nan; logits must be finite, or -inf for a masked token")
    }

    /// A masked (-inf) token is never drawn.
    @Test func maskedTokensAreNeverDrawn() throws {
        var sampler = try TokenSampler()
        var g = SeededGenerator(seed: 1)
        let draws = try (0..<200).map { _ in try sampler.draw(Tensor<Float>(shape: [3], scalars: [-.infinity, 0.5, 0]), generator: &g) }
        #expect(!draws.contains(0) && draws.contains(1) && draws.contains(2))
    }

    @Test func invalidSettingsThrow() {
        for (temperature, topK, topP) in [(0.0, nil, nil), (Double.nan, nil, nil), (1, 0, nil), (1, nil, 0.0), (1, nil, 1.5),
                                          (1, nil, Double.nan)] as [(Double, Int?, Double?)] {
            #expect(throws: ConfigurationError.self) { try TokenSampler(temperature: temperature, topK: topK, topP: topP) }
        }
    }
}
