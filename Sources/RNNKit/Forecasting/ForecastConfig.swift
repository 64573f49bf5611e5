/// How a model forecasts H steps.
public enum MultiStepStrategy: String, Sendable, Codable, CaseIterable {
    /// A one-step model whose predictions are fed back as inputs H times.
    case recursive
    /// One head emits all H steps at once (multi-output).
    case direct
}

/// The probabilistic output of a network.
public enum HeadKind: String, Sendable, Codable, CaseIterable {
    /// A mean and a log-variance per step, trained with Gaussian NLL.
    case gaussian
    /// The median and the interval bounds per step, trained with the pinball loss.
    case quantile
}

/// How a trained model's intervals are calibrated (see ``ForecastModel``'s interval calibration).
public enum IntervalCalibration: String, Sendable, Codable, CaseIterable {
    /// The ensemble's own intervals, as they come out of its networks.
    case none
    /// Each level's intervals scaled by one factor, chosen so that they would have covered their level of the
    /// forecasts that networks trained without the validation tail make into it (split-conformal calibration).
    case validation
}

/// What the network predicts, relative to what it has seen.
public enum TargetMode: String, Sendable, Codable, CaseIterable {
    /// The (scaled, transformed) value itself.
    case level
    /// The change from the last observed value.
    case change
    /// The change from the value one season earlier at the same position in the
    /// last observed season (the seasonal-naive forecast); `change` when the season is 1.
    case seasonalChange = "seasonal-change"
}

/// A value transform applied before scaling.
public enum ValueTransform: String, Sendable, Codable, CaseIterable {
    /// `log` when every training value is positive, else `none`.
    case auto
    /// The values as they are.
    case none
    /// The natural log; every value must be positive (a value is clamped to the smallest positive Double first,
    /// so that a 0 in a series to forecast from has a finite log, about −744.4).
    case log

    /// The transform to use for `values`: ``auto`` resolved.
    /// - Throws: ``ForecastError/configuration(_:)`` (`ForecastConfig.transform`) for `log` of a non-positive value.
    public func resolved(for values: [Double], file: String) throws -> ValueTransform {
        switch self {
        case .auto: return values.allSatisfy { $0 > 0 } ? .log : .none
        case .none: return .none
        case .log:
            guard values.allSatisfy({ $0 > 0 }) else {
                throw ForecastError.configuration(ConfigurationError(
                    "the transform (\(setting: "ForecastConfig.transform")) must be auto or none for \(file), which has a value <= 0, got log"))
            }
            return .log
        }
    }

    /// Applies the (resolved) transform.
    public func apply(_ x: Double) -> Double { self == .log ? Foundation.log(Swift.max(x, .leastNonzeroMagnitude)) : x }
    /// Undoes ``apply(_:)``: exp for log, else the value itself.
    public func invert(_ y: Double) -> Double { self == .log ? Foundation.exp(y) : y }
}

/// Everything that defines a forecasting model and how it is trained.
///
/// Shapes: L = ``lookback``, H = ``horizon``, m = ``season``.
public struct ForecastConfig: Sendable, Codable, Equatable {
    /// The recurrent cell of every network: LSTM, GRU or Elman (tanh).
    public var cell: CellKind = .gru
    /// Hidden units per layer.
    public var hidden: Int = 32
    /// Recurrent layers per network, ≥ 1.
    public var layers: Int = 1
    /// Dropout between layers (only with 2 or more layers), in [0, 1).
    public var dropout: Double = 0
    /// The most passes over the training windows; early stopping picks fewer.
    public var epochs: Int = 150
    /// Epochs without a better validation score before stopping.
    public var patience: Int = 20
    /// Training windows per update, ≥ 1.
    public var batchSize: Int = 32
    /// The most training windows an epoch reads, ≥ 1, so that a long series trains in a time that does not grow with its
    /// length (GluonTS's `num_batches_per_epoch`, Keras's `steps_per_epoch`): each epoch trains on a fresh random sample of
    /// this many of the windows (from the network's seed, so the same for a seed). A series with no more windows trains on
    /// every one, as without the setting, and its model records nil. Nil (the default, as Keras and PyTorch loops go
    /// through the data each epoch, and as in checkpoints written before the setting): every window; on a long series
    /// ``validationWindows`` is what keeps an epoch short.
    public var windowsPerEpoch: Int? = nil
    /// The most origins of the validation tail early stopping forecasts from after each epoch, ≥ 1 (Keras's
    /// `validation_steps`): that many, evenly spaced and the same every epoch, so that epochs compare like with like. Each
    /// is an H-step forecast, so on a long series this pass, not the training, takes most of an epoch. A tail with no
    /// more origins is scored whole, as without the setting, and the model records nil. Nil (as in checkpoints written
    /// before the setting): every origin.
    public var validationWindows: Int? = 1000
    /// The optimizer's learning rate, ≥ 0 and finite (0, as PyTorch's optimizers take it, leaves the weights as they are).
    public var learningRate: Double = 3e-3
    /// The optimizer, with each one's defaults but SGD's momentum (see ``optimizerSettings``).
    public var optimizer: OptimizerSettings.Kind = .adam
    /// Clip the global gradient norm at this value; nil for none.
    public var clipNorm: Double? = 1
    /// The fraction of the training part held back (at its end) to choose the epoch count.
    public var validationFraction: Double = 0.2
    /// Scaling fitted on the training part, nil for none.
    public var scaling: ScalingKind? = .standard
    /// The value transform before scaling; ``ValueTransform/auto`` takes logs of a series of positive values.
    public var transform: ValueTransform = .auto
    /// What the network predicts: the level, or the change from the last value or from one season back.
    public var target: TargetMode = .seasonalChange
    /// How the H steps are made: one-step predictions fed back (recursive), or all H at once (direct).
    public var strategy: MultiStepStrategy = .recursive
    /// The output distribution per step: Gaussian (mean and log-variance) or quantiles (median and interval bounds).
    public var head: HeadKind = .gaussian
    /// Interval levels in (0, 1), below the largest Double under 1 (whose upper quantile rounds to 1).
    public var levels: [Double] = [0.8, 0.95]
    /// H, the steps to forecast: ≥ 1, at most ``ForecastModel/maximumHorizon``.
    public var horizon: Int = 1
    /// m >= 1; nil infers it from the dates.
    public var season: Int? = nil
    /// L >= 1; nil chooses 2·m for seasonal series and max(2·H, 20) otherwise.
    public var lookback: Int? = nil
    /// Networks trained with seeds seed, seed+1, ...; their forecasts are combined as the mixture of the
    /// members (see ``ForecastModel``'s ensemble forecasts: pooled sample paths, mixture quantiles, or averaged bounds).
    public var ensemble: Int = 5
    /// Member k's weights and window order come from seed + k; the sample paths draw from it too.
    public var seed: UInt64 = 1
    /// Sample paths each member draws for the intervals of a recursive forecast, from 10 to 100 000
    /// (the intervals are quantiles of all members' paths pooled).
    public var samples: Int = 200
    /// How the intervals are calibrated after training: not at all (the default: calibrating on the validation tail
    /// made the built-in series' backtest intervals worse; see Examples/Forecast/README.md), or on the validation tail (which needs a
    /// ``validationFraction`` above 0: ``validate()`` refuses it without one).
    /// Nil, as in checkpoints written before intervals could be calibrated, is ``IntervalCalibration/none``.
    public var calibration: IntervalCalibration? = IntervalCalibration.none
    /// Whether each input step also carries calendar features: the sine and cosine of the phase of each calendar cycle
    /// the series' spacing moves through (``Frequency/calendarCycles``: the time of day and day of the week for steps
    /// under a day, the day of the week and of the year for daily series, …), of the date of the step the input precedes,
    /// as DeepAR's time features are aligned (``ForecastWindowing``). Training needs regular dates finer than yearly, and
    /// forecasting the history's dates (``ForecastModel/forecast(series:horizon:name:progress:stopRequest:)``).
    /// Nil (the default, and in checkpoints written before the setting) or false: the values alone, as before.
    /// ``calendarCycles`` chooses other cycles.
    public var calendar: Bool? = nil
    /// The calendar cycles to read with ``calendar``, instead of those of the series' spacing: each must fit the spacing
    /// (``Frequency/calendarMisfit(_:)``: move from date to date, and be no finer than a step: not the time of day of a
    /// daily series, nor the day of the week of a weekly or monthly one), and a model reads them in the order of
    /// ``CalendarCycle/allCases`` whatever order they are listed in. Distinct, at least one, and only with ``calendar``
    /// true. Nil (the default, and in checkpoints written before the setting): the cycles of the series' spacing
    /// (``Frequency/calendarCycles``).
    public var calendarCycles: [CalendarCycle]? = nil

    /// The defaults: a 32-unit GRU, Gaussian head, recursive, seasonal changes, standard scaling, 5 members.
    public init() {}

    /// The optimizer at ``learningRate``, with each optimizer's defaults but SGD's momentum: 0.9.
    public var optimizerSettings: OptimizerSettings {
        OptimizerSettings(kind: optimizer, learningRate: learningRate, momentum: optimizer == .sgd ? 0.9 : nil)
    }

    /// The lookback for season `m` (saturating at `Int.max` rather than overflowing).
    public func resolvedLookback(season m: Int) -> Int {
        lookback ?? (m > 1 ? CheckedSize.product(2, m) : CheckedSize.product(2, horizon).map { Swift.max($0, 20) }) ?? .max
    }

    /// The parameters of one network, or nil when the count overflows `Int`: ``parameterCount(inputSize:)`` of 1 input,
    /// or with ``calendar`` of 1 + 2 per cycle: those of ``calendarCycles``, else the most a spacing gives (two,
    /// ``Frequency/mostCalendarCycles``), before the series says how many.
    public var parameterCount: Int? {
        parameterCount(inputSize: 1 + 2 * (calendar == true ? calendarCycles?.count ?? Frequency.mostCalendarCycles : 0))
    }

    /// The parameters of one network reading I inputs per step, or nil when the count overflows `Int`: the stack over I
    /// (``recurrentParameterCount(gates:inputSize:hiddenSize:layers:directions:bias:projectionSize:)``) and the head
    /// (``hidden`` + 1)·P·k, with P outputs per step (2 Gaussian, 1 + 2·levels quantile) for k steps (1 recursive, H direct).
    public func parameterCount(inputSize: Int) -> Int? {
        let outputs = CheckedSize.product(head == .gaussian ? 2 : 1 + 2 * levels.count, strategy == .direct ? horizon : 1)
        return CheckedSize.sum(recurrentParameterCount(gates: cell.gates, inputSize: inputSize, hiddenSize: hidden, layers: layers),
                               CheckedSize.product(outputs, CheckedSize.sum(hidden, 1)))
    }

    /// Checks every setting for training (a horizon of at most ``ForecastModel/maximumHorizon``), and that the
    /// networks fit in this machine's memory.
    /// - Throws: ``ForecastError/configuration(_:)`` naming the first bad one by its property (`ForecastConfig.horizon`),
    ///   in the words of the language models' checks ("the batch size (`ForecastConfig.batchSize`) must be positive, got 0"),
    ///   whose check it shares where a language model's run has the setting too;
    ///   ``ForecastError/modelTooLarge(networks:parameters:bytes:memory:)``.
    public func validate() throws { try validate(maximumHorizon: ForecastModel.maximumHorizon) }

    /// As ``validate()``, with another limit on the horizon: a saved model may hold any positive one (models trained
    /// before the limit), since a forecast asks for at most ``ForecastModel/maximumHorizon`` steps anyway.
    func validate(maximumHorizon: Int) throws {
        do throws(ConfigurationError) {
            guard horizon >= 1 && horizon <= maximumHorizon else {
                let limit = maximumHorizon < .max ? ", at most \(maximumHorizon)" : ""
                throw ConfigurationError("the horizon (\(setting: "ForecastConfig.horizon")) must be a positive number of steps\(limit), got \(horizon)")
            }
            // The settings a language model's run has too, checked as its are and in the same words.
            try ConfigurationError.requirePositive(hidden, "hidden size (\(setting: "ForecastConfig.hidden"))")
            try ConfigurationError.requirePositive(layers, "number of layers (\(setting: "ForecastConfig.layers"))")
            try ConfigurationError.requireDropout(dropout, setting: "ForecastConfig.dropout")
            try ConfigurationError.requirePositive(epochs, "epoch limit (\(setting: "ForecastConfig.epochs"))")
            try ConfigurationError.requirePositive(patience, "patience (\(setting: "ForecastConfig.patience"))")
            try ConfigurationError.requirePositive(batchSize, "batch size (\(setting: "ForecastConfig.batchSize"))")
            if let windowsPerEpoch {
                try ConfigurationError.requirePositive(windowsPerEpoch, "number of windows per epoch (\(setting: "ForecastConfig.windowsPerEpoch"))")
            }
            if let validationWindows {
                try ConfigurationError.requirePositive(validationWindows, "number of validation windows (\(setting: "ForecastConfig.validationWindows"))")
            }
            try optimizerSettings.validate()
            if let clipNorm { try ConfigurationError.requireTrainingNumber(clipNorm, "gradient-norm clip (\(setting: "ForecastConfig.clipNorm"))", positive: true) }
            guard validationFraction >= 0 && validationFraction < 0.5 else {
                throw ConfigurationError("the validation fraction (\(setting: "ForecastConfig.validationFraction")) must be in [0, 0.5), got \(validationFraction)")
            }
            if let calibration, calibration != .none, validationFraction == 0 {
                throw ConfigurationError("the interval calibration (\(setting: "ForecastConfig.calibration")) must not be \(calibration.rawValue) with "
                    + "\(setting: "ForecastConfig.validationFraction") 0, since it calibrates on the validation part")
            }
            try requireLevels()
            try requireCalendarCycles()
            if let season { try ConfigurationError.requirePositive(season, "season length (\(setting: "ForecastConfig.season"))") }
            if let lookback, lookback < 1 {
                throw ConfigurationError("the input window (\(setting: "ForecastConfig.lookback")) must be a positive number of steps, got \(lookback)")
            }
            try ConfigurationError.requirePositive(ensemble, "number of networks in the ensemble (\(setting: "ForecastConfig.ensemble"))")
            guard samples >= 10 && samples <= 100_000 else {
                throw ConfigurationError("the number of sample paths (\(setting: "ForecastConfig.samples")) must be from 10 to 100000, got \(samples)")
            }
        } catch {
            throw ForecastError.configuration(error)
        }
        // The ensemble's networks, and the gradients and two optimizer moments of the one in training.
        let memory = CheckedSize.physicalMemory, bytes = CheckedSize.product(4, parameterCount, CheckedSize.sum(ensemble, 3))
        guard let bytes, bytes <= memory else {
            throw ForecastError.modelTooLarge(networks: ensemble, parameters: parameterCount, bytes: bytes, memory: memory)
        }
    }

    /// Throws unless the levels are in (0, 1), each with an upper quantile below 1, and distinct as percentages.
    private func requireLevels() throws(ConfigurationError) {
        let listed = levels.map { "\($0)" }.joined(separator: ",")
        func refuse(_ rule: String, _ reason: String = "") -> ConfigurationError {
            ConfigurationError("the interval levels (\(setting: "ForecastConfig.levels")) must be \(rule), got \(listed)\(reason.isEmpty ? "" : "; " + reason)")
        }
        guard !levels.isEmpty && levels.allSatisfy({ $0 > 0 && $0 < 1 }) else { throw refuse("in (0, 1), such as 0.8,0.95") }
        // The largest Double below 1 puts its interval's upper quantile, (1 + level) / 2, at 1 once rounded: no finite bound.
        if let level = levels.first(where: { (1 + $0) / 2 >= 1 }) {
            throw refuse("in (0, 1), such as 0.8,0.95", "\(level) is too close to 1 for its upper quantile (1 + level) / 2 to be below 1")
        }
        let labels = levels.map(Self.percentLabel)
        if let twice = labels.indices.first(where: { labels[..<$0].contains(labels[$0]) }) {
            throw refuse("distinct", "\(labels[twice])% is given twice")
        }
    }
}

import Foundation
