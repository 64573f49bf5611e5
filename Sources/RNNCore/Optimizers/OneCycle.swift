#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Requirements

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
/// Each group's momentum moves the same way between its ``maxMomenta`` entry (M) and its ``baseMomenta`` entry (m),
/// phase by phase:
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
/// Momentum (``cycleMomentum``, PyTorch's default `cycle_momentum=True`): as PyTorch's, making the schedule sets each
/// group's momentum or β1 to its ``maxMomenta`` entry (an SGD or RMSprop made with momentum 0 then has momentum, as in
/// PyTorch), and each ``apply(to:)`` sets it with the rate. The bounds are one pair for every group (`baseMomentum:`,
/// `maxMomentum:`, PyTorch's `base_momentum` and `max_momentum` as numbers) or one per group (`baseMomenta:`,
/// `maxMomenta:`, as lists). An optimizer with neither momentum nor β1 (Adagrad) takes the schedule only with
/// `cycleMomentum: false`, as PyTorch refuses it otherwise; then the momentum is left as it is. The saved state holds
/// the momentum bounds when it cycles, `scheduler.base_momentum` and `scheduler.max_momentum` when every group has the
/// same, else one per group (`scheduler.base_momentum.1`); a state without them (saved without cycling, or before
/// schedules cycled momentum) turns the cycling off when restored, so the run goes on as it was made.
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
    /// Each group's momentum at its peak rate, PyTorch's `base_momentum`, in group order.
    public let baseMomenta: [Double]
    /// Each group's momentum at its starting and final rates, PyTorch's `max_momentum`, in group order.
    public let maxMomenta: [Double]
    /// Whether the optimizer's momentum is its groups' `beta1` (Adam, AdamW) rather than `momentum`.
    private let momentumIsBeta1: Bool
    /// Whether the peaks were given as `maxRate`, for messages.
    private let maxRateGiven: Bool

    /// A 1cycle schedule of the groups of `optimizer`, as `OneCycleLR(optimizer, max_lr, total_steps, pct_start,
    /// anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase)`, with
    /// PyTorch's defaults and one pair of momentum bounds for every group. With `cycleMomentum` it sets every group's
    /// momentum or β1 to `maxMomentum` at once.
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
    ///   - baseMomentum: every group's momentum at the peak, finite and ≥ 0 (default 0.85), < 1 for β1.
    ///   - maxMomentum: every group's momentum at the ends, finite and ≥ 0 (default 0.95), < 1 for β1.
    public init<O: Optimizer>(for optimizer: O, maxRate: Double? = nil, totalSteps: Int, pctStart: Double = 0.3,
                              annealing: Annealing = .cosine, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                              threePhase: Bool = false, cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                              maxMomentum: Double = 0.95) {
        let count = optimizer.groups.count
        self.init(optimizer, maxRate, totalSteps, pctStart, annealing, divFactor, finalDivFactor, threePhase, cycleMomentum,
                  Array(repeating: baseMomentum, count: count), Array(repeating: maxMomentum, count: count))
    }

    /// A 1cycle schedule that cycles each group's momentum or β1 between bounds of its own, as `OneCycleLR(optimizer,
    /// …, base_momentum=[…], max_momentum=[…])`; the other settings as in
    /// ``init(for:maxRate:totalSteps:pctStart:annealing:divFactor:finalDivFactor:threePhase:cycleMomentum:baseMomentum:maxMomentum:)``.
    /// It sets each group's momentum or β1 to its `maxMomenta` entry at once.
    /// - Parameters:
    ///   - baseMomenta: each group's momentum at its peak, in group order, as many as the groups of `optimizer`; each
    ///     finite and ≥ 0, < 1 for β1.
    ///   - maxMomenta: each group's momentum at the ends, as `baseMomenta`.
    public init<O: Optimizer>(for optimizer: O, maxRate: Double? = nil, totalSteps: Int, pctStart: Double = 0.3,
                              annealing: Annealing = .cosine, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                              threePhase: Bool = false, baseMomenta: [Double], maxMomenta: [Double]) {
        for (name, bounds) in [("baseMomenta", baseMomenta), ("maxMomenta", maxMomenta)] {
            require(bounds.count == optimizer.groups.count, "OneCycle: \(bounds.count) \(name) for an optimizer of "
                         + "\(optimizer.groups.count) parameter groups; give one per group, or one baseMomentum and maxMomentum for all")
        }
        self.init(optimizer, maxRate, totalSteps, pctStart, annealing, divFactor, finalDivFactor, threePhase, true,
                  baseMomenta, maxMomenta)
    }

    /// The schedule of the public initializers, the momentum bounds given per group.
    private init<O: Optimizer>(_ optimizer: O, _ maxRate: Double?, _ totalSteps: Int, _ pctStart: Double, _ annealing: Annealing,
                               _ divFactor: Double, _ finalDivFactor: Double, _ threePhase: Bool, _ cycleMomentum: Bool,
                               _ baseMomenta: [Double], _ maxMomenta: [Double]) {
        require(totalSteps > 0, "OneCycle: total steps \(totalSteps) must be > 0")
        require(pctStart >= 0 && pctStart <= 1, "OneCycle: pctStart \(pctStart) not in [0, 1]")
        require(pctStart * Double(totalSteps) != 1, "OneCycle: pctStart \(pctStart) × total steps \(totalSteps) is 1, "
                     + "so the climb would end at step 0, where it starts; give another pctStart")
        require(divFactor > 0 && divFactor.isFinite && finalDivFactor > 0 && finalDivFactor.isFinite,
                     "OneCycle: divFactor \(divFactor) and finalDivFactor \(finalDivFactor) must be finite numbers > 0")
        if let maxRate { require(maxRate >= 0 && maxRate.isFinite, "OneCycle: maxRate \(maxRate) must be a finite number ≥ 0") }
        self.baseRates = optimizer.groups.map { maxRate ?? $0.learningRate }
        self.totalSteps = totalSteps
        self.pctStart = pctStart
        self.annealing = annealing
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
        self.cycleMomentum = cycleMomentum
        self.baseMomenta = baseMomenta
        self.maxMomenta = maxMomenta
        self.momentumIsBeta1 = optimizer.groups[0].beta1 != nil
        self.maxRateGiven = maxRate != nil
        if cycleMomentum {
            require(Self.canCycleMomentum(optimizer), "OneCycle: \(optimizerName(optimizer)) has no momentum or β1 to cycle; "
                         + "give cycleMomentum: false")
            let upper = momentumIsBeta1 ? 1.0 : .infinity
            for (g, (base, max)) in zip(baseMomenta, maxMomenta).enumerated() {
                require([base, max].allSatisfy { $0 >= 0 && $0 < upper }, "OneCycle: baseMomentum \(base) and maxMomentum \(max)"
                             + (baseMomenta.count == 1 ? "" : " of group \(g)") + " must be "
                             + (momentumIsBeta1 ? "in [0, 1) for β1" : "finite numbers ≥ 0"))
            }
            setMomenta(maxMomenta, of: optimizer)
        }
    }

    /// Whether `optimizer` has a momentum or β1 for ``cycleMomentum`` to move (PyTorch's `"momentum"` or `"betas"` in
    /// `optimizer.defaults`): SGD, RMSprop, Adam and AdamW do, even at momentum 0; Adagrad does not.
    public static func canCycleMomentum<O: Optimizer>(_ optimizer: O) -> Bool {
        optimizer.groups[0].momentum != nil || optimizer.groups[0].beta1 != nil
    }

    /// Sets the momentum (or β1) of each group of `optimizer` to its entry of `values`.
    private func setMomenta<O: Optimizer>(_ values: [Double], of optimizer: O) {
        for (g, value) in values.enumerated() {
            if momentumIsBeta1 { optimizer.groups[g].beta1 = value } else { optimizer.groups[g].momentum = value }
        }
    }

    /// Sets the rates (and, cycling, the momentum) of `optimizer` for the coming step, then advances one step.
    public mutating func apply<O: Optimizer>(to optimizer: O) {
        setRates(of: optimizer)
        if cycleMomentum { setMomenta(momenta(atStep: step), of: optimizer) }
        step += 1
    }

    /// The rate at step `step` of a group whose peak is `base`.
    public func learningRate(atStep step: Int, base peak: Double) -> Double {
        let initial = peak / divFactor, minimum = initial / finalDivFactor
        return value(atStep: step, threePhase ? [(initial, peak), (peak, initial), (initial, minimum)] : [(initial, peak), (peak, minimum)])
    }

    /// Each group's momentum (or β1) at step `step`, in group order, when the schedule cycles it.
    public func momenta(atStep step: Int) -> [Double] {
        zip(baseMomenta, maxMomenta).map { low, high in
            value(atStep: step, threePhase ? [(high, low), (low, high), (high, high)] : [(high, low), (low, high)])
        }
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

    /// `scheduler.step` and the peaks (`scheduler.base_lr`), and with ``cycleMomentum`` the momentum bounds: one key
    /// each (`scheduler.base_momentum`) when every group has the same bound, else one per group (`scheduler.base_momentum.1`).
    public func exportState() -> [String: Double] {
        var state = stepwiseState()
        if cycleMomentum {
            for (key, bounds) in zip(Self.momentumKeys, [baseMomenta, maxMomenta]) {
                let keys = Set(bounds).count == 1 ? [key] : PerGroupKeys.keys(key, count: bounds.count)
                for (k, bound) in zip(keys, bounds) { state[k] = bound }
            }
        }
        return state
    }

    /// Restores `scheduler.step`; the saved peaks must be this schedule's, and the saved momentum bounds too when there
    /// are some (one key for every group, or one per group). A state without them (saved without cycling, or before
    /// schedules cycled momentum) turns ``cycleMomentum`` off, so a run resumes as it was made.
    /// - Throws: ``OptimizerStateError`` for another peak, other momentum bounds, or bounds this schedule cannot cycle.
    public mutating func restoreState(_ state: [String: Double]) throws {
        let savedKeys = Self.momentumKeys.filter { PerGroupKeys.savedCount($0, in: state) > 0 }
        if savedKeys.count == 1 {
            throw OptimizerStateError.missingScalar(key: Self.momentumKeys.first { $0 != savedKeys[0] }!)
        }
        if savedKeys.count == 2 {
            let ours = [baseMomenta, maxMomenta]
            let saved = try zip(Self.momentumKeys, ours).map { key, bounds in try Self.savedBounds(key, count: bounds.count, in: state) }
            guard cycleMomentum else {
                throw OptimizerStateError.invalidScalar(key: saved[0].keys[0], value: saved[0].values[0],
                                                        expected: "none: this schedule was made with cycleMomentum false")
            }
            for (bounds, (keys, values)) in zip(ours, saved) {
                if let g = bounds.indices.first(where: { values[$0] != bounds[$0] }) {
                    throw OptimizerStateError.invalidScalar(key: keys[g], value: values[g],
                                                            expected: "\(bounds[g]), as this schedule cycles the momentum")
                }
            }
        }
        try restoreStep(state, baseRates: maxRateGiven ? "the peak of this schedule (its maxRate)"
                        : "the peak of this schedule (the learning rate of its optimizer when it was made: make the schedule "
                        + "before restoring the optimizer's state)")
        cycleMomentum = savedKeys.count == 2
    }

    /// The momentum bound saved under `key` for each of `count` groups, with the key each was read from: `key` alone
    /// is every group's (as saved when the groups share it, and before bounds were kept per group), else `key.<g>`.
    private static func savedBounds(_ key: String, count: Int, in state: [String: Double]) throws -> (keys: [String], values: [Double]) {
        if count > 1, state[key] != nil, PerGroupKeys.savedCount(key, in: state) == 1 {
            let every = try OptimizerStateError.value(key, in: state, expected: "a number") { !$0.isNaN }
            return (Array(repeating: key, count: count), Array(repeating: every, count: count))
        }
        return (PerGroupKeys.keys(key, count: count), try PerGroupKeys.values(key, count: count, in: state, expected: "a number") { !$0.isNaN })
    }

    /// Key of the momentum at the peak in the saved state (`.<g>` after it for group g, when the groups' differ).
    static let baseMomentumKey = "scheduler.base_momentum"
    /// Key of the momentum at the ends in the saved state (`.<g>` after it for group g, when the groups' differ).
    static let maxMomentumKey = "scheduler.max_momentum"
    /// The keys of the momentum bounds, base then max.
    private static let momentumKeys = [baseMomentumKey, maxMomentumKey]

    /// From `from` at t = 0 to `to` at t = 1.
    private func anneal(_ from: Double, _ to: Double, _ t: Double) -> Double {
        switch annealing {
        case .cosine: to + (from - to) / 2 * (cos(Double.pi * t) + 1)
        case .linear: (to - from) * t + from
        }
    }
}
