import Foundation

/// An SVG line chart of a series' history, its forecast and the prediction
/// intervals (the widest band lightest, whatever the order of the levels), written by hand.
public struct ForecastPlot: Sendable {
    /// The observed values shown (the last ones). [N]
    public var history: [Double]
    /// The forecast drawn after the history: its mean line and interval bands, [H] each.
    public var forecast: Forecast
    /// The title above the chart.
    public var title: String
    /// The labels of the first and last history points and the last forecast step.
    public var labels: (start: String, split: String, end: String)
    /// The size of the chart in SVG pixels.
    public var width = 800.0, height = 400.0

    /// A chart of `history` [N] and `forecast`; `labels` are (start, split, end), as ``labels``.
    public init(history: [Double], forecast: Forecast, title: String, labels: (String, String, String)) {
        self.history = history
        self.forecast = forecast
        self.title = title
        self.labels = labels
    }

    /// The SVG document.
    public var svg: String {
        let n = history.count, h = forecast.mean.count
        // The value axis in units of the largest magnitude, so no difference overflows even near ±Double.greatestFiniteMagnitude.
        let all = history + forecast.mean + forecast.intervals.flatMap { $0.lower + $0.upper }
        let unit = Swift.max(all.map { Swift.abs($0) }.max() ?? 1, .leastNormalMagnitude)
        let lo = (all.min() ?? 0) / unit, hi = (all.max() ?? 1) / unit, span = hi > lo ? hi - lo : 1
        let (left, right, top, bottom) = (60.0, 20.0, 40.0, 40.0)
        let pw = width - left - right, ph = height - top - bottom
        func x(_ i: Int) -> Double { left + pw * Double(i) / Double(Swift.max(n + h - 1, 1)) }
        func y(_ v: Double) -> Double { top + ph * (1 - (v / unit - lo) / span) }
        func points(_ v: [Double], from i0: Int) -> String {
            v.enumerated().map { String(format: "%.1f,%.1f", x(i0 + $0), y($1)) }.joined(separator: " ")
        }
        var body: [String] = []
        body.append("<rect width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>")
        body.append("<text x=\"\(width / 2)\" y=\"24\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"15\">\(escape(title))</text>")
        for k in 0...4 {
            let v = (lo + span * Double(k) / 4) * unit
            body.append(String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - right, y(v), y(v)))
            body.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\">", left - 6, y(v) + 4)
                        + String(format: "%.4g", v) + "</text>")
        }
        // Widest first, so the narrower bands lie on top; each band's opacity by its rank, whatever the order of the levels.
        let bands = forecast.intervals.sorted { $0.level > $1.level }
        func opacity(_ interval: Forecast.Interval) -> String {
            String(format: "%.2f", Swift.min(0.18 + 0.17 * Double(bands.firstIndex { $0.level == interval.level }!), 0.9))
        }
        for interval in bands {
            let band = points(interval.upper, from: n) + " "
                + (0..<h).reversed().map { String(format: "%.1f,%.1f", x(n + $0), y(interval.lower[$0])) }.joined(separator: " ")
            body.append("<polygon points=\"\(band)\" fill=\"#d95f02\" fill-opacity=\"\(opacity(interval))\" stroke=\"none\">"
                        + "<title>\(ForecastConfig.percentLabel(interval.level))% interval</title></polygon>")
        }
        body.append("<polyline points=\"\(points(history, from: 0))\" fill=\"none\" stroke=\"#1b6ca8\" stroke-width=\"1.5\"/>")
        if let last = history.last {
            body.append("<polyline points=\"\(points([last] + forecast.mean, from: n - 1))\" fill=\"none\" stroke=\"#d95f02\" stroke-width=\"2\"/>")
        }
        body.append(String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>",
                           x(n - 1), x(n - 1), top, height - bottom))
        for (i, label, anchor) in [(0, labels.start, "start"), (n - 1, labels.split, "middle"), (n + h - 1, labels.end, "end")] {
            body.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" ", x(i), height - bottom + 16)
                        + "text-anchor=\"\(anchor)\" font-family=\"sans-serif\" font-size=\"11\">\(escape(label))</text>")
        }
        // A band's swatch has its opacity (the narrower band lies on the wider ones, so it looks darker still).
        let legend = [("#1b6ca8", "1", "history"), ("#d95f02", "1", "forecast")]
            + bands.reversed().map { ("#d95f02", opacity($0), "\(ForecastConfig.percentLabel($0.level))% interval") }
        for (i, (color, alpha, text)) in legend.enumerated() {
            let ly = top + 8 + Double(i) * 16
            body.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"8\" ", left + 10, ly - 7) + "fill=\"\(color)\" fill-opacity=\"\(alpha)\"/>")
            body.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"11\">", left + 30, ly) + text + "</text>")
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
            + body.joined(separator: "\n") + "\n</svg>\n"
    }

    /// Writes the SVG atomically.
    /// - Throws: ``ForecastError/nonFiniteForecast(file:reason:)`` when a value is NaN or infinite
    ///   (nothing is written); ``AtomicFileError`` naming the path.
    public func write(to path: String) throws {
        guard history.allSatisfy(\.isFinite) && forecast.isFinite else {
            throw ForecastError.nonFiniteForecast(file: path, reason: "the chart's history or forecast holds NaN or an infinity")
        }
        try AtomicFile.write(svg, to: URL(fileURLWithPath: path))
    }
}

private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
