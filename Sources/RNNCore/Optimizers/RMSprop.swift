/// RMSprop, as `torch.optim.RMSprop`: divides the gradient by a running root
/// mean square. Tieleman & Hinton, "Lecture 6.5 — RMSProp", COURSERA: Neural
/// Networks for Machine Learning (2012); the centered variant is from Graves,
/// "Generating Sequences With Recurrent Neural Networks" (arXiv:1308.0850, 2013).
///
/// Per parameter p with gradient g, with its group's lr, weightDecay, α, eps and momentum:
///
///     d = g + weightDecay · p
///     sq = α · sq + (1 − α) · d²
///     avg = avg + (1 − α) · (d − avg);  den = √(sq − avg²) + eps   (centered)
///     den = √sq + eps                                              (otherwise)
///     buf = momentum · buf + d / den;  p = p − lr · buf             (momentum > 0)
///     p = p − lr · d / den                                         (otherwise)
///
/// State: `square_avg`, plus `grad_avg` when centered and `momentum_buffer` once some group's momentum is > 0, each
/// [shape of p]. Every buffer starts at zero, as PyTorch's do at the first step; a group given momentum after steps
/// taken without it (by setting it, or by a ``OneCycle`` made then) makes the momentum buffers then, at zero, so each
/// parameter's first step with momentum takes buf = d / den. (PyTorch's RMSprop has no buffer to add to then and
/// fails with a `KeyError`; zeros are the buffers it would have started with.)
public final class RMSprop<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var groups: [OptimizerGroup] {
        didSet {
            checkGroupChange(groups, from: oldValue, "RMSprop")
            momentumBuffer = momentumBuffers(momentumBuffer, for: groups, of: parameters, stepCount: stepCount)
        }
    }
    public private(set) var stepCount = 0
    /// The groups' default smoothing constant α of the running averages; a group's own is `groups[g].alpha`.
    public let alpha: Double
    /// The groups' default epsilon, added to the denominator; a group's own is `groups[g].epsilon`.
    public let epsilon: Double
    /// The groups' default momentum factor (0: none); a group's own is `groups[g].momentum`.
    public let momentum: Double
    /// Normalize by the estimated variance instead of the raw second moment.
    public let centered: Bool

    /// Running mean of d², [shape of p].
    private var squareAvg: [Tensor<Scalar>]
    /// Running mean of d, [shape of p]; empty unless centered.
    private var gradAvg: [Tensor<Scalar>]
    /// Momentum buffer, [shape of p]; empty without momentum.
    private var momentumBuffer: [Tensor<Scalar>]
    /// The defaults and groups as made, for the saved state.
    private let settings: SettingDefaults

    /// An RMSprop optimizer over `groups`, with PyTorch's defaults, as `RMSprop([{"params": …, "lr": …}, …], lr=…)`.
    /// - Parameters:
    ///   - groups: at least one; a group's nil setting is the optimizer's (`learningRate`, `momentum`, …).
    ///   - learningRate: ≥ 0 (default 1e-2).
    ///   - alpha: smoothing constant, ≥ 0 (default 0.99).
    ///   - epsilon: ≥ 0 (default 1e-8).
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - momentum: ≥ 0 (default 0).
    ///   - centered: default false.
    public init(groups: [ParameterGroup<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99,
                epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        (parameters, self.groups, settings) = resolveGroups(groups, defaults: OptimizerGroup(
            indices: 0..<0, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, epsilon: epsilon, alpha: alpha), "RMSprop")
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        self.squareAvg = zeroState(like: parameters)
        self.gradAvg = zeroState(like: parameters, enabled: centered)
        self.momentumBuffer = zeroState(like: parameters, enabled: self.groups.contains { $0.momentum! > 0 })
    }

    /// An RMSprop optimizer over `parameters` as one group, with PyTorch's defaults (see
    /// ``init(groups:learningRate:alpha:epsilon:weightDecay:momentum:centered:)``).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99,
                            epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, alpha: alpha, epsilon: epsilon,
                  weightDecay: weightDecay, momentum: momentum, centered: centered)
    }

    public func step() {
        for group in groups {
            let (learningRate, weightDecay) = (group.learningRate, group.weightDecay)
            let (alpha, epsilon, momentum) = (group.alpha!, group.epsilon!, group.momentum!)
            for i in group.indices where parameters[i].value.count > 0 {
                let p = parameters[i]
                checkStepShapes(p, at: i, squareAvg, gradAvg, momentumBuffer, optimizer: "RMSprop")
                p.grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { w in
                        squareAvg[i].withUnsafeMutableBufferPointer { sq in
                            withOptionalState(&gradAvg, i) { avg in
                                withOptionalState(&momentumBuffer, i) { buf in
                                    // A group without momentum skips its buffer, as PyTorch's does.
                                    let buffers: [UnsafeMutablePointer<Scalar>?] = [w.baseAddress!, UnsafeMutablePointer(mutating: g.baseAddress!), sq.baseAddress!, avg,
                                                   momentum > 0 ? buf : nil]
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
        }
        stepCount += 1
    }

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<RMSprop, Scalar> { ["square_avg": \.squareAvg, "grad_avg": \.gradAvg, "momentum_buffer": \.momentumBuffer] }

    public func exportState() -> OptimizerState<Scalar> { OptimizerState(of: self, stateBuffers, settings) }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        let restored = try state.restore(stateBuffers, of: self, settings, momentumBuffer: "momentum_buffer")
        stepCount = restored.stepCount
        groups = restored.groups
    }
}
