import FileReading
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
/// ``AnyTensor/float32(_:)``) and the integer types and BOOL (widened to
/// ``AnyTensor/float64(_:)``, exact up to 2^53); writing produces F32 and F64. Every malformed
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

    /// The number of elements in all its tensors together (what a model built from it can hold at most).
    public var elementCount: Int { tensors.values.reduce(0) { $0 + $1.shape.reduce(1, *) } }

    /// A file holding `tensors` and `metadata`.
    /// - Parameters:
    ///   - tensors: tensors by name; `__metadata__` is not a valid name.
    ///   - metadata: free-form strings stored in the header.
    public init(tensors: [String: AnyTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.source = "<memory>"
    }

    /// Reads and validates a safetensors file: a regular file or a pipe, read to its end (a named pipe is waited on
    /// until a writer opens it).
    /// - Parameter url: a file URL.
    /// - Throws: ``SafetensorsError`` naming the path (and tensor) when the file
    ///   cannot be read (``SafetensorsError/Problem/unreadable(reason:)``, also for a file larger than this
    ///   machine's memory) or is malformed.
    public init(contentsOf url: URL) throws {
        try self.init(data: Self.readAll(path: url.pathAsGiven), source: url.pathAsGiven)
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

    /// Writes ``serialized()`` to `url` atomically (temporary file, fsync, rename); not `replacing`, as a new file
    /// (``AtomicFile/writeNew(_:to:)``).
    /// - Throws: ``SafetensorsError`` (``SafetensorsError/Problem/reservedName``) for a tensor named `__metadata__`,
    ///   else ``AtomicFileError`` naming the path; not `replacing`, ``FileExistsError`` when a file was there.
    public func write(to url: URL, replacing: Bool = true) throws {
        guard tensors["__metadata__"] == nil else {
            throw SafetensorsError(file: url.path, tensor: "__metadata__", problem: .reservedName)
        }
        try AtomicFile.write(serialized(), to: url, replacing: replacing)
    }

    /// Equal when the tensors (names, dtypes, shapes, values) and the metadata are; ``source`` is ignored.
    public static func == (lhs: SafetensorsFile, rhs: SafetensorsFile) -> Bool {
        lhs.tensors == rhs.tensors && lhs.metadata == rhs.metadata
    }

    /// The whole file at `path`, read to its end whatever size the system gives it (0 for a pipe, and for files under
    /// /proc or on some FUSE file systems that have content), as the data loaders read theirs (``InputFile``): a
    /// regular file or a pipe (a named pipe, a shell's `<(command)`, waited on until a writer opens it); a folder,
    /// device or socket is refused. The whole file is held in memory: one larger than the machine's is refused, a
    /// regular file before anything is allocated.
    private static func readAll(path: String) throws(SafetensorsError) -> Data {
        let memory = CheckedSize.physicalMemory, more = "more than this machine's memory (\(CheckedSize.gibibytes(memory)))"
        do throws(InputFile.Failure) {
            var expected = 0
            if case .regular(let size) = try InputFile.kind(of: path) {
                guard size <= memory else { throw .unreadable(reason: "it is \(size) bytes (\(CheckedSize.gibibytes(size))), \(more)") }
                expected = size
            }
            return try InputFile.readToEnd(path, expected: expected, limit: memory)
        } catch {
            let reason = switch error {
            case .unreadable(let reason): reason
            case .pastLimit(let read): "it is more than \(read) bytes, \(more)"
            }
            throw SafetensorsError(file: path, problem: .unreadable(reason: reason))
        }
    }
}
