import Foundation
@testable import RNNKit
import Testing
import _TestSupport

@Suite("forecast charts")
struct ForecastPlotTests {
    func plot(history: [Double], mean: [Double]) -> ForecastPlot {
        let forecast = Forecast(mean: mean, intervals: [Forecast.Interval(level: 0.8, lower: mean.map { $0 / 2 }, upper: mean)])
        return ForecastPlot(history: history, forecast: forecast, title: "t", labels: ("a", "b", "c"))
    }

    @Test func extremeValuesGiveFiniteCoordinates() {
        let svg = plot(history: [1.7e308, -1.7e308, 1.7e308], mean: [-1.7e308, 1.7e308]).svg
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"), "\(svg)")
    }

    @Test func nonFiniteValuesAreNotWritten() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: ForecastError.self) { try plot(history: [1, 2], mean: [.nan, 3]).write(to: dir.path("p.svg")) }
        #expect(throws: ForecastError.self) { try plot(history: [1, .infinity], mean: [1, 3]).write(to: dir.path("p.svg")) }
        #expect(try dir.contents().isEmpty)
    }
}
