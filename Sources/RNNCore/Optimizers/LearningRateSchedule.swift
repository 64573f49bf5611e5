#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Requirements

/// Drives the learning rates of an optimizer's ``Optimizer/groups`` over training, each group's from its own
/// rate as PyTorch's schedulers do.
///
/// Call ``apply(to:)`` once before every `optimizer.step()` (or once per epoch,
/// for a schedule counted in epochs): it sets the rate for that step and moves
/// on, the order PyTorch's `scheduler.step()` after `optimizer.step()` gives.
/// (``Trainer`` in RNNKit does this for you.) Call ``observe(metric:optimizer:)``
/// with a validation metric for ``ReduceOnPlateau``; step-based schedules ignore it.
public protocol LearningRateSchedule: Sendable {
    /// Sets the learning rate of every group of `optimizer` for the coming step, then advances one step.
    mutating func apply<O: Optimizer>(to optimizer: O)
    /// Reports an evaluation metric (typically at the end of an epoch).
    mutating func observe<O: Optimizer>(metric: Double, optimizer: O)
    /// The state to save in a checkpoint, keyed `scheduler.<name>`.
    func exportState() -> [String: Double]
    /// Replaces the state with one from ``exportState()``; nothing changes when it throws.
    /// - Throws: ``OptimizerStateError`` naming a missing or invalid scalar.
    mutating func restoreState(_ state: [String: Double]) throws
}

/// A schedule whose rate is a function of the step number and a base rate, one base per parameter group.
///
/// As PyTorch's schedulers (`StepLR(optimizer, …)`), it is made for an optimizer and takes the learning rate of
/// each of its groups as that group's base (PyTorch's `base_lrs`), so the rates are given once, to the optimizer,
/// and each group's rate follows from its own base (`base_g · gamma^k` for a decay). Make it before restoring the
/// optimizer's state (which sets later rates); ``restoreState(_:)`` checks the bases saved with the step, when there
/// are some, and throws when they differ. Apply it to the optimizer it was made for.
/// Its state is ``step``, the number of ``apply(to:)`` calls so far, and the base rates.
public protocol StepwiseSchedule: LearningRateSchedule {
    /// The number of steps applied so far: the next ``apply(to:)`` uses this step's rates.
    var step: Int { get set }
    /// The learning rates of the groups of the optimizer the schedule was made for, when it was made, in group
    /// order: the rates it scales.
    var baseRates: [Double] { get }
    /// The learning rate at step `step` (0 for the first optimizer step) of a group whose base rate is `base`.
    func learningRate(atStep step: Int, base: Double) -> Double
}

extension StepwiseSchedule {
    /// Every group's learning rate at step `step`, in group order (PyTorch's `get_last_lr()` after `step` steps).
    public func learningRates(atStep step: Int) -> [Double] {
        baseRates.map { learningRate(atStep: step, base: $0) }
    }

    public mutating func apply<O: Optimizer>(to optimizer: O) {
        setRates(of: optimizer)
        step += 1
    }

    /// Sets every group's rate in `optimizer` to its rate at ``step``.
    func setRates<O: Optimizer>(of optimizer: O) {
        require(optimizer.groups.count == baseRates.count, "\(Self.self): made for an optimizer of \(baseRates.count) "
                     + "parameter groups, applied to one of \(optimizer.groups.count)")
        for (g, rate) in learningRates(atStep: step).enumerated() {
            // Optimizers check their rates when made; a schedule's (a negative gamma, say) is checked as it is set.
            require(rate >= 0 && rate.isFinite, "\(Self.self): learning rate \(rate) at step \(step)"
                         + (baseRates.count == 1 ? "" : " for group \(g)") + "; it must be a finite number ≥ 0")
            optimizer.groups[g].learningRate = rate
        }
    }

    public mutating func observe<O: Optimizer>(metric: Double, optimizer: O) {}

    /// `scheduler.step`, and `scheduler.base_lr` for one group or `scheduler.base_lr.<g>` for each group g of several.
    public func exportState() -> [String: Double] { stepwiseState() }

    /// ``exportState()``: the step and the base rates.
    func stepwiseState() -> [String: Double] {
        var state = [scheduleStepKey: Double(step)]
        for (key, base) in zip(PerGroupKeys.keys(scheduleBaseRateKey, count: baseRates.count), baseRates) { state[key] = base }
        return state
    }

    /// Restores `scheduler.step`; the saved base rates (states saved before they were kept have none) must be this
    /// schedule's ``baseRates``, as many and the same.
    public mutating func restoreState(_ state: [String: Double]) throws {
        try restoreStep(state, baseRates: "the base rate of this schedule (the learning rate of its optimizer when it was made: "
                        + "make the schedule before restoring the optimizer's state)")
    }

    /// ``restoreState(_:)``, `baseRates` saying what the base rates are in the message refusing another one.
    mutating func restoreStep(_ state: [String: Double], baseRates what: String) throws {
        let step = try OptimizerStateError.count(scheduleStepKey, in: state)
        if PerGroupKeys.savedCount(scheduleBaseRateKey, in: state) > 0 {
            let saved = try PerGroupKeys.values(scheduleBaseRateKey, count: baseRates.count, in: state, expected: "a number") { _ in true }
            let keys = PerGroupKeys.keys(scheduleBaseRateKey, count: baseRates.count)
            if let g = baseRates.indices.first(where: { saved[$0] != baseRates[$0] }) {
                throw OptimizerStateError.invalidScalar(key: keys[g], value: saved[g], expected: "\(baseRates[g]), \(what)")
            }
        }
        self.step = step
    }
}

/// Key of a schedule's step count in its exported state.
let scheduleStepKey = "scheduler.step"
/// Key of a stepwise schedule's base rate in its exported state (`scheduler.base_lr.<g>` for group g of several).
let scheduleBaseRateKey = "scheduler.base_lr"

/// The optimizer's rates at every step, as a loop without a scheduler.
public struct ConstantRate: StepwiseSchedule {
    public var step = 0
    public let baseRates: [Double]

    /// The rates of the groups of `optimizer` throughout.
    public init<O: Optimizer>(for optimizer: O) { baseRates = optimizer.groups.map(\.learningRate) }

    public func learningRate(atStep step: Int, base: Double) -> Double { base }
}

/// `base · gamma^⌊step / stepSize⌋` for each group's base, as `torch.optim.lr_scheduler.StepLR`.
public struct StepDecay: StepwiseSchedule {
    public var step = 0
    public let baseRates: [Double]
    /// Steps between two decays, > 0.
    public let stepSize: Int
    /// Multiplicative factor per decay.
    public let gamma: Double

    /// A step decay of the rates of `optimizer`, as `StepLR(optimizer, step_size, gamma)`; `stepSize` counts
    /// ``apply(to:)`` calls.
    /// - Parameters:
    ///   - optimizer: its groups' learning rates are their rates at step 0.
    ///   - stepSize: > 0.
    ///   - gamma: default 0.1, as PyTorch.
    public init<O: Optimizer>(for optimizer: O, stepSize: Int, gamma: Double = 0.1) {
        require(stepSize > 0, "StepDecay: step size \(stepSize) must be > 0")
        self.baseRates = optimizer.groups.map(\.learningRate)
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func learningRate(atStep step: Int, base: Double) -> Double {
        base * Double.pow(gamma, Double(step / stepSize))
    }
}

/// `base · gamma^step` for each group's base, as `torch.optim.lr_scheduler.ExponentialLR`.
public struct ExponentialDecay: StepwiseSchedule {
    public var step = 0
    public let baseRates: [Double]
    /// Multiplicative factor per step.
    public let gamma: Double

    /// An exponential decay of the rates of `optimizer`, as `ExponentialLR(optimizer, gamma)`.
    /// - Parameters:
    ///   - optimizer: its groups' learning rates are their rates at step 0.
    ///   - gamma: the factor per step.
    public init<O: Optimizer>(for optimizer: O, gamma: Double) {
        self.baseRates = optimizer.groups.map(\.learningRate)
        self.gamma = gamma
    }

    public func learningRate(atStep step: Int, base: Double) -> Double {
        base * Double.pow(gamma, Double(step))
    }
}

/// Linear warmup then cosine annealing (Loshchilov & Hutter, "SGDR: Stochastic
/// Gradient Descent with Warm Restarts", ICLR 2017, without restarts; warmup as
/// in Goyal et al., "Accurate, Large Minibatch SGD", 2017).
///
/// With W warmup steps, N total steps and a group's rate in the optimizer as its peak, the group's rate at step s is
///
///     peak · (s + 1) / W                                    s < W
///     min + (peak − min) · (1 + cos(π (s − W) / (N − W))) / 2    W ≤ s ≤ N
///     min                                                   s > N
///
/// the same sequence as PyTorch's `SequentialLR([LinearLR(start_factor: 1/W,
/// total_iters: W − 1), CosineAnnealingLR(T_max: N − W, eta_min: min)], milestones: [W])`.
/// W = 0 is plain `CosineAnnealingLR(T_max: N)` (clamped at `min` after N). `min` is one rate for every
/// group, as PyTorch's `eta_min`.
public struct WarmupCosine: StepwiseSchedule {
    public var step = 0
    /// The groups' rates at the end of warmup (their peaks).
    public let baseRates: [Double]
    /// Number of warmup steps W ≥ 0.
    public let warmupSteps: Int
    /// Step N > W at which the rate reaches ``minimum``.
    public let totalSteps: Int
    /// The final rate of every group.
    public let minimum: Double

    /// A warmup-cosine schedule of each group of `optimizer`, peaking at the group's rate.
    /// - Parameters:
    ///   - optimizer: its groups' learning rates are their rates after warmup.
    ///   - warmupSteps: W ≥ 0.
    ///   - totalSteps: N > W.
    ///   - minimum: the rate from step N on (default 0), as `eta_min`.
    public init<O: Optimizer>(for optimizer: O, warmupSteps: Int, totalSteps: Int, minimum: Double = 0) {
        require(warmupSteps >= 0 && totalSteps > warmupSteps,
                     "WarmupCosine: needs 0 ≤ warmup steps (\(warmupSteps)) < total steps (\(totalSteps))")
        self.baseRates = optimizer.groups.map(\.learningRate)
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    public func learningRate(atStep step: Int, base: Double) -> Double {
        if step < warmupSteps { return base * Double(step + 1) / Double(warmupSteps) }
        if step >= totalSteps { return minimum }
        let progress = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
        return minimum + (base - minimum) * (1 + cos(Double.pi * progress)) / 2
    }
}
