import CommandLineSupport
import Foundation
import RNNKit

/// An SVG line chart of a series' history, its forecast and the prediction
/// intervals (the widest band lightest, whatever the order of the levels), for `forecast predict --plot`.
struct ForecastPlot: Sendable {
    /// The observed values shown (the last ones). [N]
    var history: [Double]
    /// The forecast drawn after the history: its mean line and interval bands, [H] each.
    var forecast: Forecast
    /// The title above the chart.
    var title: String
    /// The labels of the first and last history points and the last forecast step.
    var labels: (start: String, split: String, end: String)
    /// The size of the chart in SVG pixels.
    var width = 800.0, height = 400.0

    /// A chart of `history` [N] and `forecast`; `labels` are (start, split, end), as ``labels``.
    init(history: [Double], forecast: Forecast, title: String, labels: (String, String, String)) {
        self.history = history
        self.forecast = forecast
        self.title = title
        self.labels = labels
    }

    /// The SVG document.
    var svg: String {
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
            v.enumerated().map { SVG.point(x(i0 + $0), y($1)) }.joined(separator: " ")
        }
        let font: KeyValuePairs<String, any SVGAttribute> = ["font-family": "sans-serif", "font-size": "11"]
        var svg = SVG(width: width, height: height)
        svg.element("rect", ["width": width, "height": height, "fill": "white"])
        svg.element("text", ["x": width / 2, "y": "24", "text-anchor": "middle", "font-family": "sans-serif", "font-size": "15"], text: title)
        for k in 0...4 {
            let v = (lo + span * Double(k) / 4) * unit
            svg.gridLine(y: y(v), from: left, to: width - right, stroke: "#ddd", label: String(format: "%.4g", v), labelAttributes: font)
        }
        // Widest first, so the narrower bands lie on top; each band's opacity by its rank, whatever the order of the levels.
        let bands = forecast.intervals.sorted { $0.level > $1.level }
        func opacity(_ interval: Forecast.Interval) -> String {
            String(format: "%.2f", Swift.min(0.18 + 0.17 * Double(bands.firstIndex { $0.level == interval.level }!), 0.9))
        }
        for interval in bands {
            let band = points(interval.upper, from: n) + " " + (0..<h).reversed().map { SVG.point(x(n + $0), y(interval.lower[$0])) }.joined(separator: " ")
            svg.element("polygon", ["points": band, "fill": "#d95f02", "fill-opacity": opacity(interval), "stroke": "none"],
                        title: "\(ForecastConfig.percentLabel(interval.level))% interval")
        }
        svg.element("polyline", ["points": points(history, from: 0), "fill": "none", "stroke": "#1b6ca8", "stroke-width": "1.5"])
        if let last = history.last {
            svg.element("polyline", ["points": points([last] + forecast.mean, from: n - 1), "fill": "none", "stroke": "#d95f02", "stroke-width": "2"])
        }
        svg.element("line", ["x1": x(n - 1), "x2": x(n - 1), "y1": top, "y2": height - bottom, "stroke": "#888", "stroke-dasharray": "4 3"])
        for (i, label, anchor) in [(0, labels.start, "start"), (n - 1, labels.split, "middle"), (n + h - 1, labels.end, "end")] {
            svg.element("text", ["x": x(i), "y": height - bottom + 16, "text-anchor": anchor, "font-family": "sans-serif", "font-size": "11"], text: label)
        }
        // A band's swatch has its opacity (the narrower band lies on the wider ones, so it looks darker still).
        let legend = [("#1b6ca8", "1", "history"), ("#d95f02", "1", "forecast")]
            + bands.reversed().map { ("#d95f02", opacity($0), "\(ForecastConfig.percentLabel($0.level))% interval") }
        for (i, (color, alpha, text)) in legend.enumerated() {
            let ly = top + 8 + Double(i) * 16
            svg.element("rect", ["x": left + 10, "y": ly - 7, "width": "14", "height": "8", "fill": color, "fill-opacity": alpha])
            svg.element("text", ["x": left + 30, "y": ly, "font-family": "sans-serif", "font-size": "11"], text: text)
        }
        return svg.document
    }

    /// Writes the SVG atomically.
    /// - Throws: ``ForecastError/nonFiniteForecast(file:reason:)`` when a value is NaN or infinite
    ///   (nothing is written); ``AtomicFileError`` naming the path.
    func write(to path: String) throws {
        guard history.allSatisfy(\.isFinite) && forecast.isFinite else {
            throw ForecastError.nonFiniteForecast(file: path, reason: "the chart's history or forecast holds NaN or an infinity")
        }
        try AtomicFile.write(svg, to: URL(filePathAsGiven: path))
    }
}

