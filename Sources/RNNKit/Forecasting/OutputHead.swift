import Foundation
import Requirements

/// The probabilistic output of a network for k steps, its training loss, and
/// how to read point forecasts and interval bounds from it.
///
/// Layout of a network output row [P·k]: P blocks of k steps. Gaussian (P = 2):
/// means, then log-variances. Quantile (P = 1 + 2·levels): the median, then
/// for each level its lower and upper quantile, (1 ∓ level) / 2.
struct OutputHead: Sendable {
    let kind: HeadKind
    /// Interval levels in (0, 1).
    let levels: [Double]
    /// k.
    let steps: Int

    /// The quantile probabilities of the quantile head, median first.
    let quantiles: [Double]
    /// ``quantiles`` in increasing order.
    let sortedQuantiles: [Double]

    init(kind: HeadKind, levels: [Double], steps: Int) {
        (self.kind, self.levels, self.steps) = (kind, levels, steps)
        quantiles = [0.5] + levels.flatMap { [(1 - $0) / 2, (1 + $0) / 2] }
        sortedQuantiles = quantiles.sorted()
    }

    /// P, the outputs per step.
    var outputsPerStep: Int { kind == .gaussian ? 2 : quantiles.count }

    /// The training loss of outputs [B, P·k] against targets [B, k].
    ///
    /// Gaussian: `Loss.gaussianNLL`. Quantile: the mean pinball loss over the
    /// quantiles, `ρ_q(e) = max(q·e, (q − 1)·e) = ½|e| + (q − ½)·e` with e = y − ŷ.
    func loss(_ output: Variable<Float>, _ target: Tensor<Float>) -> Variable<Float> {
        let block = { (p: Int) in output.sliced(axis: 1, (p * steps)..<((p + 1) * steps)) }
        switch kind {
        case .gaussian:
            return Loss.gaussianNLL(mean: block(0), logVariance: block(1), target: target)
        case .quantile:
            let y = output.tape.constant(target)
            let terms = quantiles.enumerated().map { p, q -> Variable<Float> in
                let e = y - block(p)
                return (e.abs() * 0.5 + e * Float(q - 0.5)).mean()
            }
            return terms.dropFirst().reduce(terms[0], +) * (1 / Float(terms.count))
        }
    }

    /// The point forecast of step h from an output row.
    func point(_ row: UnsafeBufferPointer<Float>, step h: Int) -> Double { Double(row[h]) }

    /// The standard deviation of step h (Gaussian head).
    func deviation(_ row: UnsafeBufferPointer<Float>, step h: Int) -> Double {
        Foundation.exp(0.5 * Double(Swift.min(Swift.max(row[steps + h], -30), 30)))
    }

    /// A random deviation of step h from its point forecast, for sample paths. Gaussian: σ·z with z standard
    /// normal. Quantile: Q(u) − median with u uniform in [0, 1), Q the quantile function through the head's
    /// quantiles put in order (as ``ForecastModel/ForecastInZ/rearrange(levels:)`` does), linear between them and
    /// held at the outermost ones beyond them.
    func noise(_ row: UnsafeBufferPointer<Float>, step h: Int, generator: inout SeededGenerator) -> Double {
        switch kind {
        case .gaussian:
            return deviation(row, step: h) * generator.normal()
        case .quantile:
            let p = sortedQuantiles, q = p.indices.map { Double(row[$0 * steps + h]) }.sorted()
            let u = generator.nextUnit()
            guard u > p[0] else { return q[0] - point(row, step: h) }
            guard let j = p.firstIndex(where: { $0 >= u }) else { return q[q.count - 1] - point(row, step: h) }
            let w = (u - p[j - 1]) / (p[j] - p[j - 1])
            return q[j - 1] + (q[j] - q[j - 1]) * w - point(row, step: h)
        }
    }

    /// The quantile head's lower and upper bound of interval `level` (index l) at step h, relative to the base, in order.
    func quantileBounds(_ row: UnsafeBufferPointer<Float>, level l: Int, step h: Int) -> (Double, Double) {
        require(kind == .quantile, "quantileBounds: a \(kind) head has no quantile outputs")
        let a = Double(row[(1 + 2 * l) * steps + h]), b = Double(row[(2 + 2 * l) * steps + h])
        return (Swift.min(a, b), Swift.max(a, b))
    }
}
