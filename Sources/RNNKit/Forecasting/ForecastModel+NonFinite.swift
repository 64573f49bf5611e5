import Foundation

extension Forecast {
    /// Whether every point forecast and interval bound is a finite number.
    public var isFinite: Bool {
        mean.allSatisfy(\.isFinite) && intervals.allSatisfy { $0.lower.allSatisfy(\.isFinite) && $0.upper.allSatisfy(\.isFinite) }
    }
}

/// The largest magnitude among `values`, for messages about overflow (`1.7e+308`).
func largestMagnitude(_ values: [Double]) -> String {
    String(format: "%g", values.map { Swift.abs($0) }.max() ?? 0)
}

extension ForecastModel {
    /// A history value this many scaled units from the training mean is far outside what the model has seen.
    static let scaledValueLimit = 1e6
    /// The ``extrapolation(history:)`` up to which recent history is like the training values (they lie within a
    /// few scaled units of their mean); beyond it the networks extrapolate.
    public static let trainingRange = 10.0

    /// Why a forecast from `history` is not finite: values too large for the model's scaling (the
    /// usual cause), weights that diverged (the recent values are like the training ones), or values far
    /// enough from the training ones for the forecast to overflow when mapped back.
    func nonFiniteReason(history: [Double]) -> String {
        let z = toZ(history)
        let largest = largestMagnitude(history)
        let fitted = scaler.map { _ in ", fitted on values around \(String(format: "%g", fromZ(0)))" } ?? ""
        if z.contains(where: { !$0.isFinite || Swift.abs($0) > Self.scaledValueLimit }) {
            return "the series' values (as large as \(largest)) are too large for the model's scaling\(fitted)"
        }
        if let far = extrapolation(history: history), far <= Self.trainingRange {
            return "the series' recent values lie within the model's training range (at most \(String(format: "%.1f", far)) scaled units from its mean), "
                + "so the model's weights are at fault: its training diverged; train it again with a smaller learning rate"
        }
        return "the series' values (as large as \(largest)) are so far from the model's scaling\(fitted) "
            + "that the forecast overflows when mapped back to the series' units"
    }
}
