import Requirements

/// The characters of a corpus: distinct Unicode scalars sorted by code point.
///
/// Token id `i` is the `i`-th scalar in code-point order, so the same set of
/// characters always gives the same ids. V = ``count``. A model saves its
/// vocabulary in a compact form (``characters`` or ``codePoints``) and
/// restores it with ``init(characters:)`` or ``init(codePoints:)``, which
/// validate. Raw-byte corpora (``TextEncoding/bytes``) use the scalars
/// U+0000...U+00FF, one per byte value: byte b is the scalar of value b, so a
/// bytes vocabulary's ``characters`` and ``decode(_:)`` read its bytes as Latin-1.
/// ``decodeBytes(_:)`` turns the ids of such a vocabulary back into the bytes
/// they stand for, and ``encode(bytes:)`` bytes into ids.
public struct Vocabulary: Equatable, Hashable, Sendable, Codable {
    /// The code points, strictly increasing. [V]
    public let codePoints: [UInt32]

    /// Builds a vocabulary from saved code points.
    /// - Parameter codePoints: strictly increasing Unicode scalar values, at least one.
    /// - Throws: ``SequenceDataError/invalidVocabulary(reason:)`` when empty,
    ///   unsorted, repeated, or holding a surrogate or a value above U+10FFFF.
    public init(codePoints: [UInt32]) throws {
        guard !codePoints.isEmpty else { throw SequenceDataError.invalidVocabulary(reason: "no characters") }
        for (i, c) in codePoints.enumerated() {
            guard Unicode.Scalar(c) != nil else {
                throw SequenceDataError.invalidVocabulary(reason: "entry \(i) (\(c)) is not a Unicode scalar")
            }
            if i > 0, codePoints[i - 1] >= c {
                throw SequenceDataError.invalidVocabulary(
                    reason: "entry \(i) (\(c)) is not above entry \(i - 1) (\(codePoints[i - 1])); expected strictly increasing code points")
            }
        }
        self.codePoints = codePoints
    }

    /// Builds a vocabulary from a saved string of its characters (``characters``).
    /// - Parameter characters: the scalars in increasing code-point order.
    /// - Throws: ``SequenceDataError/invalidVocabulary(reason:)`` as ``init(codePoints:)``.
    public init(characters: String) throws {
        try self.init(codePoints: characters.unicodeScalars.map(\.value))
    }

    /// A vocabulary of the distinct scalars of `text` (for tests and short strings).
    /// - Throws: ``SequenceDataError/invalidVocabulary(reason:)`` when `text` is empty.
    public init(of text: String) throws {
        try self.init(codePoints: Set(text.unicodeScalars.map(\.value)).sorted())
    }

    /// Decodes the saved code points, validating them as ``init(codePoints:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(codePoints: decoder.singleValueContainer().decode([UInt32].self))
    }

    /// Encodes the vocabulary as its array of code points.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(codePoints)
    }

    /// Trusted construction from already validated, sorted code points.
    init(validated codePoints: [UInt32]) { self.codePoints = codePoints }

    /// V, the number of tokens.
    public var count: Int { codePoints.count }

    /// The characters in id order, as one string: the compact saved form.
    public var characters: String {
        var s = String.UnicodeScalarView()
        for c in codePoints { s.append(Unicode.Scalar(c)!) }
        return String(s)
    }

    /// The id of a scalar, or nil when it is not in the vocabulary.
    public func id(of scalar: Unicode.Scalar) -> Int? { id(ofCodePoint: scalar.value) }

    /// The id of a code point (binary search), or nil when absent.
    public func id(ofCodePoint c: UInt32) -> Int? {
        var lo = 0, hi = codePoints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if codePoints[mid] < c { lo = mid + 1 } else { hi = mid }
        }
        return lo < codePoints.count && codePoints[lo] == c ? lo : nil
    }

    /// The scalar of token `id`; `id` must be in 0..<V.
    public func scalar(_ id: Int) -> Unicode.Scalar {
        require(id >= 0 && id < count, "token id \(id) outside vocabulary of size \(count)")
        return Unicode.Scalar(codePoints[id])!
    }

    /// Encodes a string into token ids. [count of scalars]
    /// - Throws: ``SequenceDataError/unknownCharacter(file:byteOffset:scalar:)``
    ///   naming the UTF-8 byte offset of the first character not in the vocabulary.
    public func encode(_ text: String) throws -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count)
        var offset = 0
        for s in text.unicodeScalars {
            guard let id = id(of: s) else {
                throw SequenceDataError.unknownCharacter(file: "<string>", byteOffset: offset, scalar: s.value)
            }
            ids.append(id)
            offset += UTF8.width(s)
        }
        return ids
    }

    /// Whether every token is a byte value, U+0000...U+00FF: the vocabulary of a ``TextEncoding/bytes`` corpus
    /// (and of any text of only ASCII or Latin-1 characters).
    public var holdsBytes: Bool { codePoints.last! <= 0xFF }

    /// Encodes bytes into the token ids of a bytes vocabulary (``TextEncoding/bytes``): byte b is the token of code point b.
    /// [count of bytes]
    /// - Throws: ``SequenceDataError/unknownCharacter(file:byteOffset:scalar:)`` naming the offset and value of the first
    ///   byte not in the vocabulary.
    public func encode<S: Sequence>(bytes: S) throws -> [Int] where S.Element == UInt8 {
        var ids: [Int] = []
        ids.reserveCapacity(bytes.underestimatedCount)
        for (offset, b) in bytes.enumerated() {
            guard let id = id(ofCodePoint: UInt32(b)) else {
                throw SequenceDataError.unknownCharacter(file: "<bytes>", byteOffset: offset, scalar: UInt32(b))
            }
            ids.append(id)
        }
        return ids
    }

    /// Decodes the token ids (each in 0..<V) of a bytes vocabulary (``holdsBytes``, as a ``TextEncoding/bytes`` corpus
    /// has) into the bytes they stand for, token `i` the byte of value `codePoints[i]`: the file's own bytes, where
    /// ``decode(_:)`` would read each as a Latin-1 character.
    /// - Precondition: every id's code point is at most 0xFF.
    public func decodeBytes<S: Sequence>(_ ids: S) -> [UInt8] where S.Element: BinaryInteger {
        ids.map { id in
            let c = scalar(Int(id)).value
            require(c <= 0xFF, "token id \(id) is \(Unicode.Scalar.codePoint(of: c)), not a byte")
            return UInt8(c)
        }
    }

    /// Decodes token ids (each in 0..<V) into a string.
    public func decode<S: Sequence>(_ ids: S) -> String where S.Element: BinaryInteger {
        var s = String.UnicodeScalarView()
        for id in ids { s.append(scalar(Int(id))) }
        return String(s)
    }
}
