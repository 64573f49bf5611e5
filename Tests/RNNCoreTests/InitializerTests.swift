import Foundation
import Testing
@testable import RNNCore

@Suite struct InitializerTests {
    private func draw(_ initializer: Initializer, _ shape: [Int], seed: UInt64 = 42) -> Tensor<Double> {
        var g = SeededGenerator(seed: seed)
        return initializer.tensor(shape, generator: &g)
    }

    private func moments(_ t: Tensor<Double>) -> (mean: Double, variance: Double) {
        let n = Double(t.count)
        let mean = t.sum() / n
        return (mean, t.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n)
    }

    /// Checks a bound (when given), mean ≈ 0 and variance within 4% of `variance`
    /// on 40 000 draws (the sampling error of the variance is below 1%).
    private func expectDistribution(_ t: Tensor<Double>, variance: Double, bound: Double? = nil,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        if let bound {
            #expect(t.scalars.allSatisfy { Swift.abs($0) <= bound }, sourceLocation: sourceLocation)
            #expect(t.scalars.map { Swift.abs($0) }.max()! > 0.99 * bound, sourceLocation: sourceLocation)
        }
        let m = moments(t)
        #expect(Swift.abs(m.mean) < 0.03 * variance.squareRoot(), sourceLocation: sourceLocation)
        #expect(Swift.abs(m.variance / variance - 1) < 0.04, "variance \(m.variance), want \(variance)", sourceLocation: sourceLocation)
    }

    @Test func fansFollowPyTorch() {
        #expect(Initializer.fans(of: [30, 20]) == (20, 30))
        #expect(Initializer.fans(of: [8, 4, 3, 2]) == (24, 48))
    }

    @Test func pytorchDefaultIsUniformOverFanIn() {
        let bound = 1 / 50.0.squareRoot()
        expectDistribution(draw(.pytorchDefault, [800, 50]), variance: bound * bound / 3, bound: bound)
        var g = SeededGenerator(seed: 1)
        let bias: Tensor<Double> = Initializer.pytorchDefault.tensor([40_000], fanIn: 16, generator: &g)
        expectDistribution(bias, variance: 1.0 / 16 / 3, bound: 0.25)
    }

    @Test func xavier() {
        let shape = [250, 160], sum = 410.0
        let bound = (6 / sum).squareRoot()
        expectDistribution(draw(.xavierUniform(), shape), variance: 2 / sum, bound: bound)
        expectDistribution(draw(.xavierUniform(gain: 2), shape), variance: 8 / sum, bound: 2 * bound)
        expectDistribution(draw(.xavierNormal(), shape), variance: 2 / sum)
    }

    @Test func kaimingWithReLUGain() {
        #expect(Swift.abs(Initializer.reluGain - 2.0.squareRoot()) < 1e-15)
        let shape = [400, 100]
        expectDistribution(draw(.kaimingUniform(), shape), variance: 2.0 / 100, bound: (6.0 / 100).squareRoot())
        expectDistribution(draw(.kaimingNormal(), shape), variance: 2.0 / 100)
        expectDistribution(draw(.kaimingNormal(gain: 1), shape), variance: 1.0 / 100)
    }

    @Test func normalAndConstants() {
        expectDistribution(draw(.normal(std: 0.5), [200, 200]), variance: 0.25)
        #expect(draw(.zeros, [3, 2]) == Tensor(zeros: [3, 2]))
        #expect(draw(.constant(0.5), [4]) == Tensor(repeating: 0.5, shape: [4]))
    }

    /// max |AᵀA - I| (columns) or |AAᵀ - I| (rows) of a matrix [r, c].
    private func orthonormalityError(_ a: Tensor<Double>, columns: Bool) -> Double {
        let gram = Tensor.matmul(a, a, transposeA: columns, transposeB: !columns)
        var worst = 0.0
        for i in 0..<gram.shape[0] {
            for j in 0..<gram.shape[1] { worst = Swift.max(worst, Swift.abs(gram[i, j] - (i == j ? 1 : 0))) }
        }
        return worst
    }

    @Test func orthogonalIsOrthonormal() {
        #expect(orthonormalityError(draw(.orthogonal(), [12, 7]), columns: true) < 1e-12)   // tall: QᵀQ = I
        #expect(orthonormalityError(draw(.orthogonal(), [6, 6]), columns: true) < 1e-12)
        #expect(orthonormalityError(draw(.orthogonal(), [5, 9]), columns: false) < 1e-12)   // wide: QQᵀ = I
        let rank3 = draw(.orthogonal(), [4, 2, 3]).reshaped([4, 6])
        #expect(orthonormalityError(rank3, columns: false) < 1e-12)
        let scaled = draw(.orthogonal(gain: 2), [6, 6]) * 0.5
        #expect(orthonormalityError(scaled, columns: true) < 1e-12)
    }

    @Test func orthogonalHasPyTorchSignCorrection() {
        // Q comes from A = QR with A the normal matrix drawn from the same seed:
        // R = QᵀA must be upper triangular with a positive diagonal.
        let (rows, cols) = (7, 4)
        let q = draw(.orthogonal(), [rows, cols], seed: 5)
        var g = SeededGenerator(seed: 5)
        let a = Tensor<Double>(shape: [rows, cols], scalars: (0..<(rows * cols)).map { _ in g.normal() })
        let r = Tensor.matmul(q, a, transposeA: true)
        for i in 0..<cols {
            #expect(r[i, i] > 0)
            for j in 0..<i { #expect(Swift.abs(r[i, j]) < 1e-12) }
        }
    }

    @Test func sameSeedSameValues() {
        for initializer: Initializer in [.pytorchDefault, .xavierUniform(), .xavierNormal(), .kaimingUniform(),
                                          .kaimingNormal(), .orthogonal(), .normal()] {
            #expect(draw(initializer, [5, 3], seed: 9) == draw(initializer, [5, 3], seed: 9))
            #expect(draw(initializer, [5, 3], seed: 9) != draw(initializer, [5, 3], seed: 10))
        }
        var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
        let a = Linear<Float>(inputSize: 4, outputSize: 3, generator: &g1)
        let b = Linear<Float>(inputSize: 4, outputSize: 3, generator: &g2)
        #expect(a.weight.value == b.weight.value && a.bias!.value == b.bias!.value)
        #expect(g1 == g2)
    }
}

/// A generator saved through Codable continues its sequence; a state it can never be in is refused.
@Test func generatorStateRoundTrips() throws {
    var g = SeededGenerator(seed: 7)
    _ = g.next()
    let saved = try JSONEncoder().encode(g)
    var restored = try JSONDecoder().decode(SeededGenerator.self, from: saved)
    #expect(restored == g)
    #expect((0..<5).map { _ in restored.next() } == (0..<5).map { _ in g.next() })
    // The form checkpoints have always held: four unpadded lowercase hexadecimal words (seed 0's state).
    let seedZero = #"["e220a8397b1dcdaf","6e789e6aa1b965f4","6c45d188009454f","f88bb8a8724c81ec"]"#
    #expect(String(decoding: try JSONEncoder().encode(SeededGenerator(seed: 0)), as: UTF8.self) == seedZero)
    #expect(try JSONDecoder().decode(SeededGenerator.self, from: Data(seedZero.utf8)) == SeededGenerator(seed: 0))
    for bad in [#"["0","0","0","0"]"#, #"["1","2","3"]"#, #"["1","2","3","zz"]"#] {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SeededGenerator.self, from: Data(bad.utf8)) }
    }
}
