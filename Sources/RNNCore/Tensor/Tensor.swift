#if canImport(Glibc)
import Glibc
import Requirements
#endif

/// A dense, row-major array of scalars with a shape. Value semantics
/// (copy-on-write through the underlying `Array`); no autodiff — see
/// ``Variable`` for that.
///
/// Shapes use one legend everywhere in RNNKit: B batch, T time, I input,
/// H hidden, G gates, V vocabulary. Most kernels view a tensor as a matrix
/// [rows, cols] where `cols` is the last dimension and `rows` the product of
/// the others.
public struct Tensor<Scalar: TensorScalar>: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count` is the product of `shape`.
    /// (Read-only: change elements through subscripts or the buffer pointers,
    /// which keep the count fixed.)
    @inlinable public var scalars: [Scalar] { storage }
    /// The elements behind ``scalars``, visible to inlinable code so that the buffer
    /// accessors specialize and inline into their callers.
    @usableFromInline internal var storage: [Scalar]

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Scalar]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        require(shape.reduce(1, *) == scalars.count,
                     "Tensor: shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.storage = scalars
    }

    /// A tensor of the given shape with every element `value`.
    public init(repeating value: Scalar, shape: [Int]) {
        self.init(zeros: shape)
        if value != 0 && count > 0 {
            withUnsafeMutableBufferPointer { Scalar.affineKernel($0.baseAddress!, 0, value, $0.baseAddress!, $0.count) }
        }
    }

    /// A tensor whose storage is left as the allocator returns it: for buffers that
    /// are written in full before anything reads them (a layer's per-step outputs, say),
    /// where zeroing first would be a wasted pass over memory.
    public init(unsafeUninitializedShape shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let n = shape.reduce(1, *)
        // No element: the plain empty array. (Building one through the initializer writes its count into the
        // storage all empty arrays share, which ThreadSanitizer reports as a race between threads doing the same.)
        self.init(shape: shape, scalars: n == 0 ? [] : [Scalar](unsafeUninitializedCapacity: n) { _, initialized in initialized = n })
    }

    /// A tensor of zeros.
    @_specialize(where Scalar == Float)
    public init(zeros shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let n = shape.reduce(1, *)
        // One memset: +0.0 is all zero bits in IEEE 754. (A generic
        // Array(repeating:count:) would copy element by element.)
        let scalars = n == 0 ? [] : [Scalar](unsafeUninitializedCapacity: n) { buffer, initialized in
            memset(buffer.baseAddress!, 0, n * MemoryLayout<Scalar>.stride)
            initialized = n
        }
        self.init(shape: shape, scalars: scalars)
    }

    /// A rank-0 tensor holding one scalar.
    public init(_ value: Scalar) { self.init(shape: [], scalars: [value]) }

    /// A tensor converted element by element from another scalar type.
    @_specialize(where Scalar == Float, Other == Double)
    @_specialize(where Scalar == Double, Other == Float)
    public init<Other: TensorScalar>(_ other: Tensor<Other>) {
        self.init(shape: other.shape, scalars: other.scalars.map { Scalar($0) })
    }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Number of dimensions.
    @inlinable public var rank: Int { shape.count }
    /// Size of the last dimension (1 for a scalar).
    @inlinable public var cols: Int { shape.last ?? 1 }
    /// Product of all dimensions but the last (1 for a scalar or a vector).
    @inlinable public var rows: Int { shape.isEmpty ? 1 : shape.dropLast().reduce(1, *) }

    /// The single element of a one-element tensor.
    public var scalar: Scalar {
        require(count == 1, "Tensor.scalar: shape \(shape) has \(count) elements, not 1")
        return scalars[0]
    }

    /// The same elements under a new shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        require(newShape.reduce(1, *) == count, "Tensor.reshaped: cannot view shape \(shape) as \(newShape)")
        var t = self
        t.shape = newShape
        return t
    }

    /// Element at a flat (row-major) index.
    public subscript(flat index: Int) -> Scalar {
        get { scalars[index] }
        set { storage[index] = newValue }
    }

    /// Element at a multi-dimensional index.
    public subscript(_ index: Int...) -> Scalar {
        get { scalars[flatIndex(index)] }
        set { storage[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        require(index.count == shape.count, "Tensor: index \(index) for shape \(shape)")
        var flat = 0
        for (i, d) in zip(index, shape) {
            require(i >= 0 && i < d, "Tensor: index \(index) out of range for shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    /// Calls `body` with a pointer to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements (copying first if shared).
    @inlinable
    @_specialize(where Scalar == Float, R == Void)
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Rows `range` of the matrix view [rows, cols], as a tensor [range.count, cols].
    public func rowSlice(_ range: Range<Int>) -> Tensor {
        require(range.lowerBound >= 0 && range.upperBound <= rows, "Tensor.rowSlice: \(range) out of 0..<\(rows) for shape \(shape)")
        return Tensor(shape: [range.count, cols], scalars: Array(scalars[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// True when every element is finite.
    public var isFinite: Bool {
        // A non-finite element makes the sum non-finite; a non-finite sum can
        // also be an overflow of finite elements, so check those one by one.
        sum().isFinite || scalars.allSatisfy { $0.isFinite }
    }
}

extension Tensor: CustomStringConvertible {
    /// `Tensor[shape][e0, e1, …]`: the shape and at most the first 8 elements, for debugging.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", …" : "")]"
    }
}
