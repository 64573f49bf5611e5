import Foundation
import Testing
import _TestSupport
@testable import SequenceData

@Suite struct TextCorpusTests {
    @Test func decodesUTF8IntoCompactIds() throws {
        let text = "Ça va? 😀 oui.\nÇa va."
        let corpus = try TextCorpus(text: text)
        #expect(corpus.ids.count == text.unicodeScalars.count)
        #expect(corpus.ids.bytesPerToken == 1)
        #expect(corpus.vocabulary.decode(corpus.ids) == text)
        #expect(corpus.vocabulary == (try Vocabulary(of: text)))
    }

    @Test func loadsFileSkippingByteOrderMark() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write([0xEF, 0xBB, 0xBF] + Array("abca".utf8), to: "bom.txt")
        let corpus = try TextCorpus(contentsOf: path)
        #expect(corpus.vocabulary.characters == "abc")
        #expect(Array(corpus.ids) == [0, 1, 2, 0])
        // Raw bytes keep the mark: every byte of the file is a token.
        let bytes = try TextCorpus(contentsOf: path, encoding: .bytes)
        #expect(bytes.vocabulary.decodeBytes(bytes.ids) == [0xEF, 0xBB, 0xBF] + Array("abca".utf8))
    }

    @Test func widensIdsWithTheVocabulary() throws {
        // 300 distinct scalars need UInt16; 70,000 need UInt32.
        let medium = String(String.UnicodeScalarView((0..<300).map { Unicode.Scalar(0x400 + UInt32($0))! }.reversed()))
        let c16 = try TextCorpus(text: "ab" + medium + "ba")
        #expect(c16.ids.bytesPerToken == 2)
        #expect(c16.vocabulary.decode(c16.ids) == "ab" + medium + "ba")
        let large = String(String.UnicodeScalarView((0..<70_000).map { Unicode.Scalar(0x1_0000 + UInt32($0))! }))
        let c32 = try TextCorpus(text: "z" + large)
        #expect(c32.ids.bytesPerToken == 4)
        #expect(c32.ids[0] == 0 && c32.ids[1] == 1 && c32.ids[70_000] == 70_000)
    }

    @Test func encodesWithAFixedVocabulary() throws {
        let big = try Vocabulary(codePoints: (0..<300).map { 32 + UInt32($0) })
        let corpus = try TextCorpus(text: "hi there", vocabulary: big)
        #expect(corpus.ids.bytesPerToken == 2)  // ids up to V - 1 = 299 must fit
        #expect(big.decode(corpus.ids) == "hi there")
        let small = try Vocabulary(of: "abc")
        #expect(throws: SequenceDataError.unknownCharacter(file: "<string>", byteOffset: 2, scalar: 0x64)) {
            try TextCorpus(text: "abdbe", vocabulary: small)
        }
    }

    /// Skipping unknown characters leaves them out and counts them, after the byte-order mark, in every id width;
    /// a text of nothing else is still the error.
    @Test func unknownCharactersCanBeSkippedAndCounted() throws {
        let small = try Vocabulary(of: "abc")
        let corpus = try TextCorpus(data: Data([0xEF, 0xBB, 0xBF] + Array("abdbé\u{FEFF}c".utf8)), vocabulary: small, unknown: .skip)
        #expect(small.decode(corpus.ids) == "abbc" && corpus.skippedCharacters == 3)
        #expect(try TextCorpus(text: "abc", vocabulary: small).skippedCharacters == 0)
        // 300 distinct characters in the text make the provisional ids 16-bit.
        let wide = String((0..<300).map { Character(Unicode.Scalar(0x100 + $0)!) }) + "cab"
        let kept = try TextCorpus(text: wide, vocabulary: small, unknown: .skip)
        #expect(small.decode(kept.ids) == "cab" && kept.skippedCharacters == 300)
        #expect(throws: SequenceDataError.unknownCharacter(file: "<string>", byteOffset: 0, scalar: 0x78)) {
            try TextCorpus(text: "xyz", vocabulary: small, unknown: .skip)
        }
    }

    @Test func invalidUTF8NamesTheByteOffset() throws {
        let cases: [([UInt8], Int)] = [
            (Array("ab".utf8) + [0xC3, 0x28], 2),      // bad continuation
            ([0x61, 0xC0, 0x80], 1),                   // overlong
            (Array("xyz".utf8) + [0xED, 0xA0, 0x80], 3), // surrogate
            ([0x61, 0x62, 0xE2, 0x82], 2),             // truncated at the end
            ([0xF4, 0x90, 0x80, 0x80], 0),             // above U+10FFFF
            ([0x41, 0x80], 1),                         // lone continuation
        ]
        for (bytes, offset) in cases {
            #expect(throws: SequenceDataError.invalidUTF8(file: "<data>", byteOffset: offset)) {
                try TextCorpus(data: Data(bytes))
            }
        }
        // UTF-16, either byte order, is named as such (it was invalid UTF-8 at byte 0); as bytes it is any other data.
        for bom: [UInt8] in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            #expect(throws: SequenceDataError.notUTF8Text(file: "<data>", byteOffset: 0, found: "a UTF-16 byte-order mark")) {
                try TextCorpus(data: Data(bom + [0x68, 0x00]))
            }
            #expect(try TextCorpus(data: Data(bom + [0x68, 0x00]), encoding: .bytes).ids.count == 4)
        }
    }

    /// A NUL byte is valid UTF-8 but in no text: UTF-16 written without a byte-order mark, or binary data, is refused as such
    /// rather than learnt as text with a NUL between every two letters.
    @Test func aNULByteIsNotText() throws {
        let utf16 = Data("hello".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: SequenceDataError.notUTF8Text(file: "<data>", byteOffset: 1, found: "a NUL byte")) { try TextCorpus(data: utf16) }
        #expect(throws: SequenceDataError.notUTF8Text(file: "<data>", byteOffset: 2, found: "a NUL byte")) {
            try TextCorpus(data: Data([0x61, 0x62, 0x00, 0x00]), vocabulary: try TextCorpus(text: "ab").vocabulary)
        }
        #expect(try TextCorpus(data: utf16, encoding: .bytes).ids.count == 10)
    }

    @Test func rawBytesAcceptAnything() throws {
        let corpus = try TextCorpus(data: Data([0xFF, 0x00, 0xC3, 0xFF]), encoding: .bytes)
        #expect(corpus.vocabulary.codePoints == [0x00, 0xC3, 0xFF])
        #expect(Array(corpus.ids) == [2, 0, 1, 2])
    }

    @Test func emptyAndUnreadableFiles() throws {
        let dir = try TemporaryDirectory()
        let empty = try dir.write([], to: "empty.txt")
        #expect(throws: SequenceDataError.emptyFile(file: empty)) { try TextCorpus(contentsOf: empty) }
        let bomOnly = try dir.write([0xEF, 0xBB, 0xBF], to: "bom-only.txt")
        #expect(throws: SequenceDataError.emptyFile(file: bomOnly)) { try TextCorpus(contentsOf: bomOnly) }
        #expect(throws: SequenceDataError.self) { try TextCorpus(contentsOf: empty + ".missing") }
    }

    /// A text larger than this machine's memory (here a sparse file) is refused before its ids are allocated.
    @Test func textLargerThanMemoryIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("huge.txt"), memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(memory) + 1)
        try handle.close()
        for encoding in [TextEncoding.utf8, .bytes] {
            #expect(throws: SequenceDataError.unreadable(file: path, reason: "it is \(memory + 1) bytes, whose token ids of 1 byte each "
                + "would take more than this machine's memory (\(memory) bytes)")) { try TextCorpus(contentsOf: path, encoding: encoding) }
        }
    }

    @Test func splitsContiguouslyByFraction() throws {
        let corpus = try TextCorpus(text: String(repeating: "abcdefghij", count: 10))
        let s = try corpus.split(train: 0.8, validation: 0.15)
        #expect(s.train.count == 80 && s.validation.count == 15 && s.test.count == 5)
        #expect(s.validation[0] == corpus.ids[80] && s.test[4] == corpus.ids[99])
        #expect(throws: SequenceDataError.invalidSplit(train: 0.8, validation: 0.3)) {
            try corpus.split(train: 0.8, validation: 0.3)
        }
        #expect(throws: SequenceDataError.self) { try corpus.split(train: -0.1, validation: 0.1) }
    }

    @Test func fractionsThatAddUpToOneLeaveNoTestPart() throws {
        // 525 · 0.9 = 472.5 and 525 · 0.1 = 52.5: rounding each down would leave one token over.
        let corpus = try TextCorpus(text: String(repeating: "abcde", count: 105))
        let s = try corpus.split(train: 0.9, validation: 0.1)
        #expect(s.train.count == 472 && s.validation.count == 53 && s.test.count == 0)
        let third = try corpus.split(train: 1.0 / 3, validation: 2.0 / 3)
        #expect(third.train.count == 175 && third.validation.count == 350 && third.test.count == 0)
    }

    @Test func shippedNamesCorpusLoads() throws {
        let corpus = try TextCorpus(contentsOf: corporaFolder.appendingPathComponent("census1990-first-names.txt").path)
        #expect(corpus.ids.count == 36_122)  // ASCII: one token per byte
        #expect(corpus.vocabulary.codePoints.first == 10)  // the newline sorts first
        #expect(corpus.vocabulary.count <= 1 + 26 + 26)
        let batches = try StreamBatches(try corpus.split(train: 0.9, validation: 0.05).train, batchSize: 32, steps: 64)
        #expect(batches.batchesPerEpoch == (36_122 * 9 / 10 - 1) / 32 / 64)
    }
}

@Suite struct TokenFingerprintTests {
    @Test func theFingerprintFollowsTheIdsAndTheirOrder() {
        let ids = TokenIDs([1, 2, 3, 4])
        #expect(ids.fingerprint.count == 16)
        #expect(ids.fingerprint == TokenIDs([1, 2, 3, 4]).fingerprint)
        #expect(ids.fingerprint != TokenIDs([2, 1, 3, 4]).fingerprint)
        #expect(ids.subrange(1..<3).fingerprint == TokenIDs([2, 3]).fingerprint)  // a slice hashes its own ids
        #expect(TokenIDs([0]).fingerprint == "af63bd4c8601b7df")  // FNV-1a 64 of one zero
    }
}
