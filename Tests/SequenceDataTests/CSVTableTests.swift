import Foundation
import Testing
@testable import SequenceData

@Suite struct CSVTableTests {
    func table(_ text: String) throws -> CSVTable { try CSVTable(data: Data(text.utf8), file: "t.csv") }

    @Test func quotedFieldsAndLineEndings() throws {
        let t = try table("\u{FEFF}date,\"na,me\",value\r\n2001,\"a \"\"b\"\"\",1\r\n2002,\"two\nlines\",2\r\n2003,c,3\r\n")
        #expect(t.header == ["date", "na,me", "value"])
        #expect(t.rows == [["2001", "a \"b\"", "1"], ["2002", "two\nlines", "2"], ["2003", "c", "3"]])
        #expect(t.lines == [2, 3, 5])
        let noTrailingNewline = try table("a,b\n1,2")
        #expect(noTrailingNewline.rows == [["1", "2"]])
        let blankTail = try table("a,b\n1,2\n\n\n")
        #expect(blankTail.rows == [["1", "2"]])
    }

    @Test func raggedRowNamesItsLine() throws {
        #expect(throws: SequenceDataError.raggedRow(file: "t.csv", line: 5, expected: 2, found: 3)) {
            try table("a,b\r\n1,\"x\ny\"\n2,3\n3,4,5\n")
        }
    }

    @Test func emptyFileHeaderOnlyAndUnterminatedQuote() throws {
        #expect(throws: SequenceDataError.emptyFile(file: "t.csv")) { try table("") }
        #expect(throws: SequenceDataError.emptyFile(file: "t.csv")) { try table("\u{FEFF}") }
        #expect(throws: SequenceDataError.emptyFile(file: "t.csv")) { try table("\n\n") }
        for headerOnly in ["\u{FEFF}date,value\n", "date,value", "date,value\r\n\n"] {
            #expect(throws: SequenceDataError.noDataRows(file: "t.csv")) { try table(headerOnly) }
        }
        #expect(throws: SequenceDataError.unterminatedQuote(file: "t.csv", line: 3)) { try table("a,b\n1,2\n3,\"4\n") }
    }

    @Test func countsTheNumbersOfAColumn() throws {
        let t = try table("a,b,c\n1,x,\n 2 ,3,\n,y,\n")
        #expect((0..<3).map { t.numberCount(column: $0).filled } == [2, 3, 0])
        #expect((0..<3).map { t.numberCount(column: $0).numbers } == [2, 1, 0])
        #expect(t.cell(1, 0) == "2")
    }
}
