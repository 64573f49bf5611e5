#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drives an optimizer's ``Optimizer/learningRate`` over training.
///
/// Call ``apply(to:)`` once before every `optimizer.step()` (or once per epoch,
/// for a schedule counted in epochs): it sets the rate for that step and moves
/// on, the order PyTorch's `scheduler.step()` after `optimizer.step()` gives.
/// (``Trainer`` in RNNKit does this for you.) Call ``observe(metric:optimizer:)``
/// with a validation metric for ``ReduceOnPlateau``; step-based schedules ignore it.
public protocol LearningRateSchedule: Sendable {
    /// Sets `optimizer.learningRate` for the coming step, then advances one step.
    mutating func apply<O: Optimizer>(to optimizer: O)
    /// Reports an evaluation metric (typically at the end of an epoch).
    mutating func observe<O: Optimizer>(metric: Double, optimizer: O)
    /// The state to save in a checkpoint, keyed `scheduler.<name>`.
    func exportState() -> [String: Double]
    /// Replaces the state with one from ``exportState()``; nothing changes when it throws.
    /// - Throws: ``OptimizerStateError`` naming a missing or invalid scalar.
    mutating func restoreState(_ state: [String: Double]) throws
}

/// A schedule whose rate is its base rate times a function of the step number.
///
/// As PyTorch's schedulers (`StepLR(optimizer, …)`), it is made for an optimizer and takes that optimizer's
/// learning rate as its base (PyTorch's `base_lrs`), so the rate is given once, to the optimizer. Make it before
/// restoring the optimizer's state (which sets a later rate); ``restoreState(_:)`` checks the base saved with the
/// step, when there is one, and throws when it differs. Apply it to the optimizer it was made for.
/// Its state is ``step``, the number of ``apply(to:)`` calls so far, and the base rate.
public protocol StepwiseSchedule: LearningRateSchedule {
    /// The number of steps applied so far: the next ``apply(to:)`` uses this step's rate.
    var step: Int { get set }
    /// The learning rate of the optimizer the schedule was made for, when it was made: the rate it scales.
    var baseRate: Double { get }
    /// The learning rate at step `step` (0 for the first optimizer step).
    func learningRate(atStep step: Int) -> Double
}

extension StepwiseSchedule {
    public mutating func apply<O: Optimizer>(to optimizer: O) {
        let rate = learningRate(atStep: step)
        // Optimizers check their rate when made; a schedule's (a negative gamma, say) is checked as it is set.
        precondition(rate >= 0 && rate.isFinite, "\(Self.self): learning rate \(rate) at step \(step); it must be a finite number ≥ 0")
        optimizer.learningRate = rate
        step += 1
    }

    public mutating func observe<O: Optimizer>(metric: Double, optimizer: O) {}

    /// `scheduler.step` and `scheduler.base_lr`.
    public func exportState() -> [String: Double] { [scheduleStepKey: Double(step), scheduleBaseRateKey: baseRate] }

    /// Restores `scheduler.step`; a `scheduler.base_lr` (states saved before it was kept have none) must be this
    /// schedule's ``baseRate``.
    public mutating func restoreState(_ state: [String: Double]) throws {
        let step = try OptimizerStateError.count(scheduleStepKey, in: state)
        if let saved = state[scheduleBaseRateKey], saved != baseRate {
            throw OptimizerStateError.invalidScalar(key: scheduleBaseRateKey, value: saved, expected: "\(baseRate), the base rate of "
                + "this schedule (the learning rate of its optimizer when it was made: make the schedule before restoring the optimizer's state)")
        }
        self.step = step
    }
}

/// Key of a schedule's step count in its exported state.
let scheduleStepKey = "scheduler.step"
/// Key of a stepwise schedule's base rate in its exported state.
let scheduleBaseRateKey = "scheduler.base_lr"

/// The optimizer's rate at every step, as a loop without a scheduler.
public struct ConstantRate: StepwiseSchedule {
    public var step = 0
    public let baseRate: Double

    /// The rate of `optimizer` throughout.
    public init<O: Optimizer>(for optimizer: O) { baseRate = optimizer.learningRate }

    public func learningRate(atStep step: Int) -> Double { baseRate }
}

/// `base · gamma^⌊step / stepSize⌋`, as `torch.optim.lr_scheduler.StepLR`.
public struct StepDecay: StepwiseSchedule {
    public var step = 0
    public let baseRate: Double
    /// Steps between two decays, > 0.
    public let stepSize: Int
    /// Multiplicative factor per decay.
    public let gamma: Double

    /// A step decay of the rate of `optimizer`, as `StepLR(optimizer, step_size, gamma)`; `stepSize` counts
    /// ``apply(to:)`` calls.
    /// - Parameters:
    ///   - optimizer: its learning rate is the rate at step 0.
    ///   - stepSize: > 0.
    ///   - gamma: default 0.1, as PyTorch.
    public init<O: Optimizer>(for optimizer: O, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepDecay: step size \(stepSize) must be > 0")
        self.baseRate = optimizer.learningRate
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func learningRate(atStep step: Int) -> Double {
        baseRate * Double.pow(gamma, Double(step / stepSize))
    }
}

/// `base · gamma^step`, as `torch.optim.lr_scheduler.ExponentialLR`.
public struct ExponentialDecay: StepwiseSchedule {
    public var step = 0
    public let baseRate: Double
    /// Multiplicative factor per step.
    public let gamma: Double

    /// An exponential decay of the rate of `optimizer`, as `ExponentialLR(optimizer, gamma)`.
    /// - Parameters:
    ///   - optimizer: its learning rate is the rate at step 0.
    ///   - gamma: the factor per step.
    public init<O: Optimizer>(for optimizer: O, gamma: Double) {
        self.baseRate = optimizer.learningRate
        self.gamma = gamma
    }

    public func learningRate(atStep step: Int) -> Double {
        baseRate * Double.pow(gamma, Double(step))
    }
}

/// Linear warmup then cosine annealing (Loshchilov & Hutter, "SGDR: Stochastic
/// Gradient Descent with Warm Restarts", ICLR 2017, without restarts; warmup as
/// in Goyal et al., "Accurate, Large Minibatch SGD", 2017).
///
/// With W warmup steps, N total steps and the optimizer's rate as the peak, the rate at step s is
///
///     peak · (s + 1) / W                                    s < W
///     min + (peak − min) · (1 + cos(π (s − W) / (N − W))) / 2    W ≤ s ≤ N
///     min                                                   s > N
///
/// the same sequence as PyTorch's `SequentialLR([LinearLR(start_factor: 1/W,
/// total_iters: W − 1), CosineAnnealingLR(T_max: N − W, eta_min: min)], milestones: [W])`.
/// W = 0 is plain `CosineAnnealingLR(T_max: N)` (clamped at `min` after N).
public struct WarmupCosine: StepwiseSchedule {
    public var step = 0
    /// The rate at the end of warmup (the peak).
    public let baseRate: Double
    /// Number of warmup steps W ≥ 0.
    public let warmupSteps: Int
    /// Step N > W at which the rate reaches ``minimum``.
    public let totalSteps: Int
    /// The final rate.
    public let minimum: Double

    /// A warmup-cosine schedule peaking at the rate of `optimizer`.
    /// - Parameters:
    ///   - optimizer: its learning rate is the rate after warmup.
    ///   - warmupSteps: W ≥ 0.
    ///   - totalSteps: N > W.
    ///   - minimum: the rate from step N on (default 0), as `eta_min`.
    public init<O: Optimizer>(for optimizer: O, warmupSteps: Int, totalSteps: Int, minimum: Double = 0) {
        precondition(warmupSteps >= 0 && totalSteps > warmupSteps,
                     "WarmupCosine: needs 0 ≤ warmup steps (\(warmupSteps)) < total steps (\(totalSteps))")
        self.baseRate = optimizer.learningRate
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    public func learningRate(atStep step: Int) -> Double {
        if step < warmupSteps { return baseRate * Double(step + 1) / Double(warmupSteps) }
        if step >= totalSteps { return minimum }
        let progress = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
        return minimum + (baseRate - minimum) * (1 + cos(Double.pi * progress)) / 2
    }
}
