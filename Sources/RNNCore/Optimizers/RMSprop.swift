/// RMSprop, as `torch.optim.RMSprop`: divides the gradient by a running root
/// mean square. Tieleman & Hinton, "Lecture 6.5 — RMSProp", COURSERA: Neural
/// Networks for Machine Learning (2012); the centered variant is from Graves,
/// "Generating Sequences With Recurrent Neural Networks" (arXiv:1308.0850, 2013).
///
/// Per parameter p with gradient g:
///
///     d = g + weightDecay · p
///     sq = α · sq + (1 − α) · d²
///     avg = avg + (1 − α) · (d − avg);  den = √(sq − avg²) + eps   (centered)
///     den = √sq + eps                                              (otherwise)
///     buf = momentum · buf + d / den;  p = p − lr · buf             (momentum > 0)
///     p = p − lr · d / den                                         (otherwise)
///
/// State: `square_avg`, plus `grad_avg` when centered and `momentum_buffer` when
/// momentum > 0, each [shape of p].
public final class RMSprop<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var learningRate: Double { didSet { requireNonNegative(learningRate, "learning rate", optimizerName(self)) } }
    public private(set) var stepCount = 0
    /// Smoothing constant α of the running averages.
    public let alpha: Double
    /// Added to the denominator for numerical stability.
    public let epsilon: Double
    /// L2 penalty added to the gradient.
    public let weightDecay: Double
    /// Momentum factor (0: none).
    public let momentum: Double
    /// Normalize by the estimated variance instead of the raw second moment.
    public let centered: Bool

    /// Running mean of d², [shape of p].
    private var squareAvg: [Tensor<Scalar>]
    /// Running mean of d, [shape of p]; empty unless centered.
    private var gradAvg: [Tensor<Scalar>]
    /// Momentum buffer, [shape of p]; empty without momentum.
    private var momentumBuffer: [Tensor<Scalar>]

    /// An RMSprop optimizer over `parameters`, with PyTorch's defaults.
    /// - Parameters:
    ///   - learningRate: ≥ 0 (default 1e-2).
    ///   - alpha: smoothing constant, ≥ 0 (default 0.99).
    ///   - epsilon: ≥ 0 (default 1e-8).
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - momentum: ≥ 0 (default 0).
    ///   - centered: default false.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99,
                epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        requireNonNegative(learningRate, "learning rate", "RMSprop")
        requireNonNegative(alpha, "alpha", "RMSprop")
        requireNonNegative(epsilon, "epsilon", "RMSprop")
        requireNonNegative(weightDecay, "weight decay", "RMSprop")
        requireNonNegative(momentum, "momentum", "RMSprop")
        validateOptimizerParameters(parameters, "RMSprop")
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        self.squareAvg = zeroState(like: parameters)
        self.gradAvg = zeroState(like: parameters, enabled: centered)
        self.momentumBuffer = zeroState(like: parameters, enabled: momentum > 0)
    }

    public func step() {
        let (learningRate, alpha, epsilon, weightDecay, momentum) = (self.learningRate, self.alpha, self.epsilon, self.weightDecay, self.momentum)
        for (i, p) in parameters.enumerated() where p.value.count > 0 {
            checkStepShapes(p, at: i, squareAvg, gradAvg, momentumBuffer, optimizer: "RMSprop")
            p.grad.withUnsafeBufferPointer { g in
                p.value.withUnsafeMutableBufferPointer { w in
                    squareAvg[i].withUnsafeMutableBufferPointer { sq in
                        withOptionalState(&gradAvg, i) { avg in
                            withOptionalState(&momentumBuffer, i) { buf in
                                let buffers = [w.baseAddress!, UnsafeMutablePointer(mutating: g.baseAddress!), sq.baseAddress!, avg, buf]
                                forEachUpdateBlock(w.count, buffers) { b, n in
                                    Scalar.rmspropKernel(
                                        b[0]!, b[1]!, squareAvg: b[2]!, gradAvg: b[3], momentumBuffer: b[4], n,
                                        lr: Scalar(learningRate), alpha: Scalar(alpha), oneMinusAlpha: Scalar(1 - alpha),
                                        eps: Scalar(epsilon), weightDecay: Scalar(weightDecay), momentum: Scalar(momentum))
                                }
                            }
                        }
                    }
                }
            }
        }
        stepCount += 1
    }

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<RMSprop, Scalar> { ["square_avg": \.squareAvg, "grad_avg": \.gradAvg, "momentum_buffer": \.momentumBuffer] }

    public func exportState() -> OptimizerState<Scalar> {
        OptimizerState(of: self, stateBuffers, parameters: parameters, stepCount: stepCount, learningRate: learningRate)
    }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        (stepCount, learningRate) = try state.restore(stateBuffers, of: self, parameters: parameters)
    }
}
