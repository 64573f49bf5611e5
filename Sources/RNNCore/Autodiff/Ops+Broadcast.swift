/// Differentiable broadcast of a value along a new last axis.
extension Variable {
    /// Repeats every element `count` times along a new last axis: [..] -> [.., count].
    /// The adjoint of ``sumLastAxis()``: per-row statistics (a mean over features)
    /// broadcast back against the [.., F] tensor they came from.
    ///
    /// - Parameter count: the size of the new last axis.
    /// - Returns: a value of shape `shape + [count]`.
    public func broadcastLastAxis(_ count: Int) -> Variable {
        precondition(count >= 0, "broadcastLastAxis: negative count \(count) for shape \(value.shape)")
        let rows = value.count
        var out = Tensor<Scalar>(zeros: value.shape + [count])
        value.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows { (o.baseAddress! + r * count).update(repeating: x[r], count: count) }
            }
        }
        let a = id
        let shape = value.shape
        return tape.record(out, inputs: [self]) { tape, g in
            var dx = Tensor<Scalar>(zeros: shape)
            g.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { d in
                    for r in 0..<rows { d[r] = count == 0 ? 0 : Scalar.sumKernel(pg.baseAddress! + r * count, count) }
                }
            }
            tape.accumulate(dx, into: a)
        }
    }
}
