// One pass over the bytes of a text file into compact token ids.
//
// The decoder assigns provisional ids in order of first appearance while it
// validates UTF-8, writing them straight into the narrowest id array (UInt8
// until a 257th distinct character appears, then UInt16, then UInt32). A
// second, cheap pass over the id array maps provisional ids to vocabulary
// ids (code-point order). No [Character], [String] or [UInt32] copy of the
// text is ever made.

import Foundation

/// How the bytes of a text file become tokens.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// Each Unicode scalar of UTF-8 text is a token; a leading byte-order mark is skipped.
    case utf8
    /// Each byte is a token, as the scalar U+0000...U+00FF of the same value.
    case bytes

    /// What one token is called in counts and messages: `character`, or `byte`.
    public var tokenName: String { self == .bytes ? "byte" : "character" }
}

/// Provisional ids in order of first appearance.
final class ScalarInterner {
    /// Code point -> provisional id + 1, 0 when not seen yet. [0x110000] Zeroed by `calloc`, whose pages the
    /// system maps on first touch: a short text costs a few pages, not 4.4 MB of stores.
    let table: UnsafeMutablePointer<Int32>
    /// Provisional id -> code point.
    var scalars: [UInt32] = []
    /// Provisional id -> byte offset of its first occurrence.
    var firstOffsets: [Int] = []

    init() {
        guard let memory = calloc(0x11_0000, MemoryLayout<Int32>.stride) else { fatalError("ScalarInterner: out of memory") }
        table = memory.bindMemory(to: Int32.self, capacity: 0x11_0000)
    }

    deinit { free(table) }

    /// Numbers a new code point first seen at `offset`.
    func add(_ c: UInt32, at offset: Int) -> Int32 {
        let id = Int32(scalars.count)
        table[Int(c)] = id + 1
        scalars.append(c)
        firstOffsets.append(offset)
        return id
    }
}

/// Why a decoding run stopped.
enum DecodeStop: Equatable {
    case done
    /// A new character needs an id the current width cannot hold; `position` is not consumed.
    case widen
    case invalid(byteOffset: Int)
}

/// Decodes `bytes[position...]` into `out[written...]` until the end, an
/// invalid sequence, or a new character the width `T` cannot number.
func decodeRun<T: FixedWidthInteger & UnsignedInteger>(
    _ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding, position: inout Int,
    interner: ScalarInterner, out: UnsafeMutablePointer<T>, written: inout Int
) -> DecodeStop {
    let n = bytes.count
    let capacity = Int(T.max) + 1
    let table = interner.table
    let utf8 = encoding == .utf8
    var i = position, w = written
    defer { position = i; written = w }
    while i < n {
        let b0 = bytes[i]
        var c = UInt32(b0)
        var len = 1
        if b0 >= 0x80 && utf8 {
            guard let (scalar, l) = decodeMultiByte(bytes, at: i) else { return .invalid(byteOffset: i) }
            c = scalar
            len = l
        }
        var id = table[Int(c)] - 1
        if id < 0 {
            if interner.scalars.count == capacity { return .widen }
            id = interner.add(c, at: i)
        }
        out[w] = T(truncatingIfNeeded: id)
        w += 1
        i += len
    }
    return .done
}

/// Decodes the multi-byte UTF-8 sequence starting at `i` (lead byte >= 0x80),
/// rejecting overlong forms, surrogates and values above U+10FFFF (Unicode Table 3-7).
@inline(__always)
private func decodeMultiByte(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
    let n = b.count
    let b0 = b[i]
    @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> UInt32? {
        guard i + k < n else { return nil }
        let x = b[i + k]
        return x >= lo && x <= hi ? UInt32(x & 0x3F) : nil
    }
    switch b0 {
    case 0xC2...0xDF:
        guard let c1 = cont(1) else { return nil }
        return (UInt32(b0 & 0x1F) << 6 | c1, 2)
    case 0xE0...0xEF:
        let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
        let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
        guard let c1 = cont(1, lo, hi), let c2 = cont(2) else { return nil }
        return (UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2, 3)
    case 0xF0...0xF4:
        let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
        let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
        guard let c1 = cont(1, lo, hi), let c2 = cont(2), let c3 = cont(3) else { return nil }
        return (UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
    default:
        return nil
    }
}

/// Decodes a whole buffer into token ids and their vocabulary.
/// - Parameters:
///   - bytes: the file contents.
///   - encoding: UTF-8 scalars or raw bytes.
///   - file: the name used in errors.
///   - vocabulary: a fixed vocabulary (a model's), or nil to build one from the text.
/// - Returns: the ids (in the narrowest width for V) and the vocabulary.
/// - Throws: ``SequenceDataError`` `emptyFile`, `invalidUTF8`, `notUTF8Text` (a UTF-16 byte-order mark, or in UTF-8 a NUL byte),
///   `unknownCharacter`; `unreadable` when the ids would
///   take more than this machine's memory.
func decodeTokens(
    _ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding, file: String, vocabulary: Vocabulary?,
    unknown: UnknownCharacters = .error
) throws -> (TokenIDs, Vocabulary, skipped: Int) {
    var position = 0
    if encoding == .utf8, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    let n = bytes.count
    guard n > position else { throw SequenceDataError.emptyFile(file: file) }

    let interner = ScalarInterner()
    var stop = DecodeStop.done
    var written = 0
    let memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
    /// Copies the ids decoded so far into a wider array of capacity n and continues decoding; refuses, before
    /// allocating it, an array larger than this machine's memory.
    func run<S: FixedWidthInteger & UnsignedInteger, D: FixedWidthInteger & UnsignedInteger>(
        continuing previous: [S], as: D.Type
    ) throws(SequenceDataError) -> [D] {
        let width = MemoryLayout<D>.stride
        guard n <= memory / width else {
            throw .unreadable(file: file, reason: "it is \(n) bytes, whose token ids of \(width) byte\(width == 1 ? "" : "s") each "
                + "would take more than this machine's memory (\(memory) bytes)")
        }
        return [D](unsafeUninitializedCapacity: n) { buf, count in
            for k in previous.indices { buf[k] = D(previous[k]) }
            stop = decodeRun(bytes, encoding: encoding, position: &position, interner: interner,
                             out: buf.baseAddress!, written: &written)
            count = written
        }
    }
    var storage = TokenIDs.Storage.u8(try run(continuing: [UInt8](), as: UInt8.self))
    if stop == .widen, case .u8(let a) = storage { storage = .u16(try run(continuing: a, as: UInt16.self)) }
    if stop == .widen, case .u16(let a) = storage { storage = .u32(try run(continuing: a, as: UInt32.self)) }
    if case .invalid(let offset) = stop {
        try requireNoUTF16ByteOrderMark(bytes, file: file)  // the likeliest reason for bytes that are not UTF-8 from the start
        throw SequenceDataError.invalidUTF8(file: file, byteOffset: offset)
    }
    // A NUL is valid UTF-8 but in no text: it is UTF-16 without a byte-order mark (every other byte of ASCII) or binary data.
    if encoding == .utf8, interner.table[0] > 0 {
        throw SequenceDataError.notUTF8Text(file: file, byteOffset: interner.firstOffsets[Int(interner.table[0]) - 1], found: "a NUL byte")
    }

    // Provisional id -> vocabulary id.
    let vocab: Vocabulary
    var map = [UInt32](repeating: 0, count: interner.scalars.count)
    var skipped = 0
    if let fixed = vocabulary {
        var firstUnknown: (offset: Int, scalar: UInt32)?
        var isUnknown = [Bool](repeating: false, count: interner.scalars.count)
        for (p, c) in interner.scalars.enumerated() {
            if let id = fixed.id(ofCodePoint: c) { map[p] = UInt32(id) }
            else {
                isUnknown[p] = true
                if firstUnknown == nil || interner.firstOffsets[p] < firstUnknown!.offset { firstUnknown = (interner.firstOffsets[p], c) }
            }
        }
        if let u = firstUnknown {
            guard unknown == .skip else { throw SequenceDataError.unknownCharacter(file: file, byteOffset: u.offset, scalar: u.scalar) }
            let before = storage.count
            storage.removeAll { isUnknown[$0] }
            skipped = before - storage.count
            guard storage.count > 0 else { throw SequenceDataError.unknownCharacter(file: file, byteOffset: u.offset, scalar: u.scalar) }
        }
        vocab = fixed
    } else {
        let order = interner.scalars.indices.sorted { interner.scalars[$0] < interner.scalars[$1] }
        for (rank, p) in order.enumerated() { map[p] = UInt32(rank) }
        vocab = Vocabulary(validated: order.map { interner.scalars[$0] })
    }
    remap(&storage, map: map, vocabularySize: vocab.count)
    return (TokenIDs(storage: storage), vocab, skipped)
}

/// What decoding with a fixed vocabulary does with a character outside it.
public enum UnknownCharacters: Sendable {
    /// An error naming the first one (``SequenceDataError/unknownCharacter(file:byteOffset:scalar:)``).
    case error
    /// Left out of the ids, and counted (``TextCorpus/skippedCharacters``); a text of nothing else is still the error.
    case skip
}

extension TokenIDs.Storage {
    var count: Int {
        switch self {
        case .u8(let a): a.count
        case .u16(let a): a.count
        case .u32(let a): a.count
        }
    }

    /// Removes the provisional ids `drop` is true for.
    mutating func removeAll(where drop: (Int) -> Bool) {
        switch self {
        case .u8(var a): self = .u8([]); a.removeAll { drop(Int($0)) }; self = .u8(a)
        case .u16(var a): self = .u16([]); a.removeAll { drop(Int($0)) }; self = .u16(a)
        case .u32(var a): self = .u32([]); a.removeAll { drop(Int($0)) }; self = .u32(a)
        }
    }
}

/// Applies `map` to every id, in place when the width fits V, else into a wider array.
private func remap(_ storage: inout TokenIDs.Storage, map: [UInt32], vocabularySize v: Int) {
    func inPlace<T: FixedWidthInteger & UnsignedInteger>(_ a: inout [T]) {
        map.withUnsafeBufferPointer { m in
            a.withUnsafeMutableBufferPointer { for k in $0.indices { $0[k] = T(truncatingIfNeeded: m[Int($0[k])]) } }
        }
    }
    func widened<S: FixedWidthInteger & UnsignedInteger, D: FixedWidthInteger & UnsignedInteger>(_ a: [S], to: D.Type) -> [D] {
        map.withUnsafeBufferPointer { m in a.map { D(truncatingIfNeeded: m[Int($0)]) } }
    }
    // Each case takes the array out of `storage` first so the in-place pass does not copy it.
    switch storage {
    case .u8(var a):
        storage = .u8([])
        if v <= 1 << 8 { inPlace(&a); storage = .u8(a) }
        else if v <= 1 << 16 { storage = .u16(widened(a, to: UInt16.self)) }
        else { storage = .u32(widened(a, to: UInt32.self)) }
    case .u16(var a):
        storage = .u16([])
        if v <= 1 << 16 { inPlace(&a); storage = .u16(a) } else { storage = .u32(widened(a, to: UInt32.self)) }
    case .u32(var a):
        storage = .u32([])
        inPlace(&a)
        storage = .u32(a)
    }
}
