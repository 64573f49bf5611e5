/// Default implementation of the dropout kernel of ``TensorScalar``:
/// the dropout mask (runs over every dropped activation).
extension TensorScalar {
    @inlinable public static func dropoutMaskKernel(_ y: UnsafeMutablePointer<Self>, _ n: Int, keep: Double, scale: Self,
                                         generator: inout SeededGenerator) {
        for i in 0..<n { y[i] = generator.nextUnit() < keep ? scale : 0 }
    }
}
