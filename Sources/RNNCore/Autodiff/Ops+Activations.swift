/// Differentiable elementwise nonlinearities and row-wise softmax.
extension Variable {
    /// `f(x)` elementwise, with the gradient `g ⊙ f′` (see ``ElementwiseFunction``):
    /// one kernel call over the buffer each way.
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

    /// `exp(x)`; gradient `y`.
    public func exp() -> Variable { applying(.exp) }

    /// Natural log; gradient `1 / x`.
    public func log() -> Variable { applying(.log) }

    /// Square root; gradient `1 / (2 y)`.
    public func sqrt() -> Variable { applying(.sqrt) }

    /// Softmax over the last dimension: [.., F] -> [.., F].
    /// Gradient per row: `y ⊙ (g - Σ g y)`.
    public func softmax() -> Variable {
        var y = value
        let (rows, cols) = (value.rows, value.cols)
        if y.count > 0 {
            y.withUnsafeMutableBufferPointer { Scalar.softmaxRowsKernel($0.baseAddress!, $0.baseAddress!, rows: rows, cols: cols) }
        }
        let a = id
        return tape.record(y, inputs: [self]) { [y] tape, g in
            var dx = g
            y.withUnsafeBufferPointer { py in
                dx.withUnsafeMutableBufferPointer { pg in
                    for r in 0..<rows {
                        let yr = py.baseAddress! + r * cols, gr = pg.baseAddress! + r * cols
                        let dot = Scalar.dot(n: cols, yr, gr)
                        for c in 0..<cols { gr[c] = yr[c] * (gr[c] - dot) }
                    }
                }
            }
            tape.accumulate(dx, into: a)
        }
    }

    /// Log-softmax over the last dimension: [.., F] -> [.., F].
    /// Gradient per row: `g - softmax(x) Σ g`.
    public func logSoftmax() -> Variable {
        var y = value
        let (rows, cols) = (value.rows, value.cols)
        if y.count > 0 {
            y.withUnsafeMutableBufferPointer { Scalar.logSoftmaxRowsKernel($0.baseAddress!, $0.baseAddress!, rows: rows, cols: cols) }
        }
        let a = id
        return tape.record(y, inputs: [self]) { [y] tape, g in
            var dx = g
            y.withUnsafeBufferPointer { py in
                dx.withUnsafeMutableBufferPointer { pg in
                    for r in 0..<rows {
                        let yr = py.baseAddress! + r * cols, gr = pg.baseAddress! + r * cols
                        let total = Scalar.sumKernel(gr, cols)
                        for c in 0..<cols { gr[c] -= Scalar.exp(yr[c]) * total }
                    }
                }
            }
            tape.accumulate(dx, into: a)
        }
    }
}
