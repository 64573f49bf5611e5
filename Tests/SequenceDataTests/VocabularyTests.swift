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
}
