/// Parameters an optimizer updates with a learning rate or weight decay of their own: one of the groups
/// an optimizer takes in place of a single list, as a dict in PyTorch's
/// `AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)`.
///
/// A rate or decay left nil is the optimizer's (its initializer's `learningRate:` or `weightDecay:`), as a key
/// left out of a PyTorch group takes the optimizer's default. The other hyperparameters (momentum, betas,
/// epsilon, …) are the optimizer's, the same for every group.
public struct ParameterGroup<Scalar: TensorScalar> {
    /// The parameters of the group, in order.
    public var parameters: [Parameter<Scalar>]
    /// The group's learning rate, finite and ≥ 0, or nil for the optimizer's.
    public var learningRate: Double?
    /// The group's weight decay (decoupled for AdamW), finite and ≥ 0, or nil for the optimizer's.
    public var weightDecay: Double?

    /// A group of `parameters`, at `learningRate` and with `weightDecay` (nil: the optimizer's).
    public init(_ parameters: [Parameter<Scalar>], learningRate: Double? = nil, weightDecay: Double? = nil) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }
}

/// One of an optimizer's parameter groups as it updates them, an entry of PyTorch's `optimizer.param_groups`:
/// which parameters, at which learning rate, with which weight decay.
///
/// Only the rate changes: `optimizer.groups[1].learningRate = 1e-4`, as `param_groups[1]["lr"] = 1e-4`;
/// schedules set it.
public struct OptimizerGroup: Sendable, Equatable {
    /// The group's parameters, as indices into the optimizer's `parameters` (which lists every group's, group after group).
    public let indices: Range<Int>
    /// The rate the next `step()` uses for this group's parameters, finite and ≥ 0 (setting another traps).
    public var learningRate: Double
    /// The weight decay of this group's parameters: an L2 penalty in the gradient, or decoupled for AdamW.
    public let weightDecay: Double
}

/// The flat parameter list and the resolved groups of an optimizer made from `groups`, a rate or decay left nil
/// in a group taking `learningRate` or `weightDecay`; checks every rate and decay, and the parameters (their
/// names unique, none in two groups). `optimizer` names the optimizer in messages.
func resolveGroups<Scalar>(_ groups: [ParameterGroup<Scalar>], learningRate: Double, weightDecay: Double,
                           _ optimizer: String) -> (parameters: [Parameter<Scalar>], groups: [OptimizerGroup]) {
    precondition(!groups.isEmpty, "\(optimizer): no parameter groups; give at least one (it may be empty)")
    var parameters: [Parameter<Scalar>] = []
    var resolved: [OptimizerGroup] = []
    var groupOf: [ObjectIdentifier: Int] = [:]
    for (g, group) in groups.enumerated() {
        let rate = group.learningRate ?? learningRate, decay = group.weightDecay ?? weightDecay
        requireNonNegative(rate, groupSetting("learning rate", g, of: groups.count), optimizer)
        requireNonNegative(decay, groupSetting("weight decay", g, of: groups.count), optimizer)
        for p in group.parameters {
            let earlier = groupOf.updateValue(g, forKey: ObjectIdentifier(p)) ?? g  // twice in one group: the name check below
            precondition(earlier == g, "\(optimizer): parameter '\(p.name)' is in groups \(earlier) and \(g); give each parameter one group")
        }
        resolved.append(OptimizerGroup(indices: parameters.count..<(parameters.count + group.parameters.count),
                                       learningRate: rate, weightDecay: decay))
        parameters += group.parameters
    }
    validateOptimizerParameters(parameters, optimizer)
    return (parameters, resolved)
}

/// Checks a change of an optimizer's groups (`groups` set, `old` before): only learning rates may change, each to a
/// finite number ≥ 0. `optimizer` names the optimizer in messages.
func checkGroupChange(_ groups: [OptimizerGroup], from old: [OptimizerGroup], _ optimizer: @autoclosure () -> String) {
    precondition(groups.map(\.indices) == old.map(\.indices) && groups.map(\.weightDecay) == old.map(\.weightDecay),
                 "\(optimizer()): the parameter groups are fixed when the optimizer is made; only their learning rates can be set")
    for (g, group) in groups.enumerated() {
        requireNonNegative(group.learningRate, groupSetting("learning rate", g, of: groups.count), optimizer())
    }
}

/// `setting` ("learning rate") for an optimizer of one group, `setting of group g` for one of several.
func groupSetting(_ setting: String, _ g: Int, of count: Int) -> String {
    count == 1 ? setting : "\(setting) of group \(g)"
}
