import Foundation

/// The contents of a safetensors file: named tensors plus string metadata.
///
/// The format (https://github.com/huggingface/safetensors): an 8-byte
/// little-endian `UInt64` header length N; N bytes of JSON header
/// `{"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3],
/// "data_offsets": [begin, end]}, ...}`, padded with spaces to a multiple of
/// 8 bytes; then the raw little-endian data, with offsets relative to its start.
///
/// Reading accepts F64, F32, F16 and BF16 (the half types widen to
/// ``AnyTensor/float32(_:)``); writing produces F32 and F64. Every malformed
/// input throws a ``SafetensorsError`` naming the file and the tensor.
/// Files written here load with `safetensors.torch.load_file`, and files
/// written by PyTorch load here.
public struct SafetensorsFile: Sendable, Equatable {
    /// The tensors by name.
    public var tensors: [String: AnyTensor]
    /// The `__metadata__` strings.
    public var metadata: [String: String]
    /// Where the contents were read from (a path, or the name given to
    /// ``init(data:source:)``), used in error messages; not part of equality.
    public var source: String

    /// A file holding `tensors` and `metadata`.
    /// - Parameters:
    ///   - tensors: tensors by name; `__metadata__` is not a valid name.
    ///   - metadata: free-form strings stored in the header.
    public init(tensors: [String: AnyTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.source = "<memory>"
    }

    /// Reads and validates a safetensors file.
    /// - Parameter url: a file URL.
    /// - Throws: ``SafetensorsError`` naming the path (and tensor) when the file
    ///   cannot be read or is malformed.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SafetensorsError(file: url.path, problem: .unreadable(reason: Self.reason(error)))
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses and validates the bytes of a safetensors file.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - source: the name used for the file in errors.
    /// - Throws: ``SafetensorsError`` when the bytes are malformed.
    public init(data: Data, source: String = "<memory>") throws {
        self = try data.withUnsafeBytes { try SafetensorsFile.parse($0, source: source) }
    }

    /// The tensor called `name`, converted to `Scalar` if stored as the other type.
    /// - Throws: ``SafetensorsError`` with ``SafetensorsError/Problem/missingTensor(available:)``
    ///   listing what the file holds when there is no such tensor.
    public func tensor<Scalar: TensorScalar>(named name: String, as: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
        guard let stored = tensors[name] else {
            throw SafetensorsError(file: source, tensor: name, problem: .missingTensor(available: tensors.keys.sorted()))
        }
        return stored.converted(to: Scalar.self)
    }

    /// Writes ``serialized()`` to `url` atomically (temporary file, fsync, rename).
    /// - Throws: ``AtomicFileError`` naming the path.
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }

    public static func == (lhs: SafetensorsFile, rhs: SafetensorsFile) -> Bool {
        lhs.tensors == rhs.tensors && lhs.metadata == rhs.metadata
    }

    /// A one-line reason for a Foundation read error (the POSIX message when there is one).
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
