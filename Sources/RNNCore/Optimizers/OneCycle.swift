#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 1cycle policy (Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning
/// Rates", 2019), as `torch.optim.lr_scheduler.OneCycleLR`: each group's rate climbs from
/// `initial = peak / divFactor` to its peak, then anneals to `minimum = initial / finalDivFactor` at the last step,
/// while its momentum (SGD's and RMSprop's `momentum`, Adam's and AdamW's `beta1`) moves the other way.
///
/// With N total steps and p = ``pctStart``, the phases end at these steps (not necessarily whole numbers):
///
///     two phases (default):  p·N − 1: initial → peak    N − 1: peak → minimum
///     three phases:          p·N − 1: initial → peak    2p·N − 2: peak → initial    N − 1: initial → minimum
///
/// At step s the rate is that of the first phase ending at or after s (the last phase for s past every end): from
/// rate r0 to r1 between the end a of the phase before (0 for the first phase) and its own end b, with t = (s − a) / (b − a),
///
///     cosine: r1 + (r0 − r1) / 2 · (cos(π t) + 1)        linear: (r1 − r0) · t + r0
///
/// The momentum moves the same way between ``maxMomentum`` (M) and ``baseMomentum`` (m), phase by phase:
///
///     two phases:    M → m    m → M
///     three phases:  M → m    m → M    M → M
///
/// Steps from N on keep the rate of step N − 1, the minimum (PyTorch extrapolates one step past the cycle, then raises).
///
/// Unlike the other stepwise schedules it does not start from the optimizer's rates: each group's ``baseRates`` entry
/// is its peak, PyTorch's `max_lr`, by default the group's rate in the optimizer (`max_lr` the list of the groups'
/// rates), or one `maxRate:` for every group (a single `max_lr`). The saved state holds these peaks as
/// `scheduler.base_lr`, and a restore checks them as other schedules check their bases.
///
/// Momentum (``cycleMomentum``, PyTorch's default `cycle_momentum=True`): as PyTorch's, making the schedule sets every
/// group's momentum or β1 to ``maxMomentum`` (an SGD or RMSprop made with momentum 0 then has momentum, as in PyTorch),
/// and each ``apply(to:)`` sets it with the rate. An optimizer with neither (Adagrad) takes the schedule only with
/// `cycleMomentum: false`, as PyTorch refuses it otherwise; then the momentum is left as it is. The saved state holds the
/// momentum bounds (`scheduler.base_momentum`, `scheduler.max_momentum`) when it cycles; a state without them (saved
/// without cycling, or before schedules cycled momentum) turns the cycling off when restored, so the run goes on as
/// it was made.
public struct OneCycle: StepwiseSchedule {
    /// How the rate moves within a phase, PyTorch's `anneal_strategy`.
    public enum Annealing: String, Sendable {
        /// Half a cosine, flat at both ends (`"cos"`, the default).
        case cosine = "cos"
        /// A straight line (`"linear"`).
        case linear
    }

    public var step = 0
    /// Each group's peak rate, PyTorch's `max_lr`, in group order.
    public let baseRates: [Double]
    /// N > 0: the steps of the cycle.
    public let totalSteps: Int
    /// The fraction of the cycle spent climbing to the peak, in [0, 1].
    public let pctStart: Double
    public let annealing: Annealing
    /// The peak over the starting rate, > 0.
    public let divFactor: Double
    /// The starting rate over the final one, > 0.
    public let finalDivFactor: Double
    /// Whether the rate comes back down to the starting rate symmetrically before annealing to the minimum (the
    /// paper's schedule), rather than annealing from the peak straight to the minimum (fastai's, PyTorch's default).
    public let threePhase: Bool
    /// Whether each step sets the groups' momentum (or β1) too, PyTorch's `cycle_momentum`; a restored state without
    /// momentum bounds turns it off.
    public private(set) var cycleMomentum: Bool
    /// The momentum at the peak rate, PyTorch's `base_momentum`.
    public let baseMomentum: Double
    /// The momentum at the starting and final rates, PyTorch's `max_momentum`.
    public let maxMomentum: Double
    /// Whether the optimizer's momentum is its groups' `beta1` (Adam, AdamW) rather than `momentum`.
    private let momentumIsBeta1: Bool
    /// Whether the peaks were given as `maxRate`, for messages.
    private let maxRateGiven: Bool

    /// A 1cycle schedule of the groups of `optimizer`, as `OneCycleLR(optimizer, max_lr, total_steps, pct_start,
    /// anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase)`, with
    /// PyTorch's defaults. With `cycleMomentum` it sets every group's momentum or β1 to `maxMomentum` at once.
    /// - Parameters:
    ///   - optimizer: the schedule sets the rates of its groups (and their momentum or β1).
    ///   - maxRate: every group's peak, a finite number ≥ 0; nil (the default) for each group's rate in `optimizer`.
    ///   - totalSteps: N > 0, counting ``apply(to:)`` calls.
    ///   - pctStart: in [0, 1] (default 0.3), with p·N ≠ 1 (the first phase would end at step 0, where PyTorch
    ///     divides by zero).
    ///   - annealing: default `.cosine`.
    ///   - divFactor: > 0 (default 25).
    ///   - finalDivFactor: > 0 (default 1e4).
    ///   - threePhase: default false.
    ///   - cycleMomentum: default true, as PyTorch; needs an optimizer with a momentum or β1 (not Adagrad).
    ///   - baseMomentum: the momentum at the peak, finite and ≥ 0 (default 0.85), < 1 for β1.
    ///   - maxMomentum: the momentum at the ends, finite and ≥ 0 (default 0.95), < 1 for β1.
    public init<O: Optimizer>(for optimizer: O, maxRate: Double? = nil, totalSteps: Int, pctStart: Double = 0.3,
                              annealing: Annealing = .cosine, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                              threePhase: Bool = false, cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                              maxMomentum: Double = 0.95) {
        precondition(totalSteps > 0, "OneCycle: total steps \(totalSteps) must be > 0")
        precondition(pctStart >= 0 && pctStart <= 1, "OneCycle: pctStart \(pctStart) not in [0, 1]")
        precondition(pctStart * Double(totalSteps) != 1, "OneCycle: pctStart \(pctStart) × total steps \(totalSteps) is 1, "
                     + "so the climb would end at step 0, where it starts; give another pctStart")
        precondition(divFactor > 0 && divFactor.isFinite && finalDivFactor > 0 && finalDivFactor.isFinite,
                     "OneCycle: divFactor \(divFactor) and finalDivFactor \(finalDivFactor) must be finite numbers > 0")
        if let maxRate { precondition(maxRate >= 0 && maxRate.isFinite, "OneCycle: maxRate \(maxRate) must be a finite number ≥ 0") }
        self.baseRates = optimizer.groups.map { maxRate ?? $0.learningRate }
        self.totalSteps = totalSteps
        self.pctStart = pctStart
        self.annealing = annealing
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
        self.cycleMomentum = cycleMomentum
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
        self.momentumIsBeta1 = optimizer.groups[0].beta1 != nil
        self.maxRateGiven = maxRate != nil
        if cycleMomentum {
            precondition(Self.canCycleMomentum(optimizer), "OneCycle: \(optimizerName(optimizer)) has no momentum or β1 to cycle; "
                         + "give cycleMomentum: false")
            let upper = momentumIsBeta1 ? 1.0 : .infinity
            precondition([baseMomentum, maxMomentum].allSatisfy { $0 >= 0 && $0 < upper }, "OneCycle: baseMomentum \(baseMomentum) "
                         + "and maxMomentum \(maxMomentum) must be " + (momentumIsBeta1 ? "in [0, 1) for β1" : "finite numbers ≥ 0"))
            setMomentum(maxMomentum, of: optimizer)
        }
    }

    /// Whether `optimizer` has a momentum or β1 for ``cycleMomentum`` to move (PyTorch's `"momentum"` or `"betas"` in
    /// `optimizer.defaults`): SGD, RMSprop, Adam and AdamW do, even at momentum 0; Adagrad does not.
    public static func canCycleMomentum<O: Optimizer>(_ optimizer: O) -> Bool {
        optimizer.groups[0].momentum != nil || optimizer.groups[0].beta1 != nil
    }

    /// Sets the momentum (or β1) of every group of `optimizer` to `value`.
    private func setMomentum<O: Optimizer>(_ value: Double, of optimizer: O) {
        for g in optimizer.groups.indices {
            if momentumIsBeta1 { optimizer.groups[g].beta1 = value } else { optimizer.groups[g].momentum = value }
        }
    }

    /// Sets the rates (and, cycling, the momentum) of `optimizer` for the coming step, then advances one step.
    public mutating func apply<O: Optimizer>(to optimizer: O) {
        setRates(of: optimizer)
        if cycleMomentum { setMomentum(momentum(atStep: step), of: optimizer) }
        step += 1
    }

    /// The rate at step `step` of a group whose peak is `base`.
    public func learningRate(atStep step: Int, base peak: Double) -> Double {
        let initial = peak / divFactor, minimum = initial / finalDivFactor
        return value(atStep: step, threePhase ? [(initial, peak), (peak, initial), (initial, minimum)] : [(initial, peak), (peak, minimum)])
    }

    /// The momentum (or β1) of every group at step `step`, when the schedule cycles it.
    public func momentum(atStep step: Int) -> Double {
        let (low, high) = (baseMomentum, maxMomentum)
        return value(atStep: step, threePhase ? [(high, low), (low, high), (high, high)] : [(high, low), (low, high)])
    }

    /// The value at step `step` of a quantity that moves from `ends[k].from` to `ends[k].to` in phase k.
    private func value(atStep step: Int, _ ends: [(from: Double, to: Double)]) -> Double {
        let n = Double(totalSteps), s = Double(min(step, totalSteps - 1))
        let phaseEnds = threePhase ? [pctStart * n - 1, 2 * pctStart * n - 2, n - 1] : [pctStart * n - 1, n - 1]
        var start = 0.0
        for (end, phase) in zip(phaseEnds, ends).dropLast() {
            if s <= end { return anneal(phase.from, phase.to, (s - start) / (end - start)) }
            start = end
        }
        return anneal(ends[ends.count - 1].from, ends[ends.count - 1].to, (s - start) / (phaseEnds[phaseEnds.count - 1] - start))
    }

    /// `scheduler.step` and the peaks (`scheduler.base_lr`), and with ``cycleMomentum`` the momentum bounds.
    public func exportState() -> [String: Double] {
        var state = stepwiseState()
        if cycleMomentum {
            state[Self.baseMomentumKey] = baseMomentum
            state[Self.maxMomentumKey] = maxMomentum
        }
        return state
    }

    /// Restores `scheduler.step`; the saved peaks must be this schedule's, and the saved momentum bounds too when there
    /// are some. A state without them (saved without cycling, or before schedules cycled momentum) turns
    /// ``cycleMomentum`` off, so a run resumes as it was made.
    /// - Throws: ``OptimizerStateError`` for another peak, other momentum bounds, or bounds this schedule cannot cycle.
    public mutating func restoreState(_ state: [String: Double]) throws {
        let saved = try [Self.baseMomentumKey, Self.maxMomentumKey].compactMap { key in
            try state[key].map { _ in try OptimizerStateError.value(key, in: state, expected: "a number") { !$0.isNaN } }
        }
        if saved.count == 1 {
            throw OptimizerStateError.missingScalar(key: state[Self.baseMomentumKey] == nil ? Self.baseMomentumKey : Self.maxMomentumKey)
        }
        if saved.count == 2 {
            let ours = [baseMomentum, maxMomentum], keys = [Self.baseMomentumKey, Self.maxMomentumKey]
            if let k = (0..<2).first(where: { saved[$0] != ours[$0] }) {
                throw OptimizerStateError.invalidScalar(key: keys[k], value: saved[k], expected: "\(ours[k]), as this schedule cycles the momentum")
            }
            guard cycleMomentum else {
                throw OptimizerStateError.invalidScalar(key: keys[0], value: saved[0],
                                                        expected: "none: this schedule was made with cycleMomentum false")
            }
        }
        try restoreStep(state, baseRates: maxRateGiven ? "the peak of this schedule (its maxRate)"
                        : "the peak of this schedule (the learning rate of its optimizer when it was made: make the schedule "
                        + "before restoring the optimizer's state)")
        cycleMomentum = saved.count == 2
    }

    /// Key of the momentum at the peak in the saved state.
    static let baseMomentumKey = "scheduler.base_momentum"
    /// Key of the momentum at the ends in the saved state.
    static let maxMomentumKey = "scheduler.max_momentum"

    /// From `from` at t = 0 to `to` at t = 1.
    private func anneal(_ from: Double, _ to: Double, _ t: Double) -> Double {
        switch annealing {
        case .cosine: to + (from - to) / 2 * (cos(Double.pi * t) + 1)
        case .linear: (to - from) * t + from
        }
    }
}
