import Foundation

/// A character-level text corpus: its vocabulary and its token ids.
///
/// Loading decodes the file in one pass into compact ids (see ``TokenIDs``):
/// a 100 MB ASCII file takes about 100 MB of ids, and the file itself is
/// memory-mapped rather than copied.
public struct TextCorpus: Sendable {
    /// The characters, sorted by code point. V = `vocabulary.count`.
    public let vocabulary: Vocabulary
    /// The whole text as token ids. [N]
    public let ids: TokenIDs
    /// How the bytes were turned into tokens.
    public let encoding: TextEncoding
    /// Characters outside a fixed vocabulary left out of ``ids`` (with ``UnknownCharacters/skip``; else 0).
    public let skippedCharacters: Int

    /// Loads a text file.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - encoding: `.utf8` (scalars, default) or `.bytes` (one token per byte).
    ///   - vocabulary: a model's vocabulary to encode with, or nil to build one from the file.
    ///   - unknown: with a fixed vocabulary, whether a character outside it is an error or left out and counted.
    /// - Throws: ``SequenceDataError`` `unreadable` (also for a text whose token ids would take more than this
    ///   machine's memory), `emptyFile`, `invalidUTF8`
    ///   (with the byte offset), `notUTF8Text` (bytes that are not UTF-8 and start with a UTF-16
    ///   byte-order mark, or UTF-8 with a NUL byte: UTF-16 without the mark, or binary data), `unknownCharacter` (with a fixed vocabulary: the first unknown one, or
    ///   when skipping, a text of unknown characters only).
    public init(contentsOf path: String, encoding: TextEncoding = .utf8, vocabulary: Vocabulary? = nil,
                unknown: UnknownCharacters = .error) throws {
        try self.init(data: FileContents.read(path), encoding: encoding, vocabulary: vocabulary, unknown: unknown, file: path)
    }

    /// Decodes bytes held in memory.
    /// - Parameters:
    ///   - data: the bytes of the text.
    ///   - encoding: `.utf8` or `.bytes`.
    ///   - vocabulary: a fixed vocabulary, or nil to build one.
    ///   - unknown: as in ``init(contentsOf:encoding:vocabulary:unknown:)``.
    ///   - file: the name used in error messages.
    /// - Throws: as ``init(contentsOf:encoding:vocabulary:unknown:)``.
    public init(data: Data, encoding: TextEncoding = .utf8, vocabulary: Vocabulary? = nil, unknown: UnknownCharacters = .error,
                file: String = "<data>") throws {
        let (ids, vocab, skipped) = try data.withUnsafeBytes { raw in
            try decodeTokens(raw.bindMemory(to: UInt8.self), encoding: encoding, file: file, vocabulary: vocabulary, unknown: unknown)
        }
        self.ids = ids
        self.vocabulary = vocab
        self.encoding = encoding
        skippedCharacters = skipped
    }

    /// A corpus of a string's Unicode scalars; a leading U+FEFF is taken as a byte-order mark and dropped, as in a file.
    /// - Throws: `emptyFile` for an empty string (or one of only U+FEFF), `unknownCharacter` with a fixed vocabulary.
    public init(text: String, vocabulary: Vocabulary? = nil, unknown: UnknownCharacters = .error) throws {
        try self.init(data: Data(text.utf8), encoding: .utf8, vocabulary: vocabulary, unknown: unknown, file: "<string>")
    }

    /// Cuts the ids into contiguous train, validation and test parts, in that order.
    ///
    /// The train part holds the first ⌊N·train⌋ tokens, validation the next
    /// ⌊N·validation⌋, test the rest. When the fractions add up to 1 there is no
    /// test part: validation is everything after the train part (as with
    /// `ids[int(N * 0.9):]` in Python), so no token is lost to rounding.
    /// - Parameters:
    ///   - train: fraction in [0, 1].
    ///   - validation: fraction in [0, 1]; `train + validation <= 1`.
    /// - Returns: three views sharing the corpus storage.
    /// - Throws: ``SequenceDataError/invalidSplit(train:validation:)``.
    public func split(train: Double, validation: Double) throws -> TextSplits {
        let (a, b) = try splitPoints(count: ids.count, train: train, validation: validation)
        return TextSplits(train: ids.subrange(0..<a), validation: ids.subrange(a..<b), test: ids.subrange(b..<ids.count))
    }
}

/// The contiguous train / validation / test parts of a ``TextCorpus``.
public struct TextSplits: Sendable {
    /// The first ⌊N·train⌋ ids.
    public let train: TokenIDs
    /// The ids after the train part: the next ⌊N·validation⌋, or all the rest when the fractions add up to 1.
    public let validation: TokenIDs
    /// The ids after the validation part; empty when the fractions add up to 1.
    public let test: TokenIDs
}

/// The end of the train part and of the validation part for a split of `count` items.
/// - Throws: ``SequenceDataError/invalidSplit(train:validation:)``.
func splitPoints(count: Int, train: Double, validation: Double) throws -> (Int, Int) {
    guard train >= 0, train <= 1, validation >= 0, validation <= 1, train + validation <= 1 + 1e-12 else {
        throw SequenceDataError.invalidSplit(train: train, validation: validation)
    }
    let a = min(count, Int((Double(count) * train).rounded(.down)))
    let b = train + validation >= 1 - 1e-12 ? count : min(count, a + Int((Double(count) * validation).rounded(.down)))
    return (a, b)
}
