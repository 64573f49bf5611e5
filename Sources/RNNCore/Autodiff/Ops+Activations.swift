/// Differentiable elementwise nonlinearities and row-wise softmax.
extension Variable {
    /// `tanh(x)`; gradient `1 - y²`.
    public func tanh() -> Variable {
        let y = value.map(kernel: Scalar.tanhKernel)
        let a = id
        return tape.record(y, inputs: [self]) { tape, g in
            tape.accumulate(g * y.map { p, q, n in for i in 0..<n { q[i] = 1 - p[i] * p[i] } }, into: a)
        }
    }

    /// `1 / (1 + exp(-x))`; gradient `y (1 - y)`.
    public func sigmoid() -> Variable {
        let y = value.map(kernel: Scalar.sigmoidKernel)
        let a = id
        return tape.record(y, inputs: [self]) { tape, g in
            tape.accumulate(g * y.map { p, q, n in for i in 0..<n { q[i] = p[i] * (1 - p[i]) } }, into: a)
        }
    }

    /// `max(x, 0)`; gradient 1 where x > 0, else 0.
    public func relu() -> Variable {
        let x = value
        let a = id
        let y = x.map { p, q, n in for i in 0..<n { q[i] = Swift.max(p[i], 0) } }
        return tape.record(y, inputs: [self]) { tape, g in
            tape.accumulate(g * x.map { p, q, n in for i in 0..<n { q[i] = p[i] > 0 ? 1 : 0 } }, into: a)
        }
    }

    /// `exp(x)`; gradient `y`.
    public func exp() -> Variable {
        let y = value.map(kernel: Scalar.expKernel)
        let a = id
        return tape.record(y, inputs: [self]) { tape, g in tape.accumulate(g * y, into: a) }
    }

    /// Natural log; gradient `1 / x`.
    public func log() -> Variable {
        let x = value
        let a = id
        return tape.record(x.map(kernel: Scalar.logKernel), inputs: [self]) { tape, g in
            tape.accumulate(g * x.map { p, q, n in for i in 0..<n { q[i] = 1 / p[i] } }, into: a)
        }
    }

    /// Square root; gradient `1 / (2 y)`.
    public func sqrt() -> Variable {
        let y = value.map { p, q, n in for i in 0..<n { q[i] = p[i].squareRoot() } }
        let a = id
        return tape.record(y, inputs: [self]) { tape, g in
            tape.accumulate(g * y.map { p, q, n in for i in 0..<n { q[i] = 1 / (2 * p[i]) } }, into: a)
        }
    }

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
