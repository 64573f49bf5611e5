/// Adagrad, as `torch.optim.Adagrad`: per-element step sizes from the sum of
/// squared gradients. Duchi, Hazan & Singer, "Adaptive Subgradient Methods for
/// Online Learning and Stochastic Optimization" (JMLR 2011).
///
/// Per parameter p with gradient g, at step t (from 1):
///
///     d = g + weightDecay · p
///     clr = lr / (1 + (t − 1) · lrDecay)
///     sum = sum + d²
///     p = p − clr · d / (√sum + eps)
///
/// State: `sum` [shape of p], starting at `initialAccumulatorValue`.
public final class Adagrad<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var learningRate: Double { didSet { requireNonNegative(learningRate, "learning rate", optimizerName(self)) } }
    public private(set) var stepCount = 0
    /// Learning-rate decay per step.
    public let learningRateDecay: Double
    /// L2 penalty added to the gradient.
    public let weightDecay: Double
    /// The starting value of every accumulator.
    public let initialAccumulatorValue: Double
    /// Added to the denominator for numerical stability.
    public let epsilon: Double

    /// Sum of squared gradients per parameter, [shape of p].
    private var sum: [Tensor<Scalar>]

    /// An Adagrad optimizer over `parameters`, with PyTorch's defaults.
    /// - Parameters:
    ///   - learningRate: ≥ 0 (default 1e-2).
    ///   - learningRateDecay: ≥ 0 (default 0).
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - initialAccumulatorValue: ≥ 0 (default 0).
    ///   - epsilon: ≥ 0 (default 1e-10).
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, learningRateDecay: Double = 0,
                weightDecay: Double = 0, initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        requireNonNegative(learningRate, "learning rate", "Adagrad")
        requireNonNegative(learningRateDecay, "learning-rate decay", "Adagrad")
        requireNonNegative(weightDecay, "weight decay", "Adagrad")
        requireNonNegative(initialAccumulatorValue, "initial accumulator", "Adagrad")
        requireNonNegative(epsilon, "epsilon", "Adagrad")
        validateOptimizerParameters(parameters, "Adagrad")
        self.parameters = parameters
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.sum = zeroState(like: parameters, value: Scalar(initialAccumulatorValue))
    }

    public func step() {
        stepCount += 1
        let clr = learningRate / (1 + Double(stepCount - 1) * learningRateDecay)
        let (weightDecay, epsilon) = (self.weightDecay, self.epsilon)
        for (i, p) in parameters.enumerated() where p.value.count > 0 {
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

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<Adagrad, Scalar> { ["sum": \.sum] }

    public func exportState() -> OptimizerState<Scalar> {
        OptimizerState(of: self, stateBuffers, parameters: parameters, stepCount: stepCount, learningRate: learningRate)
    }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        (stepCount, learningRate) = try state.restore(stateBuffers, of: self, parameters: parameters)
    }
}
