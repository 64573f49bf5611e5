import Testing
import RNNKit
import _TestSupport

/// `Tensor.padded(_:length:)`, PyTorch's `pad_sequence(batch_first=True)`: sequences of different lengths as one
/// zero-padded batch for a stack given their lengths.
@Suite struct PaddedBatchTests {
    @Test func sequencesArePaddedWithZerosAfterTheirEnds() {
        let a = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor<Float>(shape: [3, 2], scalars: [5, 6, 7, 8, 9, 10])
        let empty = Tensor<Float>(zeros: [0, 2])
        let batch = Tensor.padded([a, b, empty])
        #expect(batch.shape == [3, 3, 2])
        #expect(batch.scalars == [1, 2, 3, 4, 0, 0, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0, 0])
        #expect(Tensor.padded([a], length: 4).scalars == [1, 2, 3, 4, 0, 0, 0, 0])
        #expect(Tensor.padded([a, b], length: 4).scalars == [1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 0, 0])
        #expect(Tensor.padded([Tensor<Float>(shape: [2], scalars: [1, 2]), Tensor(shape: [1], scalars: [3])]).shape == [2, 2])
    }

    /// Each sample's final state over the padded batch with its length is the state after its own sequence alone.
    @Test func theStackReadsEachSequenceToItsOwnEnd() {
        var g = SeededGenerator(seed: 2)
        let gru = GRU<Float>(inputSize: 3, hiddenSize: 4, generator: &g)
        let sequences = [5, 2, 7].map { t in Tensor<Float>(shape: [t, 3], scalars: (0..<(3 * t)).map { _ in g.uniform(-1, 1) }) }
        let tape = Tape<Float>(recording: false)
        let batched = gru.finalStates(tape.constant(Tensor.padded(sequences)), lengths: sequences.map { $0.shape[0] })[0][0]
        for (b, sequence) in sequences.enumerated() {
            let alone = gru.finalStates(tape.constant(sequence.reshaped([1] + sequence.shape)))[0][0]
            let row = batched.value.sliced(axis: 0, b..<(b + 1))
            #expect(zip(row.scalars, alone.value.scalars).allSatisfy { abs($0 - $1) <= 1e-6 }, "sample \(b)")
        }
    }

    @Test func sequencesOfOtherFeatureSizesTrap() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.padded([Tensor<Float>(zeros: [2, 3]), Tensor<Float>(zeros: [4, 2])])
        }
        #expect(trapMessage(result).contains("Tensor.padded: sequence 1 is [4, 2], sequence 0 [2, 3]; each must be [T_b] + [3]"))
    }

    @Test func aLengthShorterThanASequenceTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.padded([Tensor<Float>(zeros: [5, 1])], length: 3)
        }
        #expect(trapMessage(result).contains("Tensor.padded: length 3 is shorter than the longest sequence, 5 steps"))
    }
}
