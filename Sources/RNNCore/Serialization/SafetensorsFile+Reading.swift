/// Parsing and validating the bytes of a safetensors file.
extension SafetensorsFile {
    /// One validated header entry, before its data is decoded.
    private struct Entry {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var count: Int
        var begin: Int
        var end: Int
    }

    /// Parses a whole file: header length, JSON header, entries, then data.
    static func parse(_ bytes: UnsafeRawBufferPointer, source: String) throws(SafetensorsError) -> SafetensorsFile {
        func fail(_ problem: SafetensorsError.Problem, tensor: String? = nil) -> SafetensorsError {
            SafetensorsError(file: source, tensor: tensor, problem: problem)
        }
        guard bytes.count >= 8 else { throw fail(.tooShortForHeaderLength(fileSize: bytes.count)) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail(.headerPastEnd(headerLength: headerLength, fileSize: bytes.count))
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart

        let header: JSONValue
        do throws(JSONParseError) {
            header = try JSONValue.parse(Array(bytes[8..<dataStart]))
        } catch {
            throw fail(.headerNotJSON(offset: error.offset, reason: error.message))
        }
        guard case .object(let fields) = header else { throw fail(.headerNotObject(found: header.kindName)) }

        var file = SafetensorsFile()
        file.source = source
        var entries: [Entry] = []
        for name in fields.keys.sorted() {
            let value = fields[name]!
            if name == "__metadata__" {
                file.metadata = try parseMetadata(value, fail: fail)
            } else {
                entries.append(try parseEntry(name: name, value, dataSize: dataSize, fail: fail))
            }
        }
        try checkNoOverlap(entries, fail: fail)
        // As the reference implementation, the tensors cover the data from its start to its end, with no gap
        // (a file appended to, or a header that lost an entry).
        var covered = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == covered else { throw fail(.unusedBytes(offset: covered, count: entry.begin - covered, dataSize: dataSize)) }
            covered = entry.end
        }
        guard covered == dataSize else { throw fail(.unusedBytes(offset: covered, count: dataSize - covered, dataSize: dataSize)) }
        for entry in entries {
            file.tensors[entry.name] = entry.dtype.decode(
                UnsafeRawBufferPointer(rebasing: bytes[dataStart...]),
                offset: entry.begin, count: entry.count, shape: entry.shape)
        }
        return file
    }

    private static func parseMetadata(
        _ value: JSONValue, fail: (SafetensorsError.Problem, String?) -> SafetensorsError
    ) throws(SafetensorsError) -> [String: String] {
        guard case .object(let pairs) = value else { throw fail(.metadataNotObject(found: value.kindName), nil) }
        var metadata: [String: String] = [:]
        for key in pairs.keys.sorted() {
            guard case .string(let text) = pairs[key]! else {
                throw fail(.metadataValueNotString(key: key, found: pairs[key]!.kindName), nil)
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(
        name: String, _ value: JSONValue, dataSize: Int,
        fail: (SafetensorsError.Problem, String?) -> SafetensorsError
    ) throws(SafetensorsError) -> Entry {
        guard case .object(let fields) = value else { throw fail(.entryNotObject(found: value.kindName), name) }
        guard let dtypeValue = fields["dtype"] else { throw fail(.missingField("dtype"), name) }
        guard let shapeValue = fields["shape"] else { throw fail(.missingField("shape"), name) }
        guard let offsetsValue = fields["data_offsets"] else { throw fail(.missingField("data_offsets"), name) }

        guard case .string(let dtypeName) = dtypeValue else {
            throw fail(.invalidField("dtype", expected: "a string such as \"F32\""), name)
        }
        guard let rawShape = nonNegativeIntegers(shapeValue) else {
            throw fail(.invalidField("shape", expected: "an array of non-negative integers"), name)
        }
        guard let offsets = nonNegativeIntegers(offsetsValue), offsets.count == 2 else {
            throw fail(.invalidField("data_offsets", expected: "an array of two non-negative integers [begin, end]"), name)
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw fail(.unsupportedDType(dtypeName), name) }

        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else { throw fail(.offsetsReversed(begin: begin, end: end), name) }
        guard end <= UInt64(dataSize) else {
            throw fail(.offsetsOutOfRange(begin: begin, end: end, dataSize: dataSize), name)
        }
        // Element count and byte size, refusing anything that overflows Int.
        let shape = rawShape.compactMap { Int(exactly: $0) }
        guard shape.count == rawShape.count, let count = CheckedSize.product(shape),
              let byteCount = CheckedSize.product(count, dtype.size) else {
            throw fail(.shapeTooLarge(shape: rawShape), name)
        }
        let span = Int(end - begin)
        guard byteCount == span else {
            throw fail(.byteCountMismatch(shape: shape, dtype: dtypeName, expected: byteCount, found: span), name)
        }
        return Entry(name: name, dtype: dtype, shape: shape, count: count, begin: Int(begin), end: Int(end))
    }

    /// The values of a JSON array of non-negative integers, or nil.
    private static func nonNegativeIntegers(_ value: JSONValue) -> [UInt64]? {
        guard case .array(let items) = value else { return nil }
        var result: [UInt64] = []
        for item in items {
            guard case .integer(let n) = item else { return nil }
            result.append(n)
        }
        return result
    }

    /// Throws if two non-empty byte ranges intersect, naming both tensors.
    private static func checkNoOverlap(
        _ entries: [Entry], fail: (SafetensorsError.Problem, String?) -> SafetensorsError
    ) throws(SafetensorsError) {
        let ranges = entries.filter { $0.begin < $0.end }.sorted { ($0.begin, $0.name) < ($1.begin, $1.name) }
        var furthest: Entry?
        for entry in ranges {
            if let previous = furthest, entry.begin < previous.end {
                throw fail(.overlaps(other: previous.name), entry.name)
            }
            if furthest == nil || entry.end > furthest!.end { furthest = entry }
        }
    }
}
