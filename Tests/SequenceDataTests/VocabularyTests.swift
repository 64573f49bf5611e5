import Foundation
import Testing
@testable import SequenceData

@Suite struct VocabularyTests {
    @Test func sortedByCodePointAndRoundTrips() throws {
        let v = try Vocabulary(of: "hello, wörld😀")
        #expect(v.codePoints == v.codePoints.sorted())
        #expect(v.count == Set("hello, wörld😀".unicodeScalars).count)
        #expect(try Vocabulary(characters: v.characters) == v)
        #expect(try Vocabulary(codePoints: v.codePoints) == v)
        #expect(v.id(of: " ") == 0)  // the smallest code point gets id 0
        #expect(v.id(of: "z") == nil)
        let ids = try v.encode("wörld😀")
        #expect(v.decode(ids) == "wörld😀")
    }

    @Test func validatesSavedForms() {
        #expect(throws: SequenceDataError.self) { try Vocabulary(codePoints: []) }
        #expect(throws: SequenceDataError.self) { try Vocabulary(codePoints: [98, 97]) }
        #expect(throws: SequenceDataError.self) { try Vocabulary(codePoints: [97, 97]) }
        #expect(throws: SequenceDataError.self) { try Vocabulary(codePoints: [97, 0xD800]) }
        #expect(throws: SequenceDataError.self) { try Vocabulary(codePoints: [0x11_0000]) }
        #expect(throws: SequenceDataError.self) { try Vocabulary(characters: "ba") }
    }

    @Test func codableValidates() throws {
        let v = try Vocabulary(of: "abc")
        let json = try JSONEncoder().encode(v)
        #expect(String(decoding: json, as: UTF8.self) == "[97,98,99]")
        #expect(try JSONDecoder().decode(Vocabulary.self, from: json) == v)
        #expect(throws: SequenceDataError.self) { try JSONDecoder().decode(Vocabulary.self, from: Data("[99,98]".utf8)) }
    }

    @Test func unknownCharacterNamesItsByteOffset() throws {
        let v = try Vocabulary(of: "abé")
        #expect(throws: SequenceDataError.unknownCharacter(file: "<string>", byteOffset: 4, scalar: 0x78)) {
            try v.encode("éabx")  // é takes two bytes
        }
    }

    /// A bytes corpus's ids decode to the file's own bytes (a UTF-8 character's bytes included, where `decode` reads each
    /// byte as a Latin-1 character), and bytes encode back into the same ids.
    @Test func bytesRoundTripThroughABytesVocabulary() throws {
        let file: [UInt8] = [0x63, 0x61, 0x66, 0xC3, 0xA9, 0x00, 0xFF, 0x0A]  // "café" in UTF-8, a NUL, 0xFF, a newline
        let corpus = try TextCorpus(data: Data(file), encoding: .bytes)
        let v = corpus.vocabulary
        #expect(v.holdsBytes)
        #expect(v.decodeBytes(corpus.ids) == file)
        #expect(v.decode(corpus.ids) == "caf\u{C3}\u{A9}\u{0}\u{FF}\n", "decode reads the bytes as Latin-1")
        #expect(try v.encode(bytes: file) == Array(corpus.ids))
        #expect(try v.encode(bytes: Array("é".utf8)) == [v.id(ofCodePoint: 0xC3)!, v.id(ofCodePoint: 0xA9)!])
        #expect(throws: SequenceDataError.unknownCharacter(file: "<bytes>", byteOffset: 2, scalar: 0x7A)) {
            try v.encode(bytes: [0x61, 0x63, 0x7A])  // z
        }
        #expect(!(try Vocabulary(of: "aĀ")).holdsBytes)
        #expect(try Vocabulary(of: "aÿ").holdsBytes)
    }
}
