import Foundation
import Testing
import RNNCore

/// Hand-written JSON must parse as JSON whatever the values: no `inf` or `nan`, strings escaped, keys in order.
@Suite struct JSONTextTests {
    @Test func numbersThatAreNotFiniteAreNull() {
        #expect(JSONText.number(1.5) == "1.5")
        #expect(JSONText.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(JSONText.number(2.0 / 3, significantDigits: 6) == "0.666667")
        #expect([Double.infinity, -.infinity, .nan, nil].map { JSONText.number($0) } == ["null", "null", "null", "null"])
    }

    @Test func objectsParseAndKeepTheirOrder() throws {
        let text = JSONText.object(["z": JSONText.number(.infinity), "a\"b\\c\n\u{1}": JSONText.string("\t\"x\"\r"),
                                    "n": JSONText.object([(key: "80", value: "1")])])
        #expect(text == #"{"z":null,"a\"b\\c\n\u0001":"\t\"x\"\r","n":{"80":1}}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["a\"b\\c\n\u{1}"] as? String == "\t\"x\"\r")
        #expect(object["z"] is NSNull)
    }

    /// C1 controls, DEL and the line and paragraph separators are valid raw in JSON, but a terminal may act on them and
    /// a JSON-lines reader split at them: they are written as escapes too, and read back as they were.
    @Test func controlsAndSeparatorsBeyondASCIIAreEscaped() throws {
        let text = "a\u{7F}b\u{85}c\u{9B}2J\u{2028}d\u{2029}é\u{A0}"
        let literal = JSONText.string(text)
        #expect(literal == #""a\u007fb\u0085c\u009b2J\u2028d\u2029é\#u{A0}""#)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String)
        #expect(back == text)
    }
}
