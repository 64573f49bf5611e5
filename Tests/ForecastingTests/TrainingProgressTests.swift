import Foundation
@testable import RNNKit
import Synchronization
import Testing
import _ForecastTestSupport
import _TestSupport

/// What a progress callback saw: its events, in order, and whether two calls ever overlapped.
final class ProgressRecord: @unchecked Sendable {
    private(set) var events: [ForecastProgress] = []
    private let inside = Atomic<Int>(0)
    private let overlaps = Atomic<Int>(0)

    /// The callback: records the event, holding it a little so that a call from another thread would overlap it.
    func record(_ event: ForecastProgress) {
        if inside.add(1, ordering: .sequentiallyConsistent).newValue > 1 { overlaps.add(1, ordering: .relaxed) }
        events.append(event)
        usleep(200)
        inside.subtract(1, ordering: .sequentiallyConsistent)
    }

    var overlapped: Bool { overlaps.load(ordering: .relaxed) > 0 }
}

/// Training reports its progress through a callback, from the threads that train, one call at a time; the callback
/// changes nothing in the model; a stop request abandons training.
@Suite struct TrainingProgressTests {
    /// Early stopping on a tail, calibration and two members: every epoch of every network, phase by phase.
    var config: ForecastConfig {
        var c = tinyConfig(horizon: 3, ensemble: 2)
        (c.validationFraction, c.epochs, c.patience, c.calibration) = (0.2, 4, 10, .validation)
        return c
    }

    /// The model's checkpoint, as bytes.
    func bytes(of model: ForecastModel, series: TimeSeries) throws -> Data {
        let dir = try TemporaryDirectory()
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: dir.path("m.safetensors"))
        return try Data(contentsOf: dir.file("m.safetensors"))
    }

    @Test func eachEpochOfEachNetworkIsReportedPhaseByPhase() throws {
        let record = ProgressRecord()
        _ = try withComputeThreads(2) { try ForecastModel.train(series: try monthlySeries(60), config: config, name: "s", progress: record.record) }
        let events = record.events
        #expect(!record.overlapped)
        // Early stopping: epochs 1 to 4 (the patience lets it run to its limit), each with the best score so far.
        let validation = events.prefix(4)
        var best = (score: Double.infinity, epoch: 0)
        for (k, event) in validation.enumerated() {
            guard case let .validation(epoch, maxEpochs, score, bestScore, bestEpoch) = event else { Issue.record("\(event)"); return }
            if score < best.score { best = (score, epoch) }
            #expect(epoch == k + 1 && maxEpochs == 4 && score.isFinite && bestScore == best.score && bestEpoch == best.epoch)
        }
        let epochs = best.epoch
        // Calibration: the second network (the first is the early-stopping one), then the two members side by side.
        let calibration = (1...epochs).map { ForecastProgress.calibration(network: 0, networks: 1, epoch: $0, epochs: epochs) }
        #expect(Array(events.dropFirst(4).prefix(epochs)) == calibration)
        let members = events.dropFirst(4 + epochs)
        #expect(members.count == 2 * epochs)
        for m in 0..<2 {
            #expect(members.filter { if case .member(m, 2, _, epochs) = $0 { true } else { false } }
                == (1...epochs).map { .member(member: m, members: 2, epoch: $0, epochs: epochs) })
        }
    }

    /// The same model, byte for byte, with and without progress, on one thread and on two.
    @Test func progressChangesNothingInTheModel() throws {
        let series = try monthlySeries(60)
        var models: [Data] = []
        for (threads, watched) in [(1, false), (1, true), (2, true), (2, false)] {
            let record = ProgressRecord()
            let progress: ((ForecastProgress) -> Void)? = watched ? { record.record($0) } : nil
            let model = try withComputeThreads(threads) { try ForecastModel.train(series: series, config: config, name: "s", progress: progress) }
            #expect(watched == !record.events.isEmpty)
            models.append(try bytes(of: model, series: series))
        }
        #expect(models.allSatisfy { $0 == models[0] })
    }

    /// Early stopping scores the epochs of a batch side by side on more than one thread: it stops at the same epoch,
    /// with the same validation events and the same model, for any count, dropping the epochs a batch trained past the stop.
    @Test func earlyStoppingStopsAtTheSameEpochForAnyThreadCount() throws {
        let series = try monthlySeries(60)
        var config = self.config
        (config.epochs, config.patience) = (12, 1)
        var runs: [(validation: [ForecastProgress], model: Data)] = []
        for threads in [1, 2, 3, 5] {
            let record = ProgressRecord()
            let model = try withComputeThreads(threads) { try ForecastModel.train(series: series, config: config, name: "s", progress: record.record) }
            runs.append((record.events.filter { if case .validation = $0 { true } else { false } }, try bytes(of: model, series: series)))
        }
        // Stopped before the limit, inside a batch of two, three and five epochs.
        let stopped = runs[0].validation.count
        #expect(stopped < config.epochs && stopped % 2 != 0 && stopped % 3 != 0 && stopped % 5 != 0, "stopped after \(stopped) epochs")
        #expect(runs.allSatisfy { $0.validation == runs[0].validation && $0.model == runs[0].model })
    }

    /// A stop requested during training (here by the progress callback, in each phase) abandons it with
    /// `CancellationError`; one requested before it starts stops it at once.
    @Test func aStopRequestAbandonsTraining() throws {
        // The members one after the other, so that none is between its last update and its epoch's end.
        try withComputeThreads(1) {
            let series = try monthlySeries(60)
            for phase in ["validation", "calibration", "member"] {
                let stop = StopRequest()
                var after: [ForecastProgress] = []
                #expect(throws: CancellationError.self) {
                    try ForecastModel.train(series: series, config: config, name: "s", progress: { event in
                        if stop.isRequested { after.append(event) }
                        if "\(event)".hasPrefix(phase) { stop.request() }
                    }, stopRequest: stop)
                }
                // The networks training when the request came stop after their update in progress: no epoch ends after it.
                #expect(after.isEmpty, "\(phase): \(after)")
            }
            let stop = StopRequest()
            stop.request()
            let record = ProgressRecord()
            #expect(throws: CancellationError.self) { try ForecastModel.train(series: series, config: config, name: "s", progress: record.record, stopRequest: stop) }
            #expect(record.events.isEmpty)
        }
    }

    /// A recursive forecast reports each step of each member's sample paths, and is the same without progress.
    @Test func aForecastReportsTheStepsOfItsPaths() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 3, ensemble: 2), name: "s")
        let record = ProgressRecord()
        let watched = try model.forecast(history: series.column(0), horizon: 5, progress: { record.record($0) })
        #expect(watched == (try model.forecast(history: series.column(0), horizon: 5)))
        #expect(!record.overlapped && record.events.count == 10)
        for m in 0..<2 {
            #expect(record.events.filter { if case .paths(m, 2, _, 5) = $0 { true } else { false } }
                == (1...5).map { .paths(member: m, members: 2, step: $0, steps: 5) })
        }
    }

    /// A stop requested during a recursive forecast (here by its progress, at the first third step of the two members
    /// drawing side by side) ends every member's paths after its step in progress, with `CancellationError`; the
    /// forecast's progress reports nothing after the request.
    @Test func aStopRequestAbandonsAForecast() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 3, ensemble: 2), name: "s")
        for forecast in ["combined", "public"] {
            let stop = StopRequest()
            let record = ProgressRecord()
            let progress = { (event: ForecastProgress) in
                record.record(event)
                if case .paths(_, _, 3, _) = event { stop.request() }
            }
            #expect(throws: CancellationError.self) {
                try withComputeThreads(2) {
                    if forecast == "public" {
                        _ = try model.forecast(history: series.column(0), horizon: 200, progress: progress, stopRequest: stop)
                    } else {  // a progress that sees the steps after the request too
                        _ = try model.combinedForecast(model.toZ(series.column(0)), horizon: 200, calendar: nil, progress: SerialProgress(progress), stopRequest: stop)
                    }
                }
            }
            let steps = record.events.compactMap { if case let .paths(_, _, step, _) = $0 { step } else { nil } }
            // No member goes past the step it was drawing when the request came (of 200).
            #expect(steps.contains(3) && steps.allSatisfy { $0 <= 4 }, "\(forecast): \(steps)")
            if forecast == "public" { #expect(steps.last == 3, "\(steps)") }
        }
    }

    /// Loading a series polls the stop request before it reads the file: a request made before abandons it with
    /// `CancellationError`, without reading (the missing file is no error).
    @Test func aStopRequestAbandonsLoading() throws {
        let stop = StopRequest()
        stop.request()
        #expect(throws: CancellationError.self) { try SeriesLoader(file: "/nonexistent/series.csv").load(stopRequest: stop) }
    }

    /// An evaluation reports each fold as it starts, then that fold's training.
    @Test func anEvaluationReportsItsFolds() throws {
        let record = ProgressRecord()
        var c = tinyConfig(horizon: 3)
        c.validationFraction = 0.2
        _ = try Evaluation(config: c, horizon: 3, backtest: 2).run(series: try monthlySeries(60), name: "s", progress: record.record)
        let folds = record.events.enumerated().filter { if case .fold = $0.element { true } else { false } }
        #expect(folds.map(\.element) == [.fold(fold: 1, folds: 2), .fold(fold: 2, folds: 2)])
        #expect(folds.first?.offset == 0)
        #expect(record.events.count > 4)
    }
}
