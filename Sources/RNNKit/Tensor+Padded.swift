import RNNCore
import Requirements

extension Tensor {
    /// Sequences of different lengths as one zero-padded batch, PyTorch's `pad_sequence(sequences,
    /// batch_first=True)`, for a ``Recurrent`` stack given their lengths (`lengths: sequences.map { $0.shape[0] }`).
    ///
    /// Shapes: each sequence [T_b, ..] (its steps on axis 0: [T_b, I] for features); the batch [B, T, ..], T the
    /// longest T_b or `length`, zeros after each sequence's end.
    /// - Parameters:
    ///   - sequences: B ≥ 1 sequences of rank ≥ 1, all of one shape after axis 0.
    ///   - length: T, at least the longest T_b (PyTorch's `padding_side` is always right here); nil for the longest.
    public static func padded(_ sequences: [Tensor], length: Int? = nil) -> Tensor {
        require(!sequences.isEmpty, "Tensor.padded: no sequences; a batch needs at least one")
        let step = Array(sequences[0].shape.dropFirst())
        for (b, sequence) in sequences.enumerated() {
            require(sequence.rank >= 1 && Array(sequence.shape.dropFirst()) == step,
                         "Tensor.padded: sequence \(b) is \(sequence.shape), sequence 0 \(sequences[0].shape); each must be [T_b] + \(step)")
        }
        let longest = sequences.map { $0.shape[0] }.max()!
        let steps = length ?? longest
        require(steps >= longest, "Tensor.padded: length \(steps) is shorter than the longest sequence, \(longest) steps")
        let width = step.reduce(1, *)
        var batch = Tensor(zeros: [sequences.count, steps] + step)
        batch.withUnsafeMutableBufferPointer { out in
            for (b, sequence) in sequences.enumerated() where sequence.count > 0 {
                sequence.withUnsafeBufferPointer { (out.baseAddress! + b * steps * width).copyScalars(from: $0.baseAddress!, count: $0.count) }
            }
        }
        return batch
    }
}
