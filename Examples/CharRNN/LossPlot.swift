import CommandLineSupport
import Foundation
import RNNKit

/// Training and validation loss against updates, as a self-contained SVG.
struct LossPlot {
    var evaluations: [EvaluationRecord]
    /// What the losses are per: a character, or a byte for a bytes model.
    var token = "character"
    var width = 720.0, height = 440.0
    private let left = 70.0, right = 20.0, top = 40.0, bottom = 56.0

    func svg() -> String {
        let train = evaluations.compactMap { e in e.trainLoss.flatMap { $0.isFinite ? (Double(e.step), $0) : nil } }
        let val = evaluations.compactMap { $0.valLoss.isFinite ? (Double($0.step), $0.valLoss) : nil }
        let points = train + val
        let xMax = max(1, points.map(\.0).max() ?? 1)
        var yLow = points.map(\.1).min() ?? 0, yHigh = points.map(\.1).max() ?? 1
        if yHigh - yLow < 1e-6 {
            let pad = max(0.5, abs(yLow) / 2), limit = Double.greatestFiniteMagnitude
            (yLow, yHigh) = (max(yLow - pad, -limit), min(yHigh + pad, limit))
        }
        let yTicks = Self.ticks(yLow, yHigh), xTicks = Self.ticks(0, xMax)
        let (y0, y1) = (min(yLow, yTicks.first!), max(yHigh, yTicks.last!))
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + x / max(xMax, xTicks.last!) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y / 2 - y0 / 2) / (y1 / 2 - y0 / 2)) * plotH }  // halves: no overflow
        var svg = SVG(width: width, height: height, attributes: ["font-family": "sans-serif", "font-size": "12"])
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
        svg.element("text", ["x": width / 2, "y": "22", "text-anchor": "middle", "font-size": "15"], text: "Loss (nats per \(token))")
        for (t, label) in zip(yTicks, Self.labels(yTicks)) {
            svg.gridLine(y: py(t), from: left, to: width - right, stroke: "#e4e4e4", label: label)
        }
        for (t, label) in zip(xTicks, Self.labels(xTicks)) {
            svg.element("line", ["x1": px(t), "x2": px(t), "y1": top + plotH, "y2": top + plotH + 5, "stroke": "black"])
            svg.element("text", ["x": px(t), "y": top + plotH + 19, "text-anchor": "middle"], text: label)
        }
        svg.element("path", ["d": "M\(SVG.point(left, top))V\(SVG.number(top + plotH))H\(SVG.number(width - right))", "fill": "none", "stroke": "black"])
        svg.element("text", ["x": left + plotW / 2, "y": height - 12, "text-anchor": "middle"], text: "update")
        svg.element("text", ["transform": "translate(18,\(SVG.number(top + plotH / 2))) rotate(-90)", "text-anchor": "middle"], text: "loss")
        for (series, color) in [(train, "#1f77b4"), (val, "#d62728")] where !series.isEmpty {
            let d = series.enumerated().map { i, p in (i == 0 ? "M" : "L") + SVG.point(px(p.0), py(p.1)) }.joined()
            svg.element("path", ["d": d, "fill": "none", "stroke": color, "stroke-width": "2"])
            for p in series { svg.element("circle", ["cx": px(p.0), "cy": py(p.1), "r": "2.5", "fill": color]) }
        }
        let lx = width - right - 150
        for (i, (name, color)) in [("training", "#1f77b4"), ("validation", "#d62728")].enumerated() {
            let y = top + 14 + Double(i) * 18
            svg.element("line", ["x1": lx, "x2": lx + 24, "y1": y, "y2": y, "stroke": color, "stroke-width": "2"])
            svg.element("text", ["x": lx + 30, "y": y + 4], text: name)
        }
        return svg.document
    }

    /// About five round tick values covering [low, high] (low < high, both finite); just the
    /// two ends when no round step fits (a span too wide or too narrow for a Double).
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = high / 5 - low / 5  // no overflow
        let magnitude = pow(10, log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let (a, b) = ((low / step).rounded(.down), (high / step).rounded(.up))
        guard step > 0, (a * step).isFinite, (b * step).isFinite, let first = Int(exactly: a), let last = Int(exactly: b),
              first <= last, last - first <= 12 else { return [low, high] }
        return (first...last).map { Double($0) * step }
    }

    /// An axis label: whole numbers as they are, others with two decimals, very large or small ones as `1.5e+12`.
    static func label(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return abs(x) >= 1e6 || (x != 0 && abs(x) < 0.01) ? String(format: "%.3g", x) : String(format: "%.2f", x)
    }

    /// The labels of one axis' ticks, all with the decimals their step needs (`1.5, 2.0, 2.5`, not `1.50, 2, 2.50`);
    /// ``label(_:)`` each when the ticks are whole, very large or very small.
    static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count >= 2, !ticks.allSatisfy({ $0 == $0.rounded() }), let largest = ticks.map(abs).max(), largest < 1e6 else {
            return ticks.map(label)
        }
        let step = ticks[1] - ticks[0]
        guard step >= 0.01 else { return ticks.map(label) }
        let decimals = Swift.max(0, Int((-log10(step)).rounded(.up)))
        return ticks.map { String(format: "%.\(decimals)f", $0) }
    }
}
