import RNNCore
import Requirements

extension TBPTT {
    /// The result of one update's forward and backward pass.
    public struct Outcome<Scalar: TensorScalar> {
        /// The loss of the update's new steps.
        public var loss: Scalar
        /// The state at the update's split, for the next update; nil for zeros (a split at
        /// the window's start when the update started from zeros).
        public var carried: CarriedState<Scalar>?
    }

    /// Runs one update: the window's forward pass on a fresh tape starting from
    /// `carried` (as constants), the loss of its new steps, and backward, which
    /// adds the gradients into the parameters the task's model reads. It does not step an optimizer.
    /// - Parameters:
    ///   - update: from ``updates(length:)``.
    ///   - task: the model and data.
    ///   - carried: the state at the window's start, nil for zeros.
    ///   - generator: the random stream for this update's tape, needed when the model has dropout: split one
    ///     seeded generator per update (``Trainer`` does), as for any ``Tape``; nil for none.
    public func run<Task: SequenceTask>(_ update: Update, task: Task, carried: CarriedState<Task.Scalar>?,
                                        generator: SeededGenerator? = nil) -> Outcome<Task.Scalar> {
        let tape = Tape<Task.Scalar>(generator: generator)
        let (loss, next) = record(update, task: task, carried: carried, tape: tape)
        tape.backward(from: loss)
        return Outcome(loss: loss.value.scalar, carried: next)
    }

    /// Records one update's forward pass and loss on `tape` without running
    /// backward: the window in pieces, cut at ``Update/split`` (so the state there can be carried to the next
    /// update) and at every step where a stream restarts (``SequenceTask/restarts(at:)``, asked for each step of
    /// the window, the k2 − k1 rerun ones included): before such a step the restarting samples' state is set to
    /// zeros, and no gradient crosses it for them.
    /// - Returns: the loss of the new steps and the (detached) state at the split, before any restart there (the
    ///   next window starts at the split and restarts it itself); when the split is the window's start (k2 ≥ 2·k1
    ///   near the sequence start), that is `carried`.
    public func record<Task: SequenceTask>(_ update: Update, task: Task, carried: CarriedState<Task.Scalar>?,
                                           tape: Tape<Task.Scalar>) -> (loss: Variable<Task.Scalar>, carried: CarriedState<Task.Scalar>?) {
        let window = update.window
        let restarts = window.map { task.restarts(at: $0) }
        let cuts = Set([window.lowerBound, update.split, window.upperBound] + window.filter { !restarts[$0 - window.lowerBound].isEmpty })
            .sorted()
        var state = carried.map { resetting($0, samples: restarts.first ?? []).map { $0.map { tape.constant($0) } } }
        var outputs: [Variable<Task.Scalar>] = []
        var next = carried
        for (start, end) in zip(cuts, cuts.dropFirst()) where start < end {
            if start > window.lowerBound, let current = state, !restarts[start - window.lowerBound].isEmpty {
                state = Self.zeroing(current, samples: restarts[start - window.lowerBound], tape: tape)
            }
            let (y, s) = task.forward(steps: start..<end, state: state, tape: tape)
            require(y.shape.count == 3 && y.shape[1] == end - start,
                         "TBPTT: the task's forward(steps: \(start..<end)) returned output \(y.shape); it must be [B, \(end - start), F], "
                         + "one output per step")
            outputs.append(y)
            state = s
            if end == update.split { next = s.map { $0.map(\.value) } }
        }
        let all = outputs.count == 1 ? outputs[0] : Variable.concat(outputs, axis: 1)
        let offset = update.lossSteps.lowerBound - update.window.lowerBound
        let scored = offset == 0 && update.lossSteps.count == all.shape[1]
            ? all : all.sliced(axis: 1, offset..<(offset + update.lossSteps.count))
        return (task.loss(scored, steps: update.lossSteps), next)
    }

    /// The state on the tape with the rows of `samples` set to zeros: each [B, H] part times a constant mask, so
    /// those rows carry no gradient back.
    static func zeroing<Scalar>(_ state: [[Variable<Scalar>]], samples: [Int], tape: Tape<Scalar>) -> [[Variable<Scalar>]] {
        state.map { parts in
            parts.map { part in
                let ones = Tensor<Scalar>(repeating: 1, shape: part.shape)
                return part * tape.constant(resetting([[ones]], samples: samples)[0][0])
            }
        }
    }
}
