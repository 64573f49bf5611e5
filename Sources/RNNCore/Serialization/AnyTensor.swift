/// A tensor of either scalar type, tagged with it: what a safetensors file
/// holds, where Float and Double tensors sit side by side.
public enum AnyTensor: Sendable, Equatable {
    /// Float32 elements: what F32, F16 and BF16 tensors are read as (widened exactly); written as `F32`.
    case float32(Tensor<Float>)
    /// Float64 elements: what F64, integer and BOOL tensors are read as; written as `F64`.
    case float64(Tensor<Double>)

    /// Wraps a tensor under its own scalar type (any other ``TensorScalar``
    /// is widened to Float64).
    public init<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) {
        if let float = tensor as? Tensor<Float> {
            self = .float32(float)
        } else if let double = tensor as? Tensor<Double> {
            self = .float64(double)
        } else {
            self = .float64(Tensor<Double>(tensor))
        }
    }

    /// The shape of the tensor.
    public var shape: [Int] {
        switch self {
        case .float32(let t): t.shape
        case .float64(let t): t.shape
        }
    }

    /// The safetensors dtype it is written as: `F32` or `F64`.
    public var dtype: String {
        switch self {
        case .float32: Float.dtypeName
        case .float64: Double.dtypeName
        }
    }

    /// The tensor as `Scalar`, converted element by element when the stored
    /// type differs (Float64 to Float32 rounds to nearest).
    public func converted<Scalar: TensorScalar>(to: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        switch self {
        case .float32(let t): (t as? Tensor<Scalar>) ?? Tensor<Scalar>(t)
        case .float64(let t): (t as? Tensor<Scalar>) ?? Tensor<Scalar>(t)
        }
    }
}

extension AnyTensor {
    /// Writes the elements as little-endian bytes into `bytes` from `offset` on;
    /// the caller has sized the buffer.
    func encode(into bytes: UnsafeMutableRawBufferPointer, at offset: Int) {
        #if _endian(little)
        switch self {
        case .float32(let t): t.withUnsafeBufferPointer { copy(UnsafeRawBufferPointer($0), into: bytes, at: offset) }
        case .float64(let t): t.withUnsafeBufferPointer { copy(UnsafeRawBufferPointer($0), into: bytes, at: offset) }
        }
        #else
        switch self {
        case .float32(let t):
            for (i, x) in t.scalars.enumerated() {
                bytes.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: offset + 4 * i, as: UInt32.self)
            }
        case .float64(let t):
            for (i, x) in t.scalars.enumerated() {
                bytes.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: offset + 8 * i, as: UInt64.self)
            }
        }
        #endif
    }

    private func copy(_ source: UnsafeRawBufferPointer, into bytes: UnsafeMutableRawBufferPointer, at offset: Int) {
        UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + source.count)]).copyMemory(from: source)
    }

    /// Bytes per element on disk.
    var elementSize: Int {
        switch self {
        case .float32: 4
        case .float64: 8
        }
    }
}
