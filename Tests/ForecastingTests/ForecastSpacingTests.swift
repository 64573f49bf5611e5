import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// A model knows the spacing of the dates it was trained on (`ForecastModel.frequency`), and forecasts from a history
/// dated at another spacing are refused: its season, lookback and calendar features count steps of the training spacing.
@Suite("forecast spacing")
struct ForecastSpacingTests {
    /// `values` dated by `dates`.
    func dated(_ values: [Double], _ dates: [String]) throws -> TimeSeries {
        try TimeSeries(values: values, columns: ["value"], dates: dates)
    }

    /// The refusal of dates `found` apart by a model of dates `trained` apart, for the series `file`.
    func refusal(_ file: String, found: String, trained: String) -> String {
        "\(file): the series' dates are \(found) apart, but the model was trained on dates \(trained) apart; pass a series of the model's frequency"
    }

    @Test func aTrainedModelRefusesAHistoryOfAnotherSpacing() throws {
        let model = try ForecastModel.train(series: try monthlySeries(60), config: tinyConfig(horizon: 2), name: "s")
        #expect(model.frequency == .months(1))
        let values = seasonalValues(60)
        #expect(throws: ForecastError.frequencyMismatch(file: "daily.csv", found: .days(1), trained: .months(1))) {
            try model.forecast(series: try dated(values, dailyDates(60)), name: "daily.csv")
        }
        do {
            _ = try model.forecast(series: try dated(values, timestamps(from: "2024-01-01 00:00", 60)))
            Issue.record("an hourly history was forecast by a monthly model")
        } catch let error as ForecastError {
            #expect(error.description == refusal("value", found: "1 hour", trained: "1 month"))
        }
        // The same spacing is forecast; so are values without dates, whose spacing the caller vouches for.
        let monthly = try model.forecast(series: try monthlySeries(60))
        #expect(monthly.mean.count == 2)
        #expect(try model.forecast(series: TimeSeries(values: values, columns: ["value"])) == monthly)
        #expect(try model.forecast(history: values) == monthly)
        // A model of a series without dates has no spacing, and takes any.
        let undated = try ForecastModel.train(series: TimeSeries(values: values, columns: ["value"]), config: tinyConfig(horizon: 2), name: "s")
        #expect(undated.frequency == nil)
        #expect(try undated.forecast(series: try dated(values, dailyDates(60))).mean.count == 2)
    }

    @Test func aLoadedCheckpointRefusesAHistoryOfAnotherSpacing() throws {
        let dir = try TemporaryDirectory()
        let model = try ForecastCheckpoint(contentsOf: try savedTinyModel(in: dir)).model  // monthly
        #expect(model.frequency == .months(1))
        #expect(throws: ForecastError.frequencyMismatch(file: "value", found: .days(1), trained: .months(1))) {
            try model.forecast(series: try dated(seasonalValues(60), dailyDates(60)))
        }
        #expect(try model.forecast(series: try monthlySeries(60)).mean.count == 2)
    }

    /// A checkpoint records the model's spacing, not that of the series it is given: a daily series given for a monthly
    /// model still gives a monthly file, which forecasts monthly histories.
    @Test func aCheckpointRecordsTheModelsSpacing() throws {
        let dir = try TemporaryDirectory()
        let model = try ForecastModel.train(series: try monthlySeries(60), config: tinyConfig(horizon: 2), name: "s")
        let checkpoint = ForecastCheckpoint(model: model, source: "", series: try dated(seasonalValues(60), dailyDates(60)))
        #expect(checkpoint.info.frequency == .months(1))
        let path = dir.path("m.safetensors")
        try checkpoint.write(to: path)
        let loaded = try ForecastCheckpoint(contentsOf: path)
        #expect(loaded.info.frequency == .months(1) && loaded.model.frequency == .months(1))
        #expect(try loaded.model.forecast(series: try monthlySeries(60)) == model.forecast(series: try monthlySeries(60)))
    }

    /// A model saved before dates 12 months apart were read as yearly recorded them as 12 months: it loads as yearly.
    @Test func aCheckpointOfDates12MonthsApartIsYearly() throws {
        let dir = try TemporaryDirectory()
        let yearly = try dated(seasonalValues(60), (0..<60).map { "\(1900 + $0)" })
        let model = try ForecastModel.train(series: yearly, config: tinyConfig(horizon: 2), name: "s")
        #expect(model.frequency == .years(1))
        let path = dir.path("y.safetensors")
        try ForecastCheckpoint(model: model, source: "", series: yearly).write(to: path)
        let old = try editedCheckpoint(path, as: dir.file("old.safetensors")) { $0["frequency"] = ["months": ["_0": 12]] }
        let loaded = try ForecastCheckpoint(contentsOf: old)
        #expect(loaded.info.frequency == .months(12) && loaded.model.frequency == .years(1))
        #expect(try loaded.model.forecast(series: yearly) == model.forecast(series: yearly))
        #expect(throws: ForecastError.frequencyMismatch(file: "value", found: .months(1), trained: .years(1))) {
            try loaded.model.forecast(series: try monthlySeries(60))
        }
    }
}
