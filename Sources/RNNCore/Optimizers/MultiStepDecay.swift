import Requirements

/// `base · gamma^k` for each group's base, k the number of milestones ≤ the step, as
/// `torch.optim.lr_scheduler.MultiStepLR`.
///
/// With milestones [30, 80] the rate is `base` for steps 0–29, `base · gamma` for 30–79 and `base · gamma²` from 80 on.
/// As in PyTorch, a milestone given twice decays twice there, and one at 0 decays the first step's rate already.
public struct MultiStepDecay: StepwiseSchedule {
    public var step = 0
    public let baseRates: [Double]
    /// The steps from which the rate is multiplied by ``gamma`` once more, ascending (a step may repeat), each ≥ 0.
    public let milestones: [Int]
    /// Multiplicative factor per milestone.
    public let gamma: Double

    /// A decay of the rates of `optimizer` at each milestone, as `MultiStepLR(optimizer, milestones, gamma)`;
    /// the milestones count ``apply(to:)`` calls.
    /// - Parameters:
    ///   - optimizer: its groups' learning rates are their rates at step 0.
    ///   - milestones: each ≥ 0, in any order (a set with repeats, as PyTorch's `Counter(milestones)`).
    ///   - gamma: default 0.1, as PyTorch.
    public init<O: Optimizer>(for optimizer: O, milestones: [Int], gamma: Double = 0.1) {
        require(milestones.allSatisfy { $0 >= 0 }, "MultiStepDecay: milestones \(milestones) must be ≥ 0")
        self.baseRates = optimizer.groups.map(\.learningRate)
        self.milestones = milestones.sorted()
        self.gamma = gamma
    }

    public func learningRate(atStep step: Int, base: Double) -> Double {
        base * Double.pow(gamma, Double(milestones.count { $0 <= step }))
    }
}
