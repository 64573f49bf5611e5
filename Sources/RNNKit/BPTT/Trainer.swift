import RNNCore
import Requirements

/// The training helper: runs a ``SequenceTask`` under a ``TBPTT`` policy,
/// with gradient clipping and an optimizer, and reports every update.
///
/// Each update: zero the gradients, forward and backward over the window
/// (``TBPTT/run(_:task:carried:generator:)``), set the rate from the schedule
/// if there is one, clip (by global norm and/or by value), step the optimizer.
/// The state is carried between updates of a pass
/// and starts from zeros at every pass; samples whose stream restarts at a step
/// (``SequenceTask/restarts(at:)``) go on from zeros there, wherever the step falls in a window. A non-finite loss or gradient norm
/// skips the optimizer step (the weights are untouched), resets the carried
/// state, and is reported.
///
/// A schedule runs as in PyTorch's loop, `optimizer.step(); scheduler.step()` once per update: the first update
/// steps at the schedule's rate for step 0, the next at step 1's, and so on (``LearningRateSchedule/apply(to:)``
/// sets a step's rate before it). To stop and resume, save ``optimizer``'s and ``schedule``'s state
/// (`optimizer.exportState()`, `schedule?.exportState()`), ``generator`` and ``carried``, and restore them
/// into a trainer built as before.
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
        /// The learning rate of the update's optimizer step (the schedule's for this update, when there is one): its
        /// first group's, as PyTorch's `scheduler.get_last_lr()[0]`; the other groups' are in `optimizer.groups`.
        public var learningRate: Double
    }

    /// The TBPTT(k1, k2) policy whose updates ``trainPass(_:onUpdate:)`` runs.
    public var policy: TBPTT
    /// The optimizer over the parameters to train (the task's model's): zeroed, clipped and (guardedly) stepped once per update.
    public let optimizer: any Optimizer<Scalar>
    /// The learning-rate schedule of ``optimizer``, applied once per update (a skipped one too: it counts updates), or
    /// nil to keep the optimizer's rate. Its state is saved and restored apart, as the optimizer's is.
    public var schedule: (any LearningRateSchedule)?
    /// Clip the global gradient norm at this value (PyTorch's `clip_grad_norm_`), or nil.
    public var clipNorm: Double?
    /// Clamp every gradient element to ±this value, or nil.
    public var clipValue: Double?
    /// The random stream; each update's tape gets a split of it (dropout masks).
    public var generator: SeededGenerator
    /// The state carried to the next update (nil: zeros).
    public var carried: CarriedState<Scalar>?

    /// A trainer with no carried state (the first update starts from zeros).
    /// - Parameters:
    ///   - policy: the TBPTT(k1, k2) policy.
    ///   - optimizer: over the parameters to train.
    ///   - schedule: the rate of each update's step (PyTorch's `scheduler`), or nil for the optimizer's rate throughout.
    ///   - clipNorm: the global gradient norm's limit, or nil.
    ///   - clipValue: every gradient element's limit, or nil.
    ///   - generator: the random stream of the tapes (dropout).
    /// - Precondition: `clipNorm` and `clipValue`, when given, are > 0 (checked here rather than at the first update).
    public init(policy: TBPTT, optimizer: any Optimizer<Scalar>, schedule: (any LearningRateSchedule)? = nil,
                clipNorm: Double? = nil, clipValue: Double? = nil, generator: SeededGenerator = SeededGenerator(seed: 0)) {
        require(clipNorm.map { $0 > 0 } ?? true, "Trainer: clipNorm \(clipNorm!) must be > 0 (nil for no clipping)")
        require(clipValue.map { $0 > 0 } ?? true, "Trainer: clipValue \(clipValue!) must be > 0 (nil for no clipping)")
        self.policy = policy
        self.optimizer = optimizer
        self.schedule = schedule
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.generator = generator
    }

    /// Runs one update of the policy on `task`, from ``carried``.
    public mutating func train<Task: SequenceTask>(_ update: TBPTT.Update, task: Task) -> Report where Task.Scalar == Scalar {
        optimizer.zeroGrad()
        let outcome = policy.run(update, task: task, carried: carried, generator: generator.split())
        let loss = Double(outcome.loss)
        schedule?.apply(to: optimizer)
        let (norm, applied) = optimizer.guardedStep(loss: loss, clipNorm: clipNorm, clipValue: clipValue)
        carried = applied ? outcome.carried : nil  // a skipped update restarts from zeros: its state may be poisoned too
        return Report(loss: loss, gradientNorm: norm, skipped: !applied, steps: update.lossSteps,
                      learningRate: optimizer.groups[0].learningRate)
    }

    /// Reports a validation metric to the schedule, as PyTorch's `scheduler.step(val_loss)`: ``ReduceOnPlateau``
    /// may cut the rate on it, step-based schedules ignore it. Nothing happens without a schedule.
    public mutating func observe(metric: Double) {
        schedule?.observe(metric: metric, optimizer: optimizer)
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
