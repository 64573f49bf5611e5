import Requirements

/// Differentiable elementwise nonlinearities and row-wise softmax.
extension Variable {
    /// `f(x)` elementwise, with the gradient `g ⊙ f′` (see ``ElementwiseFunction``):
    /// one kernel call over the buffer each way.
    @_specialize(where Scalar == Float)
    public func applying(_ f: ElementwiseFunction) -> Variable {
        let x = value
        let y = x.map { Scalar.elementwiseKernel(f, $0, $1, $2) }
        let a = id
        return tape.record(y, inputs: [self]) { tape, g in
            var dx = g
            if dx.count > 0 {
                x.withUnsafeBufferPointer { px in
                    y.withUnsafeBufferPointer { py in
                        dx.withUnsafeMutableBufferPointer {
                            Scalar.elementwiseBackwardKernel(f, x: px.baseAddress!, y: py.baseAddress!, $0.baseAddress!, $0.count)
                        }
                    }
                }
            }
            tape.accumulate(dx, into: a)
        }
    }

    /// `tanh(x)`; gradient `1 - y²`.
    public func tanh() -> Variable { applying(.tanh) }

    /// `1 / (1 + exp(-x))`; gradient `y (1 - y)`.
    public func sigmoid() -> Variable { applying(.sigmoid) }

    /// `max(x, 0)`; gradient 1 where x > 0, else 0.
    public func relu() -> Variable { applying(.relu) }

    /// `x` where x > 0, else `negativeSlope · x`, as `F.leaky_relu`; gradient 1 where x > 0, else `negativeSlope`.
    public func leakyReLU(negativeSlope: Double = 0.01) -> Variable { applying(.leakyReLU(negativeSlope: negativeSlope)) }

    /// `x` where x > 0, else `α (exp(x) − 1)`, as `F.elu`; gradient 1 where x > 0, else `α exp(x)`.
    public func elu(alpha: Double = 1) -> Variable { applying(.elu(alpha: alpha)) }

    /// `x · Φ(x)`, Φ the standard normal distribution function, as `F.gelu(x, approximate=…)`:
    /// exactly from the error function (`.exact`, PyTorch's default `'none'`), or by its tanh form (`.tanh`);
    /// gradient `Φ(x) + x φ(x)`, or the tanh form's own. Accurate in the negative tail, where PyTorch's
    /// `1 + erf` and `1 + tanh` cancel to 0.
    public func gelu(approximate: GELUApproximation = .exact) -> Variable { applying(.gelu(approximate)) }

    /// `x · σ(x)`, as `F.silu`; gradient `σ(x) (1 + x (1 − σ(x)))`.
    public func silu() -> Variable { applying(.silu) }

    /// `log(1 + exp(β x)) / β`, and `x` itself where `β x > threshold`, as `F.softplus`; gradient `σ(β x)`,
    /// 1 above the threshold. Below it, computed as `(max(βx, 0) + log1p(exp(−|βx|))) / β`, which never overflows.
    /// - Parameters:
    ///   - beta: β > 0.
    ///   - threshold: above it (in βx), the identity.
    public func softplus(beta: Double = 1, threshold: Double = 20) -> Variable {
        require(beta > 0 && beta.isFinite, "softplus: beta \(beta) must be a finite number > 0")
        return applying(.softplus(beta: beta, threshold: threshold))
    }

    /// `exp(x)`; gradient `y`.
    public func exp() -> Variable { applying(.exp) }

    /// Natural log; gradient `1 / x`.
    public func log() -> Variable { applying(.log) }

    /// Square root; gradient `1 / (2 y)`.
    public func sqrt() -> Variable { applying(.sqrt) }

    /// Softmax over the last dimension: [.., F] -> [.., F].
    /// Gradient per row: `y ⊙ (g - Σ g y)`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func softmax() -> Variable {
        rowwise(Scalar.softmaxRowsKernel) { y, g, cols in
            let dot = Scalar.dot(n: cols, y, g)
            for c in 0..<cols { g[c] = y[c] * (g[c] - dot) }
        }
    }

    /// Log-softmax over the last dimension: [.., F] -> [.., F].
    /// Gradient per row: `g - softmax(x) Σ g`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func logSoftmax() -> Variable {
        rowwise(Scalar.logSoftmaxRowsKernel) { y, g, cols in
            let total = Scalar.sumKernel(g, cols)
            for c in 0..<cols { g[c] -= Scalar.exp(y[c]) * total }
        }
    }

    /// A map of each row of the last dimension: [.., F] -> [.., F].
    /// - Parameters:
    ///   - forward: the row kernel `(x, y, rows, cols)`, which may work in place.
    ///   - backward: turns one row of the output gradient g [F] into the input gradient in place, given the output row y [F].
    private func rowwise(_ forward: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, _ rows: Int, _ cols: Int) -> Void,
                         backward: @escaping (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, _ cols: Int) -> Void) -> Variable {
        var y = value
        let (rows, cols) = (value.rows, value.cols)
        if y.count > 0 {
            y.withUnsafeMutableBufferPointer { forward($0.baseAddress!, $0.baseAddress!, rows, cols) }
        }
        let a = id
        return tape.record(y, inputs: [self]) { [y] tape, g in
            var dx = g
            y.withUnsafeBufferPointer { py in
                dx.withUnsafeMutableBufferPointer { pg in
                    for r in 0..<rows { backward(py.baseAddress! + r * cols, pg.baseAddress! + r * cols, cols) }
                }
            }
            tape.accumulate(dx, into: a)
        }
    }
}
