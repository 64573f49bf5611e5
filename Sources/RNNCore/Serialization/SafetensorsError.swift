import FileReading

/// Why a safetensors file could not be read (or written): the file, the tensor when one is
/// at fault, and what was wrong.
///
/// Every malformed input gets its own ``Problem``; reading never traps.
public struct SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path of the file, or the source name given to ``SafetensorsFile/init(data:source:)``.
    public var file: String
    /// The tensor at fault, if any (metadata problems name the key in ``problem``).
    public var tensor: String?
    /// What was wrong.
    public var problem: Problem

    /// An error about `file`, naming `tensor` when one is at fault.
    public init(file: String, tensor: String? = nil, problem: Problem) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    /// The ways a safetensors file can be malformed.
    public enum Problem: Equatable, Sendable {
        /// The file could not be read at all (missing, a directory, no permission).
        case unreadable(reason: String)
        /// Fewer than the 8 bytes of the header length.
        case tooShortForHeaderLength(fileSize: Int)
        /// The header length points past the end of the file.
        case headerPastEnd(headerLength: UInt64, fileSize: Int)
        /// The header is not valid JSON.
        case headerNotJSON(offset: Int, reason: String)
        /// The header is JSON but not an object.
        case headerNotObject(found: String)
        /// A tensor entry is not an object.
        case entryNotObject(found: String)
        /// A tensor entry lacks `dtype`, `shape` or `data_offsets`.
        case missingField(String)
        /// A field of a tensor entry has the wrong type or form.
        case invalidField(String, expected: String)
        /// A dtype this library cannot decode (it reads F64, F32, F16, BF16, the integer types and BOOL).
        case unsupportedDType(String)
        /// `data_offsets` reach past the end of the data buffer.
        case offsetsOutOfRange(begin: UInt64, end: UInt64, dataSize: Int)
        /// `data_offsets` end before they begin.
        case offsetsReversed(begin: UInt64, end: UInt64)
        /// The tensor's bytes overlap another tensor's.
        case overlaps(other: String)
        /// The shape has more elements than memory can address.
        case shapeTooLarge(shape: [UInt64])
        /// The byte range does not hold shape × dtype size bytes.
        case byteCountMismatch(shape: [Int], dtype: String, expected: Int, found: Int)
        /// `__metadata__` is not an object.
        case metadataNotObject(found: String)
        /// A `__metadata__` value is not a string.
        case metadataValueNotString(key: String, found: String)
        /// `count` data bytes from `offset` on belong to no tensor (a gap, or bytes after the last tensor).
        case unusedBytes(offset: Int, count: Int, dataSize: Int)
        /// A tensor to write is named `__metadata__`, the header's key for the metadata.
        case reservedName
        /// A tensor looked up by name is not in the file.
        case missingTensor(available: [String])
    }

    /// `file: tensor "name": problem`, or `file: problem` when no tensor is at fault; standard input (`/dev/stdin`) is named
    /// as such (``StreamName/shown(_:)``); control characters from the file (in the tensor's name, and in the problem's
    /// ``Problem/description``) are escaped (`escapingControlCharacters`).
    public var description: String {
        let file = StreamName.shown(file)
        let subject = tensor.map { "\(file): tensor \"\($0.escapingControlCharacters)\": " } ?? "\(file): "
        return subject + problem.description
    }
}

extension SafetensorsError.Problem: CustomStringConvertible {
    /// The problem in words, without the file or tensor name (``SafetensorsError/description`` adds them); control
    /// characters from the file (in a dtype, say) are escaped (`escapingControlCharacters`).
    public var description: String { text.escapingControlCharacters }

    /// ``description`` before its control characters are escaped.
    private var text: String {
        switch self {
        case .unreadable(let reason):
            "cannot read the file (\(reason))"
        case .tooShortForHeaderLength(let size):
            "file is \(size) bytes, too short for the 8-byte header length"
        case .headerPastEnd(let length, let size):
            "header length \(length) runs past the end of the \(size)-byte file"
                + (startingText(length).map { "; it starts with text, '\($0)', not a safetensors header length" } ?? "")
        case .headerNotJSON(let offset, let reason):
            "header is not valid JSON at byte \(offset) of the header: \(reason)"
        case .headerNotObject(let found):
            "header must be a JSON object, found \(found)"
        case .entryNotObject(let found):
            "entry must be an object with dtype, shape and data_offsets, found \(found)"
        case .missingField(let field):
            "entry has no \"\(field)\""
        case .invalidField(let field, let expected):
            "\"\(field)\" must be \(expected)"
        case .unsupportedDType(let dtype):
            "dtype \"\(dtype)\" is not supported (expected F64, F32, F16, BF16, an integer type such as I64, or BOOL)"
        case .offsetsOutOfRange(let begin, let end, let size):
            "data_offsets [\(begin), \(end)] run past the end of the \(size)-byte data buffer"
        case .offsetsReversed(let begin, let end):
            "data_offsets [\(begin), \(end)] end before they begin"
        case .overlaps(let other):
            "bytes overlap those of tensor \"\(other)\""
        case .shapeTooLarge(let shape):
            "shape \(shape) has too many elements"
        case .reservedName:
            "the name is reserved for the file's metadata (SafetensorsFile.metadata)"
        case .unusedBytes(let offset, let count, let size):
            "data bytes \(offset)..<\(offset + count) (of \(size)) belong to no tensor"
        case .byteCountMismatch(let shape, let dtype, let expected, let found):
            "shape \(shape) of \(dtype) needs \(expected) bytes, data_offsets span \(found)"
        case .metadataNotObject(let found):
            "__metadata__ must be an object of strings, found \(found)"
        case .metadataValueNotString(let key, let found):
            "__metadata__ value for \"\(key)\" must be a string, found \(found)"
        case .missingTensor(let available):
            "no such tensor; the file holds " + listItems(available.map { "\"\($0)\"" })
        }
    }
}

/// The 8 bytes a header length was read from, as text with `\t`, `\n` and `\r` escaped, when they are all printable ASCII
/// or those: the start of a text file (a CSV, a log) given where a safetensors file belongs. Nil otherwise.
private func startingText(_ length: UInt64) -> String? {
    let bytes = withUnsafeBytes(of: length.littleEndian, Array.init)
    let escapes: [UInt8: String] = [0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"]
    guard bytes.allSatisfy({ (0x20...0x7E).contains($0) || escapes[$0] != nil }) else { return nil }
    return bytes.map { escapes[$0] ?? String(UnicodeScalar($0)) }.joined()
}

/// Items for an error message, comma-separated, at most 24 of them.
func listItems(_ items: [String]) -> String {
    guard !items.isEmpty else { return "nothing" }
    let shown = items.prefix(24).joined(separator: ", ")
    return items.count > 24 ? shown + " and \(items.count - 24) more" : shown
}
