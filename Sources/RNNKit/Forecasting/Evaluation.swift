import Foundation

/// The scores of one model on held-out points (averaged over backtest folds).
public struct ModelScores: Sendable, Equatable {
    /// The model's name: `rnn`, or a ``Baseline`` raw value such as `seasonal-naive`.
    public var model: String
    /// MASE, sMAPE (percent), RMSE and MAE (the series' units) of the point forecast (see ``ForecastMetrics``).
    public var mase: Double, smape: Double, rmse: Double, mae: Double
    /// Interval coverage by level (such as 0.8), when the model gives intervals.
    public var coverage: [Double: Double]
    /// Mean scaled interval score (``ForecastMetrics/msis(actual:lower:upper:level:training:season:)``) by level,
    /// for the same levels as `coverage`.
    public var msis: [Double: Double]

    /// The scores as JSON fields, for ``JSONText``: `model`, `mase`, `smape`, `rmse`, `mae`
    /// (6 significant digits, `null` when not finite), and `coverage` and `msis` (`{"80": …}`) when present.
    public var jsonFields: [(key: String, value: String)] {
        func number(_ x: Double) -> String { JSONText.number(x, significantDigits: 6) }
        var fields: [(key: String, value: String)] = [("model", JSONText.string(model)), ("mase", number(mase)), ("smape", number(smape)), ("rmse", number(rmse)), ("mae", number(mae))]
        for (key, byLevel) in [("coverage", coverage), ("msis", msis)] where !byLevel.isEmpty {
            fields.append((key, JSONText.object(byLevel.keys.sorted().map { (ForecastConfig.percentLabel($0), number(byLevel[$0]!)) })))
        }
        return fields
    }
}

/// The forecast protocol: hold out the last H points, fit on the rest,
/// forecast H steps, and score the model and the classical baselines in the
/// same run; optionally over several rolling origins.
public struct Evaluation: Sendable {
    /// H, or nil to infer it from the dates (monthly 24, quarterly 8, yearly 11, daily 14, …: ``defaultHorizon(_:)``).
    public var horizon: Int?
    /// Rolling origins: fold f holds out the H points ending `f · step` before the end.
    public var backtest: Int = 1
    /// The distance between origins; nil for ⌈H / 2⌉.
    public var step: Int?
    /// The model's settings; its horizon and season are set from the series.
    public var config: ForecastConfig

    /// The protocol for `config`: `horizon` nil infers H from the dates, `step` nil takes ⌈H / 2⌉; one fold by default.
    public init(config: ForecastConfig, horizon: Int? = nil, backtest: Int = 1, step: Int? = nil) {
        self.config = config
        self.horizon = horizon
        self.backtest = backtest
        self.step = step
    }

    /// H for `series`: the one given, else the protocol's for its dates' frequency; nil when neither.
    public func horizon(for series: TimeSeries) -> Int? { horizon ?? Self.defaultHorizon(series.frequency) }

    /// The steps between origins for horizon `h`: the one given, else ⌈H / 2⌉ (written so that it cannot overflow).
    func stride(horizon h: Int) -> Int { step ?? h / 2 + h % 2 }

    /// What was held out, in words: "horizon 24", or "horizon 24, 3 folds 12 steps apart".
    public func protocolSummary(for series: TimeSeries) -> String {
        guard let h = horizon(for: series) else { return "horizon ?" }
        return "horizon \(h)" + (backtest > 1 ? ", \(backtest) folds \(CountText.of(stride(horizon: h), "step")) apart" : "")
    }

    /// H for `series`: `given`, else the protocol's for its dates (``defaultHorizon(_:)``), as `forecast train` and
    /// `evaluate` take it.
    /// - Parameters:
    ///   - setting: what gives H, named in the error (`Evaluation.horizon`, `ForecastConfig.horizon`); `name`: the series' file.
    /// - Throws: ``ForecastError/undated(setting:file:)`` for a series without dates, ``ForecastError/cannotInfer(setting:file:)``
    ///   for dates whose spacing gives no horizon.
    public static func horizon(_ given: Int?, for series: TimeSeries, setting: String, name: String) throws(ForecastError) -> Int {
        if let h = given ?? defaultHorizon(series.frequency) { return h }
        throw series.dates == nil ? .undated(setting: setting, file: name) : .cannotInfer(setting: setting, file: name)
    }

    /// The protocol's horizon for a frequency: monthly 24, quarterly 8, yearly 11, daily 14, weekly 13 (M4's),
    /// business-daily 10, two days' steps (two seasons) for spacings of 15 minutes or more that divide a day (hourly 48
    /// as in M4, half-hourly 96, every 15 minutes 192, every 6 hours 8), and one season for finer spacings that divide
    /// the cycle of theirs (``Frequency/seasonLength``): an hour's steps from a minute (every minute 60, every 5 minutes
    /// 12), a minute's from 250 ms (every 10 seconds 6, every second 60, every 250 ms 240); nil for any other spacing (every
    /// 10 ms, whose minute is more than ``Frequency/longestSubdailySeason`` steps) and for none.
    public static func defaultHorizon(_ frequency: Frequency?) -> Int? {
        let m = frequency?.seasonLength ?? 1
        return switch frequency {
        case .months(1): 24
        case .months(3): 8
        case .years(1): 11
        case .days(1): 14
        case .days(7): 13
        case .businessDays(1): 10
        case .seconds(let n) where n >= 900: m > 1 ? 2 * m : nil
        case .seconds, .microseconds: m > 1 ? m : nil
        default: nil
        }
    }

    /// Scores the RNN and the baselines on `series`.
    /// - Parameters:
    ///   - series: column 0 is the target; its season length is m.
    ///   - name: the series' name in errors.
    ///   - log: lines saying what each fold's training chose, or nil.
    ///   - progress: an event as each fold starts and after each epoch of each network (``ForecastProgress``), or nil.
    ///   - stopRequest: a request another thread or a signal handler may make to abandon the evaluation: its training
    ///     and forecasts stop after the update or step in progress, and no baseline is fitted after it.
    /// - Returns: the RNN's scores first, then naive, seasonal naive, drift and Holt-Winters, all finite.
    /// - Throws: ``ForecastError`` for a short series or bad settings, `heldOutAllFilled` for a fold whose held-out values
    ///   are all filled gaps, `constantTrainingPart` for a training part of one value; `nonFiniteForecast` or `nonFiniteScore`
    ///   when a model's forecast or one of its scores is not a finite number (then no scores are returned);
    ///   ``SequenceDataError`` when the training part cannot be scaled (values that overflow);
    ///   `CancellationError` when `stopRequest` was made.
    public func run(series: TimeSeries, name: String, log: ((String) -> Void)? = nil, progress: ((ForecastProgress) -> Void)? = nil,
                    stopRequest: StopRequest? = nil) throws -> [ModelScores] {
        let h = try Self.horizon(horizon, for: series, setting: "Evaluation.horizon", name: name)
        do throws(ConfigurationError) {
            guard h >= 1 else { throw ConfigurationError("the horizon (\(setting: "Evaluation.horizon")) must be a positive number of steps, got \(h)") }
            guard backtest >= 1 else { throw ConfigurationError("the number of backtest folds (\(setting: "Evaluation.backtest")) must be at least 1, got \(backtest)") }
            if let step, step < 1 {
                throw ConfigurationError("the step between origins (\(setting: "Evaluation.step")) must be a positive number of steps, got \(step)")
            }
        } catch {
            throw ForecastError.configuration(error)
        }
        let m = config.season ?? series.seasonLength
        let stride = stride(horizon: h)
        var config = self.config
        config.horizon = h
        config.season = m
        let values = series.column(0), n = values.count
        // The earliest cut, n − h − (folds − 1)·stride, must leave 2·m + 2 values to train on; the sizes are
        // checked against the series with overflow-checked arithmetic before any other arithmetic on them.
        let needed = CheckedSize.sum(h, CheckedSize.product(backtest - 1, stride), CheckedSize.product(2, m), 2)
        // The advice names only settings that can be smaller than they are.
        let heldOut = (h > 1 ? ["Evaluation.horizon"] : []) + (backtest > 1 ? ["Evaluation.backtest"] : [])
        guard let needed, n >= needed else {
            let folds = CountText.of(backtest, "fold") + (backtest > 1 ? " \(CountText.of(stride, "step")) apart" : "")
            throw ForecastError.seriesTooShort(file: name, length: n, needed: needed,
                                               reason: "holding out horizon \(h) over \(folds) and training on 2 × season \(m) + 2 values",
                                               smaller: heldOut + (backtest > 1 ? ["Evaluation.step"] : []) + (m > 1 ? ["ForecastConfig.season"] : []))
        }
        let cuts = (0..<backtest).map { n - h - $0 * stride }
        // The earliest cut leaves the fewest values for the RNN: check it before training any fold.
        let earliest = cuts[cuts.count - 1], training = ForecastModel.trainingNeeds(config, count: earliest)
        guard let trainingNeeded = training.needed, earliest >= trainingNeeded else {
            throw ForecastError.trainingPartTooShort(file: name, length: earliest, total: n, needed: training.needed,
                                                     reason: training.reason,
                                                     smaller: heldOut + training.smaller.filter { $0 != "ForecastConfig.horizon" })
        }
        // Each fold is trained and fitted on the part before its cut as it reads alone (a gap filled towards a held-out
        // value takes the last value before it), and scored on the held-out values read from the file, not on filled
        // gaps. Every fold is checked before any trains.
        let filled = Set(series.filledRows[0]), parts = cuts.map(series.prefix)
        for (cut, part) in zip(cuts, parts) {
            if (cut..<(cut + h)).allSatisfy(filled.contains) {
                throw ForecastError.heldOutAllFilled(file: name, first: series.dates?[cut] ?? "value \(cut + 1)",
                                                     last: series.dates?[cut + h - 1] ?? "value \(cut + h)")
            }
            // Nothing to forecast, whatever the settings: scaled, the scaler would advise scaling by nothing, and MASE divides by 0.
            let training = part.column(0)
            guard training.contains(where: { $0 != training[0] }) else { throw ForecastError.constantTrainingPart(file: name) }
        }
        var rows: [String: [ModelScores]] = [:]
        for (fold, (cut, part)) in zip(cuts, parts).enumerated() {
            let training = part.column(0)
            let scored = (0..<h).filter { !filled.contains(cut + $0) }
            func read(_ steps: [Double]) -> [Double] { scored.map { steps[$0] } }
            let actual = read(Array(values[cut..<(cut + h)]))
            progress?(.fold(fold: fold + 1, folds: cuts.count))
            let model = try ForecastModel.train(series: part, config: config, name: name, log: log, progress: progress,
                                                stopRequest: stopRequest)
            var forecasts = [("rnn", try model.forecast(series: part, name: name, stopRequest: stopRequest))]
            for baseline in Baseline.allCases {
                try stopRequest?.throwIfRequested()  // between fits
                forecasts.append((baseline.rawValue, baseline.forecast(training: training, horizon: h, season: m, levels: config.levels)))
            }
            for (model, f) in forecasts {
                try Self.requireFinite(f, model: model, training: training, name: name)
                let mean = read(f.mean)
                let scores = ModelScores(
                    model: model,
                    mase: ForecastMetrics.mase(actual: actual, predicted: mean, training: training, season: m),
                    smape: ForecastMetrics.smape(actual: actual, predicted: mean),
                    rmse: ForecastMetrics.rmse(actual: actual, predicted: mean),
                    mae: ForecastMetrics.mae(actual: actual, predicted: mean),
                    coverage: Dictionary(uniqueKeysWithValues: f.intervals.map {
                        ($0.level, ForecastMetrics.coverage(actual: actual, lower: read($0.lower), upper: read($0.upper)))
                    }),
                    msis: Dictionary(uniqueKeysWithValues: f.intervals.map {
                        ($0.level, ForecastMetrics.msis(actual: actual, lower: read($0.lower), upper: read($0.upper), level: $0.level,
                                                        training: training, season: m))
                    }))
                try Self.requireFinite(scores, training: training, season: m, name: name)
                rows[model, default: []].append(scores)
            }
        }
        // Fold averages, as sums of (score / folds), which stay finite when every fold's score is.
        return (["rnn"] + Baseline.allCases.map(\.rawValue)).map { name in
            let r = rows[name]!, k = Double(r.count)
            func mean(_ score: (ModelScores) -> Double) -> Double { r.reduce(0) { $0 + score($1) / k } }
            func means(_ byLevel: KeyPath<ModelScores, [Double: Double]>) -> [Double: Double] {
                Dictionary(uniqueKeysWithValues: r[0][keyPath: byLevel].keys.map { level in (level, mean { $0[keyPath: byLevel][level]! }) })
            }
            return ModelScores(model: name, mase: mean(\.mase), smape: mean(\.smape), rmse: mean(\.rmse), mae: mean(\.mae),
                               coverage: means(\.coverage), msis: means(\.msis))
        }
    }

    /// A text table of scores, one row per model.
    public static func table(_ scores: [ModelScores], title: String) -> String {
        let levels = scores.first?.coverage.keys.sorted() ?? []
        let headers = ["MASE", "sMAPE", "RMSE", "MAE"] + levels.map { "cov\(ForecastConfig.percentLabel($0))" }
            + levels.map { "MSIS\(ForecastConfig.percentLabel($0))" }
        // RMSE and MAE, in the series' units, keep 4 significant digits when small, and are as short when large (a series
        // of values near 1e30 would print 30 digits).
        let rows = scores.map { s -> [String] in
            let scaled = [s.rmse, s.mae].map { (0.1..<1e7).contains(Swift.abs($0)) || $0 == 0 ? String(format: "%.3f", $0) : String(format: "%.3e", $0) }
            let coverage = levels.map { s.coverage[$0].map { String(format: "%.2f", $0) } ?? "-" }
            let msis = levels.map { s.msis[$0].map { String(format: "%.3f", $0) } ?? "-" }
            return [String(format: "%.3f", s.mase), String(format: "%.3f", s.smape)] + scaled + coverage + msis
        }
        // Each column 9 wide (a coverage column 8), or one more than its widest header or number (`cov30.000000000000004`,
        // `1.766e-02`), so that every number ends under its header, right-aligned, with a space before it.
        let least = [9, 9, 9, 9] + levels.map { _ in 8 } + levels.map { _ in 9 }
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map { $0.count + 1 }.reduce(least[c], Swift.max) }
        func line(_ name: String, _ cells: [String]) -> String {
            pad(name, 15) + zip(cells, widths).map { pad($0, $1, right: true) }.joined()
        }
        return ([title, line("model", headers)] + zip(scores, rows).map { line($0.model, $1) }).joined(separator: "\n")
    }
}

/// `s` filled with spaces to `width`; right-aligned, at least one space before it, so that long numbers stay apart.
private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: Swift.max(right ? 1 : 0, width - s.count))
    return right ? fill + s : s + fill
}
