#if canImport(Glibc)
import Glibc
#endif

/// Bulk copies and clears of scalar buffers as plain `memcpy`/`memset`.
///
/// The standard library's `update(from:count:)` and `update(repeating:count:)`
/// copy element by element through value witnesses when called from
/// unspecialized generic code; every ``TensorScalar`` is a trivial IEEE 754
/// type, so a byte copy is the same and runs at memory speed.
extension UnsafeMutablePointer where Pointee: TensorScalar {
    /// Copies `count` scalars from `source` (the ranges must not overlap).
    @inlinable
    public func copyScalars(from source: UnsafePointer<Pointee>, count: Int) {
        if count > 0 { memcpy(self, source, count * MemoryLayout<Pointee>.stride) }
    }

    /// Sets `count` scalars to +0.0.
    @inlinable
    public func zeroScalars(count: Int) {
        if count > 0 { memset(self, 0, count * MemoryLayout<Pointee>.stride) }
    }
}

/// Calls `body` with a pointer to `tensor`'s elements, or with nil when there
/// is no tensor (an optional gradient, an absent input).
@inlinable
public func withUnsafeOptionalPointer<Scalar: TensorScalar, R>(_ tensor: Tensor<Scalar>?,
                                                               _ body: (UnsafePointer<Scalar>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
}
