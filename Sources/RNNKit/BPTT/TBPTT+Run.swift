import RNNCore

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
    /// adds the gradients into the task's parameters. It does not step an optimizer.
    /// - Parameters:
    ///   - update: from ``updates(length:)``.
    ///   - task: the model and data.
    ///   - carried: the state at the window's start, nil for zeros.
    ///   - generator: the random stream for this tape (dropout).
    public func run<Task: SequenceTask>(_ update: Update, task: Task, carried: CarriedState<Task.Scalar>?,
                                        generator: SeededGenerator = SeededGenerator(seed: 0)) -> Outcome<Task.Scalar> {
        let tape = Tape<Task.Scalar>(generator: generator)
        let (loss, next) = record(update, task: task, carried: carried, tape: tape)
        tape.backward(from: loss)
        return Outcome(loss: loss.value.scalar, carried: next)
    }

    /// Records one update's forward pass and loss on `tape` without running
    /// backward: the window in two pieces (up to ``Update/split`` and after it),
    /// so the state at the split can be carried to the next update.
    /// - Returns: the loss of the new steps and the (detached) state at the split; when
    ///   the split is the window's start (k2 ≥ 2·k1 near the sequence start), that is `carried`.
    public func record<Task: SequenceTask>(_ update: Update, task: Task, carried: CarriedState<Task.Scalar>?,
                                           tape: Tape<Task.Scalar>) -> (loss: Variable<Task.Scalar>, carried: CarriedState<Task.Scalar>?) {
        var state = carried.map { $0.map { $0.map { tape.constant($0) } } }
        var outputs: [Variable<Task.Scalar>] = []
        var next = carried
        for piece in [update.window.lowerBound..<update.split, update.split..<update.window.upperBound] where !piece.isEmpty {
            let (y, s) = task.forward(steps: piece, state: state, tape: tape)
            outputs.append(y)
            state = s
            if piece.upperBound == update.split { next = s.map { $0.map(\.value) } }
        }
        let all = outputs.count == 1 ? outputs[0] : Variable.concat(outputs, axis: 1)
        let offset = update.lossSteps.lowerBound - update.window.lowerBound
        let scored = offset == 0 && update.lossSteps.count == all.shape[1]
            ? all : all.slice(axis: 1, offset..<(offset + update.lossSteps.count))
        return (task.loss(scored, steps: update.lossSteps), next)
    }
}
