import Testing
import RNNKit
import _TestSupport

/// Arguments PyTorch's schedulers refuse (or fail on) stop the schedule's initializer with a message naming them:
/// each test runs its body in a child process and expects it to trap.
@Suite struct ScheduleTrapTests {
    /// pct_start · total_steps = 1 ends the climb at step 0, where PyTorch's OneCycleLR divides by zero.
    @Test func aOneCycleWhoseClimbEndsAtItsStartTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.1), totalSteps: 10, pctStart: 0.1)
        }
        #expect(trapMessage(result).contains("OneCycle: pctStart 0.1 × total steps 10 is 1, so the climb would end at step 0"))
    }

    @Test func aOneCycleOfANegativePeakTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.1), maxRate: -1, totalSteps: 10)
        }
        #expect(trapMessage(result).contains("OneCycle: maxRate -1.0 must be a finite number ≥ 0"))
    }

    /// OneCycleLR refuses to cycle the momentum of an optimizer with neither momentum nor betas (Adagrad).
    @Test func aOneCycleCyclingAdagradsMomentumTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycle(for: Adagrad<Float>(parameters: []), totalSteps: 10)
        }
        #expect(trapMessage(result).contains("OneCycle: Adagrad has no momentum or β1 to cycle; give cycleMomentum: false"))
    }

    /// Momentum bounds given per group must be one per group, as OneCycleLR's `base_momentum` and `max_momentum` lists.
    @Test func aOneCycleOfMomentumBoundsForOtherGroupsTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = OneCycle(for: SGD<Float>(groups: [ParameterGroup([]), ParameterGroup([])]), totalSteps: 10,
                         baseMomenta: [0.85, 0.85], maxMomenta: [0.95, 0.9, 0.9])
        }
        #expect(trapMessage(result).contains("OneCycle: 3 maxMomenta for an optimizer of 2 parameter groups; give one per group, "
                                             + "or one baseMomentum and maxMomentum for all"))
    }

    /// Minimum rates given per group must be one per group, as ReduceLROnPlateau's `min_lr` list: the schedule is made
    /// without its optimizer, so the first apply, before the first step, checks them (not the first observation, an
    /// epoch later).
    @Test func plateauMinimumRatesForOtherGroupsTrapAtTheFirstApply() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var schedule = ReduceOnPlateau(minimumRates: [0.01, 0.001, 0.0001])
            schedule.apply(to: SGD<Float>(groups: [ParameterGroup([]), ParameterGroup([])]))
        }
        #expect(trapMessage(result).contains("ReduceOnPlateau: 3 minimum rates for an optimizer of 2 parameter groups; "
                                             + "give one per group, or one minimumRate for all"))
    }

    /// One minimum for every group is `minimumRate:`; a list of one for two groups is refused, as PyTorch refuses it.
    @Test func plateauMinimumRatesOfOneForTwoGroupsTrap() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var schedule = ReduceOnPlateau(minimumRates: [0.01])
            schedule.observe(metric: 1, optimizer: SGD<Float>(groups: [ParameterGroup([]), ParameterGroup([])]))
        }
        #expect(trapMessage(result).contains("ReduceOnPlateau: 1 minimum rates for an optimizer of 2 parameter groups"))
    }

    /// A β1 of 1 or more is out of an Adam group's range, set by hand or by a schedule.
    @Test func aGroupsBetaOfOneTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let adam = Adam<Float>(groups: [ParameterGroup([]), ParameterGroup([])])
            adam.groups[1].beta1 = 1
        }
        #expect(trapMessage(result).contains("Adam: the β1 of group 1 must be in [0, 1), got 1.0"))
    }

    /// A start factor of 0 would make LinearLR's chained form divide by zero; PyTorch refuses it.
    @Test func aLinearRateFromZeroTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearRate(for: SGD<Float>(parameters: [], learningRate: 0.1), startFactor: 0)
        }
        #expect(trapMessage(result).contains("LinearRate: start factor 0.0 not in (0, 1]"))
    }

    /// A negative milestone is never reached by PyTorch's MultiStepLR, yet would count as passed here.
    @Test func aNegativeMilestoneTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiStepDecay(for: SGD<Float>(parameters: [], learningRate: 0.1), milestones: [4, -2])
        }
        #expect(trapMessage(result).contains("MultiStepDecay: milestones [4, -2] must be ≥ 0"))
    }
}
