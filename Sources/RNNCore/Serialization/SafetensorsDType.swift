/// The element types RNNKit decodes from safetensors, with their sizes.
/// F16 and BF16 are read (widened to Float32, exactly) but never written; the
/// integer types and BOOL are read as Float64 (exact up to 2^53 in magnitude,
/// rounded to nearest beyond), so that a PyTorch `state_dict` with integer
/// buffers such as BatchNorm's `num_batches_tracked` loads.
enum SafetensorsDType: String, Sendable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8", bool = "BOOL"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .f64, .i64, .u64: 8
        case .f32, .i32, .u32: 4
        case .f16, .bf16, .i16, .u16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// Decodes `count` little-endian elements starting at `offset` of `bytes`
    /// into a tensor of `shape`. The caller has checked the range.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int, shape: [Int]) -> AnyTensor {
        switch self {
        case .f64:
            return .float64(Tensor(shape: shape, scalars: Self.copyLittleEndian(bytes, offset: offset, count: count) {
                Double(bitPattern: UInt64(littleEndian: $0))
            }))
        case .f32:
            return .float32(Tensor(shape: shape, scalars: Self.copyLittleEndian(bytes, offset: offset, count: count) {
                Float(bitPattern: UInt32(littleEndian: $0))
            }))
        case .f16:
            let scalars = (0..<count).map { i in
                Float(halfBits: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)))
            }
            return .float32(Tensor(shape: shape, scalars: scalars))
        case .bf16:
            let scalars = (0..<count).map { i in
                // bfloat16 is the top half of a Float32.
                Float(bitPattern: UInt32(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self))) << 16)
            }
            return .float32(Tensor(shape: shape, scalars: scalars))
        case .i64: return Self.integers(Int64.self, bytes, offset: offset, count: count, shape: shape)
        case .i32: return Self.integers(Int32.self, bytes, offset: offset, count: count, shape: shape)
        case .i16: return Self.integers(Int16.self, bytes, offset: offset, count: count, shape: shape)
        case .i8: return Self.integers(Int8.self, bytes, offset: offset, count: count, shape: shape)
        case .u64: return Self.integers(UInt64.self, bytes, offset: offset, count: count, shape: shape)
        case .u32: return Self.integers(UInt32.self, bytes, offset: offset, count: count, shape: shape)
        case .u16: return Self.integers(UInt16.self, bytes, offset: offset, count: count, shape: shape)
        case .u8, .bool: return Self.integers(UInt8.self, bytes, offset: offset, count: count, shape: shape)
        }
    }

    /// `count` little-endian integers of type `T` from `offset`, as Float64.
    private static func integers<T: FixedWidthInteger>(_: T.Type, _ bytes: UnsafeRawBufferPointer, offset: Int, count: Int,
                                                       shape: [Int]) -> AnyTensor {
        .float64(Tensor(shape: shape, scalars: (0..<count).map { i in
            Double(T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + i * MemoryLayout<T>.size, as: T.self)))
        }))
    }

    /// `count` elements of `Scalar` read from `offset`: one memory copy on a
    /// little-endian host, else each element's `Bits` decoded by `convert`.
    private static func copyLittleEndian<Scalar, Bits: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, offset: Int, count: Int, convert: (Bits) -> Scalar
    ) -> [Scalar] {
        #if _endian(little)
        return [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count * MemoryLayout<Scalar>.stride)]))
            initialized = count
        }
        #else
        return (0..<count).map { i in
            convert(bytes.loadUnaligned(fromByteOffset: offset + i * MemoryLayout<Bits>.size, as: Bits.self))
        }
        #endif
    }
}

extension Float {
    /// The IEEE 754 binary16 value with bit pattern `bits`, widened exactly.
    /// Written out rather than through `Float16`, which some platforms lack.
    init(halfBits bits: UInt16) {
        let sign = UInt32(bits >> 15) << 31
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa · 2^-24, exact in Float32.
            let magnitude = Float(mantissa) * 0x1p-24
            self = sign == 0 ? magnitude : -magnitude
        case 0x1F:
            self = Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            self = Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
    }
}
