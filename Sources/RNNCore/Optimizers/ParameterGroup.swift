import Requirements

/// Parameters an optimizer updates with settings of their own: one of the groups an optimizer takes in place of a
/// single list, as a dict in PyTorch's `AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)`.
///
/// A setting left nil is the optimizer's (its initializer's `learningRate:`, `weightDecay:`, `momentum:`, …), as a
/// key left out of a PyTorch group takes the optimizer's default. A group may set only the settings its optimizer
/// has: `momentum` (SGD, RMSprop), `dampening` (SGD), `beta1` and `beta2` (Adam, AdamW), `epsilon` (Adam, AdamW,
/// RMSprop, Adagrad) and `alpha` (RMSprop); the others (SGD's Nesterov, RMSprop's centering, AMSGrad, Adagrad's
/// rate decay and starting accumulator) are the optimizer's, the same for every group.
public struct ParameterGroup<Scalar: TensorScalar> {
    /// The parameters of the group, in order.
    public var parameters: [Parameter<Scalar>]
    /// The group's learning rate, finite and ≥ 0, or nil for the optimizer's.
    public var learningRate: Double?
    /// The group's weight decay (decoupled for AdamW), finite and ≥ 0, or nil for the optimizer's.
    public var weightDecay: Double?
    /// The group's momentum (SGD, RMSprop), finite and ≥ 0, or nil for the optimizer's.
    public var momentum: Double?
    /// The group's dampening (SGD), finite and ≥ 0, or nil for the optimizer's.
    public var dampening: Double?
    /// The group's β1 (Adam, AdamW), in [0, 1), or nil for the optimizer's.
    public var beta1: Double?
    /// The group's β2 (Adam, AdamW), in [0, 1), or nil for the optimizer's.
    public var beta2: Double?
    /// The group's epsilon (Adam, AdamW, RMSprop, Adagrad), finite and ≥ 0, or nil for the optimizer's.
    public var epsilon: Double?
    /// The group's smoothing constant α (RMSprop), finite and ≥ 0, or nil for the optimizer's.
    public var alpha: Double?

    /// A group of `parameters` with the settings given (nil: the optimizer's).
    public init(_ parameters: [Parameter<Scalar>], learningRate: Double? = nil, weightDecay: Double? = nil,
                momentum: Double? = nil, dampening: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
                epsilon: Double? = nil, alpha: Double? = nil) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.dampening = dampening
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.alpha = alpha
    }

    /// The settings the group gives, by the setting of ``OptimizerGroup`` each overrides.
    var given: [(setting: WritableKeyPath<OptimizerGroup, Double?>, value: Double?)] {
        [(\.learningRateSetting, learningRate), (\.weightDecaySetting, weightDecay), (\.momentum, momentum),
         (\.dampening, dampening), (\.beta1, beta1), (\.beta2, beta2), (\.epsilon, epsilon), (\.alpha, alpha)]
    }
}

/// One of an optimizer's parameter groups as it updates them, an entry of PyTorch's `optimizer.param_groups`:
/// which parameters, and the settings it updates them with.
///
/// Every setting can be changed between steps, as a PyTorch group's keys can: `optimizer.groups[1].learningRate = 1e-4`
/// is `param_groups[1]["lr"] = 1e-4`, `optimizer.groups[0].beta1 = 0.85` is `param_groups[0]["betas"] = (0.85, β2)`;
/// schedules set the rates (and ``OneCycle`` the momentum or β1). A setting the optimizer does not have is nil and
/// stays nil; the parameters stay those the optimizer was made with. Setting a value out of its range traps.
public struct OptimizerGroup: Sendable, Equatable {
    /// The group's parameters, as indices into the optimizer's `parameters` (which lists every group's, group after group).
    public let indices: Range<Int>
    /// The rate the next `step()` uses for this group's parameters, finite and ≥ 0.
    public var learningRate: Double
    /// The weight decay of this group's parameters, finite and ≥ 0: an L2 penalty in the gradient, or decoupled for AdamW.
    public var weightDecay: Double
    /// The momentum factor (SGD, RMSprop; nil for the others), finite and ≥ 0.
    public var momentum: Double? = nil
    /// The dampening of the gradient added to the momentum buffer (SGD; nil for the others), finite and ≥ 0.
    public var dampening: Double? = nil
    /// The decay rate β1 of the first moment (Adam, AdamW; nil for the others), in [0, 1).
    public var beta1: Double? = nil
    /// The decay rate β2 of the second moment (Adam, AdamW; nil for the others), in [0, 1).
    public var beta2: Double? = nil
    /// Added to the denominator for numerical stability (Adam, AdamW, RMSprop, Adagrad; nil for SGD), finite and ≥ 0.
    public var epsilon: Double? = nil
    /// The smoothing constant α of RMSprop's running averages (nil for the others), finite and ≥ 0.
    public var alpha: Double? = nil

    /// ``learningRate`` as a setting of the table (never nil).
    var learningRateSetting: Double? {
        get { learningRate }
        set { if let newValue { learningRate = newValue } }
    }
    /// ``weightDecay`` as a setting of the table (never nil).
    var weightDecaySetting: Double? {
        get { weightDecay }
        set { if let newValue { weightDecay = newValue } }
    }
}

/// The flat parameter list and the resolved groups of an optimizer made from `groups`, a setting left nil in a group
/// taking the optimizer's from `defaults` (PyTorch's `optimizer.defaults`; its indices are unused); checks every
/// setting (only those `defaults` has may be given), and the parameters (their names unique, none in two groups);
/// also returns `defaults` and the groups as made, for saving and restoring. `optimizer` names the optimizer in messages.
func resolveGroups<Scalar>(_ groups: [ParameterGroup<Scalar>], defaults: OptimizerGroup,
                           _ optimizer: String) -> (parameters: [Parameter<Scalar>], groups: [OptimizerGroup], settings: SettingDefaults) {
    require(!groups.isEmpty, "\(optimizer): no parameter groups; give at least one (it may be empty)")
    checkSettings(defaults, nil, of: 1, optimizer)
    var parameters: [Parameter<Scalar>] = []
    var resolved: [OptimizerGroup] = []
    var groupOf: [ObjectIdentifier: Int] = [:]
    for (g, group) in groups.enumerated() {
        var settings = defaults
        for (path, value) in group.given {
            guard let value else { continue }
            let setting = GroupSetting.all.first { $0.path == path }!
            require(defaults[keyPath: path] != nil, "\(optimizer) has no \(setting.name); group \(g) sets it to \(value)")
            settings[keyPath: path] = value
        }
        checkSettings(settings, g, of: groups.count, optimizer)
        for p in group.parameters {
            guard let earlier = groupOf.updateValue(g, forKey: ObjectIdentifier(p)) else { continue }
            failRequirement(earlier == g
                ? "\(optimizer): parameter '\(p.name)' is listed twice\(groups.count > 1 ? " in group \(g)" : ""); list each parameter once"
                : "\(optimizer): parameter '\(p.name)' is in groups \(earlier) and \(g); give each parameter one group")
        }
        resolved.append(OptimizerGroup(indices: parameters.count..<(parameters.count + group.parameters.count),
                                       learningRate: settings.learningRate, weightDecay: settings.weightDecay,
                                       momentum: settings.momentum, dampening: settings.dampening, beta1: settings.beta1,
                                       beta2: settings.beta2, epsilon: settings.epsilon, alpha: settings.alpha))
        parameters += group.parameters
    }
    validateOptimizerParameters(parameters, optimizer)
    return (parameters, resolved, SettingDefaults(optimizer: defaults, groups: resolved))
}

/// Checks a change of an optimizer's groups (`groups` set, `old` before): the same parameters and the same settings
/// present, each in its range. `optimizer` names the optimizer in messages.
func checkGroupChange(_ groups: [OptimizerGroup], from old: [OptimizerGroup], _ optimizer: @autoclosure () -> String) {
    let present = { (group: OptimizerGroup) in GroupSetting.all.map { group[keyPath: $0.path] != nil } }
    require(groups.map(\.indices) == old.map(\.indices) && groups.map(present) == old.map(present),
                 "\(optimizer()): the parameter groups and the settings they have are fixed when the optimizer is made; "
                 + "only their values can be set")
    for (g, group) in groups.enumerated() { checkSettings(group, g, of: groups.count, optimizer()) }
}

/// Traps unless every setting `group` has is in its range; `g` is the group's number (nil for the optimizer's defaults).
func checkSettings(_ group: OptimizerGroup, _ g: Int?, of count: Int, _ optimizer: @autoclosure () -> String) {
    for setting in GroupSetting.all {
        guard let value = group[keyPath: setting.path] else { continue }
        require(setting.isValid(value), "\(optimizer()): the \(g.map { groupSetting(setting.name, $0, of: count) } ?? setting.name) "
                     + "must be \(setting.expected), got \(value)")
    }
}

/// `setting` ("learning rate") for an optimizer of one group, `setting of group g` for one of several.
func groupSetting(_ setting: String, _ g: Int, of count: Int) -> String {
    count == 1 ? setting : "\(setting) of group \(g)"
}
