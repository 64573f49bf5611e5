/// Inverted dropout (Srivastava et al., 2014): in training, zeroes each
/// element with probability p and scales the survivors by 1/(1-p), so
/// evaluation is the identity.
///
/// Shapes: any -> the same. Active only when the tape is in training mode
/// (``Tape/isTraining``); the mask is drawn from ``Tape/generator``, one
/// uniform draw per element, so a seeded tape gives a reproducible mask, and
/// tapes made with the same stream (every `Tape()`: seed 0) give the same one.
public struct Dropout<Scalar: TensorScalar>: Layer {
    /// p, the probability of dropping an element, in [0, 1].
    public let probability: Double

    /// - Parameter probability: p in [0, 1].
    public init(probability: Double) {
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) outside [0, 1]")
        self.probability = probability
    }

    /// Empty: dropout has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }

    /// x -> x ⊙ mask, mask ∈ {0, 1/(1-p)}, in training; x otherwise.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let tape = x.tape
        guard tape.isTraining, probability > 0, x.value.count > 0 else { return x }
        let keep = 1 - probability
        let scale = keep > 0 ? Scalar(1 / keep) : 0
        var mask = Tensor<Scalar>(zeros: x.shape)
        mask.withUnsafeMutableBufferPointer {
            Scalar.dropoutMaskKernel($0.baseAddress!, $0.count, keep: keep, scale: scale, generator: &tape.generator)
        }
        return x * tape.constant(mask)
    }
}
