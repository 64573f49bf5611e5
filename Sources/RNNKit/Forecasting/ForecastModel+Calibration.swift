import Requirements

/// Interval calibration on the validation tail (split-conformal; Vovk, Gammerman and Shafer, *Algorithmic Learning in a
/// Random World*, 2005; for forecasts, Stankeviciute, Alaa and van der Schaar, NeurIPS 2021).
///
/// The networks' own spread is what they learnt from the training windows, in-sample; nothing in training checks it
/// against values they have not seen. So, after early stopping, K networks are trained as the members are but on the
/// windows before the validation tail only (the first is the early-stopping network at its best epoch), and their
/// ensemble forecasts H steps, with its intervals, from origins inside the tail: every ⌈H/2⌉ steps back from the last
/// origin with H values after it (one origin when the tail is H long, as a monthly series' of 120 values is). Each
/// actual value y of those forecasts scores, for each level, how far the interval would have to be scaled about its
/// centre c (in z) to hold it: |y − c| / w, w the half-width. The level's factor is the ⌈(n + 1)·level⌉-th smallest of
/// its n scores (the largest when that rank exceeds n), so that the scaled intervals would have held the level's share
/// of those values; the final members' intervals are then scaled by it. One factor per level, pooled over all steps
/// and origins, because a tail has too few values for a factor per step: the networks' spread already grows with the
/// step, and the factor corrects its size. The factor may narrow the intervals as well as widen them: calibration
/// corrects spread in both directions. A level whose score rank meets an interval of zero width that misses keeps its
/// own intervals (factor 1).
///
/// Only with calibration `validation`: on the built-in series' rolling-origin backtest the calibrated intervals scored
/// worse than the ensemble's own (Examples/Forecast/README.md). A monthly series' tail gives one origin, whose 24 strongly correlated scores
/// make a noisy factor, and networks trained without the tail forecast into it worse than the final members forecast
/// after the series, so their errors overstate the final model's.
///
/// Shapes: H horizon, K ensemble members, n = origins · H scores per level.
extension ForecastModel {
    /// The origins of the calibration forecasts in a training part of `n` values whose last `tail` are the validation
    /// tail: from n − H back by ⌈H/2⌉ while inside the tail and with a full history, in increasing order.
    static func calibrationOrigins(count n: Int, tail: Int, horizon h: Int, firstOrigin: Int) -> [Int] {
        let start = Swift.max(n - tail, firstOrigin), end = n - h
        guard start <= end else { return [] }
        return Array(Swift.stride(from: end, through: start, by: -(h / 2 + h % 2)).reversed())
    }

    /// Trains the calibration ensemble and returns each level's factor (see the extension's summary).
    /// - Parameters:
    ///   - z: the training part in z. [N]
    ///   - first: the first network's weights (the early-stopping network at its best epoch), nil to train it.
    ///   - origins: the windows the networks train on, those before the tail.
    ///   - epochs: the epochs each network trains for, the early-stopped count.
    ///   - forecastOrigins: ``calibrationOrigins(count:tail:horizon:firstOrigin:)``, not empty.
    ///   - calendar: the calendar rows of z's positions (nil without calendar features).
    ///   - progress: told of each epoch of each network (``ForecastProgress/calibration(network:networks:epoch:epochs:)``).
    ///   - stopRequest: abandons the training.
    /// - Returns: a factor per level, in the order of the levels.
    /// - Throws: `CancellationError` when `stopRequest` was made.
    func calibrationScales(_ z: [Double], first: [Tensor<Float>]?, origins: [Int], epochs: Int, forecastOrigins: [Int], calendar: CalendarRows?,
                           progress: SerialProgress = SerialProgress(nil), stopRequest: StopRequest? = nil) throws -> [Double] {
        let count = config.ensemble - (first == nil ? 0 : 1)
        let trained = concurrentMap(count) { i in
            let k = i + (first == nil ? 0 : 1)
            return fit(seed: config.seed &+ UInt64(k), z: z, origins: origins, epochs: epochs, calendar: calendar, prefix: "m\(k)",
                       stopRequest: stopRequest) { _, epoch in
                progress(.calibration(network: i, networks: count, epoch: epoch, epochs: epochs))
                return true
            }
        }
        try stopRequest?.throwIfRequested()
        let restored = first.map { [network(weights: $0)] } ?? []
        let ensemble = ForecastModel(config: config, transform: transform, scaler: scaler, column: column, members: restored + trained,
                                     calendar: self.calendar)
        return try ensemble.calibrate(z, origins: forecastOrigins, horizon: config.horizon, calendar: calendar, stopRequest: stopRequest)
    }

    /// Each level's factor from this model's forecasts of `h` steps from `origins` of `z`, scored against z.
    /// - Parameters: z [N]; origins t with t + h <= N; h >= 1; `calendar` the calendar rows of z's positions (nil without
    ///   calendar features); `stopRequest` abandons the forecasts.
    /// - Returns: a factor per level, in the order of the levels.
    /// - Throws: `CancellationError` when `stopRequest` was made.
    func calibrate(_ z: [Double], origins: [Int], horizon h: Int, calendar: CalendarRows? = nil,
                   stopRequest: StopRequest? = nil) throws(CancellationError) -> [Double] {
        var scores = [[Double]](repeating: [], count: config.levels.count)
        for t in origins {
            let f = try combinedForecast(Array(z[..<t]), horizon: h, calendar: calendar, stopRequest: stopRequest)
            for l in config.levels.indices {
                for s in 0..<h {
                    let c = (f.lower[l][s] + f.upper[l][s]) / 2, w = (f.upper[l][s] - f.lower[l][s]) / 2, miss = Swift.abs(z[t + s] - c)
                    let score = w > 0 ? miss / w : miss == 0 ? 0 : Double.infinity
                    scores[l].append(score.isNaN ? .infinity : score)
                }
            }
        }
        return config.levels.indices.map { l in
            let q = conformalQuantile(scores[l], level: config.levels[l])
            return q.isFinite ? q : 1
        }
    }
}

/// The ⌈(n + 1)·level⌉-th smallest of n scores: the split-conformal quantile, which a new exchangeable score stays
/// at or below with probability at least `level`. When that rank exceeds n (fewer than 19 scores at level 0.95), the
/// largest, which promises only n / (n + 1).
/// - Parameters: scores [n], n >= 1, none NaN; level in (0, 1).
func conformalQuantile(_ scores: [Double], level: Double) -> Double {
    require(!scores.isEmpty, "conformalQuantile: no scores")
    let rank = Swift.min(Int((level * Double(scores.count + 1)).rounded(.up)), scores.count)
    return scores.sorted()[Swift.max(rank, 1) - 1]
}

extension ForecastModel.ForecastInZ {
    /// Each level's intervals scaled about their centres by `scales[l]`, then put back in order: the point inside the
    /// narrowest interval, and each interval containing the narrower ones (a wider level's bound moved out to a
    /// narrower one's where the scaling crossed them). The point forecast is unchanged.
    /// - Parameters: scales [levels], finite and >= 0; levels, distinct, in the order of ``lower`` and ``upper``.
    func scaled(by scales: [Double], levels: [Double]) -> Self {
        var scaled = self
        for l in levels.indices {
            for s in point.indices {
                let c = (lower[l][s] + upper[l][s]) / 2, w = (upper[l][s] - lower[l][s]) / 2
                (scaled.lower[l][s], scaled.upper[l][s]) = (c - scales[l] * w, c + scales[l] * w)
            }
        }
        let narrowestFirst = levels.indices.sorted { levels[$0] < levels[$1] }
        for s in point.indices {
            var inner = (point[s], point[s])
            for l in narrowestFirst {
                scaled.lower[l][s] = Swift.min(scaled.lower[l][s], inner.0)
                scaled.upper[l][s] = Swift.max(scaled.upper[l][s], inner.1)
                inner = (scaled.lower[l][s], scaled.upper[l][s])
            }
        }
        return scaled
    }
}
