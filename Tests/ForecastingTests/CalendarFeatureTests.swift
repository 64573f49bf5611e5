import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Calendar features (`ForecastConfig.calendar`): their place in the inputs, forecasts from dated series, checkpoints, refusals.
@Suite("forecast calendar features")
struct CalendarFeatureTests {
    /// An hourly series of `n` values (a daily cycle, higher on weekdays) from Monday 2024-01-01 00:00, its dates shifted by `shift` hours.
    func hourlySeries(_ n: Int = 24 * 6, shift: Int = 0) throws -> TimeSeries {
        let values = (0..<n).map { t in 100 + 20 * sin(2 * Double.pi * Double(t) / 24) + (t / 24 % 7 < 5 ? 10 : 0) }
        let dates = (0..<n).map { CalendarDate("2024-01-01 00:00:00")!.advanced(by: $0 + shift, .seconds(3600)).text }
        return try TimeSeries(values: values, columns: ["load"], dates: dates)
    }

    /// The last `k` rows of `series`, with their dates.
    func suffix(_ series: TimeSeries, _ k: Int) throws -> TimeSeries {
        try TimeSeries(values: Array(series.column(0).suffix(k)), columns: series.columns, dates: series.dates.map { Array($0.suffix(k)) })
    }

    func calendarConfig(horizon: Int, strategy: MultiStepStrategy = .recursive, head: HeadKind = .gaussian) -> ForecastConfig {
        var config = tinyConfig(horizon: horizon, strategy: strategy, head: head, ensemble: 2)
        config.calendar = true
        return config
    }

    /// `model` without the spacing it was trained on (``ForecastModel/frequency`` nil), whose forecasts check the dates' calendar cycles only.
    func withoutSpacing(_ model: ForecastModel) -> ForecastModel {
        ForecastModel(config: model.config, transform: model.transform, scaler: model.scaler, column: model.column, members: model.members,
                      intervalScales: model.intervalScales, calendar: model.calendar)
    }

    /// Saves a model of `config` trained on ``hourlySeries(_:shift:)`` as `m.safetensors` in `dir`; gives the reason a
    /// copy of it edited by `edit` (its metadata) is refused with, nil when the copy loads.
    func checkpointRefusal(config: ForecastConfig, in dir: TemporaryDirectory) throws -> (_ edit: (inout [String: Any]) -> Void) throws -> String? {
        let series = try hourlySeries()
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        return { edit in
            do {
                _ = try ForecastCheckpoint(contentsOf: editedCheckpoint(path, as: dir.file("edited.safetensors"), edit))
                return nil
            } catch let ForecastError.invalidCheckpoint(_, reason) { return reason }
        }
    }

    /// Step j of the window with origin t carries z[t−L+j] and the features of the date at position t−L+j+1: the last
    /// step those of z[t], the step predicted. A copy of the end of the series, shifted, reads the same rows.
    @Test func eachInputStepCarriesTheFeaturesOfTheStepItPrecedes() throws {
        let dates = monthlyDates(8).map { CalendarDate($0)! }   // 2000-01 … 2000-08: position i is month i + 1
        let rows = CalendarRows(dates: dates, cycles: [.monthOfYear])
        #expect(rows.width == 2 && rows.values.count == 16)
        let w = ForecastWindowing(lookback: 3, season: 1, mode: .change, steps: 1)
        let z: [Double] = [0, 1, 3, 6, 10, 15]
        func month(_ i: Int) -> [Float] { [Float(sin(2 * Double.pi * Double(i) / 12)), Float(cos(2 * Double.pi * Double(i) / 12))] }
        // Origin 4 reads z[1], z[2], z[3] relative to z[3], each with the month of the next position: 2, 3, then 4 (z[4]'s).
        let expected: [Float] = [-5] + month(2) + [-3] + month(3) + [0] + month(4)
        #expect(w.input(z, origin: 4, calendar: rows) == expected)
        #expect(w.input(Array(z[1...]), origin: 3, calendar: rows, shift: 1) == expected)
        #expect(w.input(z, origin: 4) == [-5, -3, 0])   // without calendar features, the values alone as before
        let batch = w.batch(z, origins: [3, 4], calendar: rows)
        #expect(batch.inputs.count == 2 * 3 * 3 && Array(batch.inputs[9...]) == expected && batch.targets == [3, 4])
    }

    /// The forecast reads the dates of the history and of the steps after it: the last values with their dates forecast as the
    /// whole series does, and the same values at other hours forecast otherwise.
    @Test(arguments: [MultiStepStrategy.recursive, .direct])
    func aForecastReadsTheHistorysDates(strategy: MultiStepStrategy) throws {
        let series = try hourlySeries()
        let model = try ForecastModel.train(series: series, config: calendarConfig(horizon: 3, strategy: strategy), name: "s")
        #expect(model.calendar == [.timeOfDay, .dayOfWeek] && model.inputSize == 5)
        #expect(model.members[0].parameters[0].value.shape == [3 * 4, 5])   // weight_ih_l0 [3H, 1 + 2·2]
        let whole = try model.forecast(series: series)
        #expect(try model.forecast(series: suffix(series, model.minimumHistory)) == whole)
        // The members' forecasts are recursive paths of the features too: a longer horizon than trained continues the dates.
        if strategy == .recursive { #expect(try model.forecast(series: series, horizon: 30).mean.count == 30) }
        let later = try hourlySeries(shift: 5)
        #expect(try model.forecast(series: later).mean != whole.mean)
    }

    /// A model without the setting forecasts the same from a series as from its values, and records nothing new.
    @Test func aModelWithoutTheSettingIsAsBefore() throws {
        let series = try monthlySeries(60)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "s")
        #expect(model.calendar.isEmpty && model.inputSize == 1)
        #expect(try model.forecast(series: series) == model.forecast(history: series.column(0)))
        let dir = try TemporaryDirectory()
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        let text = try #require(try SafetensorsFile(contentsOf: URL(fileURLWithPath: path)).metadata["forecast"])
        #expect(!text.contains("calendar"), "\(text)")
    }

    /// The checkpoint records the setting and the cycles; the loaded model forecasts as the trained one.
    @Test(arguments: [(MultiStepStrategy.recursive, HeadKind.gaussian), (.direct, .quantile)])
    func checkpointRoundTrip(strategy: MultiStepStrategy, head: HeadKind) throws {
        let series = try hourlySeries()
        let model = try ForecastModel.train(series: series, config: calendarConfig(horizon: 3, strategy: strategy, head: head), name: "s")
        let dir = try TemporaryDirectory()
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        let checkpoint = try ForecastCheckpoint(contentsOf: path)
        #expect(checkpoint.info.calendar == [.timeOfDay, .dayOfWeek] && checkpoint.info.config.calendar == true)
        #expect(checkpoint.model.calendar == model.calendar)
        #expect(try checkpoint.model.forecast(series: series) == model.forecast(series: series))
        #expect(model.config.parameterCount(inputSize: model.inputSize) == model.members[0].parameters.reduce(0) { $0 + $1.value.count })
    }

    /// Checkpoints whose cycles disagree with the setting are refused, naming the field.
    @Test func checkpointCyclesMustMatchTheSetting() throws {
        let dir = try TemporaryDirectory()
        let refusal = try checkpointRefusal(config: calendarConfig(horizon: 2), in: dir)
        let path = dir.path("m.safetensors")
        #expect(try refusal { _ in } == nil)
        #expect(try refusal { $0.removeValue(forKey: "calendar") }?.hasPrefix("'calendar' lists no cycles, but 'config.calendar' is true") == true)
        #expect(try refusal { $0["calendar"] = ["time-of-day", "time-of-day"] }?.hasPrefix("'calendar' lists time-of-day and time-of-day; expected "
                                                                                        + "time-of-day and day-of-week, the cycles of dates 1 hour apart ('frequency')") == true)
        // Cycles of another spacing, as many as the weights were made for: they would forecast from features the
        // networks never saw.
        #expect(try refusal { $0["calendar"] = ["month-of-year", "quarter-of-year"] }?
                .hasPrefix("'calendar' lists month-of-year and quarter-of-year; expected time-of-day and day-of-week") == true)
        #expect(try refusal { $0.removeValue(forKey: "frequency") }?.hasPrefix("'frequency' is missing, but 'config.calendar' is true") == true)
        #expect(try refusal { info in
            var config = info["config"] as! [String: Any]
            config.removeValue(forKey: "calendar")
            info["config"] = config
        }?.hasPrefix("'calendar' lists cycles, but 'config.calendar' is not true") == true)
        // One cycle where the weights were made for two: the weights do not fit.
        #expect(throws: (any Error).self) { try ForecastCheckpoint(contentsOf: editedCheckpoint(path, as: dir.file("one.safetensors")) { $0["calendar"] = ["day-of-week"] }) }
    }

    /// Calendar features need regular dates finer than yearly, to train and to forecast; values alone are refused.
    @Test func seriesWithoutUsableDatesAreRefused() throws {
        let config = calendarConfig(horizon: 2)
        let undated = try TimeSeries(values: seasonalValues(60), columns: ["v"])
        #expect(throws: ForecastError.calendarUnavailable(file: "s", setting: "ForecastConfig.calendar", reason: "the series' dates, and it has none")) {
            try ForecastModel.train(series: undated, config: config, name: "s")
        }
        var chosen = config
        chosen.calendarCycles = [.dayOfWeek]
        #expect(throws: ForecastError.calendarUnavailable(file: "s", setting: "ForecastConfig.calendarCycles", reason: "the series' dates, and it has none")) {
            try ForecastModel.train(series: undated, config: chosen, name: "s")
        }
        let yearly = try TimeSeries(values: seasonalValues(60), columns: ["v"], dates: (0..<60).map { String(1900 + $0) })
        let error = #expect(throws: ForecastError.self) { try ForecastModel.train(series: yearly, config: config, name: "s") }
        #expect(error.map { "\($0)" } == "s: calendar features (ForecastConfig.calendar) need a spacing finer than a year (they are places in "
                + "the year, week and day), and the series' dates are 1 year apart")
        let labels = try TimeSeries(values: seasonalValues(60), columns: ["v"], dates: (0..<60).map { "q\($0)" })
        #expect(throws: ForecastError.calendarUnavailable(file: "s", setting: "ForecastConfig.calendar", reason: "regular dates, and the series' dates column holds labels or uneven steps")) {
            try ForecastModel.train(series: labels, config: config, name: "s")
        }
        let series = try hourlySeries()
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        #expect(throws: ForecastError.calendarUnavailable(file: "load", setting: "ForecastConfig.calendar", reason: "the history's dates, which values alone do not give; "
                                                              + "forecast from a series with dates (forecast(series:))")) {
            try model.forecast(history: series.column(0))
        }
        #expect(throws: ForecastError.calendarUnavailable(file: "load", setting: "ForecastConfig.calendar", reason: "the history's dates, and it has none")) {
            try model.forecast(series: TimeSeries(values: series.column(0), columns: ["load"]))
        }
        // Dates of another spacing, whose cycles are not the model's, are refused rather than read as the model's: for
        // their spacing, and by a model that records none, for their cycles.
        let days = try TimeSeries(values: series.column(0), columns: ["load"], dates: (0..<series.count).map { CalendarDate("2020-01-01")!.advanced(by: $0, .days(1)).text })
        #expect(throws: ForecastError.frequencyMismatch(file: "load", found: .days(1), trained: .seconds(3600))) { try model.forecast(series: days) }
        #expect(throws: ForecastError.calendarUnavailable(file: "load", setting: "ForecastConfig.calendar", reason: "the cycles the model was trained on (time-of-day and "
                                                              + "day-of-week), and the history's dates, 1 day apart, move through day-of-week and day-of-year")) {
            try withoutSpacing(model).forecast(series: days)
        }
    }

    /// Chosen cycles: the model reads them in calendar order whatever order they are listed in, records them, and
    /// forecasts from them after a round trip through its file.
    @Test func chosenCyclesAreReadInCalendarOrderAndRecorded() throws {
        let series = try hourlySeries()
        var config = calendarConfig(horizon: 2)
        config.calendarCycles = [.dayOfYear, .timeOfDay]
        #expect(config.parameterCount == config.parameterCount(inputSize: 5))
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        #expect(model.calendar == [.timeOfDay, .dayOfYear] && model.inputSize == 5)
        config.calendarCycles = [.timeOfDay, .dayOfYear]
        #expect(try ForecastModel.train(series: series, config: config, name: "s").forecast(series: series) == model.forecast(series: series))
        let dir = try TemporaryDirectory()
        let path = dir.path("m.safetensors")
        try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
        let checkpoint = try ForecastCheckpoint(contentsOf: path)
        #expect(checkpoint.info.calendar == [.timeOfDay, .dayOfYear] && checkpoint.info.config.calendarCycles == [.dayOfYear, .timeOfDay])
        #expect(try checkpoint.model.forecast(series: series) == model.forecast(series: series))
        // One cycle: a network of 1 + 2 inputs, which forecasts otherwise.
        config.calendarCycles = [.dayOfWeek]
        let one = try ForecastModel.train(series: series, config: config, name: "s")
        #expect(one.calendar == [.dayOfWeek] && one.members[0].parameters[0].value.shape == [3 * 4, 3])
        #expect(config.parameterCount == config.parameterCount(inputSize: 3))
        #expect(config.parameterCount == one.members[0].parameters.map(\.value.count).reduce(0, +))
        #expect(try one.forecast(series: series) != model.forecast(series: series))
    }

    /// A chosen list must be distinct, not empty, and come with the setting; each cycle must fit the series' spacing to
    /// train, and the history's to forecast.
    @Test func chosenCyclesAreRefusedWhereTheyDoNotFit() throws {
        func refusal(_ edit: (inout ForecastConfig) -> Void) -> String? {
            var config = calendarConfig(horizon: 2)
            edit(&config)
            do { try config.validate() } catch { return "\(error)" }
            return nil
        }
        #expect(refusal { $0.calendarCycles = [.dayOfWeek] } == nil)
        #expect(refusal { $0.calendarCycles = [.dayOfWeek, .dayOfYear, .dayOfWeek] } == "the calendar cycles (ForecastConfig.calendarCycles) must be "
                + "distinct, got day-of-week,day-of-year,day-of-week; day-of-week is given twice")
        #expect(refusal { $0.calendarCycles = [] } == "the calendar cycles (ForecastConfig.calendarCycles) must list at least one cycle, got none; "
                + "without a list, ForecastConfig.calendar reads the cycles of the series' spacing")
        #expect(refusal { $0.calendar = nil; $0.calendarCycles = [.dayOfWeek] } == "the calendar cycles (ForecastConfig.calendarCycles) need "
                + "ForecastConfig.calendar true, since they choose its features, got day-of-week without it")
        var config = calendarConfig(horizon: 2)
        config.calendarCycles = [.timeOfDay, .dayOfWeek]
        let daily = try TimeSeries(values: seasonalValues(60), columns: ["v"], dates: dailyDates(60))
        #expect(throws: ForecastError.configuration(ConfigurationError("s: the calendar cycle time-of-day (\(setting: "ForecastConfig.calendarCycles")) "
            + "does not fit the series: dates 1 day apart all fall at one time of day; the cycles that do are day-of-week, day-of-year, "
            + "week-of-year, month-of-year and quarter-of-year"))) {
            try ForecastModel.train(series: daily, config: config, name: "s")
        }
        // Standard input is named as such, as in the other errors that name the series' file.
        #expect(throws: ForecastError.configuration(ConfigurationError("standard input: the calendar cycle time-of-day (\(setting: "ForecastConfig.calendarCycles")) "
            + "does not fit the series: dates 1 day apart all fall at one time of day; the cycles that do are day-of-week, day-of-year, "
            + "week-of-year, month-of-year and quarter-of-year"))) {
            try ForecastModel.train(series: daily, config: config, name: "/dev/stdin")
        }
        let weekly = try TimeSeries(values: seasonalValues(130), columns: ["v"], dates: (0..<130).map { CalendarDate("2020-01-06")!.advanced(by: 7 * $0, .days(1)).text })
        config.calendarCycles = [.dayOfWeek]
        #expect(throws: ForecastError.configuration(ConfigurationError("s: the calendar cycle day-of-week (\(setting: "ForecastConfig.calendarCycles")) "
            + "does not fit the series: dates 7 days apart all fall on one day of the week; the cycles that do are day-of-year, week-of-year, "
            + "month-of-year and quarter-of-year"))) {
            try ForecastModel.train(series: weekly, config: config, name: "s")
        }
        // No cycle fits yearly dates.
        let yearly = try TimeSeries(values: seasonalValues(60), columns: ["v"], dates: (0..<60).map { "\(1900 + $0)" })
        config.calendarCycles = [.monthOfYear]
        #expect(throws: ForecastError.configuration(ConfigurationError("s: the calendar cycle month-of-year (\(setting: "ForecastConfig.calendarCycles")) "
            + "does not fit the series: dates 1 year apart all fall at one place in the year; no cycle does"))) {
            try ForecastModel.train(series: yearly, config: config, name: "s")
        }
        // Trained on hourly dates, the time of day does not fit a daily history.
        config.calendarCycles = [.timeOfDay]
        let series = try hourlySeries()
        let model = try ForecastModel.train(series: series, config: config, name: "s")
        let dailyHistory = try TimeSeries(values: series.column(0), columns: ["load"], dates: dailyDates(series.count))
        #expect(throws: ForecastError.frequencyMismatch(file: "load", found: .days(1), trained: .seconds(3600))) { try model.forecast(series: dailyHistory) }
        #expect(throws: ForecastError.calendarUnavailable(file: "load", setting: "ForecastConfig.calendarCycles",
                                                              reason: "the cycles the model was trained on (time-of-day), and time-of-day "
                                                              + "does not fit the history's dates: dates 1 day apart all fall at one time of day")) {
            try withoutSpacing(model).forecast(series: dailyHistory)
        }
        // A history without dates is refused naming the setting the model was trained with.
        #expect(throws: ForecastError.calendarUnavailable(file: "load", setting: "ForecastConfig.calendarCycles", reason: "the history's dates, and it has none")) {
            try model.forecast(series: TimeSeries(values: series.column(0), columns: ["load"]))
        }
    }

    /// A checkpoint's chosen cycles must fit its spacing, and its recorded cycles must be those chosen.
    @Test func checkpointCyclesMustBeThoseChosen() throws {
        var config = calendarConfig(horizon: 2)
        config.calendarCycles = [.dayOfWeek]
        let refusal = try checkpointRefusal(config: config, in: TemporaryDirectory())
        #expect(try refusal { _ in } == nil)
        #expect(try refusal { $0["calendar"] = ["time-of-day"] }?.hasPrefix("'calendar' lists time-of-day; expected day-of-week, those of 'config.calendarCycles';") == true)
        #expect(try refusal { $0["frequency"] = ["days": ["_0": 7]] }?.hasPrefix("'config.calendarCycles' lists day-of-week, which does not fit "
                + "the spacing of the dates ('frequency'): dates 7 days apart all fall on one day of the week;") == true)
    }

    /// An evaluation's folds forecast from the dates of their training parts.
    @Test func anEvaluationUsesEachFoldsDates() throws {
        let scores = try Evaluation(config: calendarConfig(horizon: 2), horizon: 3, backtest: 2).run(series: hourlySeries(), name: "s")
        #expect(scores.count == 5 && scores.allSatisfy { $0.mase.isFinite })
    }
}
