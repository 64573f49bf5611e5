import Foundation

extension Evaluation {
    /// Refuses a forecast with a point or bound that is not a finite number.
    /// - Throws: ``ForecastError/nonFiniteForecast(file:reason:)`` naming the model and the series' largest value.
    static func requireFinite(_ forecast: Forecast, model: String, training: [Double], name: String) throws {
        guard !forecast.isFinite else { return }
        throw ForecastError.nonFiniteForecast(file: name, reason: "the \(model) forecast has values or interval bounds that overflow; "
                                              + overflowAdvice(training))
    }

    /// Refuses scores that are not finite numbers, saying why: a MASE divisor of 0, or values too large.
    /// - Parameter training: the training part of the fold scored, which MASE divides by.
    /// - Throws: ``ForecastError/periodicTrainingPart(file:model:season:)`` for a MASE that divides by 0 (a training part
    ///   that is not constant, which ``run(series:name:log:progress:stopRequest:)`` refuses before), else
    ///   ``ForecastError/nonFiniteScore(file:model:metric:reason:)`` for the first one.
    static func requireFinite(_ scores: ModelScores, training: [Double], season m: Int, name: String) throws {
        let metrics = [("MASE", scores.mase), ("sMAPE", scores.smape), ("RMSE", scores.rmse), ("MAE", scores.mae)]
            + scores.msis.sorted { $0.key < $1.key }.map { ("MSIS\(ForecastConfig.percentLabel($0.key))", $0.value) }
        guard let (metric, _) = metrics.first(where: { !$0.1.isFinite }) else { return }
        if metric == "MASE" && ForecastMetrics.maseScale(training: training, season: m) == 0 {
            throw ForecastError.periodicTrainingPart(file: name, model: scores.model, season: m)
        }
        throw ForecastError.nonFiniteScore(file: name, model: scores.model, metric: metric, reason: overflowAdvice(training))
    }

    /// Why arithmetic on the series overflows: the size of its values, too large, or so small (below 1e-150, where
    /// products of two of them underflow) that dividing by their spread overflows.
    private static func overflowAdvice(_ training: [Double]) -> String {
        let largest = largestMagnitude(training), tiny = training.allSatisfy { Swift.abs($0) < 1e-150 }
        return (tiny ? "the series' values (none larger than \(largest) in magnitude) are too small" : "the series' values (as large as \(largest)) are too large")
            + " for the computation; rescale the series, for example to other units"
    }
}
