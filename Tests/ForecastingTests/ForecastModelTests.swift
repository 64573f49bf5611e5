import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

@Suite("forecast models")
struct ForecastModelTests {
    /// Forecasts read only the last ``ForecastModel/minimumHistory`` values, which recursive paths keep instead of the whole history.
    @Test(arguments: [MultiStepStrategy.recursive, .direct])
    func aForecastDependsOnlyOnTheLastWindow(strategy: MultiStepStrategy) throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 3, strategy: strategy), name: "s")
        let history = series.column(0)
        let tail = Array(history.suffix(model.minimumHistory))
        #expect(try model.forecast(history: tail) == model.forecast(history: history))
        #expect(throws: ForecastError.seriesTooShort(file: "value", length: tail.count - 1, needed: tail.count,
                                                     reason: "forecasting with lookback \(model.lookback) and season \(model.season)")) {
            try model.forecast(history: Array(tail.dropFirst()))
        }
    }

    /// A history with NaN or infinity is refused by index, wherever the value is (before, a NaN was reported as a
    /// value ≤ 0 by a log model, as too large by another, and ignored outside the lookback).
    /// The log transform keeps subnormal values apart (they used to be clamped to the smallest normal Double, one value)
    /// and gives 0, which a series to forecast from may hold, a finite log.
    @Test func theLogKeepsSubnormalValuesApart() {
        let tiny = Double.leastNonzeroMagnitude, subnormal = Double("1e-310")!   // a literal would warn that it underflows
        let logs = [tiny, 2 * tiny, subnormal, Double.leastNormalMagnitude].map(ValueTransform.log.apply)
        #expect(Set(logs).count == 4 && logs == logs.sorted())
        #expect(abs(logs[0] - (-744.44)) < 0.01 && ValueTransform.log.apply(0) == logs[0])
        #expect(ValueTransform.log.invert(ValueTransform.log.apply(subnormal)) == subnormal)
    }

    @Test func aHistoryThatIsNotFiniteIsRefusedByIndex() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "s")
        for (i, bad) in [(59, Double.nan), (3, .nan), (10, .infinity)] {
            var history = series.column(0)
            history[i] = bad
            let error = #expect(throws: ForecastError.self) { try model.forecast(history: history) }
            #expect(error.map { "\($0)" } == "the history must hold finite values, got \(bad) at index \(i)")
        }
    }

    @Test(arguments: [(MultiStepStrategy.recursive, HeadKind.gaussian), (.recursive, .quantile),
                      (.direct, .gaussian), (.direct, .quantile)])
    func checkpointRoundTripGivesTheSameForecast(strategy: MultiStepStrategy, head: HeadKind) throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 4, strategy: strategy, head: head, ensemble: 2),
                                            name: "series.csv")
        let dir = try TemporaryDirectory()
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "series.csv", series: series).write(to: path)
        let checkpoint = try ForecastCheckpoint(contentsOf: path)
        let (loaded, info) = (checkpoint.model, checkpoint.info)
        #expect(info.column == "value" && info.source == "series.csv" && info.members == 2)
        #expect(info.lastDate == "2004-12" && info.frequency == .months(1))
        #expect(loaded.config == model.config && loaded.transform == model.transform)
        let history = series.column(0)
        // Same weights, same seeded noise: the forecasts agree exactly.
        #expect(try loaded.forecast(history: history) == model.forecast(history: history))
        let f = try model.forecast(history: history)
        #expect(f.mean.count == 4 && f.intervals.map(\.level) == [0.8, 0.95])
        for interval in f.intervals {
            #expect(zip(interval.lower, interval.upper).allSatisfy { $0 <= $1 })
            #expect(interval.lower.allSatisfy(\.isFinite) && interval.upper.allSatisfy(\.isFinite))
        }
    }

    @Test func directModelRejectsALongerHorizon() throws {
        let model = try ForecastModel.train(series: try monthlySeries(60), config: tinyConfig(horizon: 3, strategy: .direct), name: "s")
        #expect(try model.forecast(history: try monthlySeries(60).column(0), horizon: 2).mean.count == 2)
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the horizon (\(setting: "horizon")) must be at most 3, the horizon this direct model was trained for, got 4"))) {
            try model.forecast(history: try monthlySeries(60).column(0), horizon: 4)
        }
        let recursive = try ForecastModel.train(series: try monthlySeries(60), config: tinyConfig(horizon: 3), name: "s")
        #expect(try recursive.forecast(history: try monthlySeries(60).column(0), horizon: 5).mean.count == 5)
    }

    @Test func forecastNeedsTheLookback() throws {
        let model = try ForecastModel.train(series: try monthlySeries(60), config: tinyConfig(horizon: 2), name: "s")
        let short = Array(try monthlySeries(60).column(0).prefix(model.minimumHistory - 1))
        #expect(throws: ForecastError.seriesTooShort(file: "value", length: short.count, needed: model.minimumHistory,
                                                     reason: "forecasting with lookback \(model.lookback) and season \(model.season)")) {
            try model.forecast(history: short)
        }
    }

    @Test func quantileLossIsTheMeanPinballLoss() throws {
        let head = OutputHead(kind: .quantile, levels: [0.5], steps: 2)  // quantiles 0.5, 0.25, 0.75
        #expect(head.quantiles == [0.5, 0.25, 0.75] && head.outputsPerStep == 3)
        // B = 1; blocks [median | lower | upper] of 2 steps each.
        let out: [Float] = [1, 2, 0, 1, 3, 5], target: [Float] = [2, 1]
        let tape = Tape<Float>()
        let loss = head.loss(tape.variable(Tensor(shape: [1, 6], scalars: out)), Tensor(shape: [1, 2], scalars: target))
        func pinball(_ q: Double, _ y: Double, _ p: Double) -> Double { max(q * (y - p), (q - 1) * (y - p)) }
        let quantiles = [0.5, 0.25, 0.75]
        var expected = 0.0
        for (b, q) in quantiles.enumerated() {
            expected += (0..<2).map { pinball(q, Double(target[$0]), Double(out[b * 2 + $0])) }.reduce(0, +) / 2
        }
        expected /= 3
        #expect(Swift.abs(Double(loss.value.scalar) - expected) < 1e-6)
        // Bounds are read from the lower/upper blocks and ordered.
        out.withUnsafeBufferPointer { row in
            let (a, b) = head.quantileBounds(row, level: 0, step: 1)
            #expect(a == 1 && b == 5)
        }
    }

    @Test func loadRejectsForeignCheckpoints() throws {
        let dir = try TemporaryDirectory()
        let plain = dir.file("plain.safetensors")
        try SafetensorsFile(tensors: [:], metadata: ["note": "x"]).write(to: plain)
        #expect {
            try ForecastCheckpoint(contentsOf: plain.path)
        } throws: { error in
            guard case let ForecastError.invalidCheckpoint(_, reason) = error else { return false }
            return reason.contains("'forecast' metadata")
        }
        let path = try savedTinyModel(in: dir)
        #expect {
            try ForecastCheckpoint(contentsOf: editedCheckpoint(path, as: dir.file("other.safetensors")) { $0["format"] = "other/9" })
        } throws: { error in
            guard case let ForecastError.invalidCheckpoint(_, reason) = error else { return false }
            return reason.contains("other/9")
        }
    }

    @Test(arguments: [(MultiStepStrategy.recursive, HeadKind.gaussian, CellKind.gru), (.direct, .quantile, .lstm), (.direct, .gaussian, .rnn)])
    func parameterCountIsTheTrainedNetworks(strategy: MultiStepStrategy, head: HeadKind, cell: CellKind) throws {
        var config = tinyConfig(horizon: 3, strategy: strategy, head: head)
        (config.cell, config.layers) = (cell, 2)
        let model = try ForecastModel.train(series: try monthlySeries(60), config: config, name: "s")
        #expect(config.parameterCount == model.members[0].parameters.reduce(0) { $0 + $1.value.count })
    }

    @Test func modelsLargerThanMemoryAreRefused() {
        var large = tinyConfig(horizon: 2)
        large.hidden = 1 << 24  // 3·2^24·(2^24 + 2^24 + 3) ≈ 2^50.6 parameters
        let tooLarge = #expect(throws: ForecastError.self) { try large.validate() }
        guard case .modelTooLarge(networks: 1, parameters: _?, bytes: _?, memory: _)? = tooLarge else { Issue.record("\(String(describing: tooLarge))"); return }
        var many = tinyConfig(horizon: 2, ensemble: 1 << 62)
        #expect(many.parameterCount != nil)
        let tooMany = #expect(throws: ForecastError.self) { try many.validate() }
        guard case .modelTooLarge(networks: 1 << 62, parameters: _, bytes: _, memory: _)? = tooMany else { Issue.record("\(String(describing: tooMany))"); return }
        many.ensemble = 5
        #expect(throws: Never.self) { try many.validate() }
    }

    /// The memory a forecast needs counts the networks' activations on every sample path, not only the paths:
    /// a batch of 100 000 paths through a (nominally) wide network is refused before it runs.
    @Test func forecastsLargerThanMemoryAreRefused() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "s")
        var config = model.config
        config.samples = 100_000
        let many = ForecastModel(config: config, transform: model.transform, scaler: model.scaler, column: model.column, members: model.members)
        config.hidden = 1 << 20  // the estimate only: 100 000 paths × 2^20 units × lookback × gates is terabytes
        let wide = ForecastModel(config: config, transform: model.transform, scaler: model.scaler, column: model.column, members: model.members)
        let (a, b) = (try #require(many.forecastBytes(horizon: 2)), try #require(wide.forecastBytes(horizon: 2)))
        #expect(a > 100_000 * 4 * 32 && b > CheckedSize.physicalMemory && b > a)
        let error = #expect(throws: ForecastError.self) { try wide.forecast(history: series.column(0)) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("fits in this machine's memory"))
    }

    @Test func loadRejectsConfigurationsLargerThanTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = try savedTinyModel(in: dir)
        let members = try editedCheckpoint(path, as: dir.file("members.safetensors")) { $0["members"] = 1_000_000 }
        let hidden = try editedCheckpoint(path, as: dir.file("hidden.safetensors")) { info in
            var config = info["config"] as! [String: Any]
            config["hidden"] = 4000
            info["config"] = config
        }
        for file in [members, hidden] {
            #expect {
                try ForecastCheckpoint(contentsOf: file)
            } throws: { error in
                guard case let ForecastError.invalidCheckpoint(_, reason) = error else { return false }
                return reason.contains("more parameters than the file's")
            }
        }
    }
}

@Suite("forecast backtests")
struct BacktestTests {
    /// The scores of the RNN and every baseline.
    func scores(_ series: TimeSeries, backtest: Int, step: Int? = nil) throws -> [ModelScores] {
        try Evaluation(config: tinyConfig(horizon: 6), horizon: 6, backtest: backtest, step: step).run(series: series, name: "s")
    }

    /// A fold's RNN trains on the values before its cut only, and forecasts from there: its scores are those of a
    /// model trained on that prefix and scored by hand (training on the held-out values would leak them into the scores).
    @Test func theRNNTrainsOnTheValuesBeforeTheCutOnly() throws {
        let series = try monthlySeries(72)
        let rnn = try scores(series, backtest: 1)[0]
        let training = series.prefix(66)
        let model = try ForecastModel.train(series: training, config: tinyConfig(horizon: 6), name: "s")
        let forecast = try model.forecast(series: training, name: "s")
        let actual = Array(series.column(0)[66...])
        #expect(rnn.model == "rnn" && Swift.abs(rnn.mae - ForecastMetrics.mae(actual: actual, predicted: forecast.mean)) < 1e-12)
    }

    @Test func foldsAreAveraged() throws {
        let series = try monthlySeries(72)
        let both = try scores(series, backtest: 2, step: 4)
        let last = try scores(series, backtest: 1), earlier = try scores(series.prefix(68), backtest: 1)
        #expect(both.map(\.model) == ["rnn", "naive", "seasonal-naive", "drift", "holt-winters"])
        for (b, (x, y)) in zip(both, zip(last, earlier)) {
            #expect(Swift.abs(b.mase - (x.mase + y.mase) / 2) < 1e-9, "\(b.model)")
            #expect(Swift.abs(b.rmse - (x.rmse + y.rmse) / 2) < 1e-9, "\(b.model)")
            for level in [0.8, 0.95] {
                #expect(Swift.abs(b.coverage[level]! - (x.coverage[level]! + y.coverage[level]!) / 2) < 1e-12, "\(b.model)")
            }
        }
        // The two folds differ, so the average is not just one of them.
        #expect(last[1].mase != earlier[1].mase)
    }

    /// With filled gaps, a fold trains on the part before its cut as that part reads alone, and is scored on values
    /// read: the gap before the cut was interpolated towards the first held-out value (so naive forecast a mix of it),
    /// and a held-out NaN was scored as its fill.
    @Test func filledGapsDoNotLeakIntoFolds() throws {
        let values = seasonalValues(72)
        var cells = values.map { String($0) }
        (cells[65], cells[68]) = ("", "NaN")  // the last training value of the split at 66, and a held-out one
        let csv = "date,value\n" + zip(monthlyDates(72), cells).map { "\($0),\($1)" }.joined(separator: "\n")
        let series = try TimeSeries(csv: Data(csv.utf8), file: "g.csv", target: 1, date: 0, missing: .interpolate)
        #expect(series.filledRows == [[65, 68]])
        let naive = try scores(series, backtest: 1)[1]
        let observed = [66, 67, 69, 70, 71]  // naive forecasts the last value read before the cut, values[64]
        let expected = observed.reduce(0) { $0 + Swift.abs(values[$1] - values[64]) } / Double(observed.count)
        #expect(naive.model == "naive" && Swift.abs(naive.mae - expected) < 1e-9)
        // A fold that holds out filled gaps only has nothing to score: refused before any fold trains (no progress).
        for r in 60..<66 { cells[r] = "" }
        let gappy = "date,value\n" + zip(monthlyDates(72), cells).map { "\($0),\($1)" }.joined(separator: "\n")
        let outage = try TimeSeries(csv: Data(gappy.utf8), file: "g.csv", target: 1, date: 0, missing: .interpolate)
        var events = 0
        #expect(throws: ForecastError.heldOutAllFilled(file: "s", first: "2005-01", last: "2005-06")) {
            try Evaluation(config: tinyConfig(horizon: 6), horizon: 6, backtest: 2, step: 6).run(series: outage, name: "s", progress: { _ in events += 1 })
        }
        #expect(events == 0)
    }

    @Test func tooManyFoldsNameTheNeededLength() throws {
        #expect {
            try scores(try monthlySeries(60), backtest: 11)
        } throws: { error in
            // Folds 3 apart: the earliest of 11 cuts at 60 − 6 − 10·3 = 24, below 2·m + 2 = 26.
            guard case let ForecastError.seriesTooShort(_, length, needed, _, _) = error else { return false }
            return length == 60 && needed == 6 + 10 * 3 + 2 * 12 + 2
        }
        #expect(throws: ForecastError.configuration(ConfigurationError("the number of backtest folds (\(setting: "Evaluation.backtest")) must be at least 1, got 0"))) {
            try scores(try monthlySeries(60), backtest: 0)
        }
    }
}

@Suite("forecast evaluation scores")
struct EvaluationScoreTests {
    @Test func nonFiniteForecastsAndScoresAreRefused() throws {
        var config = tinyConfig(horizon: 6)
        (config.scaling, config.transform) = (nil, ValueTransform.none)
        // Alternating signs that do not repeat every season: the differences overflow.
        let huge = try TimeSeries(values: (0..<72).map { $0 % 2 == 0 ? 1.7e308 : -Double($0) * 1e306 }, columns: ["v"], dates: monthlyDates(72))
        #expect {
            try Evaluation(config: config, horizon: 6).run(series: huge, name: "huge.csv")
        } throws: { error in
            switch error {
            case let ForecastError.nonFiniteForecast(file, reason), let ForecastError.nonFiniteScore(file, _, _, reason):
                return file == "huge.csv" && reason.contains("(as large as 1.7e+308)")
            default: return false
            }
        }
        // A training part that repeats every season: MASE divides by 0.
        let periodic = try TimeSeries(values: (0..<72).map { Double($0 % 12 + 1) }, columns: ["v"], dates: monthlyDates(72))
        #expect {
            try Evaluation(config: tinyConfig(horizon: 6), horizon: 6).run(series: periodic, name: "p.csv")
        } throws: { error in
            guard case let ForecastError.periodicTrainingPart(file, model, season) = error else { return false }
            return file == "p.csv" && model == "rnn" && season == 12
                && "\(error)".hasSuffix("compare the models by another score or set another ForecastConfig.season")
        }
        // A constant one: no season would help (the advice said to set another), so it says there is nothing to forecast.
        var unscaled = tinyConfig(horizon: 6)
        unscaled.scaling = nil
        let constant = try TimeSeries(values: Array(repeating: 5, count: 72), columns: ["v"], dates: monthlyDates(72))
        #expect(throws: ForecastError.constantTrainingPart(file: "c.csv")) {
            try Evaluation(config: unscaled, horizon: 6).run(series: constant, name: "c.csv")
        }
        // Scaled, too: the scaler's advice to scale by nothing led to the message above.
        #expect(throws: ForecastError.constantTrainingPart(file: "c.csv")) {
            try Evaluation(config: tinyConfig(horizon: 6), horizon: 6).run(series: constant, name: "c.csv")
        }
    }
}

/// The forecast CSV keeps a large series' units: 6 significant digits wrote 12,465,412.3 as 1.24654e+07.
@Test func forecastCSVKeepsTenDigits() {
    let forecast = Forecast(mean: [12_465_412.345, 0.5], intervals: [Forecast.Interval(level: 0.8, lower: [12_379_200.5, 0.25], upper: [12_551_624, 1])])
    #expect(forecast.csv(dates: nil) == "step,mean,lower_80,upper_80\n1,12465412.35,12379200.5,12551624\n2,0.5,0.25,1\n")
}

/// Level labels read back as their levels: 0.9999999 was labelled 100, and 0.9999999 with 0.99999999 were refused as one level.
@Test func levelLabelsAreDistinct() throws {
    #expect([0.8, 0.95, 0.5, 0.025].map(ForecastConfig.percentLabel) == ["80", "95", "50", "2.5"])
    #expect(ForecastConfig.percentLabel(0.9999999) == "99.99999")
    var config = ForecastConfig()
    config.levels = [0.9999999, 0.99999999]
    try config.validate()
    config.levels = [0.8, 0.80]
    #expect(throws: ForecastError.self) { try config.validate() }
}

/// Tiny and many-digit levels are labelled in plain decimals that read back as the level given: `%g` wrote 1e-9 as
/// `1e-07`, and 1e-9 with 1.00000001e-9 both as `1e-07`, refused as one level.
@Test func levelLabelsHaveNoExponent() throws {
    let levels = [1e-9, 1.00000001e-9, 0.07, 0.3, 0.30000000000000004, 0.123456789012345, 5e-5, 0.99999999999]
    let labels = levels.map(ForecastConfig.percentLabel)
    #expect(labels == ["0.0000001", "0.000000100000001", "7", "30", "30.000000000000004", "12.3456789012345", "0.005", "99.999999999"])
    for (level, label) in zip(levels, labels) { #expect(Double(label + "e-2") == level, "\(label)") }
    var config = ForecastConfig()
    config.levels = levels
    try config.validate()
    let forecast = Forecast(mean: [1], intervals: levels.prefix(2).map { Forecast.Interval(level: $0, lower: [1], upper: [1]) })
    #expect(forecast.csv(dates: nil).hasPrefix("step,mean,lower_0.0000001,upper_0.0000001,lower_0.000000100000001,upper_0.000000100000001\n"))
}
