import Requirements

/// Checks a tape's gradients against central finite differences, in Float64.
///
/// Give it the parameters (and optionally input tensors) and a closure that
/// builds a scalar loss on a fresh tape; it runs backward once, then perturbs
/// every element by ±`epsilon` and compares. Usable by library users on their
/// own layers, not only by tests. Every pass runs in one mode (`training`) on a
/// tape with the same random stream, so dropout draws the same mask each time
/// and batch normalization uses the batch statistics in training mode (and
/// updates its running statistics on every pass; give the module's ``Module/buffers``
/// as `buffers` to have them put back afterwards):
///
/// ```swift
/// let report = GradientCheck.run(parameters: layer.parameters) { tape, _ in
///     layer(tape.constant(x)).squared().sum()
/// }
/// #expect(report.worstRelativeError < 1e-6)
/// ```
public enum GradientCheck {
    /// The result for one parameter or input.
    public struct Entry: Sendable {
        /// Parameter name, or `input[k]`.
        public var name: String
        /// max |analytic - numeric| / max(1, |analytic|, |numeric|) over the elements:
        /// relative where gradients are large, absolute where they are small.
        public var relativeError: Double
        /// The element with the worst error (flat index).
        public var worstIndex: Int
    }

    /// Per-parameter (then per-input) results.
    public struct Report: Sendable, CustomStringConvertible {
        /// One entry per parameter, in the order given, then one per input (`input[0]`, …).
        public var entries: [Entry]
        /// The worst error over every entry.
        public var worstRelativeError: Double { entries.map(\.relativeError).max() ?? 0 }
        /// One line per entry: `name: relativeError at worstIndex`.
        public var description: String {
            entries.map { "\($0.name): \($0.relativeError) at \($0.worstIndex)" }.joined(separator: "\n")
        }
    }

    /// Compares analytic and numeric gradients of `loss`.
    ///
    /// - Parameters:
    ///   - parameters: parameters to check; their values (each element put back exactly) and `grad` are as before afterwards.
    ///   - inputs: input tensors to check; `loss` receives them as tape variables.
    ///   - buffers: state the passes change (batch normalization's running statistics), put back afterwards.
    ///   - epsilon: the finite-difference step.
    ///   - training: the mode of every pass (``Tape/isTraining``): training (dropout on, batch statistics) or inference.
    ///   - seed: the seed of every pass's random stream (``Tape/generator``).
    ///   - loss: builds a scalar (one-element) loss on the given tape.
    /// - Returns: the worst relative error per parameter and input.
    public static func run(
        parameters: [Parameter<Double>],
        inputs: [Tensor<Double>] = [],
        buffers: [Buffer<Double>] = [],
        epsilon: Double = 1e-6,
        training: Bool = true,
        seed: UInt64 = 0,
        loss: (Tape<Double>, [Variable<Double>]) -> Variable<Double>
    ) -> Report {
        let savedGrads = parameters.map(\.grad), savedBuffers = buffers.map(\.value)
        defer { for (b, v) in zip(buffers, savedBuffers) { b.value = v } }
        for p in parameters { p.zeroGrad() }
        let tape = Tape<Double>(recording: true, training: training, generator: SeededGenerator(seed: seed))
        let inputVars = inputs.map { tape.variable($0) }
        let out = loss(tape, inputVars)
        require(out.value.count == 1, "GradientCheck: loss must have one element, got shape \(out.value.shape)")
        tape.backward(from: out)
        let analyticParams = parameters.map(\.grad)
        let analyticInputs = inputVars.map { v in tape.gradient(of: v) ?? Tensor(zeros: v.shape) }

        var current = inputs
        func evaluate() -> Double {
            let t = Tape<Double>(recording: false, training: training, generator: SeededGenerator(seed: seed))
            return loss(t, current.map { t.constant($0) }).value.scalar
        }

        /// `element(i)` reads element i, `set(i, x)` writes it; each is put back exactly as it was.
        func compare(name: String, count: Int, analytic: Tensor<Double>, element: (Int) -> Double, set: (Int, Double) -> Void) -> Entry {
            var worst = 0.0, worstIndex = 0
            for i in 0..<count {
                let original = element(i)
                set(i, original + epsilon)
                let plus = evaluate()
                set(i, original - epsilon)
                let minus = evaluate()
                set(i, original)
                let numeric = (plus - minus) / (2 * epsilon)
                let a = analytic[flat: i]
                let err = Swift.abs(a - numeric) / Swift.max(1, Swift.abs(a), Swift.abs(numeric))
                if !(err <= worst) { worst = err.isNaN ? .infinity : err; worstIndex = i }
            }
            return Entry(name: name, relativeError: worst, worstIndex: worstIndex)
        }

        var entries: [Entry] = []
        for (k, p) in parameters.enumerated() {
            entries.append(compare(name: p.name, count: p.value.count, analytic: analyticParams[k],
                                   element: { p.value[flat: $0] }, set: { p.value[flat: $0] = $1 }))
        }
        for k in inputs.indices {
            entries.append(compare(name: "input[\(k)]", count: inputs[k].count, analytic: analyticInputs[k],
                                   element: { current[k][flat: $0] }, set: { current[k][flat: $0] = $1 }))
        }
        for (p, g) in zip(parameters, savedGrads) { p.grad = g }
        return Report(entries: entries)
    }
}
