extension ForecastModel {
    /// Trains a forecaster on a whole series (the training part).
    ///
    /// The transform and scaler are fitted on `series`. The last
    /// max(H, ⌊fraction·N⌋) values are held back to choose the number of
    /// epochs by early stopping (the H-step forecast MAE from every origin in
    /// that tail, or ``ForecastConfig/validationWindows`` of them evenly spaced, with the first member's seed); then each of the K members is
    /// trained from scratch on all windows (a sample of them each epoch, ``ForecastConfig/windowsPerEpoch``) for that many epochs, with seeds
    /// seed, seed + 1, … With calibration `validation` and a tail, the intervals are calibrated on it
    /// (``calibrationScales(_:first:origins:epochs:forecastOrigins:calendar:progress:stopRequest:)``), which trains K more networks on the windows
    /// before the tail.
    /// - Parameters:
    ///   - series: the target in column 0 (the model is univariate: other columns are not used); `config.season`
    ///     nil takes the series' season.
    ///   - config: the settings (validated here).
    ///   - name: the series' name in errors (the file).
    ///   - log: lines saying what training chose (the epochs early stopping picked, the networks trained), or nil.
    ///   - progress: an event after each epoch of each network, or nil; called one call at a time from the threads
    ///     that train (``ForecastProgress``), and not once `stopRequest` is made.
    ///   - stopRequest: a request another thread or a signal handler may make to abandon training: each network stops
    ///     after its update in progress, and no model is returned.
    /// With ``ForecastConfig/calendar``, each input step carries the calendar features of the series' dates (and those of the
    /// H dates after it, for the forecasts that check training).
    /// - Throws: ``ForecastError`` for bad settings, a short series, a bad transform, calendar features for a series without
    ///   regular dates or with yearly ones (`calendarUnavailable`), or `trainingDiverged`;
    ///   ``SequenceDataError/constantSeries(file:column:scaling:)``, ``SequenceDataError/scalingOverflow(file:column:scaling:magnitude:)``
    ///   (naming `name`, as the other errors do); `CancellationError` when `stopRequest` was made during training.
    public static func train(series: TimeSeries, config: ForecastConfig, name: String, log: ((String) -> Void)? = nil,
                             progress: ((ForecastProgress) -> Void)? = nil, stopRequest: StopRequest? = nil) throws -> ForecastModel {
        try config.validate()
        var config = config
        config.season = config.season ?? series.seasonLength
        let values = series.column(0), n = values.count
        // The length first: a series too short to fit cannot be scaled meaningfully either. (Before the lookback
        // is resolved, so that the reason says when it comes from the season.)
        let (tail, needed, reason, smaller) = trainingNeeds(config, count: n)
        guard let needed, n >= needed else {
            throw ForecastError.seriesTooShort(file: name, length: n, needed: needed, reason: reason, smaller: smaller)
        }
        config.lookback = config.resolvedLookback(season: config.season!)
        // A series with no more windows than an epoch reads trains on all of them, as without the cap, and records none;
        // so does a tail with no more origins than early stopping scores (or none).
        let w = windowing(config)
        if let cap = config.windowsPerEpoch, w.origins(through: n).count <= cap { config.windowsPerEpoch = nil }
        let tailOrigins = tail > 0 ? Array((n - tail)...(n - config.horizon)).filter { $0 >= w.firstOrigin } : []
        if let cap = config.validationWindows, tailOrigins.count <= cap { config.validationWindows = nil }
        let cycles = try config.calendarCycles(for: series, name: name)
        let transform = try config.transform.resolved(for: values, file: name)
        var transformed = try TimeSeries(values: values.map(transform.apply), columns: [series.columns[0]])
        transformed.file = name  // the scaler's errors name the file, not `<values>`
        let scaler = try config.scaling.map { try Scaler(fitting: $0, to: transformed, rows: transformed.count) }
        let shell = ForecastModel(config: config, transform: transform, scaler: scaler, column: series.columns[0], members: [], calendar: cycles)
        let progress = SerialProgress(progress, stopRequest: stopRequest)
        let z = shell.toZ(values), h = config.horizon  // w is shell.windowing: the caps change no window
        let calendar = try shell.calendarRows(series, extra: h, name: name)  // the rows of the N dates and the H after them
        var epochs = config.epochs, intervalScales: [Double]? = nil
        if tail > 0 {
            let fitOrigins = w.origins(through: n - tail)
            let validationOrigins = EpochWindows.evenlySpaced(tailOrigins, most: config.validationWindows)
            let truth = validationOrigins.map { t in Array(z[t..<(t + h)]) }
            var best = (score: Double.infinity, epoch: 1), bestWeights: [Tensor<Float>]? = nil
            /// The H-step forecast MAE of a network's weights from the tail's origins.
            func score(_ net: ForecastNetwork) -> Double {
                let forecasts = shell.pointForecasts(net, z, origins: validationOrigins, horizon: h, calendar: calendar)
                return zip(forecasts, truth).reduce(0) { s, p in s + zip(p.0, p.1).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } }
                    / Double(validationOrigins.count * h)
            }
            /// Takes the scores of the epochs in order; false once early stopping ends training.
            func take(_ score: Double, epoch: Int, weights: () -> [Tensor<Float>]) -> Bool {
                if score < best.score {
                    best = (score, epoch)
                    // The first network of the calibration ensemble (which trains on these windows for the best epoch count).
                    if config.calibration == .validation { bestWeights = weights() }
                }
                progress(.validation(epoch: epoch, maxEpochs: config.epochs, score: score, bestScore: best.score, bestEpoch: best.epoch))
                return epoch - best.epoch < config.patience
            }
            // The network trains in one piece, as each member below, and each epoch's weights are scored in one piece,
            // so that the epoch count is the same for any --threads. The scores take most of the time: with more than
            // one compute thread, the weights of that many epochs in a row are kept and scored side by side, then taken
            // in order (the epochs a batch trains past the stop are dropped).
            let threads = computeThreads
            var kept: [(epoch: Int, weights: [Tensor<Float>])] = []
            _ = withComputeThreads(1) {
                shell.fit(seed: config.seed, z: z, origins: fitOrigins, epochs: config.epochs, calendar: calendar, stopRequest: stopRequest) { net, epoch in
                    guard threads > 1 else { return take(score(net), epoch: epoch) { net.parameters.map(\.value) } }
                    kept.append((epoch, net.parameters.map(\.value)))
                    guard kept.count == threads || epoch == config.epochs else { return true }
                    let batch = kept
                    kept = []
                    let scores = withComputeThreads(threads) { concurrentMap(batch.count) { score(shell.network(weights: batch[$0].weights)) } }
                    return zip(batch, scores).allSatisfy { epoch, score in take(score, epoch: epoch.epoch) { epoch.weights } }
                }
            }
            try stopRequest?.throwIfRequested()
            epochs = best.epoch
            log?("validation: best H-step MAE \(best.score) (scaled units) after \(CountText.of(epochs, "epoch")) on \(shell.epochWindows(fitOrigins.count))\(validationOrigins.count < tailOrigins.count ? ", scored from \(validationOrigins.count) of \(tailOrigins.count) origins" : "")")
            let forecastOrigins = calibrationOrigins(count: n, tail: tail, horizon: h, firstOrigin: w.firstOrigin)
            if config.calibration == .validation && !forecastOrigins.isEmpty {
                let scales = try shell.calibrationScales(z, first: bestWeights, origins: fitOrigins, epochs: epochs, forecastOrigins: forecastOrigins,
                                                         calendar: calendar, progress: progress, stopRequest: stopRequest)
                intervalScales = scales
                let factors = zip(scales, config.levels).map { String(format: "%.3g", $0) + " (\(ForecastConfig.percentLabel($1))%)" }
                log?("calibration: interval scales \(factors.joined(separator: ", ")) from \(CountText.of(forecastOrigins.count, "forecast")) "
                     + "of \(CountText.of(h, "step")) into the validation tail")
            }
        }
        let all = w.origins(through: n)
        // Members are independent (each from its own seed): they train side by side on the compute threads,
        // each in one piece (concurrentMap), so the model is the same for any number of threads.
        let members = concurrentMap(config.ensemble) { i in
            shell.fit(seed: config.seed &+ UInt64(i), z: z, origins: all, epochs: epochs, calendar: calendar, prefix: "m\(i)",
                      stopRequest: stopRequest) { _, epoch in
                progress(.member(member: i, members: config.ensemble, epoch: epoch, epochs: epochs))
                return true
            }
        }
        try stopRequest?.throwIfRequested()
        log?("trained \(CountText.of(members.count, "member")) for \(CountText.of(epochs, "epoch")) on \(shell.epochWindows(all.count))")
        let model = ForecastModel(config: config, transform: transform, scaler: scaler, column: series.columns[0], members: members,
                                  intervalScales: intervalScales, calendar: cycles, frequency: series.frequency)
        // Weights blown up by a learning rate too large are finite but overflow a forecast: caught here, not when predicting,
        // from each member's point forecast (no sample paths) from the end of the series.
        let ends = members.map { model.pointForecasts($0, z, origins: [n], horizon: h, calendar: calendar)[0] }
        guard ends.allSatisfy({ $0.allSatisfy { model.fromZ($0).isFinite } }) else { throw ForecastError.trainingDiverged(file: name) }
        return model
    }

    /// What training with `config` (season resolved) needs of a series of `n` values: the history
    /// of the first window (the lookback, or the season for seasonal changes), its target steps, and
    /// the validation tail of max(H, ⌊fraction·n⌋) values.
    /// - Returns: the tail, the least length (nil when it overflows `Int`) and its parts as a phrase, which
    ///   names the season behind a default lookback of 2·m (`lookback 2000 (2 × season 1000)`).
    static func trainingNeeds(_ config: ForecastConfig, count n: Int) -> (tail: Int, needed: Int?, reason: String, smaller: [String]) {
        let w = windowing(config), h = config.horizon
        let tail = config.validationFraction > 0 ? Swift.max(h, Int(config.validationFraction * Double(n))) : 0
        let fromSeason = w.lookback == .max ? "lookback 2 × season \(w.season)" : "lookback \(w.lookback) (2 × season \(w.season))"
        let (history, settings) = w.firstOrigin > w.lookback ? ("season \(w.season)", ["ForecastConfig.season"])
            : config.lookback == nil && w.season > 1 ? (fromSeason, ["ForecastConfig.lookback", "ForecastConfig.season"])
            : ("lookback \(w.lookback)", ["ForecastConfig.lookback"])
        let reason = "\(history) + \(w.steps == 1 ? "1 target step" : "horizon \(w.steps)")" + (tail > 0 ? " + validation \(tail)" : "")
        let smaller = settings + (w.steps > 1 ? ["ForecastConfig.horizon"] : []) + (tail > 0 ? ["ForecastConfig.validationFraction"] : [])
        return (tail, CheckedSize.sum(w.firstOrigin, w.steps, tail), reason, smaller)
    }

    /// The windows an epoch of `count` training windows reads, as the log says it: `1600 of 39952 windows an epoch` when
    /// ``ForecastConfig/windowsPerEpoch`` samples them, else `39952 windows`.
    func epochWindows(_ count: Int) -> String {
        guard let cap = config.windowsPerEpoch, count > cap else { return CountText.of(count, "window") }
        return "\(cap) of \(CountText.of(count, "window")) an epoch"
    }

    /// A fresh network for member `prefix`, from `seed`.
    func makeNetwork(seed: UInt64, prefix: String) -> ForecastNetwork {
        var generator = SeededGenerator(seed: seed)
        return ForecastNetwork(config: config, inputSize: inputSize, outputs: head.outputsPerStep * windowing.steps, prefix: prefix,
                               generator: &generator)
    }

    /// A network holding `weights`, the values of another's parameters in their order.
    func network(weights: [Tensor<Float>], prefix: String = "m0") -> ForecastNetwork {
        let net = makeNetwork(seed: config.seed, prefix: prefix)
        for (p, w) in zip(net.parameters, weights) { p.value = w }
        return net
    }

    /// Trains a new network on the windows of `origins` for up to `epochs`
    /// passes (each of ``ForecastConfig/windowsPerEpoch`` windows drawn afresh when there are more), calling `afterEpoch(network, epoch)` (1-based) after each; it stops when that returns false.
    /// `calendar` holds the calendar rows of z's positions (nil without calendar features).
    /// A `stopRequest` made meanwhile stops it after the update in progress, with the network part-trained: the caller
    /// then abandons it.
    func fit(seed: UInt64, z: [Double], origins: [Int], epochs: Int, calendar: CalendarRows?, prefix: String = "m0", stopRequest: StopRequest? = nil,
             afterEpoch: (ForecastNetwork, Int) -> Bool) -> ForecastNetwork {
        let net = makeNetwork(seed: seed, prefix: prefix)
        let optimizer = config.optimizerSettings.make(net.parameters)
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        let w = windowing, k = w.steps, l = w.lookback
        var windows = EpochWindows(origins, most: config.windowsPerEpoch)
        for epoch in 1...epochs {
            let order = windows.next(using: &generator)
            for start in stride(from: 0, to: order.count, by: config.batchSize) {
                if stopRequest?.isRequested == true { return net }
                let batch = Array(order[start..<Swift.min(start + config.batchSize, order.count)])
                let (x, y) = w.batch(z, origins: batch, calendar: calendar)
                optimizer.zeroGrad()
                let tape = Tape<Float>(recording: true, training: true, generator: generator.split())
                let out = net(tape.constant(Tensor(shape: [batch.count, l, net.inputSize], scalars: x)))
                let loss = head.loss(out, Tensor(shape: [batch.count, k], scalars: y))
                tape.backward(from: loss)
                optimizer.guardedStep(loss: Double(loss.scalar), clipNorm: config.clipNorm)
            }
            if !afterEpoch(net, epoch) { break }
        }
        return net
    }
}
