/// Adagrad, as `torch.optim.Adagrad`: per-element step sizes from the sum of
/// squared gradients. Duchi, Hazan & Singer, "Adaptive Subgradient Methods for
/// Online Learning and Stochastic Optimization" (JMLR 2011).
///
/// Per parameter p with gradient g, at step t (from 1), with its group's lr, weightDecay and eps:
///
///     d = g + weightDecay · p
///     clr = lr / (1 + (t − 1) · lrDecay)
///     sum = sum + d²
///     p = p − clr · d / (√sum + eps)
///
/// State: `sum` [shape of p], starting at `initialAccumulatorValue`.
public final class Adagrad<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var groups: [OptimizerGroup] { didSet { checkGroupChange(groups, from: oldValue, "Adagrad") } }
    /// The defaults and groups as made, for the saved state.
    private let settings: SettingDefaults
    public private(set) var stepCount = 0
    /// Learning-rate decay per step.
    public let learningRateDecay: Double
    /// The starting value of every accumulator.
    public let initialAccumulatorValue: Double
    /// The groups' default epsilon, added to the denominator for numerical stability; a group's own is `groups[g].epsilon`.
    public let epsilon: Double

    /// Sum of squared gradients per parameter, [shape of p].
    private var sum: [Tensor<Scalar>]

    /// An Adagrad optimizer over `groups`, with PyTorch's defaults, as `Adagrad([{"params": …, "lr": …}, …], lr=…)`.
    /// - Parameters:
    ///   - groups: at least one; a group's nil setting is the optimizer's (`learningRate`, `weightDecay`, `epsilon`).
    ///   - learningRate: ≥ 0 (default 1e-2).
    ///   - learningRateDecay: ≥ 0 (default 0).
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - initialAccumulatorValue: ≥ 0 (default 0).
    ///   - epsilon: ≥ 0 (default 1e-10).
    public init(groups: [ParameterGroup<Scalar>], learningRate: Double = 1e-2, learningRateDecay: Double = 0,
                weightDecay: Double = 0, initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        requireNonNegative(learningRateDecay, "learning-rate decay", "Adagrad")
        requireNonNegative(initialAccumulatorValue, "initial accumulator", "Adagrad")
        (parameters, self.groups, settings) = resolveGroups(groups, defaults: OptimizerGroup(
            indices: 0..<0, learningRate: learningRate, weightDecay: weightDecay, epsilon: epsilon), "Adagrad")
        self.learningRateDecay = learningRateDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.sum = zeroState(like: parameters, value: Scalar(initialAccumulatorValue))
    }

    /// An Adagrad optimizer over `parameters` as one group, with PyTorch's defaults (see
    /// ``init(groups:learningRate:learningRateDecay:weightDecay:initialAccumulatorValue:epsilon:)``).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, learningRateDecay: Double = 0,
                            weightDecay: Double = 0, initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, learningRateDecay: learningRateDecay,
                  weightDecay: weightDecay, initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }

    public func step() {
        stepCount += 1
        for group in groups {
            let clr = group.learningRate / (1 + Double(stepCount - 1) * learningRateDecay)
            let (weightDecay, epsilon) = (group.weightDecay, group.epsilon!)
            for i in group.indices where parameters[i].value.count > 0 {
                let p = parameters[i]
                checkStepShapes(p, at: i, sum, optimizer: "Adagrad")
                p.grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { w in
                        sum[i].withUnsafeMutableBufferPointer { s in
                            forEachUpdateBlock(w.count, [w.baseAddress!, UnsafeMutablePointer(mutating: g.baseAddress!), s.baseAddress!]) { b, n in
                                Scalar.adagradKernel(b[0]!, b[1]!, sum: b[2]!, n,
                                                     lr: Scalar(clr), weightDecay: Scalar(weightDecay), eps: Scalar(epsilon))
                            }
                        }
                    }
                }
            }
        }
    }

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<Adagrad, Scalar> { ["sum": \.sum] }

    public func exportState() -> OptimizerState<Scalar> { OptimizerState(of: self, stateBuffers, settings) }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        (stepCount, groups) = try state.restore(stateBuffers, of: self, settings)
    }
}
