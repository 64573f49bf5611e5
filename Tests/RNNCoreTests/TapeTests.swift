import Testing
import _TestSupport
@testable import RNNCore

@Suite struct TapeTests {
    /// A value that needs a gradient, used on a tape other than its own: its node id would name
    /// another node there, so its gradient would land on the wrong value.
    @Test func valueFromAnotherTapeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let first = Tape<Double>(), second = Tape<Double>()
            let a = first.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
            let b = second.variable(Tensor(shape: [3], scalars: [2, 2, 2]))
            first.backward(from: (a * b).sum())
        }
        #expect(trapMessage(result).contains("the inputs of an op that need gradients were recorded on two tapes"))
    }

    /// A constant of another tape may be the first operand, the tape an op is called on: the op goes
    /// on the tape of the input that needs a gradient (it used to go on the constant's inference tape,
    /// and the gradient was lost).
    @Test func constantOfAnotherTapeMayLead() {
        let inference = Tape<Double>(recording: false), training = Tape<Double>()
        let w = training.variable(Tensor(shape: [2], scalars: [3, 4]))
        let carried = inference.constant(Tensor(shape: [2], scalars: [2, -1]))
        let detached = Tape<Double>().variable(Tensor(shape: [2], scalars: [5, 5])).detached()
        let y = (carried * w + detached * w).sum() + matmul(carried.reshaped([1, 2]), w.reshaped([2, 1])).sum()
        #expect(y.tape === training && y.requiresGradient)
        training.backward(from: y)
        #expect(training.gradient(of: w)?.scalars == [2 + 5 + 2, -1 + 5 - 1])
    }

    /// A detached value of another tape is a constant, and carrying one is the way state crosses tapes.
    @Test func detachedValueFromAnotherTapeIsAConstant() {
        let first = Tape<Double>(), second = Tape<Double>()
        let a = first.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
        let b = second.variable(Tensor(shape: [3], scalars: [2, 2, 2])).detached()
        first.backward(from: (a * b).sum())
        #expect(first.gradient(of: a)?.scalars == [2, 2, 2])
    }

    /// A loss of more than one value needs its gradient given: a forgotten `.mean()` used to be
    /// differentiated as a sum without a word.
    @Test func backwardFromAVectorWithoutSeedTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape<Double>()
            let a = tape.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
            tape.backward(from: a * a)
        }
        #expect(trapMessage(result).contains("the loss has shape [3]; reduce it to one value (.sum() or .mean()) or pass its gradient as seed"))
    }

    /// Backward on an inference tape (`torch.no_grad()`'s counterpart) used to return without a word and leave
    /// every gradient at zero, so a training loop written on one trained nothing.
    @Test func backwardOnAnInferenceTapeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Double>(name: "w", value: Tensor(shape: [2], scalars: [1, 2]))
            let tape = Tape<Double>(recording: false)
            tape.backward(from: (tape.read(w) * tape.read(w)).sum())
        }
        #expect(trapMessage(result).contains("Tape.backward: this tape does not record (Tape(recording: false) is for inference)"))
    }

    /// With a seed of its shape, a vector's gradient is the seed times the local derivative.
    @Test func backwardFromAVectorWithSeed() {
        let tape = Tape<Double>()
        let a = tape.variable(Tensor(shape: [3], scalars: [1, 2, 3]))
        tape.backward(from: a * a, seed: Tensor(shape: [3], scalars: [1, 0, -1]))
        #expect(tape.gradient(of: a)?.scalars == [2, 0, -6])
    }

    @Test func matmulGradientMatchesHandComputation() {
        let tape = Tape<Double>()
        let a = tape.variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let b = tape.variable(Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1]))
        let c = matmul(a, b)
        #expect(c.value.scalars == [4, 5, 10, 11])
        tape.backward(from: c.sum())
        // d(sum AB)/dA = 1·Bᵀ: each row of dA is the row sums of B.
        #expect(tape.gradient(of: a)!.scalars == [1, 1, 2, 1, 1, 2])
        #expect(tape.gradient(of: b)!.scalars == [5, 5, 7, 7, 9, 9])
    }

    @Test func parameterReadIsMemoizedAndGradientsSum() {
        let p = Parameter<Double>(name: "w", value: Tensor(shape: [2], scalars: [3, 4]))
        let tape = Tape<Double>()
        let y = (tape.read(p) * tape.read(p)).sum() + tape.read(p).sum()
        tape.backward(from: y)
        #expect(tape.nodeCount > 0)
        #expect(p.grad.scalars == [7, 9])  // 2w + 1
    }

    @Test func inferenceTapeRecordsNothing() {
        let tape = Tape<Float>(recording: false)
        let p = Parameter<Float>(name: "w", value: Tensor(shape: [2], scalars: [1, 2]))
        let y = (tape.read(p) * Float(2)).tanh().sum()
        #expect(tape.nodeCount == 0)
        #expect(!y.requiresGradient)
    }

    /// One-row products take the matrix-vector path; check every transpose
    /// combination (and a one-row transposed left operand) against a naive product.
    @Test(arguments: [false, true], [false, true])
    func oneRowProductsMatchNaive(transposeA: Bool, transposeB: Bool) {
        let (k, n) = (3, 4)
        let a = Tensor<Double>(shape: transposeA ? [k, 1] : [1, k], scalars: [0.5, -1, 2])
        let bValues = (0..<(k * n)).map { Double($0) / 3 - 1 }
        let b = Tensor<Double>(shape: transposeB ? [n, k] : [k, n], scalars: bValues)
        let c = Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(c.shape == [1, n])
        for j in 0..<n {
            let expected = (0..<k).map { i in a.scalars[i] * (transposeB ? b[j, i] : b[i, j]) }.reduce(0, +)
            #expect(abs(c[0, j] - expected) < 1e-12)
        }
    }
}
