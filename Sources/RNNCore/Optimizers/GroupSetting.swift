/// A setting of a parameter group (``OptimizerGroup``): its name in messages, its key in a saved state (PyTorch's
/// name, `betas` split in two) and its range.
struct GroupSetting: Sendable {
    /// "weight decay", for messages.
    let name: String
    /// The setting's key in a saved state after `optimizer.`: `weight_decay`, `momentum`, `beta1`, ….
    let key: String
    /// Where a group holds it (nil in a group of an optimizer without it).
    let path: WritableKeyPath<OptimizerGroup, Double?> & Sendable
    /// The range in words, for messages.
    let expected: String
    let isValid: @Sendable (Double) -> Bool

    /// A finite number ≥ 0.
    private static func nonNegative(_ name: String, _ key: String, _ path: WritableKeyPath<OptimizerGroup, Double?> & Sendable) -> GroupSetting {
        GroupSetting(name: name, key: key, path: path, expected: "a finite number ≥ 0") { $0 >= 0 && $0.isFinite }
    }

    /// A number in [0, 1).
    private static func beta(_ name: String, _ key: String, _ path: WritableKeyPath<OptimizerGroup, Double?> & Sendable) -> GroupSetting {
        GroupSetting(name: name, key: key, path: path, expected: "in [0, 1)") { $0 >= 0 && $0 < 1 }
    }

    /// Every setting, the learning rate first.
    static let all: [GroupSetting] = [nonNegative("learning rate", "lr", \.learningRateSetting)] + saved

    /// The settings saved only when a group's value differs from the optimizer's or its own as made (the rate is always saved).
    static let saved: [GroupSetting] = [
        nonNegative("weight decay", "weight_decay", \.weightDecaySetting),
        nonNegative("momentum", "momentum", \.momentum),
        nonNegative("dampening", "dampening", \.dampening),
        beta("β1", "beta1", \.beta1),
        beta("β2", "beta2", \.beta2),
        nonNegative("epsilon", "eps", \.epsilon),
        nonNegative("alpha", "alpha", \.alpha),
    ]
}
