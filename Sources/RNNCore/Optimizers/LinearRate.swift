import Requirements

/// Each group's base scaled by a factor that moves linearly from ``startFactor`` to ``endFactor`` over
/// ``totalSteps`` steps and then stays, as `torch.optim.lr_scheduler.LinearLR`. With N total steps, the rate at step s is
///
///     base · (startFactor + (endFactor − startFactor) · min(s, N) / N)
///
/// The usual linear warmup is a small start factor and an end factor of 1 (PyTorch's defaults: 1/3, 1, over 5 steps);
/// an end factor below the start factor is a linear decay (to 0 with an end factor of 0). For a warmup followed by a
/// cosine decay, ``WarmupCosine``.
public struct LinearRate: StepwiseSchedule {
    public var step = 0
    public let baseRates: [Double]
    /// The factor of the base at step 0, in (0, 1].
    public let startFactor: Double
    /// The factor of the base from step ``totalSteps`` on, in [0, 1].
    public let endFactor: Double
    /// The step N > 0 at which the factor reaches ``endFactor`` (PyTorch's `total_iters`).
    public let totalSteps: Int

    /// A linear change of the rates of `optimizer`, as `LinearLR(optimizer, start_factor, end_factor, total_iters)`.
    /// - Parameters:
    ///   - optimizer: its groups' learning rates are the bases the factors scale.
    ///   - startFactor: in (0, 1] (default 1/3, as PyTorch).
    ///   - endFactor: in [0, 1] (default 1).
    ///   - totalSteps: N > 0 (default 5), counting ``apply(to:)`` calls.
    public init<O: Optimizer>(for optimizer: O, startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalSteps: Int = 5) {
        require(startFactor > 0 && startFactor <= 1, "LinearRate: start factor \(startFactor) not in (0, 1]")
        require(endFactor >= 0 && endFactor <= 1, "LinearRate: end factor \(endFactor) not in [0, 1]")
        require(totalSteps > 0, "LinearRate: total steps \(totalSteps) must be > 0")
        self.baseRates = optimizer.groups.map(\.learningRate)
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalSteps = totalSteps
    }

    public func learningRate(atStep step: Int, base: Double) -> Double {
        base * (startFactor + (endFactor - startFactor) * Double(min(step, totalSteps)) / Double(totalSteps))
    }
}
