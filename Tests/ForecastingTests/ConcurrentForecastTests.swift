import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport

/// One model forecasts from several tasks at once, each getting what a call alone gets.
@Suite struct ConcurrentForecastTests {
    @Test func forecastsFromSeveralTasksAgreeWithOneAlone() async throws {
        let series = try monthlySeries(60), history = series.column(0)
        let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 3, ensemble: 2), name: "s")
        let alone = try model.forecast(history: history)
        let together = try await withThrowingTaskGroup(of: Forecast.self) { group in
            for _ in 0..<4 { group.addTask { try model.forecast(history: history) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(together.count == 4 && together.allSatisfy { $0 == alone })
    }
}
