/// An optimizer's or schedule's checkpointable state: named tensors and named scalars.
///
/// Tensor keys are `optimizer.<state>.<parameter name>` with PyTorch's state
/// names (`momentum_buffer`, `sum`, `square_avg`, `grad_avg`, `exp_avg`,
/// `exp_avg_sq`, `max_exp_avg_sq`); scalars are `optimizer.step` (an integer
/// count) and the learning rate: `optimizer.lr` for an optimizer of one group (every
/// optimizer made from a single list), or for each group g of several `optimizer.lr.<g>` and
/// `optimizer.group_size.<g>`, its number of parameters. The groups' other settings are saved the same way
/// (`optimizer.weight_decay`, `optimizer.momentum`, `optimizer.dampening`, `optimizer.beta1`, `optimizer.beta2`,
/// `optimizer.eps`, `optimizer.alpha`, or `optimizer.momentum.<g>` for each group of several) when some group's value
/// differs from the optimizer's default or from its own as made, so a state of default groups holds the keys it always had
/// (and ``SGD``'s `optimizer.momentum_started` when its buffers alone cannot tell which groups started them); a state without
/// a setting's keys (one saved before settings were kept, or of default groups) restores every group's value as the
/// optimizer was made with. A state restores only into an
/// optimizer of as many groups of those sizes, as PyTorch's `load_state_dict` checks; the settings go to the
/// groups by position (groups of equal sizes given in another order swap them), the buffers by parameter name.
public struct OptimizerState<Scalar: TensorScalar>: Sendable, Equatable {
    /// Per-parameter state buffers, each the shape of its parameter.
    public var tensors: [String: Tensor<Scalar>]
    /// Step count, learning rates and other group settings, group sizes.
    public var scalars: [String: Double]

    /// The prefix of every key an optimizer writes and reads.
    public static var keyPrefix: String { "optimizer." }
    /// Key of the step count.
    public static var stepKey: String { "optimizer.step" }
    /// The buffers that accumulate squares (Adam's second moments, RMSprop's and Adagrad's sums): never negative.
    static var sumsOfSquares: Set<String> { ["exp_avg_sq", "max_exp_avg_sq", "square_avg", "sum"] }
    /// Key of the learning rate of an optimizer of one group; group g of several has `optimizer.lr.<g>`.
    public static var learningRateKey: String { "optimizer.lr" }
    /// Key of the number of parameters in each group of an optimizer of several: `optimizer.group_size.<g>`.
    public static var groupSizeKey: String { "optimizer.group_size" }

    /// A state from tensors and scalars, e.g. read back from a checkpoint.
    public init(tensors: [String: Tensor<Scalar>] = [:], scalars: [String: Double] = [:]) {
        self.tensors = tensors
        self.scalars = scalars
    }

    /// The key of state `name` for parameter `parameterName`.
    public static func key(_ name: String, _ parameterName: String) -> String {
        "\(keyPrefix)\(name).\(parameterName)"
    }
}

/// Why an optimizer or schedule state could not be restored.
public enum OptimizerStateError: Error, Equatable, CustomStringConvertible {
    /// A tensor the optimizer needs is absent.
    case missingTensor(key: String)
    /// A tensor has another shape than its parameter.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// An `optimizer.` tensor this optimizer does not use (another optimizer or options).
    case unexpectedTensor(key: String)
    /// A buffer holds a NaN or an infinity.
    case nonFiniteTensor(key: String)
    /// A buffer of squares holds a negative value.
    case negativeTensor(key: String)
    /// A scalar the optimizer or schedule needs is absent.
    case missingScalar(key: String)
    /// A scalar is present but out of range.
    case invalidScalar(key: String, value: Double, expected: String)
    /// A scalar stored as text (in a file's metadata) is not a number.
    case unreadableScalar(key: String, text: String)
    /// A state saved for another number of parameter groups than the optimizer's or schedule's.
    case groupCountMismatch(expected: Int, found: Int)
    /// A parameter group saved with another number of parameters than the optimizer's (group numbers from 0).
    case groupSizeMismatch(group: Int, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .missingTensor(let key):
            "optimizer state: tensor '\(key)' is missing"
        case .shapeMismatch(let key, let expected, let found):
            "optimizer state: tensor '\(key)' has shape \(found), expected \(expected)"
        case .unexpectedTensor(let key):
            "optimizer state: tensor '\(key)' is not used by this optimizer (other optimizer or options?)"
        case .nonFiniteTensor(let key):
            "optimizer state: tensor '\(key)' holds NaN or infinite values"
        case .negativeTensor(let key):
            "optimizer state: tensor '\(key)' holds negative values, but it accumulates squares"
        case .missingScalar(let key):
            "optimizer state: scalar '\(key)' is missing"
        case .invalidScalar(let key, let value, let expected):
            "optimizer state: scalar '\(key)' is \(value), expected \(expected)"
        case .unreadableScalar(let key, let text):
            "optimizer state: scalar '\(key)' is '\(text)', not a number"
        case .groupCountMismatch(let expected, let found):
            "optimizer state: saved for \(found) parameter groups, expected \(expected) (the groups the optimizer was made with)"
        case .groupSizeMismatch(let group, let expected, let found):
            "optimizer state: parameter group \(group) was saved with \(found) parameters, expected \(expected)"
        }
    }

    /// The scalar `key` of `scalars` as a count ≥ 0.
    static func count(_ key: String, in scalars: [String: Double]) throws -> Int {
        guard let value = scalars[key] else { throw OptimizerStateError.missingScalar(key: key) }
        guard value >= 0, value <= 0x1p53, value.rounded() == value else {
            throw OptimizerStateError.invalidScalar(key: key, value: value, expected: "an integer from 0 to 2^53")
        }
        return Int(value)
    }

    /// The scalar `key` of `scalars`, checked by `isValid`.
    static func value(_ key: String, in scalars: [String: Double], expected: String,
                      _ isValid: (Double) -> Bool) throws -> Double {
        guard let value = scalars[key] else { throw OptimizerStateError.missingScalar(key: key) }
        guard isValid(value) else { throw OptimizerStateError.invalidScalar(key: key, value: value, expected: expected) }
        return value
    }
}

/// What an optimizer's saved settings are compared with: its own (PyTorch's `optimizer.defaults`; a setting is saved
/// when some group's value differs from it or from its group as made) and its groups as it was made (what a state
/// without a setting's keys restores).
struct SettingDefaults: Sendable {
    /// The optimizer's settings, its indices unused.
    let optimizer: OptimizerGroup
    /// The groups as the optimizer was made.
    let groups: [OptimizerGroup]
}

/// An optimizer's per-parameter state buffers, each under its PyTorch name, named once for
/// both ``OptimizerState/init(of:_:)`` and ``OptimizerState/restore(_:of:)``; an empty buffer is an unused option.
typealias StateBuffers<Owner, Scalar: TensorScalar> = KeyValuePairs<String, ReferenceWritableKeyPath<Owner, [Tensor<Scalar>]>>

extension OptimizerState {
    /// The state of `owner`: its step count, its groups' learning rates (and sizes, for several), each other setting
    /// of theirs when one differs from `settings.optimizer` or from its group in `settings.groups`, and the `buffers`
    /// in use (an empty buffer is an unused option and is left out).
    init<Owner: Optimizer>(of owner: Owner, _ buffers: StateBuffers<Owner, Scalar>, _ settings: SettingDefaults) where Owner.Scalar == Scalar {
        self.init(scalars: [Self.stepKey: Double(owner.stepCount)])
        let groups = owner.groups
        for (key, group) in zip(PerGroupKeys.keys(Self.learningRateKey, count: groups.count), groups) { scalars[key] = group.learningRate }
        // Saved when a group differs from the optimizer's default or from the group as made, which a state without
        // the setting's keys restores: a value set back to the default in a group made with its own is saved too.
        for setting in GroupSetting.saved where zip(groups, settings.groups).contains(where: { group, made in
            group[keyPath: setting.path] != settings.optimizer[keyPath: setting.path] || group[keyPath: setting.path] != made[keyPath: setting.path]
        }) {
            for (key, group) in zip(PerGroupKeys.keys(Self.keyPrefix + setting.key, count: groups.count), groups) {
                scalars[key] = group[keyPath: setting.path]
            }
        }
        if groups.count > 1 {
            for (key, group) in zip(PerGroupKeys.keys(Self.groupSizeKey, count: groups.count), groups) { scalars[key] = Double(group.indices.count) }
        }
        for (name, path) in buffers {
            for (p, t) in zip(owner.parameters, owner[keyPath: path]) { tensors[Self.key(name, p.name)] = t }
        }
    }

    /// Validates this state for the parameters and groups of `owner` and its `buffers` in use (those not empty, and
    /// the `momentumBuffer` when the state holds it), sets those buffers, and returns the step count and the groups
    /// (their settings restored; a setting the state has no keys of as in `settings.groups`) to set.
    ///
    /// Whether the momentum buffers are in use is the state's to say: an optimizer takes them at its first step when
    /// a group's momentum is nonzero then, which a schedule made with it may have set (``OneCycle``).
    /// - Throws: ``OptimizerStateError`` at the first missing, unexpected, misshapen or out-of-range entry, for a
    ///   state of other groups, or for a nonzero momentum in a state past its first step without momentum buffers;
    ///   `owner` is unchanged.
    func restore<Owner: Optimizer>(_ buffers: StateBuffers<Owner, Scalar>, of owner: Owner, _ settings: SettingDefaults,
                                   momentumBuffer: String? = nil) throws
        -> (stepCount: Int, groups: [OptimizerGroup]) where Owner.Scalar == Scalar {
        // Without parameters there are no buffers to tell: the optimizer's own say.
        let saysMomentum = momentumBuffer != nil && !owner.parameters.isEmpty
        let momentumInUse = saysMomentum && tensors.keys.contains { $0.hasPrefix(Self.key(momentumBuffer!, "")) }
        let inUse = buffers.filter { saysMomentum && $0.key == momentumBuffer ? momentumInUse : !owner[keyPath: $0.value].isEmpty }
        let state = try decoded(parameters: owner.parameters, groups: owner.groups, names: inUse.map(\.key))
        var groups = owner.groups
        for g in groups.indices { groups[g].learningRate = state.learningRates[g] }
        for setting in GroupSetting.saved where settings.optimizer[keyPath: setting.path] != nil {
            let key = Self.keyPrefix + setting.key
            let values = PerGroupKeys.savedCount(key, in: scalars) == 0 ? settings.groups.map { $0[keyPath: setting.path]! }
                : try PerGroupKeys.values(key, count: groups.count, in: scalars, expected: setting.expected, setting.isValid)
            for g in groups.indices { groups[g][keyPath: setting.path] = values[g] }
        }
        if saysMomentum, !momentumInUse, state.stepCount > 0, let g = groups.indices.first(where: { (groups[$0].momentum ?? 0) != 0 }) {
            throw OptimizerStateError.invalidScalar(key: PerGroupKeys.keys(Self.keyPrefix + "momentum", count: groups.count)[g],
                                                    value: groups[g].momentum!, expected: "0, as the state holds no momentum buffers")
        }
        for (name, path) in buffers where (saysMomentum && name == momentumBuffer) || inUse.contains(where: { $0.key == name }) {
            owner[keyPath: path] = state.buffers[name] ?? []
        }
        return (state.stepCount, groups)
    }

    /// Validates this state for `parameters` in `groups` and the buffer `names` in use, and returns the step
    /// count, the groups' learning rates and the buffers (parallel to `parameters`) by name.
    /// - Throws: ``OptimizerStateError`` at the first missing, unexpected or misshapen entry, or for a state of other groups.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func decoded(parameters: [Parameter<Scalar>], groups: [OptimizerGroup], names: [String]) throws
        -> (stepCount: Int, learningRates: [Double], buffers: [String: [Tensor<Scalar>]]) {
        let stepCount = try OptimizerStateError.count(Self.stepKey, in: scalars)
        let learningRates = try PerGroupKeys.values(Self.learningRateKey, count: groups.count, in: scalars,
                                                    expected: "a finite rate ≥ 0") { $0.isFinite && $0 >= 0 }
        if groups.count > 1 {
            for (g, (key, group)) in zip(PerGroupKeys.keys(Self.groupSizeKey, count: groups.count), groups).enumerated() {
                let size = try OptimizerStateError.count(key, in: scalars)
                guard size == group.indices.count else {
                    throw OptimizerStateError.groupSizeMismatch(group: g, expected: group.indices.count, found: size)
                }
            }
        }
        var buffers: [String: [Tensor<Scalar>]] = [:]
        var expected = Set<String>()
        for name in names {
            buffers[name] = try parameters.map { p in
                let key = Self.key(name, p.name)
                expected.insert(key)
                guard let t = tensors[key] else { throw OptimizerStateError.missingTensor(key: key) }
                guard t.shape == p.shape else {
                    throw OptimizerStateError.shapeMismatch(key: key, expected: p.shape, found: t.shape)
                }
                guard t.isFinite else { throw OptimizerStateError.nonFiniteTensor(key: key) }
                if Self.sumsOfSquares.contains(name), t.scalars.contains(where: { $0 < 0 }) {
                    throw OptimizerStateError.negativeTensor(key: key)
                }
                return t
            }
        }
        if let extra = tensors.keys.sorted().first(where: { $0.hasPrefix(Self.keyPrefix) && !expected.contains($0) }) {
            throw OptimizerStateError.unexpectedTensor(key: extra)
        }
        return (stepCount, learningRates, buffers)
    }
}
