// SequenceData: character-level text and time-series loaders. It depends on
// nothing but the standard library and Foundation, and knows nothing of the
// numeric core: batches come out as plain arrays of token ids and scalars.

import FileReading

/// An error in user input to the data loaders: a file, a CSV cell, a flag.
///
/// Every case names the place (file, byte offset, line, column, split part)
/// and what was expected, so a command-line tool can print it as is; the file is named by its path, standard input
/// (`/dev/stdin`) as such (`StreamName.shown`).
/// Lines and columns are 1-based, byte offsets 0-based.
public enum SequenceDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(file: String, reason: String)
    /// The file holds no data: no bytes, only a byte-order mark, or (a CSV file) only blank lines.
    case emptyFile(file: String)
    /// A CSV file with a header line and nothing after it.
    case noDataRows(file: String)
    /// The bytes at `byteOffset` are not well-formed UTF-8.
    case invalidUTF8(file: String, byteOffset: Int)
    /// UTF-16 or binary data (`found`: a UTF-16 byte-order mark or a NUL byte at `byteOffset`) where UTF-8 text is expected.
    case notUTF8Text(file: String, byteOffset: Int, found: String)
    /// A character outside a fixed vocabulary (for example a model's).
    case unknownCharacter(file: String, byteOffset: Int, scalar: UInt32)
    /// A serialized vocabulary that is empty, unsorted, repeated or not Unicode scalars.
    case invalidVocabulary(reason: String)
    /// Split fractions outside [0, 1] or summing to more than 1.
    case invalidSplit(train: Double, validation: Double)
    /// A size argument (batch size, steps, lookback, ...) out of range.
    case invalidArgument(name: String, value: Int, expected: String)
    /// A text split too short to fill one batch.
    case corpusTooShort(part: String, tokens: Int, needed: Int)
    /// A CSV row with a different number of fields than the header.
    case raggedRow(file: String, line: Int, expected: Int, found: Int)
    /// A quoted CSV field that never closes.
    case unterminatedQuote(file: String, line: Int)
    /// Text after the closing quote of a CSV field (on `line`; the quote opened on line `opened`).
    case textAfterQuote(file: String, line: Int, opened: Int)
    /// A cell that is not a number.
    case nonNumeric(file: String, line: Int, column: String, text: String)
    /// A column of a file separated by semicolons with a decimal comma in one cell (`comma`, on `commaLine`) and in another
    /// (`point`, on `pointLine`) a point that may separate thousands as well (`1.234`), so that neither reading is safe.
    case mixedDecimalMarks(file: String, column: String, commaLine: Int, comma: String, pointLine: Int, point: String)
    /// A column of a file separated by semicolons whose points all stand before three digits (`1.005` beside `900`):
    /// a spreadsheet where the decimal separator is a comma writes 1005 so, and no cell settles them as decimal points.
    case ambiguousPoint(file: String, line: Int, column: String, text: String)
    /// A cell that parses to NaN or an infinity.
    case nonFinite(file: String, line: Int, column: String, text: String)
    /// An empty cell where missing values are not allowed (or cannot be filled).
    case missingValue(file: String, line: Int, column: String)
    /// A column with no value at all: every cell is empty or a missing-value marker.
    case noValues(file: String, column: String)
    /// A column whose last `count` cells by date, on the `count` rows from `line` (the first of them in the file, which
    /// is the gap's last by date in a file written newest first), are empty or missing-value markers, which interpolation
    /// does not fill: nothing follows them (a template with rows for the dates to forecast, say).
    case trailingGap(file: String, line: Int, column: String, count: Int)
    /// A date in another form than the first date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD.MM.YYYY`, a day with a time in another form, or not a date).
    case mixedDateFormats(file: String, line: Int, text: String, first: String)
    /// A date written as `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY` that names no day of the calendar (month 13, February 30).
    case invalidDate(file: String, line: Int, text: String)
    /// A timestamp whose UTC offset (`+02:00`) is not the first one's (`+01:00`): local time shifted by daylight saving time.
    case changingUTCOffset(file: String, line: Int, text: String, first: String)
    /// A date column whose values look like dates (they have digits) in none of the supported forms.
    case unsupportedDateForm(file: String, line: Int, column: String, text: String)
    /// A date that does not come after the previous row's.
    case unorderedDates(file: String, line: Int, text: String, previous: String)
    /// A column name that is not in the header.
    case unknownColumn(file: String, name: String, available: [String])
    /// A column index past the last column.
    case columnIndexOutOfRange(file: String, index: Int, count: Int)
    /// A series part shorter than one window (lookback + horizon).
    case seriesTooShort(part: String, length: Int, needed: Int)
    /// A column constant on the training part (or spread by rounding noise only), which the scaling cannot divide by.
    case constantSeries(file: String, column: String, scaling: String)
    /// A column whose deviation or range overflows a `Double`; `magnitude` is its largest absolute value.
    case scalingOverflow(file: String, column: String, scaling: String, magnitude: Double)
    /// Scaler numbers that cannot be a scaler: an empty, odd or mismatched count, a value not finite, or a scale ≤ 0.
    case invalidScaler(reason: String)

    /// The whole message, one line: ``message(naming:)`` with settings named as in Swift (`TimeSeries(missing:)`).
    public var description: String { message { $0 } }

    /// The description, with the settings its advice names (`TimeSeries(missing:)`, `ForecastData(scaling:)`)
    /// written as `name` gives them: a command line's flags, say. Control characters from the file (in a cell, a
    /// column's name, the file's name) are escaped (`'1\r\n2'`; see `escapingControlCharacters`).
    public func message(naming name: (String) -> String) -> String { text(naming: name).escapingControlCharacters }

    /// ``message(naming:)`` before its control characters are escaped.
    private func text(naming name: (String) -> String) -> String {
        /// For a cell interpolation takes as a gap (`NaN`, `NA`, `inf`) in a file: how to fill it.
        func fillAdvice(_ file: String, _ text: String) -> String {
            file != TimeSeries.memoryName && MissingValues.markers.contains(text.lowercased())
                ? "; to fill such cells, interpolate the gaps: \(name("TimeSeries(missing:)")) interpolate" : ""
        }
        switch self {
        case let .unreadable(file, reason):
            return "\(StreamName.shown(file)): cannot read the file (\(reason))"
        case let .emptyFile(file):
            return "\(StreamName.shown(file)): the file is empty"
        case let .noDataRows(file):
            return "\(StreamName.shown(file)): the file has a header but no data rows"
        case let .invalidUTF8(file, offset):
            return "\(StreamName.shown(file)): invalid UTF-8 at byte offset \(offset); expected UTF-8 text (a text in Latin-1 or Windows-1252 converts "
                + "with iconv -f WINDOWS-1252 -t UTF-8)"
        case let .notUTF8Text(file, offset, found):
            return "\(StreamName.shown(file)): \(found) at byte offset \(offset): the file is UTF-16 or binary; it must be UTF-8 text"
        case let .unknownCharacter(file, offset, scalar):
            return "\(StreamName.shown(file)): character \(Unicode.Scalar.codePoint(of: scalar)) at byte offset \(offset) is not in the vocabulary"
        case let .invalidVocabulary(reason):
            return "invalid vocabulary: \(reason)"
        case let .invalidSplit(train, validation):
            return "invalid split fractions train \(train), validation \(validation): each must be in [0, 1] and their sum at most 1"
        case let .invalidArgument(name, value, expected):
            return "invalid \(name) \(value): expected \(expected)"
        case let .corpusTooShort(part, tokens, needed):
            return "the \(part) text has \(CountText.of(tokens, "token")); one batch needs at least \(needed)"
        case let .raggedRow(file, line, expected, found):
            return "\(StreamName.shown(file)):\(line): row has \(CountText.of(found, "field")); the header has \(expected)"
        case let .unterminatedQuote(file, line):
            return "\(StreamName.shown(file)):\(line): a quoted field is never closed"
        case let .textAfterQuote(file, line, opened):
            let field = line == opened ? "a quoted field" : "a quoted field that opened on line \(opened)"
            return "\(StreamName.shown(file)):\(line): text follows the closing quote of \(field); after a closing quote only spaces, a comma or a line end "
                + "may come (write a quote inside a quoted field as \"\")"
        case let .nonNumeric(file, line, column, text):
            return "\(StreamName.shown(file)):\(line): column '\(column)': \(Self.quoted(text)) is not a number" + fillAdvice(file, text) + Self.commaAdvice(text)
        case let .mixedDecimalMarks(file, column, commaLine, comma, pointLine, point):
            let readings = ambiguousPointReadings(point).map { " (\($0.thousands)) or decimals (\($0.decimal))" } ?? ""
            return "\(StreamName.shown(file)):\(pointLine): column '\(column)': \(Self.quoted(point)) is not read: the column has decimal commas "
                + "(\(Self.quoted(comma)) on line \(commaLine)), beside which its point may separate thousands\(readings); "
                + "write every number with a decimal comma and no thousands separator"
        case let .ambiguousPoint(file, line, column, text):
            let readings = ambiguousPointReadings(text).map { " (\($0.thousands)) or decimals (\($0.decimal))" } ?? ""
            return "\(StreamName.shown(file)):\(line): column '\(column)': \(Self.quoted(text)) is not read: in a file separated by semicolons "
                + "its point may separate thousands\(readings), and no cell of the column has a point that can only be a decimal point; "
                + "write the numbers without thousands separators"
        case let .nonFinite(file, line, column, text):
            return "\(StreamName.shown(file)):\(line): column '\(column)': \(Self.quoted(text)) is not finite; expected a finite number" + fillAdvice(file, text)
        case let .missingValue(file, line, column):
            return "\(StreamName.shown(file)):\(line): column '\(column)': empty cell; fill it, or interpolate the gaps: \(name("TimeSeries(missing:)")) interpolate"
        case let .noValues(file, column):
            return "\(StreamName.shown(file)): column '\(column)' has no values: every cell is empty or missing, so there is nothing to fill the gaps from"
        case let .trailingGap(file, line, column, count):
            let cells = count == 1 ? "the last cell by date, on this line, is" : "the last \(count) cells by date, on the \(count) rows from this line, are"
            return "\(StreamName.shown(file)):\(line): column '\(column)': \(cells) empty, after its last value: interpolation fills gaps between "
                + "values only; remove \(count == 1 ? "that row" : "those rows") (a forecast starts after the last value)"
        case let .mixedDateFormats(file, line, text, first):
            // A text in no form at all after a date (`2020-01-01 24:00` after `2020-01-01 23:00`, which it looks like) says so.
            let problem = CalendarDate.hasDateForm(text) || CalendarDate(first) == nil ? "is not in the form of the first date \(Self.quoted(first))"
                : "is not a date in a supported form, as the first date \(Self.quoted(first)) is"
            return "\(StreamName.shown(file)):\(line): date \(Self.quoted(text)) \(problem); the dates must all have one form "
                + "(\(Self.dateForms))" + Self.fractionAdvice(text, first) + Self.offsetAdvice(text, first)
        case let .invalidDate(file, line, text):
            return "\(StreamName.shown(file)):\(line): date \(Self.quoted(text)) is not a valid date: its month must be 01 to 12 and its day one of that month's days"
        case let .changingUTCOffset(file, line, text, first):
            return "\(StreamName.shown(file)):\(line): time \(Self.quoted(text)) has another UTC offset than the first time \(Self.quoted(first)); the times must "
                + "all have one offset (local time's changes where daylight saving time starts or ends): write them in UTC"
        case let .unsupportedDateForm(file, line, column, text):
            return "\(StreamName.shown(file)):\(line): column '\(column)': \(Self.quoted(text)) is not a date in a supported form; dates must be "
                + "\(Self.dateForms), one form for the whole column" + Self.fractionAdvice(text)
        case let .unorderedDates(file, line, text, previous):
            let problem = text == previous ? "repeats the previous date" : "does not come after the previous date \(Self.quoted(previous))"
            // Local time without an offset repeats an hour when daylight saving time ends.
            let clock = text == previous && CalendarDate(text)?.time != nil
                ? " (if the times are local, daylight saving time repeats an hour where it ends: write them in UTC)" : ""
            return "\(StreamName.shown(file)):\(line): date \(Self.quoted(text)) \(problem); the dates must be strictly increasing" + clock
        case let .unknownColumn(file, name, available):
            return "\(StreamName.shown(file)): no column named '\(name)'; the columns are \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case let .columnIndexOutOfRange(file, index, count):
            return "\(StreamName.shown(file)): column index \(index) is out of range; the file has \(CountText.of(count, "column")) (0-based)"
        case let .seriesTooShort(part, length, needed):
            return "the \(part) part of the series has \(CountText.of(length, "value")); at least \(needed) are needed (lookback + horizon for windows)"
        case let .constantSeries(file, column, scaling):
            return "\(StreamName.shown(file)): column '\(column)' is constant on the training part; \(scaling) scaling would divide by zero; scale by nothing: \(name("ForecastData(scaling:)")) none"
        case let .scalingOverflow(file, column, scaling, magnitude):
            return "\(StreamName.shown(file)): column '\(column)': values as large as \(magnitude) overflow \(scaling) scaling (computing their "
                + (scaling == "standard" ? "deviation" : "range") + " goes beyond the largest Double); rescale the column, for example to other units"
        case let .invalidScaler(reason):
            return "invalid scaler: \(reason)"
        }
    }
}

extension SequenceDataError {
    /// The date forms ``CalendarDate`` reads, as errors list them.
    public static let dateForms = "YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY, a day with an optional time HH:MM, HH:MM:SS or HH:MM:SS.fff after a space or T"

    /// For a cell that is no number because its one comma may separate thousands or decimals (`1,234`, in a file
    /// separated by commas, where it is quoted), or because points, spaces or apostrophes separate its thousands
    /// (`1.234,5`, `1.234.567`, `1 234,5`, `1'234.5`): what it may mean; else empty.
    public static func commaAdvice(_ text: String) -> String {
        if let (plain, mark) = spaceGroupedReading(text) {
            return "; its \(mark == "'" || mark == "\u{2019}" ? "apostrophes" : "spaces") separate thousands, which are not read: write it as \(plain)"
        }
        if let plain = pointGroupedReading(text) {
            let point = plain.replacing(",", with: ".")
            return "; its points separate thousands, which are not read: write it as \(plain)"
                + (plain == point ? "" : " in a file separated by semicolons, \(point) in one separated by commas")
        }
        return ambiguousCommaReadings(text).map { "; its comma may separate thousands (\($0.thousands)) or decimals (\($0.decimal)), so it is read as neither: "
            + "write the number without the comma, or with a decimal point" } ?? ""
    }

    /// For two timestamps whose UTC offsets are one offset written two ways (`Z` and `+00:00`, `+01:00` and `+0100`), the
    /// advice to write it one way; empty otherwise (no offset on one of them is another time, not another spelling).
    static func offsetAdvice(_ text: String, _ first: String) -> String {
        guard let form = CalendarDate(text)?.time?.form, let firstForm = CalendarDate(first)?.time?.form, form.offset != firstForm.offset,
              let seconds = form.offsetSeconds, seconds == firstForm.offsetSeconds else { return "" }
        return "; \(quoted(firstForm.offset)) and \(quoted(form.offset)) are one UTC offset written two ways: write it one way"
    }

    /// Advice for a date refused for its fraction of a second: the first of `texts` with one finer than a microsecond
    /// (`12:00:00.0000001`), which no date has, or else, for two texts that are both dates and of which some has a
    /// fraction, that their fractions are written with other numbers of digits (`.5` and `.250`, `.250` and none),
    /// another form. Empty otherwise (a text that is no date, `12:00:00.25x`, is not a form of decimals to follow).
    static func fractionAdvice(_ texts: String...) -> String {
        /// The digits after `:SS.` in `text`, nil when it has none there.
        func fraction(_ text: String) -> [UInt8]? {
            let c = Array(text.utf8)
            return c.indices.first { i in
                i >= 3 && c[i] == UInt8(ascii: ".") && c[i - 3] == UInt8(ascii: ":") && c[(i - 2)..<i].allSatisfy(isDigit)
            }.map { Array(c[($0 + 1)...].prefix(while: isDigit)) }
        }
        func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
        let fractions = texts.map(fraction)
        if let k = fractions.firstIndex(where: { $0?.dropFirst(6).contains { $0 != UInt8(ascii: "0") } ?? false }) {
            return "; \(quoted(texts[k])) has a fraction of a second finer than a microsecond: round the times to at most 6 digits after the point"
        }
        guard texts.count == 2, fractions.contains(where: { $0 != nil }), fractions[0]?.count != fractions[1]?.count,
              texts.allSatisfy({ CalendarDate($0) != nil }) else { return "" }
        let decimals = fractions.map { ($0?.count ?? 0) == 0 ? "no decimals" : CountText.of($0!.count, "decimal") }
        return "; its seconds have \(decimals[0]) and the first date's \(decimals[1]): write every time with as many"
    }

    /// The most characters of a cell's text an error quotes.
    public static let quotedTextLimit = 40

    /// A cell's text in single quotes for an error line, cut to its first
    /// ``quotedTextLimit`` characters and an ellipsis when longer.
    public static func quoted(_ text: String) -> String {
        "'" + (text.count > quotedTextLimit ? text.prefix(quotedTextLimit) + "…" : text) + "'"
    }
}
