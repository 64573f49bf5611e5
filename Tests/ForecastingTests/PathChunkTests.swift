import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport

/// Sample paths whose recurrent stacks run in chunks (``PathChunks``) are the paths of one batch, bit for bit, and so is
/// the pooled forecast, on 1 thread and 2; progress and stop requests still see every member's steps.
@Suite("forecast path chunks")
struct PathChunkTests {
    /// A model of K untrained networks of the config's cell, with I = 1 + 2C inputs for `cycles`.
    func model(_ config: ForecastConfig, cycles: [CalendarCycle] = []) -> ForecastModel {
        var generator = SeededGenerator(seed: 5)
        let head = OutputHead(kind: config.head, levels: config.levels, steps: 1)
        let members = (0..<config.ensemble).map { k in
            ForecastNetwork(config: config, inputSize: 1 + 2 * cycles.count, outputs: head.outputsPerStep, prefix: "m\(k)", generator: &generator)
        }
        return ForecastModel(config: config, transform: .none, scaler: nil, column: "y", members: members, calendar: cycles)
    }

    /// A config of K members, lookback 12, no season, `samples` paths.
    func config(_ cell: CellKind, hidden: Int, layers: Int, head: HeadKind, ensemble: Int = 1, samples: Int) -> ForecastConfig {
        var config = ForecastConfig()
        (config.cell, config.hidden, config.layers, config.head) = (cell, hidden, layers, head)
        (config.ensemble, config.season, config.lookback, config.samples) = (ensemble, 1, 12, samples)
        return config
    }

    /// An hourly history of n values, and with `cycles` the calendar rows of its dates and the h after them.
    func history(_ n: Int, extra h: Int, cycles: [CalendarCycle]) -> (z: [Double], rows: CalendarRows?) {
        let z = (0..<n).map { t in sin(2 * Double.pi * Double(t) / 24) + 0.1 * Double(t % 7) }
        guard !cycles.isEmpty else { return (z, nil) }
        let dates = (0..<(n + h)).map { CalendarDate("2024-01-01 00:00:00")!.advanced(by: $0, .seconds(3600)) }
        return (z, CalendarRows(dates: dates, cycles: cycles))
    }

    func bits(_ values: [[Double]]) -> [[UInt64]] { values.map { $0.map(\.bitPattern) } }

    @Test func chunksStartAtMultiplesOf16AndCoverThePaths() {
        for (paths, count) in [(10, 1), (31, 1), (32, 2), (47, 2), (48, 3), (64, 4), (200, 4), (100_000, 4)] {
            let chunks = PathChunks(paths: paths)
            #expect(chunks.count == count, "\(paths)")
            let ranges = (0..<chunks.count).map { chunks[$0] }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == paths, "\(paths)")
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(paths)")
            #expect(ranges.allSatisfy { $0.lowerBound % PathChunks.alignment == 0 && (count == 1 || $0.count >= PathChunks.alignment) }, "\(paths)")
        }
        #expect((0..<4).map { PathChunks(paths: 200)[$0].count } == [48, 48, 48, 56])
    }

    /// The stacks of the chunks, then the head on all paths, give each path the values of one batch, bit for bit: for
    /// each cell, both heads, one layer and two, with calendar inputs, and paths that end in a part of a BLAS block.
    @Test(arguments: [(CellKind.gru, 32, 1, HeadKind.gaussian, false), (.lstm, 8, 2, .quantile, false), (.rnn, 16, 1, .gaussian, true),
                      (.gru, 32, 2, .quantile, true), (.lstm, 33, 1, .gaussian, false)])
    func chunkedStacksAreTheBatchBitForBit(cell: CellKind, hidden: Int, layers: Int, head: HeadKind, calendar: Bool) {
        let cycles: [CalendarCycle] = calendar ? Frequency.seconds(3600).calendarCycles : []
        for samples in [37, 70, 203] {
            let m = model(config(cell, hidden: hidden, layers: layers, head: head, samples: samples), cycles: cycles), h = 3
            let (z, rows) = history(40, extra: h, cycles: cycles), net = m.members[0], chunks = PathChunks(paths: samples)
            var generator: SeededGenerator? = SeededGenerator(seed: 9)
            var chunked = m.recursivePaths(Array(repeating: z[...], count: samples), calendar: rows), stream = generator
            let whole = m.recursivePaths(net, Array(repeating: z[...], count: samples), horizon: h, calendar: rows, generator: &generator)
            for _ in 0..<h {
                let last = (0..<chunks.count).map { net.lastOutputs(chunked.inputs(chunks[$0]), batch: chunks[$0].count) }
                chunked.append(net.headOutputs(Tensor.concat(last, axis: 0)), generator: &stream)
            }
            #expect(bits(chunked.values) == bits(whole), "\(cell) \(hidden)×\(layers) \(head) calendar \(calendar), \(samples) paths")
        }
    }

    /// The pooled forecast of the recursive strategy as each member's mean path and sample paths in one batch make it
    /// (each member drawing from its stream), as before the paths ran in chunks.
    func unchunkedPooledPaths(_ m: ForecastModel, _ z: [Double], horizon h: Int) -> ForecastModel.ForecastInZ {
        var generator = SeededGenerator(seed: m.config.seed &+ 7919)
        let streams = m.members.map { _ in generator.split() }, mean = m.config.head == .gaussian
        var sums = [Double](repeating: 0, count: h), pooled = [[Double]](repeating: [], count: h)
        for i in m.members.indices {
            var none: SeededGenerator? = nil, noise: SeededGenerator? = streams[i]
            let point = mean ? m.recursivePaths(m.members[i], [z[...]], horizon: h, calendar: nil, generator: &none)[0] : []
            let paths = m.recursivePaths(m.members[i], Array(repeating: z[...], count: m.config.samples), horizon: h, calendar: nil, generator: &noise)
            for s in 0..<h {
                if mean { sums[s] += point[s] }
                pooled[s] += paths.map { $0[s] }
            }
        }
        for s in 0..<h { pooled[s].sort() }
        let tails = m.config.levels.map { (1 - $0) / 2 }
        return .init(point: mean ? sums.map { $0 / Double(m.members.count) } : pooled.map { empiricalQuantile($0, 0.5) },
                     lower: tails.map { a in pooled.map { empiricalQuantile($0, a) } }, upper: tails.map { a in pooled.map { empiricalQuantile($0, 1 - a) } })
    }

    @Test(arguments: [HeadKind.gaussian, .quantile])
    func pooledPathsAreThoseOfOneBatchPerMemberOnAnyThreads(head: HeadKind) throws {
        let m = model(config(.gru, hidden: 16, layers: 1, head: head, ensemble: 3, samples: 70)), h = 4
        let z = history(40, extra: h, cycles: []).z, expected = unchunkedPooledPaths(m, z, horizon: h)
        for threads in [1, 2, 3] {
            let f = try withComputeThreads(threads) { try m.pooledPaths(z, horizon: h, calendar: nil) }
            #expect(bits([f.point] + f.lower + f.upper) == bits([expected.point] + expected.lower + expected.upper), "\(head), \(threads) threads")
        }
    }

    /// Each member's steps are reported once each, in order, while its chunks run side by side; a stop request made at
    /// step 3 stops all paths after it, with nothing reported after the request.
    @Test func progressAndStopSeeEveryMembersChunks() throws {
        let m = model(config(.gru, hidden: 8, layers: 1, head: .gaussian, ensemble: 3, samples: 64)), h = 6
        let z = history(40, extra: h, cycles: []).z
        let record = ProgressRecord()
        _ = try withComputeThreads(2) { try m.forecast(history: z, horizon: h, progress: { record.record($0) }) }
        for i in 0..<3 {
            #expect(record.events.filter { if case .paths(i, 3, _, h) = $0 { true } else { false } }
                == (1...h).map { .paths(member: i, members: 3, step: $0, steps: h) })
        }
        #expect(record.events.count == 3 * h && !record.overlapped)
        let stop = StopRequest(), stopped = ProgressRecord()
        #expect(throws: CancellationError.self) {
            try withComputeThreads(2) {
                _ = try m.forecast(history: z, horizon: 200, progress: { event in
                    stopped.record(event)
                    if case .paths(_, _, 3, _) = event { stop.request() }
                }, stopRequest: stop)
            }
        }
        let steps = stopped.events.compactMap { if case let .paths(_, _, step, _) = $0 { step } else { nil } }
        #expect(steps.last == 3 && steps.allSatisfy { $0 <= 3 } && steps.count == 2 * 3 + 1, "\(steps)")
    }
}
