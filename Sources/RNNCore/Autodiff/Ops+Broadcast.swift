/// Differentiable broadcast of a value along a new last axis.
extension Variable {
    /// Repeats every element `count` times along a new last axis: [..] -> [.., count].
    /// The adjoint of ``sumLastAxis()``: per-row statistics (a mean over features)
    /// broadcast back against the [.., F] tensor they came from.
    ///
    /// - Parameter count: the size of the new last axis.
    /// - Returns: a value of shape `shape + [count]`.
    @_specialize(where Scalar == Float)
    public func broadcastingLastAxis(_ count: Int) -> Variable {
        let a = id
        return tape.record(value.broadcastingLastAxis(count), inputs: [self]) { tape, g in
            tape.accumulate(g.sumLastAxis(), into: a)
        }
    }
}
