/// A trained forecaster: the value transform and scaler fitted on the
/// training part, and an ensemble of recurrent networks whose forecasts are combined.
///
/// Shapes: L lookback, H horizon, m season, K ensemble members. Forecasts are
/// made in z = scale(transform(y)), combined over the ensemble in z
/// (``pooledPaths(_:horizon:calendar:progress:stopRequest:)``, ``gaussianMixture(_:horizon:calendar:)``, ``averagedQuantiles(_:horizon:calendar:)``), with calibration
/// `validation` their intervals scaled by the factors calibrated on the validation tail (``intervalScales``), and mapped back.
///
/// A model does not change once trained or loaded: its networks are its own, and ``forecast(history:horizon:name:progress:stopRequest:)``
/// only reads their weights (each call makes its own buffers and random streams), so one model may forecast
/// from several threads or tasks at once.
public final class ForecastModel: @unchecked Sendable {
    /// The settings, with season and lookback resolved.
    public let config: ForecastConfig
    /// The resolved transform (never `.auto`).
    public let transform: ValueTransform
    /// The scaler of the transformed values, fitted on the training part.
    public let scaler: Scaler?
    /// The column the model was trained on.
    public let column: String
    /// The factor each level's intervals are scaled by about their centre in z, in the order of the levels
    /// (``calibrate(_:origins:horizon:calendar:stopRequest:)``); nil for the ensemble's own intervals (calibration `none`, no validation tail,
    /// or a model saved before intervals were calibrated). A recursive forecast longer than the trained horizon H has
    /// its steps after H scaled by the same factors, which were measured on steps 1…H only.
    public let intervalScales: [Double]?
    /// The calendar cycles whose features each input step carries (``ForecastConfig/calendar``): those chosen
    /// (``ForecastConfig/calendarCycles``) or those of the spacing of the series trained on; empty without calendar features.
    public let calendar: [CalendarCycle]
    /// The spacing of the dates of the series the model was trained on (``Frequency/normalized``), in whose steps its
    /// season, lookback, horizon and calendar features count; nil for a series without dates or with irregular ones.
    /// ``forecast(series:horizon:name:progress:stopRequest:)`` refuses a history dated at another spacing.
    public let frequency: Frequency?
    let members: [ForecastNetwork]

    init(config: ForecastConfig, transform: ValueTransform, scaler: Scaler?, column: String, members: [ForecastNetwork],
         intervalScales: [Double]? = nil, calendar: [CalendarCycle] = [], frequency: Frequency? = nil) {
        self.config = config
        self.transform = transform
        self.scaler = scaler
        self.column = column
        self.members = members
        self.intervalScales = intervalScales
        self.calendar = calendar
        self.frequency = frequency?.normalized
    }

    /// m, the season length (1: none).
    public var season: Int { config.season ?? 1 }
    /// L, the values each network reads per forecast step.
    public var lookback: Int { config.resolvedLookback(season: season) }
    var windowing: ForecastWindowing { Self.windowing(config) }
    /// The windows of `config`, with its season (nil: 1) and lookback resolved.
    static func windowing(_ config: ForecastConfig) -> ForecastWindowing {
        let season = config.season ?? 1
        return ForecastWindowing(lookback: config.resolvedLookback(season: season), season: season, mode: config.target,
                                 steps: config.strategy == .direct ? config.horizon : 1)
    }
    var head: OutputHead { OutputHead(kind: config.head, levels: config.levels, steps: windowing.steps) }

    /// z = scale(transform(y)).
    func toZ(_ values: [Double]) -> [Double] {
        values.map { v in scaler.map { $0.transform(transform.apply(v), column: 0) } ?? transform.apply(v) }
    }
    /// y from z.
    func fromZ(_ z: Double) -> Double { transform.invert(scaler.map { $0.inverse(z, column: 0) } ?? z) }

    /// How far the last L values of `history` lie from the series the model was trained on: their largest |z|, z the
    /// value transformed and scaled as in training (standard scaling: deviations from the training mean; min-max: ranges
    /// from the training minimum). A history like the training series gives a few units; one of other units (×1000,
    /// say) gives hundreds, and the networks then extrapolate far from anything they saw. Nil without scaling or
    /// for a history shorter than L or with values the transform cannot take.
    public func extrapolation(history: [Double]) -> Double? {
        guard scaler != nil, history.count >= lookback else { return nil }
        let recent = history.suffix(lookback)
        guard transform != .log || recent.allSatisfy({ $0 > 0 }) else { return nil }
        return toZ(Array(recent)).map(Swift.abs).max()
    }

    /// The history a forecast needs: at least L values (and m for seasonal changes).
    public var minimumHistory: Int { windowing.firstOrigin }

    /// The most steps a model may be trained for or a forecast ask for: a recursive forecast runs every network once per
    /// step for each of its sample paths (1000 steps of the default model took 4.5 s on 1 thread and
    /// 2.4 s on 2: `forecast predict --horizon 1000 --threads N` with a model trained on co2_monthly
    /// with the defaults and `--horizon 12`), so longer forecasts take many seconds and mean little.
    public static let maximumHorizon = 1_000

    /// Forecasts `horizon` steps after the end of `series`' column 0, whose dates (and the dates after them) give a
    /// model with calendar features (``calendar``) its inputs' features; a model without them forecasts from the values
    /// as ``forecast(history:horizon:name:progress:stopRequest:)`` does. Dates at a regular spacing must be at the
    /// model's (``frequency``), when it has one; a series without dates, or with irregular ones, is taken as it is.
    /// - Parameters: as ``forecast(history:horizon:name:progress:stopRequest:)``, with `series` N rows, N >= ``minimumHistory``.
    /// - Throws: as ``forecast(history:horizon:name:progress:stopRequest:)``; ``ForecastError/frequencyMismatch(file:found:trained:)``
    ///   when `series`' dates are spaced otherwise than the model's; ``ForecastError/calendarUnavailable(file:setting:reason:)``
    ///   when the model has calendar features and `series` no regular dates.
    public func forecast(series: TimeSeries, horizon: Int? = nil, name: String? = nil,
                         progress: ((ForecastProgress) -> Void)? = nil, stopRequest: StopRequest? = nil) throws -> Forecast {
        let name = name ?? column
        // The season, lookback and calendar features count steps of the training spacing: other steps would be forecast
        // without an error, and mean nothing.
        if let trained = frequency, let found = series.frequency?.normalized, found != trained {
            throw ForecastError.frequencyMismatch(file: name, found: found, trained: trained)
        }
        return try forecast(series.column(0), horizon: horizon, name: name, progress: progress, stopRequest: stopRequest) { h in
            try calendarRows(series, extra: h, name: name)
        }
    }

    /// Forecasts `horizon` steps after the end of `history`, for a model without calendar features (a model with them
    /// needs the history's dates: ``forecast(series:horizon:name:progress:stopRequest:)``). Values carry no dates, so
    /// their spacing is not checked: they are taken as steps of the model's ``frequency``, which the caller vouches for
    /// (``forecast(series:horizon:name:progress:stopRequest:)`` refuses dates of another spacing).
    /// - Parameters:
    ///   - history: the observed values, oldest first. [N], N >= ``minimumHistory``
    ///   - horizon: H, at most ``maximumHorizon``, and at most the trained horizon for the direct strategy; nil for the trained one.
    ///   - name: the series' name in errors (its file); nil for the column.
    ///   - progress: with the recursive strategy, an event after each step of each member's sample paths
    ///     (``ForecastProgress/paths(member:members:step:steps:)``), called one call at a time from the threads that
    ///     forecast; or nil. It changes nothing in the forecast.
    ///   - stopRequest: a request another thread or a signal handler may make to abandon the forecast: with the recursive
    ///     strategy, each member's sample paths stop after their step in progress (the direct strategy takes no time).
    /// - Returns: the point forecast and intervals, all finite. [H]
    /// - Throws: ``ForecastError`` when the history is too short or has a value that is not finite, the horizon out of range or too long for memory,
    ///   the log transform meets a non-positive value, or the forecast is not finite (`nonFiniteForecast`);
    ///   `calendarUnavailable` for a model with calendar features; `CancellationError` when `stopRequest` was made during the sample paths.
    public func forecast(history: [Double], horizon: Int? = nil, name: String? = nil,
                         progress: ((ForecastProgress) -> Void)? = nil, stopRequest: StopRequest? = nil) throws -> Forecast {
        let name = name ?? column
        return try forecast(history, horizon: horizon, name: name, progress: progress, stopRequest: stopRequest) { _ in
            guard calendar.isEmpty else {
                throw ForecastError.calendarUnavailable(file: name, setting: config.calendarSetting, reason: "the history's dates, which values alone do not give; "
                                                            + "forecast from a series with dates (forecast(series:))")
            }
            return nil
        }
    }

    /// The forecast of both entry points; `calendarRows(h)` gives the calendar rows of the history's N dates and the h after them.
    private func forecast(_ history: [Double], horizon: Int?, name: String, progress: ((ForecastProgress) -> Void)?, stopRequest: StopRequest?,
                          calendarRows: (Int) throws -> CalendarRows?) throws -> Forecast {
        let h = horizon ?? config.horizon
        let trained = horizon == nil ? ", the horizon the model was trained for; ask for fewer" : ""
        func refuse(_ rule: String) -> ForecastError {
            .configuration(ConfigurationError("the horizon (\(setting: "horizon")) must be \(rule), got \(h)\(trained)"))
        }
        guard h >= 1 else { throw refuse("a positive number of steps") }
        guard h <= Self.maximumHorizon else { throw refuse("at most \(Self.maximumHorizon) steps") }
        guard config.strategy == .recursive || h <= config.horizon else {
            throw refuse("at most \(config.horizon), the horizon this direct model was trained for")
        }
        let memory = CheckedSize.physicalMemory
        guard let bytes = forecastBytes(horizon: h), bytes <= memory else {
            throw refuse("a number of steps whose forecast fits in this machine's memory (\(CheckedSize.gibibytes(memory)))")
        }
        guard history.count >= minimumHistory else {
            throw ForecastError.seriesTooShort(file: name, length: history.count, needed: minimumHistory,
                                               reason: "forecasting with lookback \(lookback) and season \(season)")
        }
        if let i = history.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError.configuration(ConfigurationError("the history must hold finite values, got \(history[i]) at index \(i)"))
        }
        if transform == .log && !history.allSatisfy({ $0 > 0 }) {
            throw ForecastError.invalidTransform(file: name, reason: "the model takes logs and the series has a value <= 0")
        }
        let rows = try calendarRows(h)
        var combined = try combinedForecast(toZ(history), horizon: h, calendar: rows, progress: SerialProgress(progress, stopRequest: stopRequest),
                                            stopRequest: stopRequest)
        if let intervalScales { combined = combined.scaled(by: intervalScales, levels: config.levels) }
        let forecast = Forecast(mean: combined.point.map(fromZ), intervals: config.levels.indices.map { l in
            Forecast.Interval(level: config.levels[l], lower: combined.lower[l].map(fromZ), upper: combined.upper[l].map(fromZ))
        })
        guard forecast.isFinite else { throw ForecastError.nonFiniteForecast(file: name, reason: nonFiniteReason(history: history)) }
        return forecast
    }

    /// About the most memory a forecast of `h` steps takes, in bytes, or nil when that overflows `Int`: every
    /// member's H-step sample paths (recursive strategy) as Double, twice (the members' and the pooled copy),
    /// each member's point and bounds, and the activations of the networks running side by side (one per
    /// compute thread, at most K · ``PathChunks/count``), each on a batch of a chunk's windows (all `samples`
    /// in 1 chunk; 1 for the direct strategy): per window and step of the lookback, every layer's state and gates as Float.
    func forecastBytes(horizon h: Int) -> Int? {
        let k = members.count, recursive = config.strategy == .recursive, chunks = recursive ? PathChunks(paths: config.samples) : nil
        let paths = CheckedSize.sum(CheckedSize.product(2, k, chunks?.paths ?? 0), CheckedSize.product(k, 1 + 2 * config.levels.count))
        let perWindow = CheckedSize.product(4, CheckedSize.sum(windowing.firstOrigin, 1), config.layers, config.hidden, config.cell.gates + 4)
        let running = CheckedSize.product(Swift.min(computeThreads, k * (chunks?.count ?? 1)), chunks.map { $0[$0.count - 1].count } ?? 1, perWindow)
        return CheckedSize.sum(CheckedSize.product(8, h, paths), running)
    }

    /// Point forecasts [origins][H] in z from each origin t of z (the history z[..<t]); `calendar` holds the rows of
    /// positions up to the last origin + H − 1 (nil for a model without calendar features).
    func pointForecasts(_ net: ForecastNetwork, _ z: [Double], origins: [Int], horizon h: Int, calendar: CalendarRows?) -> [[Double]] {
        switch config.strategy {
        case .direct:
            let w = windowing
            let out = net.predict(w.inputs(z, origins: origins, calendar: calendar), batch: origins.count)
            let width = out.cols
            return out.withUnsafeBufferPointer { all in
                origins.enumerated().map { i, t in
                    let row = UnsafeBufferPointer(rebasing: all[(i * width)..<((i + 1) * width)])
                    let base = w.bases(z, origin: t)
                    return (0..<h).map { base[$0] + head.point(row, step: $0) }
                }
            }
        case .recursive:
            var none: SeededGenerator? = nil
            return recursivePaths(net, origins.map { z[..<$0] }, horizon: h, calendar: calendar, generator: &none)
        }
    }

    /// Runs a one-step network H times per history, feeding each prediction back (``RecursivePaths``), all histories in one batch.
    /// With a generator, each step adds a draw of the predicted noise (``OutputHead/noise(_:step:generator:)``): sample paths.
    /// Each history needs at least ``ForecastWindowing/firstOrigin`` values; only that many of its last ones are
    /// copied, so that many paths from a long series cost H steps each, not the series. A history is a slice of the
    /// series, whose indices are its positions in `calendar` (which holds the rows up to its end + H − 1; nil without calendar features).
    /// `afterStep(s)` is called after step s (1-based) of all the paths; the paths end there when it returns false.
    /// - Returns: values [paths][H] in z (fewer steps when `afterStep` ended them).
    func recursivePaths(_ net: ForecastNetwork, _ histories: [ArraySlice<Double>], horizon h: Int, calendar: CalendarRows?,
                        generator: inout SeededGenerator?, afterStep: (Int) -> Bool = { _ in true }) -> [[Double]] {
        var paths = recursivePaths(histories, calendar: calendar)
        for step in 0..<h {
            paths.step(net, generator: &generator)
            if !afterStep(step + 1) { break }
        }
        return paths.values
    }

    /// The paths of this model's windowing and head from `histories`, before their first step.
    func recursivePaths(_ histories: [ArraySlice<Double>], calendar: CalendarRows?) -> RecursivePaths {
        RecursivePaths(histories, windowing: windowing, head: head, calendar: calendar)
    }
}

/// The p-quantile of sorted values, linearly interpolated.
func empiricalQuantile(_ sorted: [Double], _ p: Double) -> Double {
    let x = p * Double(sorted.count - 1)
    let i = Int(x.rounded(.down)), j = Swift.min(i + 1, sorted.count - 1)
    return sorted[i] + (sorted[j] - sorted[i]) * (x - Double(i))
}
