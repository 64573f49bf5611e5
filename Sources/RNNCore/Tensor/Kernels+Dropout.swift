/// Default implementation of the dropout kernel of ``TensorScalar``:
/// the dropout mask (runs over every dropped activation).
extension TensorScalar {
    /// Default: `y[i] = scale` when `generator.nextUnit() < keep`, else 0, for i in 0..<n:
    /// one draw per element, in order, so a seeded generator gives the same mask.
    @inlinable public static func dropoutMaskKernel(_ y: UnsafeMutablePointer<Self>, _ n: Int, keep: Double, scale: Self,
                                         generator: inout SeededGenerator) {
        for i in 0..<n { y[i] = generator.nextUnit() < keep ? scale : 0 }
    }
}
