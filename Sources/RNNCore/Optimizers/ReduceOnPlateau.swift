import Requirements

/// Cuts the learning rate when a metric stops improving, as
/// `torch.optim.lr_scheduler.ReduceLROnPlateau`.
///
/// Each ``observe(metric:optimizer:)`` (one per epoch) compares the metric with
/// the best so far. In `min` mode with a relative threshold a metric is better
/// when `metric < best · (1 − threshold)`; `max` mode and an absolute threshold
/// are the obvious variants. After more than ``patience`` epochs without
/// improvement each group's rate becomes `max(rate · factor, minimum)`, its group's ``minimumRates`` entry (unless that
/// changes it by less than ``epsilon``), then ``cooldown`` epochs pass during
/// which bad epochs are not counted. ``apply(to:)`` changes no rate (it checks ``minimumRates`` against the groups):
/// the rates change only on observations, and otherwise stay what the optimizer holds.
public struct ReduceOnPlateau: LearningRateSchedule {
    /// Whether lower or higher metrics are better.
    public enum Mode: String, Sendable { case min, max }
    /// How ``threshold`` measures a significant improvement.
    public enum ThresholdMode: String, Sendable { case relative, absolute }

    public let mode: Mode
    /// Multiplier of the rate on a plateau, < 1.
    public let factor: Double
    /// Epochs without improvement tolerated before a cut.
    public let patience: Int
    /// The improvement that counts as one.
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    /// Epochs after a cut during which bad epochs are ignored.
    public let cooldown: Int
    /// No group's rate is cut below its entry, PyTorch's `min_lrs`: one per group, in group order, as given to
    /// ``init(mode:factor:patience:threshold:thresholdMode:cooldown:minimumRates:epsilon:)``, or one entry, every
    /// group's, as given as `minimumRate:`.
    public let minimumRates: [Double]
    /// Whether ``minimumRates`` was given one per group (as many as the optimizer's groups), rather than one for all.
    private let minimumPerGroup: Bool
    /// Cuts smaller than this are skipped.
    public let epsilon: Double

    /// Number of observations so far (PyTorch's `last_epoch`).
    public private(set) var epoch = 0
    /// The best metric so far (+∞ in `min` mode, −∞ in `max` mode, before any).
    public private(set) var best: Double
    /// Consecutive observations without improvement.
    public private(set) var badEpochs = 0
    /// Observations left in the current cooldown.
    public private(set) var cooldownCounter = 0

    /// A plateau schedule with PyTorch's defaults.
    /// - Parameters:
    ///   - mode: default `.min`.
    ///   - factor: in [0, 1) (default 0.1).
    ///   - patience: ≥ 0 (default 10).
    ///   - threshold: default 1e-4.
    ///   - thresholdMode: default `.relative`.
    ///   - cooldown: ≥ 0 (default 0).
    ///   - minimumRate: every group's minimum (default 0).
    ///   - epsilon: default 1e-8.
    public init(mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimumRate: Double = 0,
                epsilon: Double = 1e-8) {
        self.init(mode: mode, factor: factor, patience: patience, threshold: threshold, thresholdMode: thresholdMode,
                  cooldown: cooldown, minimumRates: [minimumRate], perGroup: false, epsilon: epsilon)
    }

    /// A plateau schedule with a minimum rate per group, as `ReduceLROnPlateau(optimizer, min_lr=[…])`; the other
    /// settings as in ``init(mode:factor:patience:threshold:thresholdMode:cooldown:minimumRate:epsilon:)``.
    /// - Parameter minimumRates: each group's minimum, in group order, as many as the groups of the optimizer (one for
    ///   every group is `minimumRate:`). The schedule is made without its optimizer, so the count is checked by the
    ///   first ``apply(to:)`` (before the first step) or ``observe(metric:optimizer:)``, and traps there when it differs.
    public init(mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimumRates: [Double],
                epsilon: Double = 1e-8) {
        self.init(mode: mode, factor: factor, patience: patience, threshold: threshold, thresholdMode: thresholdMode,
                  cooldown: cooldown, minimumRates: minimumRates, perGroup: true, epsilon: epsilon)
    }

    /// The schedule of the public initializers, `minimumRates` one per group or, not `perGroup`, one for all.
    private init(mode: Mode, factor: Double, patience: Int, threshold: Double, thresholdMode: ThresholdMode, cooldown: Int,
                 minimumRates: [Double], perGroup: Bool, epsilon: Double) {
        require(!minimumRates.isEmpty, "ReduceOnPlateau: no minimum rates; give one per group, or one minimumRate for all")
        require(factor >= 0 && factor < 1, "ReduceOnPlateau: factor \(factor) not in [0, 1)")
        require(patience >= 0 && cooldown >= 0, "ReduceOnPlateau: patience \(patience) and cooldown \(cooldown) must be ≥ 0")
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumRates = minimumRates
        self.minimumPerGroup = perGroup
        self.epsilon = epsilon
        self.best = mode == .min ? .infinity : -.infinity
    }

    /// Whether `metric` improves on ``best`` by more than the threshold.
    public func isImprovement(_ metric: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): metric < best * (1 - threshold)
        case (.min, .absolute): metric < best - threshold
        case (.max, .relative): metric > best * (threshold + 1)
        case (.max, .absolute): metric > best + threshold
        }
    }

    /// Changes no rate; checks that ``minimumRates`` has one entry per group of `optimizer` when given per group (the
    /// first point the schedule sees its optimizer, before the first step).
    public mutating func apply<O: Optimizer>(to optimizer: O) { checkMinimumRates(optimizer) }

    public mutating func observe<O: Optimizer>(metric: Double, optimizer: O) {
        checkMinimumRates(optimizer)
        epoch += 1
        if isImprovement(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            for g in optimizer.groups.indices {
                let old = optimizer.groups[g].learningRate
                let new = Swift.max(old * factor, minimumPerGroup ? minimumRates[g] : minimumRates[0])
                if old - new > epsilon { optimizer.groups[g].learningRate = new }
            }
            cooldownCounter = cooldown
            badEpochs = 0
        }
    }

    /// Traps unless ``minimumRates``, given per group, has one entry per group of `optimizer`, as PyTorch's
    /// `ReduceLROnPlateau` refuses a `min_lr` list of another length.
    private func checkMinimumRates<O: Optimizer>(_ optimizer: O) {
        require(!minimumPerGroup || minimumRates.count == optimizer.groups.count, "ReduceOnPlateau: \(minimumRates.count) "
                     + "minimum rates for an optimizer of \(optimizer.groups.count) parameter groups; give one per group, "
                     + "or one minimumRate for all")
    }

    public func exportState() -> [String: Double] {
        ["scheduler.step": Double(epoch), "scheduler.best": best,
         "scheduler.bad_epochs": Double(badEpochs), "scheduler.cooldown_counter": Double(cooldownCounter)]
    }

    public mutating func restoreState(_ state: [String: Double]) throws {
        let epoch = try OptimizerStateError.count("scheduler.step", in: state)
        let best = try OptimizerStateError.value("scheduler.best", in: state, expected: "a number") { !$0.isNaN }
        let bad = try OptimizerStateError.count("scheduler.bad_epochs", in: state)
        let cooldownCounter = try OptimizerStateError.count("scheduler.cooldown_counter", in: state)
        (self.epoch, self.best, self.badEpochs, self.cooldownCounter) = (epoch, best, bad, cooldownCounter)
    }
}
