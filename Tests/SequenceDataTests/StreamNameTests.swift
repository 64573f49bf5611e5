import FileReading
import Testing
import SequenceData

/// Standard input, output and error named as such in messages (`StreamName`), and in every error of the loaders that
/// names a file.
@Suite struct StreamNameTests {
    @Test func theStandardStreamsAreNamedByTheirPaths() {
        #expect(StreamName.of("/dev/stdin") == "standard input")
        #expect(StreamName.of("/dev/stdout") == "standard output")
        #expect(StreamName.of("/dev/stderr") == "standard error")
        #expect(StreamName.of("/dev/null") == nil && StreamName.of("stdin") == nil && StreamName.of("/dev/stdin/") == nil)
        #expect(StreamName.shown("/dev/stderr") == "standard error" && StreamName.shown("data/stdin.csv") == "data/stdin.csv")
        #expect(StreamName.shown("bro\nken\u{1B}.csv") == #"bro\nken\u{1B}.csv"#)
    }

    /// Text from input keeps its printable characters (any script) and shows its control characters and line
    /// separators as a Swift string literal writes them.
    @Test func controlCharactersAreEscapedForMessages() {
        #expect("naïve 日本 😀 \\ 'q' \"q\"".escapingControlCharacters == "naïve 日本 😀 \\ 'q' \"q\"")
        #expect("a\r\nb\nc\rd\te\u{0}f".escapingControlCharacters == #"a\r\nb\nc\rd\te\0f"#)
        #expect("\u{1B}[2J\u{07}\u{7F}\u{85}\u{9F}".escapingControlCharacters == #"\u{1B}[2J\u{07}\u{7F}\u{0085}\u{009F}"#)
        #expect("a\u{2028}b\u{2029}c".escapingControlCharacters == #"a\u{2028}b\u{2029}c"#)
        #expect("x\r\ny"[...].escapingControlCharacters == #"x\r\ny"#)
    }

    /// Every case that names a file names /dev/stdin as standard input, at the start of its line.
    @Test func everyErrorNamingAFileNamesStandardInputAsSuch() {
        let f = "/dev/stdin"
        let errors: [SequenceDataError] = [
            .unreadable(file: f, reason: "r"), .emptyFile(file: f), .noDataRows(file: f), .invalidUTF8(file: f, byteOffset: 1),
            .notUTF8Text(file: f, byteOffset: 1, found: "NUL"), .unknownCharacter(file: f, byteOffset: 1, scalar: 0x41),
            .raggedRow(file: f, line: 2, expected: 2, found: 3), .unterminatedQuote(file: f, line: 2), .textAfterQuote(file: f, line: 2, opened: 1),
            .nonNumeric(file: f, line: 2, column: "v", text: "x"), .nonFinite(file: f, line: 2, column: "v", text: "nan"),
            .missingValue(file: f, line: 2, column: "v"), .noValues(file: f, column: "v"),
            .mixedDateFormats(file: f, line: 2, text: "2000", first: "2000-01"), .invalidDate(file: f, line: 2, text: "2000-13"),
            .changingUTCOffset(file: f, line: 2, text: "t", first: "u"), .unsupportedDateForm(file: f, line: 2, column: "d", text: "x"),
            .unorderedDates(file: f, line: 2, text: "2000", previous: "2001"), .unknownColumn(file: f, name: "w", available: ["v"]),
            .columnIndexOutOfRange(file: f, index: 3, count: 1), .constantSeries(file: f, column: "v", scaling: "standard"),
            .scalingOverflow(file: f, column: "v", scaling: "standard", magnitude: 1e300),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("standard input:") && !error.description.contains(f), "\(error)")
        }
    }
}
