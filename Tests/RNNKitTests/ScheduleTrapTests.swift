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
