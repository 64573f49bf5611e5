import Foundation
@testable import forecast
import RNNKit
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

    /// The widest band is the lightest whatever the order of the levels (`--levels 0.95,0.8` drew it darker), and the
    /// legend's swatches have the bands' opacities.
    @Test(arguments: [[0.8, 0.95], [0.95, 0.8]])
    func theWidestBandIsLightest(levels: [Double]) {
        let mean = [1.0, 2.0]
        let intervals = levels.map { Forecast.Interval(level: $0, lower: mean.map { $0 - 1 }, upper: mean.map { $0 + 1 }) }
        let svg = ForecastPlot(history: [1, 2], forecast: Forecast(mean: mean, intervals: intervals), title: "t", labels: ("a", "b", "c")).svg
        let bands = svg.split(separator: "\n").filter { $0.hasPrefix("<polygon") }
        #expect(bands.count == 2)
        #expect(bands[0].contains("fill-opacity=\"0.18\"") && bands[0].contains("95% interval"), "\(bands)")
        #expect(bands[1].contains("fill-opacity=\"0.35\"") && bands[1].contains("80% interval"), "\(bands)")
        #expect(svg.contains("fill=\"#d95f02\" fill-opacity=\"0.35\"/>\n<text x=\"90.0\" y=\"80.0\" font-family=\"sans-serif\" font-size=\"11\">80% interval"), "\(svg)")
    }

    @Test func nonFiniteValuesAreNotWritten() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: ForecastError.self) { try plot(history: [1, 2], mean: [.nan, 3]).write(to: dir.path("p.svg")) }
        #expect(throws: ForecastError.self) { try plot(history: [1, .infinity], mean: [1, 3]).write(to: dir.path("p.svg")) }
        #expect(try dir.contents().isEmpty)
    }
}
