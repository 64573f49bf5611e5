import RNNCore
import Requirements

/// A model and its data seen as one long sequence of steps, for truncated BPTT.
///
/// The task knows its batch (B parallel streams of `length` steps); the
/// trainer asks it to run any range of steps from a given state and to score
/// any range of outputs. Step positions are absolute within the sequence.
/// The parameters trained are the optimizer's (``Trainer/optimizer``), as in
/// PyTorch, where `optimizer = Adam(model.parameters())` says which: the task
/// only runs the model, and a parameter left out of the optimizer is not trained
/// (nor is its gradient zeroed or clipped).
public protocol SequenceTask {
    /// The element type of the model's tensors and of its loss.
    associatedtype Scalar: TensorScalar
    /// The number of steps in the sequence.
    var length: Int { get }
    /// Runs the model over `steps` from `state` (zeros when nil).
    /// - Returns: per-step outputs [B, steps.count, F] and the state after the last step.
    func forward(steps: Range<Int>, state: [[Variable<Scalar>]]?, tape: Tape<Scalar>)
        -> (output: Variable<Scalar>, state: [[Variable<Scalar>]])
    /// The scalar loss of the outputs of `steps` ([B, steps.count, F]).
    func loss(_ output: Variable<Scalar>, steps: Range<Int>) -> Variable<Scalar>
    /// The samples whose stream starts anew at `step` (a new document, say): their state is set to zeros
    /// before that step runs, wherever it falls in a truncated-BPTT window (``TBPTT/record(_:task:carried:tape:)``
    /// asks for every step of a window, the k2 − k1 rerun ones included), and no gradient crosses it. None by default.
    func restarts(at step: Int) -> [Int]
}

extension SequenceTask {
    /// None: every stream runs unbroken through the whole sequence.
    public func restarts(at step: Int) -> [Int] { [] }
}

/// A recurrent state carried between tapes: the values only, detached.
/// One entry per layer and direction, each `[h]` or `[h, c]` of [B, H].
public typealias CarriedState<Scalar: TensorScalar> = [[Tensor<Scalar>]]

/// The state with the rows of `samples` set to zeros, as at the start of a stream.
/// - Parameters:
///   - state: one entry per layer and direction, each a list of [B, H] tensors.
///   - samples: sample indices in 0..<B.
public func resetting<Scalar>(_ state: CarriedState<Scalar>, samples: [Int]) -> CarriedState<Scalar> {
    guard !samples.isEmpty else { return state }
    return state.map { parts in
        parts.map { tensor in
            var t = tensor
            let (rows, width) = (t.rows, t.cols)
            t.withUnsafeMutableBufferPointer { p in
                for b in samples {
                    require(b >= 0 && b < rows, "resetting: sample \(b) out of 0..<\(rows)")
                    (p.baseAddress! + b * width).zeroScalars(count: width)
                }
            }
            return t
        }
    }
}
