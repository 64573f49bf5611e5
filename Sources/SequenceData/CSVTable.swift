import Foundation
import Requirements

/// A CSV file parsed into a header and rows of string fields (RFC 4180).
///
/// Fields are separated by commas, or by semicolons when the first line has semicolons and no comma, or semicolons
/// and commas and the next lines as many semicolons (as spreadsheets write CSV where the decimal separator is a
/// comma), or as a first line `sep=;` or `sep=,` says (which is no record); in a file separated by semicolons a number may be written
/// with a decimal comma (`1,5`), and in a file separated by commas with commas between thousands (`"10,233.82"`),
/// which ``number(_:)`` reads.
///
/// Handles quoted fields (with `""` for a quote, and commas or line breaks
/// inside, and spaces before the opening quote or after the closing one), LF and CRLF line endings, a trailing newline, blank (empty or
/// whitespace-only) lines and lines of empty fields (`,,`) at the end, and leading UTF-8 byte-order marks.
/// The file must be UTF-8 text; a closing quote must be followed by a comma,
/// a line end or the end of the file; every row must have as many fields as the header.
public struct CSVTable: Sendable {
    /// The name used in errors.
    public let file: String
    /// What separates the fields: `,` or `;` (see the type's description).
    public let separator: Character
    /// The column names. [C]
    public let header: [String]
    /// The data rows, each of C fields. [R][C]
    public let rows: [[String]]
    /// The 1-based line where each data row starts. [R]
    public let lines: [Int]

    /// The table with one more column, `name`, after the others. `values` has one entry per row. [R]
    public func appendingColumn(_ name: String, values: [String]) -> CSVTable {
        require(values.count == rows.count, "CSVTable.appendingColumn: \(values.count) values for \(rows.count) rows")
        return CSVTable(file: file, separator: separator, header: header + [name], rows: zip(rows, values).map { $0 + [$1] }, lines: lines)
    }

    /// The table with its data rows in reverse order, each keeping its line (for files written newest first).
    public func reversingRows() -> CSVTable {
        CSVTable(file: file, separator: separator, header: header, rows: rows.reversed(), lines: lines.reversed())
    }

    private init(file: String, separator: Character, header: [String], rows: [[String]], lines: [Int]) {
        (self.file, self.separator, self.header, self.rows, self.lines) = (file, separator, header, rows, lines)
    }

    /// Parses CSV bytes.
    /// - Throws: `emptyFile` (no header), `noDataRows` (a header only), `raggedRow` (line
    ///   number, expected and found field counts), `unterminatedQuote`, `textAfterQuote`,
    ///   `notUTF8Text` (UTF-16 or binary), `invalidUTF8` (with the byte offset).
    public init(data: Data, file: String) throws {
        self.file = file
        var records: [[String]] = []
        var recordLines: [Int] = []
        var sep = UInt8(ascii: ",")
        try data.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            // Byte-order marks, one or more (a file saved again by a tool that adds one).
            var i = 0
            while b.count >= i + 3 && b[i] == 0xEF && b[i + 1] == 0xBB && b[i + 2] == 0xBF { i += 3 }
            try requireUTF8Text(b, from: i, file: file)
            var line = 1
            if let (named, next) = separatorLine(b[i...]) {
                (sep, i, line) = (named, next, 2)
            } else {
                sep = inferredSeparator(b[i...])
            }
            var recordLine = line, quoteLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false, wasQuoted = false
            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            }
            func endRecord() {
                endField()
                records.append(fields)
                recordLines.append(recordLine)
                fields.removeAll(keepingCapacity: true)
            }
            while i < b.count {
                let c = b[i]
                if inQuotes {
                    if c == UInt8(ascii: "\"") {
                        if i + 1 < b.count && b[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 1 }
                        else { inQuotes = false }
                    } else {
                        if c == UInt8(ascii: "\n") { line += 1 }
                        field.append(c)
                    }
                } else if c == UInt8(ascii: "\"") && field.allSatisfy(isBlank) && !wasQuoted {
                    field.removeAll(keepingCapacity: true)  // spaces before the opening quote
                    inQuotes = true
                    wasQuoted = true
                    quoteLine = line
                } else if wasQuoted && isBlank(c) {
                    // spaces after the closing quote
                } else if wasQuoted && c != sep && c != UInt8(ascii: "\n") && c != UInt8(ascii: "\r") {
                    throw SequenceDataError.textAfterQuote(file: file, line: line, opened: quoteLine)
                } else if c == sep {
                    endField()
                } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                    if c == UInt8(ascii: "\r") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    endRecord()
                    line += 1
                    recordLine = line
                } else {
                    field.append(c)
                }
                i += 1
            }
            if inQuotes { throw SequenceDataError.unterminatedQuote(file: file, line: recordLine) }
            if !fields.isEmpty || !field.isEmpty || wasQuoted { endRecord() }
        }
        // Blank lines (empty, or spaces and tabs only) at the end of the file are not rows, nor are lines of empty
        // fields only (`,,`), which spreadsheets write for rows that once held something.
        while let last = records.last, last.allSatisfy({ trimmingBlanks($0).isEmpty }) {
            records.removeLast()
            recordLines.removeLast()
        }
        guard !records.isEmpty else { throw SequenceDataError.emptyFile(file: file) }
        guard records.count >= 2 else { throw SequenceDataError.noDataRows(file: file) }
        header = records[0].map(trimmingBlanks)
        for (r, l) in zip(records.dropFirst(), recordLines.dropFirst()) where r.count != header.count {
            throw SequenceDataError.raggedRow(file: file, line: l, expected: header.count, found: r.count)
        }
        rows = Array(records.dropFirst())
        lines = Array(recordLines.dropFirst())
        separator = Character(Unicode.Scalar(sep))
    }

    /// The index of a column chosen by name or index.
    /// - Throws: `unknownColumn` listing the header, or `columnIndexOutOfRange`.
    public func index(of column: ColumnSelector) throws -> Int {
        switch column {
        case .name(let name):
            guard let j = header.firstIndex(of: name) else {
                throw SequenceDataError.unknownColumn(file: file, name: name, available: header)
            }
            return j
        case .index(let j):
            guard j >= 0 && j < header.count else {
                throw SequenceDataError.columnIndexOutOfRange(file: file, index: j, count: header.count)
            }
            return j
        }
    }
}

extension CSVTable {
    /// The cell of data row `r` and column `j`, without leading and trailing spaces and tabs.
    public func cell(_ r: Int, _ j: Int) -> String { trimmingBlanks(rows[r][j]) }

    /// The number a cell's text writes (see ``TimeSeries``), also with a decimal comma (`1,5`) in a file separated by semicolons,
    /// and with commas between thousands (`"10,233.82"`, `"1,234,567"`, quoted) in a file separated by commas where they
    /// cannot be decimal commas (a decimal point follows, or there are two or more; `"1,234"` is no number unless
    /// `groupsThousands`); nil for any other text.
    /// - Parameter groupsThousands: whether the cell's column separates thousands (``groupsThousands(column:)``), so that
    ///   one comma before three digits (`"987,654"`) is a thousands separator too.
    public func number(_ text: String, groupsThousands: Bool = false) -> Double? {
        guard separator == ";" else { return decimalNumber(text) ?? thousandsGroupedNumber(text, settled: groupsThousands) }
        guard !text.contains("."), text.utf8.count(where: { $0 == UInt8(ascii: ",") }) == 1 else { return decimalNumber(text) }
        return decimalNumber(text.replacingOccurrences(of: ",", with: "."))
    }

    /// Whether column `j` writes numbers with commas between thousands: in a file separated by commas, one of its cells has
    /// commas that cannot be decimal commas (`"1,234,567"`, `"10,233.82"`). Then a cell with one comma before three digits
    /// (`"987,654"`, a volume under a million beside larger ones) is read with the same separator.
    public func groupsThousands(column j: Int) -> Bool {
        separator == "," && rows.indices.contains { thousandsGroupedNumber(cell($0, j)) != nil }
    }

    /// In a file separated by semicolons, the rows of the first cell of column `j` with a decimal comma (`1,5`) and of the first
    /// whose one point may separate thousands as well (`1.234`, ``ambiguousPointReadings(_:)``), when the column has both; else
    /// nil. Where the decimal separator is a comma, spreadsheets write the thousands separator as a point, so beside decimal
    /// commas `1.234` is as likely 1234 as 1.234.
    public func mixedDecimalMarks(column j: Int) -> (comma: Int, point: Int)? {
        guard separator == ";", let point = rows.indices.first(where: { ambiguousPointReadings(cell($0, j)) != nil }) else { return nil }
        return rows.indices.first { r in let text = cell(r, j); return text.contains(",") && number(text) != nil }.map { ($0, point) }
    }

    /// In a file separated by semicolons, the row of the first cell of column `j` whose one point may separate thousands
    /// (`1.005`, ``ambiguousPointReadings(_:)``) when no cell of the column has a point that can only be a decimal point
    /// (`12.5`, `0.25`) and none has a decimal comma (``mixedDecimalMarks(column:)``); else nil. Spreadsheets write
    /// 1005 as `1.005` where the decimal separator is a comma, which semicolons between fields suggest.
    public func ambiguousPoints(column j: Int) -> Int? {
        guard separator == ";", let point = rows.indices.first(where: { ambiguousPointReadings(cell($0, j)) != nil }) else { return nil }
        let settled = rows.indices.contains { r in
            let text = cell(r, j)
            return text.contains(".") && ambiguousPointReadings(text) == nil && number(text) != nil
        }
        return settled || mixedDecimalMarks(column: j) != nil ? nil : point
    }

    /// How many cells of column `j` are not empty, and how many of those parse as numbers.
    public func numberCount(column j: Int) -> (filled: Int, numbers: Int) {
        let grouped = groupsThousands(column: j)
        var filled = 0, numbers = 0
        for r in rows.indices {
            let text = cell(r, j)
            guard !text.isEmpty else { continue }
            filled += 1
            if number(text, groupsThousands: grouped) != nil { numbers += 1 }
        }
        return (filled, numbers)
    }

    /// Whether every header cell is a number or a date (`102.5`, `2020-01-01`): the first line is data, as in a file without a header.
    public var headerIsData: Bool { header.allSatisfy { number($0) != nil || CalendarDate($0) != nil } }

    /// The first data row whose cell in column `j` is filled but not a number, or nil.
    public func firstNonNumber(column j: Int) -> Int? {
        let grouped = groupsThousands(column: j)
        return rows.indices.first { r in let text = cell(r, j); return !text.isEmpty && number(text, groupsThousands: grouped) == nil }
    }
}

/// A CSV column, by header name or by 0-based index.
public enum ColumnSelector: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The column whose header cell (without leading and trailing spaces and tabs) is exactly this text.
    case name(String)
    /// The column at this 0-based position in the header.
    case index(Int)

    /// A string literal selects by name: `"price"` is `.name("price")`.
    public init(stringLiteral value: String) { self = .name(value) }
    /// An integer literal selects by index: `2` is `.index(2)`.
    public init(integerLiteral value: Int) { self = .index(value) }
}

/// The separator a first line `sep=;` or `sep=,` names, as spreadsheets write it, and the offset of the line after it; nil
/// when the first line of `bytes` is no such line.
private func separatorLine(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (separator: UInt8, next: Int)? {
    let start = bytes.startIndex
    guard bytes.count >= 5, Array(bytes[start..<(start + 4)]) == Array("sep=".utf8),
          bytes[start + 4] == UInt8(ascii: ";") || bytes[start + 4] == UInt8(ascii: ",") else { return nil }
    var next = start + 5
    while next < bytes.endIndex, isBlank(bytes[next]) { next += 1 }
    guard next == bytes.endIndex || bytes[next] == UInt8(ascii: "\n") || bytes[next] == UInt8(ascii: "\r") else { return nil }
    if next < bytes.endIndex, bytes[next] == UInt8(ascii: "\r") { next += 1 }
    if next < bytes.endIndex, bytes[next] == UInt8(ascii: "\n") { next += 1 }
    return (bytes[start + 4], next)
}

/// `;` when the first line of `bytes` has semicolons outside quotes and no comma, or has both and every one of the next
/// lines (up to 100) has as many semicolons outside quotes, as a header with a comma in a name above rows with decimal
/// commas has (`Datum;Umsatz (EUR, netto)`); else `,`.
private func inferredSeparator(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt8 {
    var counts: [(semicolons: Int, commas: Int)] = [(0, 0)]
    var inQuotes = false
    var previous: UInt8 = 0
    for c in bytes {
        defer { previous = c }
        if c == UInt8(ascii: "\"") { inQuotes.toggle() }
        else if inQuotes { continue }
        else if c == UInt8(ascii: ";") { counts[counts.count - 1].semicolons += 1 }
        else if c == UInt8(ascii: ",") { counts[counts.count - 1].commas += 1 }
        else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
            if c == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r") { continue }
            if counts.count == 101 { break }
            counts.append((0, 0))
        }
    }
    let first = counts[0]
    guard first.semicolons > 0 else { return UInt8(ascii: ",") }
    if first.commas == 0 { return UInt8(ascii: ";") }
    let rows = counts.dropFirst().filter { $0.semicolons > 0 || $0.commas > 0 }  // blank lines are no rows
    return !rows.isEmpty && rows.allSatisfy({ $0.semicolons == first.semicolons }) ? UInt8(ascii: ";") : UInt8(ascii: ",")
}

/// Whether `c` is a space or a tab.
private func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

/// `s` without leading and trailing spaces and tabs.
func trimmingBlanks(_ s: String) -> String {
    let u = s.utf8
    guard let first = u.first, let last = u.last, isBlank(first) || isBlank(last) else { return s }
    let body = u.drop(while: isBlank)
    let end = body.lastIndex { !isBlank($0) }
    return end.map { String(Substring(body[...$0])) } ?? ""
}
