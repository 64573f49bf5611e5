import Requirements

/// Inverted dropout (Srivastava et al., 2014): in training, zeroes each
/// element with probability p and scales the survivors by 1/(1-p), so
/// evaluation is the identity.
///
/// Shapes: any -> the same. Active only when the tape is in training mode
/// (``Tape/isTraining``); the mask is drawn from ``Tape/generator``, one
/// uniform draw per element, so a seeded tape gives a reproducible mask, and
/// tapes made with the same stream give the same one. A training tape without
/// a stream (`Tape()`) traps here: make each step's tape with
/// `Tape(generator: generator.split())`.
public struct Dropout<Scalar: TensorScalar>: Layer {
    /// p, the probability of dropping an element, in [0, 1].
    public let probability: Double

    /// - Parameter probability: p in [0, 1].
    public init(probability: Double) {
        require(probability >= 0 && probability <= 1, "Dropout: probability \(probability) outside [0, 1]")
        self.probability = probability
    }

    /// Empty: dropout has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }

    /// x -> x ⊙ mask, mask ∈ {0, 1/(1-p)}, in training; x otherwise.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let tape = x.tape
        guard tape.isTraining, probability > 0, x.value.count > 0 else { return x }
        let keep = 1 - probability
        guard keep > 0 else { return x * tape.constant(Tensor(zeros: x.shape)) }   // p = 1 drops all: no draw
        require(tape.generator != nil, "Dropout: this training tape has no random stream for the masks; make each step's tape "
                + "with Tape(generator: generator.split()) from one seeded generator (new masks at every step, the same run "
                + "from the same seed), or use Tape(training: false) to turn dropout off")
        var mask = Tensor<Scalar>(zeros: x.shape)
        mask.withUnsafeMutableBufferPointer {
            Scalar.dropoutMaskKernel($0.baseAddress!, $0.count, keep: keep, scale: Scalar(1 / keep), generator: &tape.generator!)
        }
        return x * tape.constant(mask)
    }
}
