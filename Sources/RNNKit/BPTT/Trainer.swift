import RNNCore

/// The training helper: runs a ``SequenceTask`` under a ``TBPTT`` policy,
/// with gradient clipping and an optimizer, and reports every update.
///
/// Each update: zero the gradients, forward and backward over the window
/// (``TBPTT/run(_:task:carried:generator:)``), clip (by global norm and/or by
/// value), step the optimizer. The state is carried between updates of a pass
/// and starts from zeros at every pass; samples whose stream restarts at a step
/// (``SequenceTask/restarts(at:)``) go on from zeros there, wherever the step falls in a window. A non-finite loss or gradient norm
/// skips the optimizer step (the weights are untouched), resets the carried
/// state, and is reported.
public struct Trainer<Scalar: TensorScalar> {
    /// What one update did.
    public struct Report: Sendable {
        /// The loss of the update's new steps.
        public var loss: Double
        /// The global gradient norm before clipping.
        public var gradientNorm: Double
        /// True when the loss or gradient was not finite and the step was skipped.
        public var skipped: Bool
        /// The new steps this update trained on.
        public var steps: Range<Int>
    }

    /// The TBPTT(k1, k2) policy whose updates ``trainPass(_:onUpdate:)`` runs.
    public var policy: TBPTT
    /// The optimizer over the task's parameters: zeroed and (guardedly) stepped once per update.
    public let optimizer: any Optimizer<Scalar>
    /// Clip the global gradient norm at this value (PyTorch's `clip_grad_norm_`), or nil.
    public var clipNorm: Double?
    /// Clamp every gradient element to ±this value, or nil.
    public var clipValue: Double?
    /// The random stream; each update's tape gets a split of it (dropout masks).
    public var generator: SeededGenerator
    /// The state carried to the next update (nil: zeros).
    public var carried: CarriedState<Scalar>?

    /// A trainer with no carried state (the first update starts from zeros).
    /// - Precondition: `clipNorm` and `clipValue`, when given, are > 0 (checked here rather than at the first update).
    public init(policy: TBPTT, optimizer: any Optimizer<Scalar>, clipNorm: Double? = nil, clipValue: Double? = nil,
                generator: SeededGenerator = SeededGenerator(seed: 0)) {
        precondition(clipNorm.map { $0 > 0 } ?? true, "Trainer: clipNorm \(clipNorm!) must be > 0 (nil for no clipping)")
        precondition(clipValue.map { $0 > 0 } ?? true, "Trainer: clipValue \(clipValue!) must be > 0 (nil for no clipping)")
        self.policy = policy
        self.optimizer = optimizer
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.generator = generator
    }

    /// Runs one update of the policy on `task`, from ``carried``.
    public mutating func train<Task: SequenceTask>(_ update: TBPTT.Update, task: Task) -> Report where Task.Scalar == Scalar {
        optimizer.zeroGrad()
        let outcome = policy.run(update, task: task, carried: carried, generator: generator.split())
        let loss = Double(outcome.loss)
        let (norm, applied) = optimizer.guardedStep(loss: loss, clipNorm: clipNorm, clipValue: clipValue)
        carried = applied ? outcome.carried : nil  // a skipped update restarts from zeros: its state may be poisoned too
        return Report(loss: loss, gradientNorm: norm, skipped: !applied, steps: update.lossSteps)
    }

    /// One pass over the whole sequence of `task`, from a zero state.
    /// - Parameter onUpdate: called after every update with its report.
    /// - Returns: every update's report, in order.
    @discardableResult
    public mutating func trainPass<Task: SequenceTask>(_ task: Task, onUpdate: (Report) -> Void = { _ in }) -> [Report]
    where Task.Scalar == Scalar {
        carried = nil
        var reports: [Report] = []
        for update in policy.updates(length: task.length) {
            let report = train(update, task: task)
            reports.append(report)
            onUpdate(report)
        }
        return reports
    }
}
