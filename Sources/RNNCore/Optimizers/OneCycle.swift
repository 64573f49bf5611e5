#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 1cycle policy (Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning
/// Rates", 2019), as `torch.optim.lr_scheduler.OneCycleLR(…, cycle_momentum=False)`: each group's rate climbs from
/// `initial = peak / divFactor` to its peak, then anneals to `minimum = initial / finalDivFactor` at the last step.
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
/// Steps from N on keep the rate of step N − 1, the minimum (PyTorch extrapolates one step past the cycle, then raises).
///
/// Unlike the other stepwise schedules it does not start from the optimizer's rates: each group's ``baseRates`` entry
/// is its peak, PyTorch's `max_lr`, by default the group's rate in the optimizer (`max_lr` the list of the groups'
/// rates), or one `maxRate:` for every group (a single `max_lr`). The saved state holds these peaks as
/// `scheduler.base_lr`, and a restore checks them as other schedules check their bases.
///
/// Momentum: PyTorch's default `cycle_momentum=True` also moves SGD's momentum (or Adam's β1) from 0.95 at the
/// start down to 0.85 at the peak and back, inversely to the rate. RNNKit's optimizers keep their momentum and betas
/// fixed for the whole run, so this schedule sets only the rates, as `cycle_momentum=False` does; the optimizer keeps
/// the momentum it was made with. (Adagrad, which has neither, takes the schedule too; PyTorch refuses it unless
/// `cycle_momentum=False`.)
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

    /// A 1cycle schedule of the groups of `optimizer`, as `OneCycleLR(optimizer, max_lr, total_steps, pct_start,
    /// anneal_strategy, div_factor=…, final_div_factor=…, three_phase=…, cycle_momentum=False)`, with PyTorch's defaults.
    /// - Parameters:
    ///   - optimizer: the schedule sets the rates of its groups.
    ///   - maxRate: every group's peak, a finite number ≥ 0; nil (the default) for each group's rate in `optimizer`.
    ///   - totalSteps: N > 0, counting ``apply(to:)`` calls.
    ///   - pctStart: in [0, 1] (default 0.3), with p·N ≠ 1 (the first phase would end at step 0, where PyTorch
    ///     divides by zero).
    ///   - annealing: default `.cosine`.
    ///   - divFactor: > 0 (default 25).
    ///   - finalDivFactor: > 0 (default 1e4).
    ///   - threePhase: default false.
    public init<O: Optimizer>(for optimizer: O, maxRate: Double? = nil, totalSteps: Int, pctStart: Double = 0.3,
                              annealing: Annealing = .cosine, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                              threePhase: Bool = false) {
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
    }

    /// The rate at step `step` of a group whose peak is `base`.
    public func learningRate(atStep step: Int, base peak: Double) -> Double {
        let initial = peak / divFactor, minimum = initial / finalDivFactor
        let n = Double(totalSteps), s = Double(min(step, totalSteps - 1))
        let phases: [(end: Double, from: Double, to: Double)] = threePhase
            ? [(pctStart * n - 1, initial, peak), (2 * pctStart * n - 2, peak, initial), (n - 1, initial, minimum)]
            : [(pctStart * n - 1, initial, peak), (n - 1, peak, minimum)]
        var start = 0.0
        for phase in phases.dropLast() {
            if s <= phase.end { return anneal(phase.from, phase.to, (s - start) / (phase.end - start)) }
            start = phase.end
        }
        let last = phases[phases.count - 1]
        return anneal(last.from, last.to, (s - start) / (last.end - start))
    }

    /// From `from` at t = 0 to `to` at t = 1.
    private func anneal(_ from: Double, _ to: Double, _ t: Double) -> Double {
        switch annealing {
        case .cosine: to + (from - to) / 2 * (cos(Double.pi * t) + 1)
        case .linear: (to - from) * t + from
        }
    }
}
