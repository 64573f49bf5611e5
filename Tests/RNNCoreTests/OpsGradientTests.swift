import Foundation
import Testing
@testable import RNNCore

/// A deterministic tensor with elements uniform in [low, high).
func seededTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = -1...1) -> Tensor<Double> {
    var g = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in g.uniform(range.lowerBound, range.upperBound) })
}

/// The tolerance of every Float64 gradient check in these tests.
let gradientTolerance = 1e-6

/// Gradient-checks `f` with respect to `inputs` and `parameters`, contracting a
/// non-scalar output with fixed random weights so every output element gets a
/// different upstream gradient.
func expectGradientsMatch(
    _ inputs: [Tensor<Double>], parameters: [Parameter<Double>] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping (Tape<Double>, [Variable<Double>]) -> Variable<Double>
) {
    let report = GradientCheck.run(parameters: parameters, inputs: inputs) { tape, xs in
        let y = f(tape, xs)
        return (y * tape.constant(seededTensor(y.shape, seed: 999))).sum()
    }
    #expect(report.entries.count == inputs.count + parameters.count, sourceLocation: sourceLocation)
    #expect(report.worstRelativeError < gradientTolerance, "\(report)", sourceLocation: sourceLocation)
}

@Suite struct OpsGradientTests {
    // MARK: Arithmetic

    @Test func addSubtractNegate() {
        let (a, b) = (seededTensor([3, 4], seed: 1), seededTensor([3, 4], seed: 2))
        expectGradientsMatch([a, b]) { _, x in x[0] + x[1] }
        expectGradientsMatch([a, b]) { _, x in x[0] - x[1] }
        expectGradientsMatch([a]) { _, x in -x[0] }
    }

    @Test func broadcastRowAddAndSubtract() {
        let (a, row, row2) = (seededTensor([2, 3, 4], seed: 1), seededTensor([4], seed: 2), seededTensor([1, 4], seed: 3))
        expectGradientsMatch([a, row]) { _, x in x[0] + x[1] }
        expectGradientsMatch([a, row]) { _, x in x[0] - x[1] }
        expectGradientsMatch([a, row2]) { _, x in x[0] + x[1] }
        let tape = Tape<Double>()
        let y = tape.constant(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])) + tape.constant(Tensor(shape: [2], scalars: [10, 20]))
        #expect(y.value.scalars == [11, 22, 13, 24])
    }

    @Test func multiplyAndDivide() {
        let a = seededTensor([3, 4], seed: 1)
        let b = seededTensor([3, 4], seed: 2, in: 0.5...1.5)
        let row = seededTensor([4], seed: 3, in: 0.5...1.5)
        expectGradientsMatch([a, b]) { _, x in x[0] * x[1] }
        expectGradientsMatch([a, row]) { _, x in x[0] * x[1] }
        expectGradientsMatch([a, b]) { _, x in x[0] / x[1] }
        expectGradientsMatch([a, row]) { _, x in x[0] / x[1] }
        expectGradientsMatch([b]) { _, x in x[0].reciprocal() }
        expectGradientsMatch([a]) { _, x in x[0].squared() }
        expectGradientsMatch([a]) { _, x in x[0].abs() }
    }

    @Test func scalarOperations() {
        let a = seededTensor([2, 5], seed: 5)
        expectGradientsMatch([a]) { _, x in x[0].affine(scale: -1.5, shift: 0.25) }
        expectGradientsMatch([a]) { _, x in x[0] * 3 + 2 * x[0] }
        expectGradientsMatch([a]) { _, x in (x[0] / 4 + 1) * (x[0] - 2) }
        expectGradientsMatch([a]) { _, x in (3 + x[0]) * (1 - x[0]) }
        let tape = Tape<Double>()
        let v = tape.constant(Tensor(shape: [2], scalars: [1, -2]))
        #expect((2 - v * 3).value.scalars == [-1, 8])
    }

    // MARK: Matmul

    @Test func matmulAllTransposeCombinations() {
        let a = seededTensor([3, 4], seed: 1), aT = seededTensor([4, 3], seed: 2)
        let b = seededTensor([4, 5], seed: 3), bT = seededTensor([5, 4], seed: 4)
        expectGradientsMatch([a, b]) { _, x in matmul(x[0], x[1]) }
        expectGradientsMatch([aT, b]) { _, x in matmul(x[0], x[1], transposeA: true) }
        expectGradientsMatch([a, bT]) { _, x in matmul(x[0], x[1], transposeB: true) }
        expectGradientsMatch([aT, bT]) { _, x in matmul(x[0], x[1], transposeA: true, transposeB: true) }
    }

    @Test func matmulRankThreeLeftOperand() {
        let x3 = seededTensor([2, 3, 4], seed: 1)
        expectGradientsMatch([x3, seededTensor([4, 5], seed: 2)]) { _, x in matmul(x[0], x[1]) }
        expectGradientsMatch([x3, seededTensor([5, 4], seed: 3)]) { _, x in matmul(x[0], x[1], transposeB: true) }
        // [B, T, K]ᵀ · [B·T, N]: the whole-sequence weight gradient shape.
        expectGradientsMatch([x3, seededTensor([6, 5], seed: 4)]) { _, x in matmul(x[0], x[1], transposeA: true) }
        let tape = Tape<Double>()
        let y = matmul(tape.constant(x3), tape.constant(seededTensor([4, 5], seed: 2)))
        #expect(y.shape == [2, 3, 5])
    }

    // MARK: Activations

    @Test func elementwiseActivations() {
        let a = seededTensor([3, 4], seed: 1, in: -2...2)
        let positive = seededTensor([3, 4], seed: 2, in: 0.2...2)
        let awayFromZero = a.map { p, q, n in for i in 0..<n { q[i] = p[i] + (p[i] >= 0 ? 0.1 : -0.1) } }
        expectGradientsMatch([a]) { _, x in x[0].tanh() }
        expectGradientsMatch([a]) { _, x in x[0].sigmoid() }
        expectGradientsMatch([awayFromZero]) { _, x in x[0].relu() }
        expectGradientsMatch([a]) { _, x in x[0].exp() }
        expectGradientsMatch([positive]) { _, x in x[0].log() }
        expectGradientsMatch([positive]) { _, x in x[0].sqrt() }
    }

    /// GELU (both forms), LeakyReLU, ELU, SiLU and softplus, default and other settings. The inputs keep
    /// 0.1 from the kinks at 0 (LeakyReLU, ELU with α ≠ 1) and from softplus' threshold (at x = 1.5 for
    /// β = 2, threshold 3, which half of them pass).
    @Test func activationsWithSettings() {
        let a = seededTensor([3, 4], seed: 1, in: -3...3)
        let awayFromKinks = a.map { p, q, n in
            for i in 0..<n {
                let v = p[i] + (p[i] >= 0 ? 0.1 : -0.1)
                q[i] = Swift.abs(v - 1.5) < 0.1 ? v + 0.2 : v
            }
        }
        expectGradientsMatch([a]) { _, x in x[0].gelu() }
        expectGradientsMatch([a]) { _, x in x[0].gelu(approximate: .tanh) }
        expectGradientsMatch([a]) { _, x in x[0].silu() }
        expectGradientsMatch([a]) { _, x in x[0].elu() }
        expectGradientsMatch([a]) { _, x in x[0].softplus() }
        expectGradientsMatch([awayFromKinks]) { _, x in x[0].leakyReLU() }
        expectGradientsMatch([awayFromKinks]) { _, x in x[0].leakyReLU(negativeSlope: -0.5) }
        expectGradientsMatch([awayFromKinks]) { _, x in x[0].elu(alpha: 0.5) }
        expectGradientsMatch([awayFromKinks]) { _, x in x[0].softplus(beta: 2, threshold: 3) }
    }

    @Test func activationValues() {
        let tape = Tape<Double>()
        let x = tape.constant(Tensor(shape: [3], scalars: [-1, 0, 2]))
        #expect(x.relu().value.scalars == [0, 0, 2])
        #expect(Swift.abs(x.sigmoid().value[flat: 0] - 1 / (1 + Foundation.exp(1.0))) < 1e-15)
        #expect(Swift.abs(x.tanh().value[flat: 2] - Foundation.tanh(2.0)) < 1e-15)
    }

    @Test func softmaxAndLogSoftmax() {
        let a = seededTensor([2, 3, 5], seed: 1, in: -3...3)
        expectGradientsMatch([a]) { _, x in x[0].softmax() }
        expectGradientsMatch([a]) { _, x in x[0].logSoftmax() }
        let tape = Tape<Double>()
        let s = tape.constant(Tensor(shape: [1, 3], scalars: [0, log(2.0), log(5.0)])).softmax()
        for (got, want) in zip(s.value.scalars, [1.0 / 8, 2.0 / 8, 5.0 / 8]) { #expect(Swift.abs(got - want) < 1e-15) }
    }

    /// The Float tanh kernel, out of place and in place (200,001 values: an
    /// odd count, so the vector loop's tail runs too), against Foundation.
    @Test func floatTanhKernelMatchesFoundation() {
        let xs = (0...200_000).map { Float(-10 + Double($0) * 1e-4) }
        var out = [Float](repeating: 0, count: xs.count), inPlace = xs
        xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { Float.tanhKernel(x.baseAddress!, $0.baseAddress!, x.count) } }
        inPlace.withUnsafeMutableBufferPointer { Float.tanhKernel($0.baseAddress!, $0.baseAddress!, $0.count) }
        for ys in [out, inPlace] {
            let worst = zip(xs, ys).map { Swift.abs(Double($1) - Foundation.tanh(Double($0))) }.max()!
            #expect(worst < 1e-6, "max |tanhKernel - tanh| = \(worst)")
        }
        #expect(out == inPlace)
    }

    @Test func floatSigmoidKernelMatchesDefinition() {
        let xs = (0...2000).map { Float(-10 + Double($0) * 0.01) }
        var ys = xs
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { Float.sigmoidKernel(x.baseAddress!, $0.baseAddress!, x.count) } }
        let worst = zip(xs, ys).map { Swift.abs(Double($1) - 1 / (1 + Foundation.exp(-Double($0)))) }.max()!
        #expect(worst < 1e-6)
    }

    // MARK: Shape

    @Test func reshape() {
        expectGradientsMatch([seededTensor([2, 3, 4], seed: 1)]) { _, x in x[0].reshaped([6, 4]).tanh() }
    }

    @Test func sliceOnEveryAxis() {
        let a = seededTensor([3, 4, 5], seed: 1)
        expectGradientsMatch([a]) { _, x in x[0].sliced(axis: 0, 1..<3) }
        expectGradientsMatch([a]) { _, x in x[0].sliced(axis: 1, 1..<3) }
        expectGradientsMatch([a]) { _, x in x[0].sliced(axis: 2, 0..<2) }
        expectGradientsMatch([a]) { _, x in x[0].sliced(axis: -1, 3..<5) }
        let tape = Tape<Double>()
        let m = tape.constant(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(m.sliced(axis: 1, 1..<3).value.scalars == [2, 3, 5, 6])
        #expect(m.select(axis: 0, 1).value.scalars == [4, 5, 6])
    }

    @Test func selectAndSplit() {
        let a = seededTensor([3, 4, 5], seed: 2)
        expectGradientsMatch([a]) { _, x in x[0].select(axis: 1, 2) }
        expectGradientsMatch([a]) { _, x in x[0].select(axis: 0, 0) }
        expectGradientsMatch([a]) { _, x in
            let parts = x[0].split(axis: 2, sizes: [1, 3, 1])
            return parts[0] * parts[2] + parts[1].sumLastAxis().reshaped([3, 4, 1])
        }
        expectGradientsMatch([a]) { _, x in
            let parts = x[0].split(axis: 0, sizes: [2, 1])
            return parts[0].sum() * parts[1].sum()
        }
    }

    @Test func concatOnEveryAxis() {
        let a = seededTensor([2, 3, 4], seed: 1)
        expectGradientsMatch([a, seededTensor([1, 3, 4], seed: 2)]) { _, x in Variable.concat([x[0], x[1]], axis: 0) }
        expectGradientsMatch([a, seededTensor([2, 2, 4], seed: 3)]) { _, x in Variable.concat([x[0], x[1], x[0]], axis: 1) }
        expectGradientsMatch([a, seededTensor([2, 3, 1], seed: 4)]) { _, x in Variable.concat([x[1], x[0]], axis: -1) }
        let tape = Tape<Double>()
        let c = Variable.concat([tape.constant(Tensor(shape: [2, 1], scalars: [1, 2])),
                                 tape.constant(Tensor(shape: [2, 2], scalars: [3, 4, 5, 6]))], axis: 1)
        #expect(c.value.scalars == [1, 3, 4, 2, 5, 6])
    }

    @Test func stackOnEveryAxis() {
        let (a, b) = (seededTensor([2, 3], seed: 1), seededTensor([2, 3], seed: 2))
        for axis in [0, 1, 2, -1] {
            expectGradientsMatch([a, b]) { _, x in Variable.stack([x[0], x[1], x[0]], axis: axis) }
        }
        let tape = Tape<Double>()
        let s = Variable.stack([tape.constant(Tensor(shape: [2], scalars: [1, 2])),
                                tape.constant(Tensor(shape: [2], scalars: [3, 4]))], axis: 1)
        #expect(s.shape == [2, 2] && s.value.scalars == [1, 3, 2, 4])
    }

    @Test func gatherRowsWithRepeatedIndices() {
        let table = seededTensor([5, 3], seed: 1)
        expectGradientsMatch([table]) { _, x in x[0].gatheringRows([4, 0, 4, 2, 4]) }
        let tape = Tape<Double>()
        let t = tape.variable(table)
        let rows = t.gatheringRows([1, 1, 3])
        #expect(rows.value.rowSlice(0..<1).scalars == table.rowSlice(1..<2).scalars)
        tape.backward(from: rows.sum())
        #expect(tape.gradient(of: t)!.scalars == [0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0])
    }

    @Test func reductions() {
        let a = seededTensor([2, 3, 4], seed: 3)
        expectGradientsMatch([a]) { _, x in x[0].sum() }
        expectGradientsMatch([a]) { _, x in x[0].mean() }
        expectGradientsMatch([a]) { _, x in x[0].sumLastAxis() }
        expectGradientsMatch([a]) { _, x in x[0].meanRows() }
        expectGradientsMatch([seededTensor([2, 3], seed: 4)]) { _, x in x[0].broadcastingLastAxis(4) }
        let tape = Tape<Double>()
        let m = tape.constant(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(m.sum().scalar == 21 && m.mean().scalar == 3.5)
        #expect(m.sumLastAxis().value.scalars == [6, 15])
        #expect(m.meanRows().value.scalars == [2.5, 3.5, 4.5])
        #expect(m.sumLastAxis().broadcastingLastAxis(2).value.scalars == [6, 6, 15, 15])
    }

    /// Sums and means along one axis, every axis of a rank-3 tensor: gradients, values and shapes.
    @Test func reductionsAlongAnAxis() {
        let a = seededTensor([2, 3, 4], seed: 5)
        for axis in [0, 1, 2, -1] {
            expectGradientsMatch([a]) { _, x in x[0].sum(axis: axis) }
            expectGradientsMatch([a]) { _, x in x[0].mean(axis: axis) }
        }
        let tape = Tape<Double>()
        let m = tape.constant(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(m.sum(axis: 0).value == Tensor(shape: [3], scalars: [5, 7, 9]))
        #expect(m.sum(axis: 1).value == Tensor(shape: [2], scalars: [6, 15]) && m.sum(axis: -1).value == m.sumLastAxis().value)
        #expect(m.mean(axis: 0).value == Tensor(shape: [3], scalars: [2.5, 3.5, 4.5]))
        // Over time of [B, T, H] = [1, 2, 2]: [1, 2].
        let y = tape.constant(Tensor(shape: [1, 2, 2], scalars: [1, 10, 3, 20]))
        #expect(y.mean(axis: 1).value == Tensor(shape: [1, 2], scalars: [2, 15]))
        // A vector sums to a rank-0 value.
        #expect(tape.constant(Tensor(shape: [3], scalars: [1, 2, 3])).sum(axis: 0).value == Tensor(6))
    }

    /// Swapped axes, every pair of a rank-4 tensor: gradients, and each element where the swap puts it.
    @Test func swappedAxes() {
        let a = seededTensor([2, 3, 4, 5], seed: 6)
        let strides = [60, 20, 5, 1]
        for (p, q) in [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (-1, 0), (2, 2)] {
            expectGradientsMatch([a]) { _, x in x[0].transposed(p, q) * x[0].transposed(p, q) }
            let t = a.transposed(p, q)
            let (i, j) = ((p + 4) % 4, (q + 4) % 4)
            var expectedShape = a.shape
            expectedShape.swapAt(i, j)
            #expect(t.shape == expectedShape, "\(p), \(q)")
            // The element at index (x0, x1, x2, x3) of a is at that index with x_i and x_j swapped in t.
            var mismatches = 0
            for e in 0..<a.count {
                var index = strides.map { e / $0 }.enumerated().map { k, v in v % a.shape[k] }
                index.swapAt(i, j)
                let position = zip(index, t.shape).reduce(0) { $0 * $1.1 + $1.0 }
                if t.scalars[position] != a.scalars[e] { mismatches += 1 }
            }
            #expect(mismatches == 0, "\(p), \(q)")
        }
        let m = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(m.transposed(0, 1) == m.transposed() && m.transposed(1, 0) == m.transposed())
        #expect(Tensor<Double>(zeros: [0, 3]).transposed(0, 1).shape == [3, 0])
    }
}
