/// Adam, as `torch.optim.Adam`: bias-corrected running moments of the gradient.
/// Kingma & Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015); the
/// AMSGrad option is from Reddi, Kale & Kumar, "On the Convergence of Adam and
/// Beyond" (ICLR 2018). ``AdamW`` is the same update with decoupled weight decay.
///
/// Per parameter p with gradient g, at step t (from 1), with its group's lr, weightDecay, β1, β2 and eps (the bias
/// corrections from the group's current betas, as PyTorch's):
///
///     d = g + weightDecay · p                  (Adam: L2 penalty in the gradient)
///     p = p · (1 − lr · weightDecay);  d = g   (AdamW: decoupled decay)
///     m = β1 · m + (1 − β1) · d
///     v = β2 · v + (1 − β2) · d²
///     vmax = max(vmax, v);  v̂ = vmax           (AMSGrad; otherwise v̂ = v)
///     p = p − lr / (1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + eps)
///
/// State: `exp_avg` (m), `exp_avg_sq` (v), and `max_exp_avg_sq` with AMSGrad,
/// each [shape of p].
public class Adam<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var groups: [OptimizerGroup] { didSet { checkGroupChange(groups, from: oldValue, optimizerName(self)) } }
    /// The defaults and groups as made, for the saved state.
    private let settings: SettingDefaults
    public private(set) var stepCount = 0
    /// The groups' default decay rate β1 of the first moment; a group's own is `groups[g].beta1`.
    public let beta1: Double
    /// The groups' default decay rate β2 of the second moment; a group's own is `groups[g].beta2`.
    public let beta2: Double
    /// The groups' default epsilon, added to the denominator for numerical stability; a group's own is `groups[g].epsilon`.
    public let epsilon: Double
    /// Normalize by the running maximum of the second moment.
    public let amsgrad: Bool
    /// Decay the weights directly (AdamW) instead of through the gradient.
    public let decoupledWeightDecay: Bool

    /// First moment m, [shape of p].
    private var expAvg: [Tensor<Scalar>]
    /// Second moment v, [shape of p].
    private var expAvgSq: [Tensor<Scalar>]
    /// Running maximum of v, [shape of p]; empty without AMSGrad.
    private var maxExpAvgSq: [Tensor<Scalar>]

    /// An Adam optimizer over `groups`, with PyTorch's defaults, as `Adam([{"params": …, "lr": …}, …], lr=…)`.
    /// - Parameters:
    ///   - groups: at least one; a group's nil setting is the optimizer's (`learningRate`, `beta1`, …).
    ///   - learningRate: ≥ 0 (default 1e-3).
    ///   - beta1, beta2: in [0, 1) (default 0.9, 0.999).
    ///   - epsilon: ≥ 0 (default 1e-8).
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - amsgrad: default false.
    ///   - decoupledWeightDecay: AdamW's rule (default false).
    public init(groups: [ParameterGroup<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false,
                decoupledWeightDecay: Bool = false) {
        let name = decoupledWeightDecay ? "AdamW" : "Adam"
        (parameters, self.groups, settings) = resolveGroups(groups, defaults: OptimizerGroup(
            indices: 0..<0, learningRate: learningRate, weightDecay: weightDecay, beta1: beta1, beta2: beta2, epsilon: epsilon), name)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = decoupledWeightDecay
        self.expAvg = zeroState(like: parameters)
        self.expAvgSq = zeroState(like: parameters)
        self.maxExpAvgSq = zeroState(like: parameters, enabled: amsgrad)
    }

    /// An Adam optimizer over `parameters` as one group, with PyTorch's defaults (see
    /// ``init(groups:learningRate:beta1:beta2:epsilon:weightDecay:amsgrad:decoupledWeightDecay:)``).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                            beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false,
                            decoupledWeightDecay: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, beta1: beta1, beta2: beta2,
                  epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad, decoupledWeightDecay: decoupledWeightDecay)
    }

    @_specialize(where Scalar == Float)
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        for group in groups {
            let (beta1, beta2, epsilon) = (group.beta1!, group.beta2!, group.epsilon!)
            let biasCorrection1 = 1 - Double.pow(beta1, t)
            let biasCorrection2Sqrt = Double.pow(1 - Double.pow(beta2, t), 0.5)
            let stepSize = group.learningRate / biasCorrection1
            let decay = decoupledWeightDecay ? 1 - group.learningRate * group.weightDecay : 1
            let coupled = decoupledWeightDecay ? 0 : group.weightDecay
            for i in group.indices where parameters[i].value.count > 0 {
                let p = parameters[i]
                checkStepShapes(p, at: i, expAvg, expAvgSq, maxExpAvgSq, optimizer: decoupledWeightDecay ? "AdamW" : "Adam")
                p.grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { w in
                        expAvg[i].withUnsafeMutableBufferPointer { m in
                            expAvgSq[i].withUnsafeMutableBufferPointer { v in
                                withOptionalState(&maxExpAvgSq, i) { vmax in
                                    let buffers = [w.baseAddress!, UnsafeMutablePointer(mutating: g.baseAddress!), m.baseAddress!, v.baseAddress!, vmax]
                                    forEachUpdateBlock(w.count, buffers) { b, n in
                                        Scalar.adamKernel(
                                            b[0]!, b[1]!, expAvg: b[2]!, expAvgSq: b[3]!, maxExpAvgSq: b[4], n,
                                            stepSize: Scalar(stepSize), oneMinusBeta1: Scalar(1 - beta1), beta2: Scalar(beta2),
                                            oneMinusBeta2: Scalar(1 - beta2), biasCorrection2Sqrt: Scalar(biasCorrection2Sqrt),
                                            eps: Scalar(epsilon), weightDecay: Scalar(coupled), decay: Scalar(decay))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<Adam, Scalar> { ["exp_avg": \.expAvg, "exp_avg_sq": \.expAvgSq, "max_exp_avg_sq": \.maxExpAvgSq] }

    public func exportState() -> OptimizerState<Scalar> { OptimizerState(of: self, stateBuffers, settings) }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        (stepCount, groups) = try state.restore(stateBuffers, of: self, settings)
    }
}

/// AdamW, as `torch.optim.AdamW`: ``Adam`` with weight decay decoupled from the
/// gradient (`p = p · (1 − lr · weightDecay)` before the Adam update) and a
/// default decay of 0.01. Loshchilov & Hutter, "Decoupled Weight Decay
/// Regularization" (ICLR 2019).
public final class AdamW<Scalar: TensorScalar>: Adam<Scalar> {
    /// An AdamW optimizer over `groups`, with PyTorch's defaults, as `AdamW([{"params": …, "weight_decay": …}, …], lr=…)`.
    /// - Parameters:
    ///   - groups: at least one; a group's nil setting is the optimizer's (`learningRate`, `beta1`, …).
    ///   - learningRate: ≥ 0 (default 1e-3).
    ///   - beta1, beta2: in [0, 1) (default 0.9, 0.999).
    ///   - epsilon: ≥ 0 (default 1e-8).
    ///   - weightDecay: decoupled decay rate, ≥ 0 (default 0.01).
    ///   - amsgrad: default false.
    public init(groups: [ParameterGroup<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        super.init(groups: groups, learningRate: learningRate, beta1: beta1, beta2: beta2,
                   epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad, decoupledWeightDecay: true)
    }

    /// An AdamW optimizer over `parameters` as one group, with PyTorch's defaults (see
    /// ``init(groups:learningRate:beta1:beta2:epsilon:weightDecay:amsgrad:)``).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                            beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, beta1: beta1, beta2: beta2,
                  epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}
