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
        // Two byte-order marks (a file saved again by a tool that adds one) are not part of the first name.
        #expect(try table("\u{FEFF}\u{FEFF}year,value\n2001,1\n").header == ["year", "value"])
    }

    /// A first line with semicolons and no comma, as spreadsheets write CSV where the decimal separator is a comma,
    /// separates fields by semicolons, and a number there may have a decimal comma.
    @Test func semicolonsSeparateFieldsWhereTheFirstLineHasNoComma() throws {
        let eu = try table("\u{FEFF}Datum ;\"Wert; EUR\"\r\n2020-01-01;1,5\r\n2020-01-02;\"2,25\"\r\n2020-01-03;-3\r\n2020-01-04;1.234,5\r\n")
        #expect(eu.separator == ";" && eu.header == ["Datum", "Wert; EUR"] && eu.rows[1] == ["2020-01-02", "2,25"])
        #expect((0..<3).map { eu.number(eu.cell($0, 1)) } == [1.5, 2.25, -3] && eu.number(eu.cell(3, 1)) == nil)
        #expect(eu.numberCount(column: 1) == (filled: 4, numbers: 3))
        // A comma in the first line, or semicolons only inside quotes, keep commas; there a decimal comma is no number.
        let commas = try table("date,\"a;b\"\n2020-01-01,\"1,5\"\n")
        #expect(commas.separator == "," && commas.header == ["date", "a;b"] && commas.number(commas.cell(0, 1)) == nil)
        #expect(try table("\"a;b\"\n1\n").separator == ",")
    }

    /// Quoted numbers with commas between thousands, as finance sites export prices and volumes, are numbers in a file separated
    /// by commas when the commas cannot be decimal commas: a decimal point follows them, or there are two or more.
    @Test func thousandsSeparatorsInAFileSeparatedByCommas() throws {
        let t = try table("Date,Price,Volume\n2024-01-02,\"10,233.82\",\"1,234,567\"\n2024-01-03,\"-1,000.\",\"999\"\n")
        #expect((0..<2).map { t.number(t.cell($0, 1)) } == [10_233.82, -1000] && (0..<2).map { t.number(t.cell($0, 2)) } == [1_234_567, 999])
        // One comma without a decimal point may be a decimal comma (1.234) as well: no number, and the message says what it may mean.
        // Nor are commas out of thousands places, with an exponent, or with a decimal comma after them.
        for text in ["1,234", "-1,234", "1234,567.5", "1,23.5", "1,2345.5", ",123.5", "1,234.5e3", "1,234,5", "1.234,5", "1,234 .5"] {
            #expect(t.number(text) == nil, "\(text)")
        }
        #expect("\(SequenceDataError.nonNumeric(file: "t.csv", line: 2, column: "Price", text: "1,234"))" == "t.csv:2: column 'Price': '1,234' is not a number; "
                + "its comma may separate thousands (1234) or decimals (1.234), so it is read as neither: write the number without the comma, or with a decimal point")
        #expect(SequenceDataError.commaAdvice("1,234.5").isEmpty && SequenceDataError.commaAdvice("12,34").isEmpty)
        // A column with commas that can only separate thousands settles the reading of one comma: `"987,654"` beside `"1,234,567"`.
        let volumes = try table("Date,Volume,Price\n2024-01-02,\"1,234,567\",\"1,234\"\n2024-01-03,\"987,654\",\"2,5\"\n")
        #expect(volumes.groupsThousands(column: 1) && !volumes.groupsThousands(column: 2) && !volumes.groupsThousands(column: 0))
        #expect(volumes.numberCount(column: 1) == (filled: 2, numbers: 2) && volumes.number("987,654", groupsThousands: true) == 987_654)
        #expect(volumes.numberCount(column: 2) == (filled: 2, numbers: 0) && volumes.firstNonNumber(column: 2) == 0)
        for text in ["1,23", "1,2345", "1234,567", "1,234,5", ",123"] { #expect(volumes.number(text, groupsThousands: true) == nil, "\(text)") }
        // Where fields are separated by semicolons, a comma is a decimal comma only.
        let eu = try table("Datum;Wert\n2020-01-01;\"10,233.82\"\n")
        #expect(eu.number(eu.cell(0, 1)) == nil && eu.number("1,234") == 1.234 && eu.number("1,234", groupsThousands: true) == 1.234)
        #expect(!(try table("Datum;Wert\n2020-01-01;\"1.234.567\"\n2020-01-02;\"1,234,567\"\n")).groupsThousands(column: 1))
    }

    /// Where fields are separated by semicolons and a column has decimal commas, a point before three digits (`1.101`) may be
    /// a spreadsheet's thousands separator as well as a decimal point: the series is refused, naming both cells, rather than
    /// read a thousand times too small.
    @Test func pointsBesideDecimalCommasAreRefused() throws {
        let mixed = try table("Datum;Umsatz;Menge\n01.01.2020;900,5;1.5\n02.01.2020;1.101;2,5\n03.01.2020;902,5;1.25\n")
        #expect(mixed.mixedDecimalMarks(column: 1)! == (comma: 0, point: 1))
        // Points that cannot separate thousands (`1.5`, `1.25`), a column without decimal commas, and a file separated by commas are read.
        #expect(mixed.mixedDecimalMarks(column: 2) == nil && mixed.mixedDecimalMarks(column: 0) == nil)
        #expect(try table("Datum;Umsatz\n01.01.2020;1.101\n02.01.2020;1.102\n").mixedDecimalMarks(column: 1) == nil)
        #expect(try table("date,value\n2020-01-01,\"1,5\"\n2020-01-02,1.101\n").mixedDecimalMarks(column: 1) == nil)
        let error = SequenceDataError.mixedDecimalMarks(file: "t.csv", column: "Umsatz", commaLine: 2, comma: "900,5", pointLine: 3, point: "1.101")
        #expect(throws: error) { try TimeSeries(table: mixed, target: "Umsatz") }
        #expect(try TimeSeries(table: mixed, target: "Menge").column(0) == [1.5, 2.5, 1.25])
        #expect("\(error)" == "t.csv:3: column 'Umsatz': '1.101' is not read: the column has decimal commas ('900,5' on line 2), beside which "
                + "its point may separate thousands (1101) or decimals (1.101); write every number with a decimal comma and no thousands separator")
    }

    /// Points between thousands, as a spreadsheet writes them where the decimal separator is a comma (`1.234,5`, `1.234.567`),
    /// are not read, and the error says so and how to write the number.
    @Test func pointsBetweenThousandsAreRefusedWithTheNumberToWrite() throws {
        let eu = try table("Datum;Umsatz\n01.01.2020;1.234,5\n02.01.2020;1.234.567\n")
        #expect(eu.number(eu.cell(0, 1)) == nil && eu.number(eu.cell(1, 1)) == nil)
        #expect("\(SequenceDataError.nonNumeric(file: "t.csv", line: 2, column: "Umsatz", text: "1.234,5"))" == "t.csv:2: column 'Umsatz': "
                + "'1.234,5' is not a number; its points separate thousands, which are not read: write it as 1234,5 in a file separated by "
                + "semicolons, 1234.5 in one separated by commas")
        #expect(SequenceDataError.commaAdvice("-1.234.567") == "; its points separate thousands, which are not read: write it as -1234567")
        for text in ["1.234", "1.5", "1.23,5", "12.3456,7"] { #expect(pointGroupedReading(text) == nil, "\(text)") }
    }

    /// Spaces (also no-break ones) and apostrophes between thousands, as French (`1 000,5`) and Swiss (`1'000.5`) numbers
    /// are written, are not read either, and the error says how to write the number.
    @Test func spacesAndApostrophesBetweenThousandsAreNamed() throws {
        #expect("\(SequenceDataError.nonNumeric(file: "t.csv", line: 2, column: "Montant", text: "1\u{00A0}000,50"))" == "t.csv:2: column "
                + "'Montant': '1\u{00A0}000,50' is not a number; its spaces separate thousands, which are not read: write it as 1000,50")
        #expect(SequenceDataError.commaAdvice("-12 345 678") == "; its spaces separate thousands, which are not read: write it as -12345678")
        #expect(SequenceDataError.commaAdvice("1'000.5") == "; its apostrophes separate thousands, which are not read: write it as 1000.5")
        for text in ["1 00", "1000 000", "1 000'000", "12 34", "a 000", "1 000.5.5", " 100", "1 000 "] {
            #expect(spaceGroupedReading(text) == nil, "\(text)")
        }
    }

    @Test func raggedRowNamesItsLine() throws {
        #expect(throws: SequenceDataError.raggedRow(file: "t.csv", line: 5, expected: 2, found: 3)) {
            try table("a,b\r\n1,\"x\ny\"\n2,3\n3,4,5\n")
        }
        // A line without its separator is a row of one field: a count of 1 takes a singular noun, as in every message
        // that counts (of characters, values, columns).
        #expect(throws: SequenceDataError.raggedRow(file: "t.csv", line: 3, expected: 2, found: 1)) { try table("a,b\n1,2\n3\n") }
        let counts: [(SequenceDataError, String)] = [
            (.raggedRow(file: "t.csv", line: 3, expected: 2, found: 1), "t.csv:3: row has 1 field; the header has 2"),
            (.corpusTooShort(part: "validation", tokens: 1, needed: 2), "the validation text has 1 token; one batch needs at least 2"),
            (.columnIndexOutOfRange(file: "t.csv", index: 1, count: 1), "t.csv: column index 1 is out of range; the file has 1 column (0-based)"),
            (.seriesTooShort(part: "test", length: 1, needed: 3),
             "the test part of the series has 1 value; at least 3 are needed (lookback + horizon for windows)"),
        ]
        for (error, message) in counts { #expect("\(error)" == message) }
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

    @Test func textAfterAClosingQuoteIsAnError() throws {
        // Quotes do not pair up across lines: the quote opened on line 2 closes on line 3, before text.
        #expect(throws: SequenceDataError.textAfterQuote(file: "t.csv", line: 3, opened: 2)) {
            try table("date,value\n1950-01,\"oops,100.000\n1950-02,\"oops,100.000\n")
        }
        #expect(throws: SequenceDataError.textAfterQuote(file: "t.csv", line: 2, opened: 2)) { try table("a,b\n\"x\"y,1\n") }
        #expect(throws: SequenceDataError.textAfterQuote(file: "t.csv", line: 2, opened: 2)) { try table("a,b\n\"x\" y,1\n") }
        // Spaces, then a comma, a line end or the end of the file may follow.
        #expect(try table("a,b\n\"x\",\"y\"\r\n\"z\",\"w\"").rows == [["x", "y"], ["z", "w"]])
        #expect(try table("a,b\n\"x\" ,1\n").rows == [["x", "1"]])
    }

    /// Spaces around a quoted field (`"Date", "Value"`, as people type a header) are not part of it: the quotes are.
    @Test func spacesAroundQuotedFieldsAreNotPartOfThem() throws {
        let t = try table("\"Date\", \"Value\"\n \"2015-01\" ,\t\"1,5\" \n")
        #expect(t.header == ["Date", "Value"] && t.rows == [["2015-01", "1,5"]])
        // Text before the opening quote keeps it a plain field, quotes and all.
        #expect(try table("a,b\nx\"y\",1\n").rows == [["x\"y\"", "1"]])
    }

    /// A first line `sep=;` or `sep=,` (which spreadsheets read and some tools write) names the separator and is no record;
    /// the lines keep their numbers.
    @Test func aSepLineNamesTheSeparator() throws {
        let t = try table("sep=;\r\ndate;value\r\n2020-01;1,5\r\n")
        #expect(t.separator == ";" && t.header == ["date", "value"] && t.rows == [["2020-01", "1,5"]] && t.lines == [3])
        #expect(try table("\u{FEFF}sep=,\nDatum;Wert,x\n1;2,3\n").header == ["Datum;Wert", "x"])
        // Another first line is a header as before.
        #expect(try table("sep=x\n1\n").header == ["sep=x"])
    }

    /// A first line with semicolons and commas separates by semicolons when every next line has as many semicolons: a
    /// header with a comma in a name (`Umsatz (EUR, netto)`, which spreadsheets do not quote) above rows with decimal commas.
    @Test func aCommaInASemicolonHeaderKeepsSemicolons() throws {
        let t = try table("Datum;Umsatz (EUR, netto)\n01.01.2015;100,00\n01.02.2015;\"1,5\"\n\n")
        #expect(t.separator == ";" && t.header == ["Datum", "Umsatz (EUR, netto)"] && t.number(t.cell(0, 1)) == 100)
        // Rows without the header's semicolons: commas.
        #expect(try table("date,a;b\n2020,1\n").separator == ",")
        #expect(try table("x;y,z\n1,2\n3;4,5\n").separator == ",")
    }

    /// In a file separated by semicolons, a column whose points all stand before three digits (`1.005` beside `900`, as a
    /// spreadsheet with a decimal comma writes 1005) is refused rather than read a thousand times too small; a point that can
    /// only be a decimal point elsewhere in the column settles them.
    @Test func pointsBeforeThreeDigitsAloneAreRefusedInASemicolonFile() throws {
        let whole = try table("Monat;Umsatz\n01.01.2015;900\n01.02.2015;1.005\n01.03.2015;1.083\n")
        #expect(whole.ambiguousPoints(column: 1) == 1)
        let error = SequenceDataError.ambiguousPoint(file: "t.csv", line: 3, column: "Umsatz", text: "1.005")
        #expect(throws: error) { try TimeSeries(table: whole, target: "Umsatz") }
        #expect("\(error)" == "t.csv:3: column 'Umsatz': '1.005' is not read: in a file separated by semicolons its point may separate "
                + "thousands (1005) or decimals (1.005), and no cell of the column has a point that can only be a decimal point; write the "
                + "numbers without thousands separators")
        let settled = try table("Monat;Umsatz\n01.01.2015;12.5\n01.02.2015;1.005\n")
        let read = try TimeSeries(table: settled, target: "Umsatz")
        #expect(settled.ambiguousPoints(column: 1) == nil && read.column(0) == [12.5, 1.005])
        // A file separated by commas reads `1.005` as a decimal number.
        #expect(try table("m,u\n2015-01,900\n2015-02,1.005\n").ambiguousPoints(column: 1) == nil)
    }

    @Test func blankLinesAtTheEndAreNotRows() throws {
        #expect(try table("a,b\n1,2\n  \n\t\n").rows == [["1", "2"]])
        #expect(try table("a,b\n1,2\n \t ").rows == [["1", "2"]])
        #expect(throws: SequenceDataError.noDataRows(file: "t.csv")) { try table("a,b\n   \n") }
        // Nor are lines of empty fields, as spreadsheets write for rows cleared; a row with one cell filled is a row.
        #expect(try table("a,b,c\r\n1,2,3\r\n,,\r\n , ,\"\"\r\n,,\r\n").rows == [["1", "2", "3"]])
        #expect(try table("a,b\n1,2\n3,\n,\n").rows == [["1", "2"], ["3", ""]])
    }

    @Test func textMustBeUTF8() throws {
        let utf16 = Data([0xFF, 0xFE]) + "a,b\n1,2\n".data(using: .utf16LittleEndian)!
        #expect(throws: SequenceDataError.notUTF8Text(file: "t.csv", byteOffset: 0, found: "a UTF-16 byte-order mark")) {
            try CSVTable(data: utf16, file: "t.csv")
        }
        #expect(throws: SequenceDataError.notUTF8Text(file: "t.csv", byteOffset: 0, found: "a UTF-16 byte-order mark")) {
            try CSVTable(data: Data([0xFE, 0xFF, 0, 0x61]), file: "t.csv")
        }
        #expect(throws: SequenceDataError.notUTF8Text(file: "t.csv", byteOffset: 1, found: "a NUL byte")) {
            try CSVTable(data: "a,b\n1,2\n".data(using: .utf16LittleEndian)!, file: "t.csv")
        }
        // "é" in Latin-1 is the lone byte E9.
        #expect(throws: SequenceDataError.invalidUTF8(file: "t.csv", byteOffset: 5)) {
            try CSVTable(data: Data("date,".utf8) + Data([0xE9]) + Data("t\n1,2\n".utf8), file: "t.csv")
        }
        #expect(try table("\u{FEFF}date,été\n1,2\n").header == ["date", "été"])
        // A binary file (a PNG image's first bytes) is named as such, not sent to a text converter.
        #expect(throws: SequenceDataError.notUTF8Text(file: "t.csv", byteOffset: 8, found: "a NUL byte")) {
            try CSVTable(data: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]), file: "t.csv")
        }
    }

    @Test func countsTheNumbersOfAColumn() throws {
        let t = try table("a,b,c\n1,x,\n 2 ,3,\n,y,\n")
        #expect((0..<3).map { t.numberCount(column: $0).filled } == [2, 3, 0])
        #expect((0..<3).map { t.numberCount(column: $0).numbers } == [2, 1, 0])
        #expect(t.cell(1, 0) == "2")
    }
}
