import Foundation
import RNNKit

/// Training and validation loss against updates, as a self-contained SVG.
struct LossPlot {
    var evaluations: [EvaluationRecord]
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
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15">Loss (nats per character)</text>

            """
        for (t, label) in zip(yTicks, Self.labels(yTicks)) {
            s += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\" stroke=\"#e4e4e4\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(label)</text>\n"
        }
        for (t, label) in zip(xTicks, Self.labels(xTicks)) {
            s += "<line x1=\"\(f(px(t)))\" x2=\"\(f(px(t)))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        s += "<path d=\"M\(f(left)),\(f(top))V\(f(top + plotH))H\(f(width - right))\" fill=\"none\" stroke=\"black\"/>\n"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">update</text>\n"
        s += "<text transform=\"translate(18,\(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">loss</text>\n"
        for (series, color) in [(train, "#1f77b4"), (val, "#d62728")] where !series.isEmpty {
            let d = series.enumerated().map { i, p in (i == 0 ? "M" : "L") + "\(f(px(p.0))),\(f(py(p.1)))" }.joined()
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            for p in series { s += "<circle cx=\"\(f(px(p.0)))\" cy=\"\(f(py(p.1)))\" r=\"2.5\" fill=\"\(color)\"/>\n" }
        }
        let lx = width - right - 150
        for (i, (name, color)) in [("training", "#1f77b4"), ("validation", "#d62728")].enumerated() {
            let y = top + 14 + Double(i) * 18
            s += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 24))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(f(lx + 30))\" y=\"\(f(y + 4))\">\(name)</text>\n"
        }
        return s + "</svg>\n"
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }

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
