import Requirements

/// Stochastic gradient descent with optional momentum, dampening, Nesterov
/// momentum and (L2) weight decay, as `torch.optim.SGD`.
///
/// Per parameter p with gradient g, at step t (from 1), with its group's lr, weightDecay, momentum and dampening:
///
///     d = g + weightDecay · p
///     buf = d                                        (t = 1)
///     buf = momentum · buf + (1 − dampening) · d     (t > 1)
///     d = d + momentum · buf   (Nesterov)   or   d = buf
///     p = p − lr · d
///
/// Without momentum (a group's 0) the buffer is skipped; "t = 1" is a parameter's first step with momentum, as
/// PyTorch starts a buffer then (a group given momentum after its first steps starts its buffers at its next one). Momentum follows Polyak, "Some methods
/// of speeding up the convergence of iteration methods" (1964); the Nesterov form
/// is that of Sutskever, Martens, Dahl & Hinton, "On the importance of
/// initialization and momentum in deep learning" (ICML 2013).
///
/// State: `momentum_buffer` [shape of p] once some group's momentum is ≠ 0 (made then; a parameter's buffer starts at its first step with momentum).
/// A group's buffers all start together; a group whose buffers hold anything but zeros was started, and one whose
/// buffers are all zeros was not, unless the state says otherwise with `optimizer.momentum_started` (1 or 0, per
/// group), saved only then: for a group started on gradients that were all 0, whose next step adds to its buffers.
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    public var groups: [OptimizerGroup] {
        didSet {
            checkGroupChange(groups, from: oldValue, "SGD")
            momentumBuffer = momentumBuffers(momentumBuffer, for: groups, of: parameters, stepCount: stepCount)
        }
    }
    public private(set) var stepCount = 0
    /// The groups' default momentum factor μ (0: plain SGD); a group's own is `groups[g].momentum`.
    public let momentum: Double
    /// The groups' default dampening of the gradient added to the momentum buffer; a group's own is `groups[g].dampening`.
    public let dampening: Double
    /// Nesterov momentum.
    public let nesterov: Bool

    /// One buffer per parameter, [shape of p]; empty without momentum.
    private var momentumBuffer: [Tensor<Scalar>]
    /// Whether each parameter's buffer was started (PyTorch's state holding its `momentum_buffer`): at its first step
    /// with momentum, which sets the buffer to d rather than adding to it.
    private var momentumStarted: [Bool]
    /// The defaults and groups as made, for the saved state.
    private let settings: SettingDefaults

    /// An SGD optimizer over `groups`, with PyTorch's defaults, as `SGD([{"params": …, "lr": …}, …], lr=…)`.
    /// - Parameters:
    ///   - groups: at least one; a group's nil setting is the optimizer's (`learningRate`, `momentum`, …).
    ///   - learningRate: step size, ≥ 0 (default 1e-3).
    ///   - momentum: ≥ 0 (default 0).
    ///   - dampening: default 0.
    ///   - weightDecay: ≥ 0 (default 0).
    ///   - nesterov: needs momentum > 0 and dampening 0 (default false).
    public init(groups: [ParameterGroup<Scalar>], learningRate: Double = 1e-3, momentum: Double = 0,
                dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        require(!nesterov || (momentum > 0 && dampening == 0),
                     "SGD: Nesterov momentum needs momentum > 0 and dampening 0 (got \(momentum), \(dampening))")
        (parameters, self.groups, settings) = resolveGroups(groups, defaults: OptimizerGroup(
            indices: 0..<0, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, dampening: dampening), "SGD")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.momentumBuffer = zeroState(like: parameters, enabled: self.groups.contains { $0.momentum != 0 })
        self.momentumStarted = Array(repeating: false, count: parameters.count)
    }

    /// An SGD optimizer over `parameters` as one group, with PyTorch's defaults (see ``init(groups:learningRate:momentum:dampening:weightDecay:nesterov:)``).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, momentum: Double = 0,
                            dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, momentum: momentum,
                  dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
    }

    public func step() {
        let nesterov = self.nesterov
        for group in groups {
            let (learningRate, weightDecay, momentum, dampening) = (group.learningRate, group.weightDecay, group.momentum!, group.dampening!)
            for i in group.indices where parameters[i].value.count > 0 {
                let p = parameters[i]
                checkStepShapes(p, at: i, momentumBuffer, optimizer: "SGD")
                let firstStep = !momentumStarted[i]
                p.grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { w in
                        withOptionalState(&momentumBuffer, i) { buf in
                            // A group without momentum skips its buffer, as PyTorch's does.
                            forEachUpdateBlock(w.count, [w.baseAddress!, UnsafeMutablePointer(mutating: g.baseAddress!), momentum == 0 ? nil : buf]) { b, n in
                                Scalar.sgdKernel(b[0]!, b[1]!, momentumBuffer: b[2], n,
                                                 lr: Scalar(learningRate), weightDecay: Scalar(weightDecay),
                                                 momentum: Scalar(momentum), dampening: Scalar(dampening),
                                                 nesterov: nesterov, firstStep: firstStep)
                            }
                        }
                    }
                }
                if momentum != 0 { momentumStarted[i] = true }
            }
        }
        stepCount += 1
    }

    /// The state buffers under their PyTorch names.
    private var stateBuffers: StateBuffers<SGD, Scalar> { ["momentum_buffer": \.momentumBuffer] }

    /// The key of whether each group's momentum buffers were started (`optimizer.momentum_started`, `.<g>` for each of several).
    private static var startedKey: String { OptimizerState<Scalar>.keyPrefix + "momentum_started" }

    public func exportState() -> OptimizerState<Scalar> {
        var state = OptimizerState(of: self, stateBuffers, settings)
        guard !momentumBuffer.isEmpty else { return state }
        let started = groups.map { group in group.indices.contains { momentumStarted[$0] } }
        if started != groups.map(holdsNonzeroBuffers) {
            for (key, flag) in zip(PerGroupKeys.keys(Self.startedKey, count: groups.count), started) { state.scalars[key] = flag ? 1 : 0 }
        }
        return state
    }

    /// Whether some buffer of `group` holds anything but zeros, which only a started one can.
    private func holdsNonzeroBuffers(_ group: OptimizerGroup) -> Bool {
        group.indices.contains { momentumBuffer[$0].scalars.contains { $0 != 0 } }
    }

    public func restoreState(_ state: OptimizerState<Scalar>) throws {
        let started = PerGroupKeys.savedCount(Self.startedKey, in: state.scalars) == 0 ? nil
            : try PerGroupKeys.values(Self.startedKey, count: groups.count, in: state.scalars, expected: "0 or 1") { $0 == 0 || $0 == 1 }
        let restored = try state.restore(stateBuffers, of: self, settings, momentumBuffer: "momentum_buffer")
        stepCount = restored.stepCount
        groups = restored.groups
        momentumStarted = Array(repeating: false, count: parameters.count)
        guard !momentumBuffer.isEmpty else { return }
        for (g, group) in groups.enumerated() {
            let groupStarted = started.map { $0[g] == 1 } ?? holdsNonzeroBuffers(group)
            for i in group.indices { momentumStarted[i] = groupStarted }
        }
    }
}
