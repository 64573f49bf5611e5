import Foundation
import Requirements

/// How the members of the ensemble make one forecast, in z.
///
/// The ensemble's predictive distribution is the equal-weight mixture of its members' (as in deep
/// ensembles; Lakshminarayanan, Pritzel and Blundell, NeurIPS 2017), so an interval holds the members'
/// disagreement as well as the noise each one predicts. Recursive strategy: each member draws sample
/// paths, and the bounds are quantiles of all members' paths pooled (``pooledPaths(_:horizon:calendar:progress:stopRequest:)``).
/// Direct strategy, Gaussian head: the exact quantiles of the members' normal distributions mixed
/// (``gaussianMixture(_:horizon:calendar:)``); quantile head: the members' quantiles, put in order, averaged
/// (quantile averaging, ``averagedQuantiles(_:horizon:calendar:)``). The point forecast is the members' average, but for
/// the recursive quantile head, whose point is the median of the pooled paths.
extension ForecastModel {
    /// A forecast in z: point [H] and, per level, bounds [levels][H].
    struct ForecastInZ: Equatable {
        var point: [Double]
        var lower: [[Double]]
        var upper: [[Double]]
    }

    /// The ensemble's forecast in z of `h` steps after the end of `z`, for the model's strategy and head, before calibration;
    /// the recursive strategy tells `progress` of each step of each member's paths, and polls `stopRequest` between steps.
    /// `calendar` holds the rows of z's positions and the h after them (nil without calendar features).
    /// - Throws: `CancellationError` when `stopRequest` was made during the recursive strategy's paths.
    func combinedForecast(_ z: [Double], horizon h: Int, calendar: CalendarRows?, progress: SerialProgress = SerialProgress(nil),
                          stopRequest: StopRequest? = nil) throws(CancellationError) -> ForecastInZ {
        switch (config.strategy, config.head) {
        case (.recursive, _): try pooledPaths(z, horizon: h, calendar: calendar, progress: progress, stopRequest: stopRequest)
        case (.direct, .gaussian): gaussianMixture(z, horizon: h, calendar: calendar)
        case (.direct, .quantile): averagedQuantiles(z, horizon: h, calendar: calendar)
        }
    }

    /// The recursive strategy's forecast: as bounds, the quantiles of all members' sample paths pooled
    /// (`config.samples` paths each, K · samples values per step); as point forecast, the Gaussian head's
    /// members' mean path without noise, the quantile head's median of the pooled paths (so that it lies
    /// inside every interval). A path feeds back, at each step, a draw of the noise the member predicts
    /// (``OutputHead/noise(_:step:generator:)``), so its spread grows with the horizon as the errors compound.
    ///
    /// The members' paths advance step by step side by side: at each step, the recurrent stacks run on every member's
    /// chunks of paths (``PathChunks``) and mean path as separate tasks on the compute threads, then each member's head
    /// runs on all its paths, which draw their noise from the member's own random stream, path by path. The paths are
    /// those of each member's paths in one batch, whatever the threads.
    /// `progress` is told of each step of each member's sample paths; a `stopRequest` made meanwhile stops the paths
    /// after the step in progress.
    /// - Throws: `CancellationError` when `stopRequest` was made.
    func pooledPaths(_ z: [Double], horizon h: Int, calendar: CalendarRows?, progress: SerialProgress = SerialProgress(nil),
                     stopRequest: StopRequest? = nil) throws(CancellationError) -> ForecastInZ {
        let k = Double(members.count), tails = config.levels.map { (1 - $0) / 2 }, mean = config.head == .gaussian
        // One random stream per member, so that the paths do not depend on the threads.
        var generator = SeededGenerator(seed: config.seed &+ 7919)
        var streams: [SeededGenerator?] = members.map { _ in generator.split() }
        var paths = members.map { _ in recursivePaths(Array(repeating: z[...], count: config.samples), calendar: calendar) }
        var points = mean ? members.map { _ in recursivePaths([z[...]], calendar: calendar) } : []
        // The tasks of a step: the chunks of all members, chunk-major (which spreads unequal chunks over the threads), then
        // the mean paths. Each task gives a chunk's last outputs, or steps a mean path.
        let chunks = PathChunks(paths: config.samples)
        let tasks = (0..<chunks.count).flatMap { c in members.indices.map { (member: $0, chunk: c as Int?) } }
            + points.indices.map { (member: $0, chunk: nil as Int?) }
        for step in 0..<h {
            let outputs = points.withUnsafeMutableBufferPointer { points in
                concurrentMap(tasks.count) { t -> Tensor<Float>? in
                    let (i, chunk) = tasks[t]
                    guard let c = chunk else {
                        var none: SeededGenerator? = nil
                        points[i].step(members[i], generator: &none)
                        return nil
                    }
                    return members[i].lastOutputs(paths[i].inputs(chunks[c]), batch: chunks[c].count)
                }
            }
            paths.withUnsafeMutableBufferPointer { paths in
                streams.withUnsafeMutableBufferPointer { streams in
                    _ = concurrentMap(members.count) { i in
                        let last = (0..<chunks.count).map { outputs[$0 * members.count + i]! }
                        paths[i].append(members[i].headOutputs(chunks.count == 1 ? last[0] : Tensor.concat(last, axis: 0)),
                                        generator: &streams[i])
                    }
                }
            }
            for i in members.indices { progress(.paths(member: i, members: members.count, step: step + 1, steps: h)) }
            if stopRequest?.isRequested == true { break }
        }
        try stopRequest?.throwIfRequested()  // the paths are short
        var sums = [Double](repeating: 0, count: h), pooled = [[Double]](repeating: [], count: h)
        for i in members.indices {
            let point = mean ? points[i].values[0] : [], values = paths[i].values
            for s in 0..<h {
                if mean { sums[s] += point[s] }
                pooled[s] += values.map { $0[s] }
            }
        }
        paths = []  // the paths are in `pooled` now
        for s in 0..<h { pooled[s].sort() }
        return ForecastInZ(point: mean ? sums.map { $0 / k } : pooled.map { empiricalQuantile($0, 0.5) },
                           lower: tails.map { a in pooled.map { empiricalQuantile($0, a) } },
                           upper: tails.map { a in pooled.map { empiricalQuantile($0, 1 - a) } })
    }

    /// The direct strategy's Gaussian forecast: the members' mean point forecast, and as bounds the exact
    /// quantiles of the mixture of the normal distributions the members predict for each step
    /// (``mixtureQuantile(means:deviations:p:)``).
    func gaussianMixture(_ z: [Double], horizon h: Int, calendar: CalendarRows?) -> ForecastInZ {
        let k = Double(members.count), tails = config.levels.map { (1 - $0) / 2 }
        let w = windowing, base = w.bases(z, origin: z.count)
        // Each member's means and deviations [H].
        let normals = concurrentMap(members.count) { i in
            members[i].predict(w.input(z, origin: z.count, calendar: calendar), batch: 1).withUnsafeBufferPointer { row in
                (means: (0..<h).map { base[$0] + head.point(row, step: $0) }, deviations: (0..<h).map { head.deviation(row, step: $0) })
            }
        }
        func bounds(_ p: Double) -> [Double] {
            (0..<h).map { s in mixtureQuantile(means: normals.map { $0.means[s] }, deviations: normals.map { $0.deviations[s] }, p: p) }
        }
        return ForecastInZ(point: (0..<h).map { s in normals.reduce(0) { $0 + $1.means[s] } / k },
                           lower: tails.map(bounds), upper: tails.map { bounds(1 - $0) })
    }

    /// The direct strategy's quantile forecast: each member's median and bounds, rearranged into order
    /// (``ForecastInZ/rearrange(levels:)``), averaged over the members.
    func averagedQuantiles(_ z: [Double], horizon h: Int, calendar: CalendarRows?) -> ForecastInZ {
        let w = windowing, base = w.bases(z, origin: z.count), levels = config.levels.indices
        let parts = concurrentMap(members.count) { i in
            var part = members[i].predict(w.input(z, origin: z.count, calendar: calendar), batch: 1).withUnsafeBufferPointer { row in
                let bounds = levels.map { l in (0..<h).map { head.quantileBounds(row, level: l, step: $0) } }
                return ForecastInZ(point: (0..<h).map { base[$0] + head.point(row, step: $0) },
                                   lower: bounds.map { b in (0..<h).map { base[$0] + b[$0].0 } },
                                   upper: bounds.map { b in (0..<h).map { base[$0] + b[$0].1 } })
            }
            part.rearrange(levels: config.levels)
            return part
        }
        let k = Double(parts.count)
        func average(_ pick: (ForecastInZ) -> [Double]) -> [Double] { (0..<h).map { s in parts.reduce(0) { $0 + pick($1)[s] } / k } }
        return ForecastInZ(point: average(\.point), lower: levels.map { l in average { $0.lower[l] } },
                           upper: levels.map { l in average { $0.upper[l] } })
    }
}

/// The p-quantile of the equal-weight mixture of the normal distributions N(means[k], deviations[k]²),
/// found by bisection on the mixture's distribution function, to the precision of a Double.
///
/// The mixture's quantile lies between the smallest and the largest of the components' p-quantiles,
/// which bracket the search; with one component it is that component's quantile.
/// - Parameters: means and deviations [K], K >= 1, deviations > 0; p in (0, 1).
func mixtureQuantile(means: [Double], deviations: [Double], p: Double) -> Double {
    require(!means.isEmpty && means.count == deviations.count, "mixtureQuantile: [\(means.count)] means, [\(deviations.count)] deviations")
    let zp = normalQuantile(p), quantiles = zip(means, deviations).map { $0 + $1 * zp }
    var lo = quantiles.min()!, hi = quantiles.max()!
    func cdf(_ x: Double) -> Double {
        zip(means, deviations).reduce(0) { $0 + normalCDF((x - $1.0) / $1.1) } / Double(means.count)
    }
    while true {
        let mid = lo + (hi - lo) / 2
        guard mid > lo && mid < hi else { return mid }
        if cdf(mid) < p { lo = mid } else { hi = mid }
    }
}
