import Foundation
import Requirements

/// What to do with empty cells in a time-series CSV.
public enum MissingValues: String, Sendable, Codable, CaseIterable {
    /// An empty cell is an error naming its line and column.
    case error
    /// Fill gaps (empty cells and ``markers`` such as `NaN`) linearly between the
    /// neighbouring values of the column; a gap at the start takes the first value. A gap at the end is an error
    /// (``SequenceDataError/trailingGap(file:line:column:count:)``): nothing follows it to fill it from, and a series
    /// ends at its last value.
    case interpolate

    /// Cell texts, compared case-insensitively, that ``interpolate`` fills as gaps like empty cells.
    public static let markers: Set<String> = ["nan", "na", "n/a", "null", "inf", "-inf", "+inf", "infinity", "-infinity"]

    /// Whether a cell's text (trimmed) is a gap ``interpolate`` fills: empty, or one of the ``markers``.
    static func isGap(_ text: String) -> Bool { text.isEmpty || markers.contains(text.lowercased()) }
}

/// A regularly sampled series: a target column plus optional feature columns,
/// with optional dates.
///
/// Shapes: N = ``count`` time steps, F = ``featureCount`` columns; ``values``
/// is [N, F] row-major and column 0 is the target (the value to forecast),
/// followed by the extra features in the order asked for.
public struct TimeSeries: Sendable {
    /// The column names, target first. [F]
    public let columns: [String]
    /// The values, row-major. [N, F]
    public let values: [Double]
    /// The dates as written in the file, kept for output. [N], or nil.
    public let dates: [String]?
    /// The spacing of the dates when they parse and are regular.
    public let frequency: Frequency?
    /// The season length: the hint given, else the frequency's, else 1.
    public let seasonLength: Int
    /// For each column, the rows (ascending) whose values are gaps that ``MissingValues/interpolate`` filled, not
    /// values read; empty for a column without gaps. [F][…]
    public let filledRows: [[Int]]
    /// The file the series was read from, as errors about it (a ``Scaler``'s) name it; `<values>` for a series
    /// given in memory, unless set to name where its values came from.
    public var file: String

    /// N, the number of rows (time steps).
    public var count: Int { values.count / columns.count }
    /// F, the number of columns (target plus features).
    public var featureCount: Int { columns.count }

    /// A series from values in memory, checked as a CSV file's would be; errors name the values `<values>` and a
    /// row (1-based) as its line.
    /// - Parameters:
    ///   - values: [N, F] row-major, finite; column 0 is the target.
    ///   - columns: F names.
    ///   - dates: N dates or nil. Dates that parse as ``CalendarDate`` must all have one form (times all at midnight are
    ///     days: ``CalendarDate/column(_:)``) and increase strictly; other texts are labels.
    ///   - seasonLength: a hint, or nil to infer it from the dates.
    /// - Throws: ``SequenceDataError`` `nonFinite`, `invalidDate`, `mixedDateFormats`, `changingUTCOffset`, `unorderedDates`,
    ///   `invalidArgument` (season length below 1).
    /// - Precondition: F ≥ 1, `values.count` a multiple of F, and N dates when dates are given.
    public init(values: [Double], columns: [String], dates: [String]? = nil, seasonLength: Int? = nil) throws {
        require(!columns.isEmpty && values.count % columns.count == 0,
                     "values count \(values.count) is not a multiple of the \(columns.count) columns")
        require(dates == nil || dates!.count * columns.count == values.count,
                     "\(dates?.count ?? 0) dates for \(values.count / columns.count) rows")
        if let seasonLength { try requirePositive(seasonLength, "season length") }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw SequenceDataError.nonFinite(file: Self.memoryName, line: i / columns.count + 1, column: columns[i % columns.count],
                                              text: "\(values[i])")
        }
        if let dates { try requireOrderedDates(dates, file: Self.memoryName) { $0 + 1 } }
        self.init(checked: values, columns: columns, dates: dates, seasonLength: seasonLength, file: Self.memoryName)
    }

    /// How errors name a series given in memory.
    static let memoryName = "<values>"

    /// A series from values and dates already checked; `filledRows` as ``filledRows``, nil for none filled.
    init(checked values: [Double], columns: [String], dates: [String]?, seasonLength: Int?, file: String, filledRows: [[Int]]? = nil) {
        self.values = values
        self.file = file
        self.columns = columns
        self.dates = dates
        self.filledRows = filledRows ?? Array(repeating: [], count: columns.count)
        frequency = dates.flatMap { Frequency.infer(from: $0) }
        self.seasonLength = seasonLength ?? frequency?.seasonLength ?? 1
    }

    /// Loads a CSV file with a header row.
    /// - Parameters:
    ///   - path: the file.
    ///   - target: the column to forecast, by name or index.
    ///   - features: extra input columns.
    ///   - date: the date column, or nil for none (then the season is 1 unless `seasonLength` says otherwise;
    ///     RNNKit's `SeriesLoader` finds the date column, and the column to forecast, itself).
    ///   - missing: empty cells are an error (default) or interpolated.
    ///   - seasonLength: a hint overriding the one inferred from the dates.
    /// - Throws: ``SequenceDataError`` `invalidArgument` (season length), `unreadable`, `emptyFile`, `noDataRows`, `raggedRow`,
    ///   `unterminatedQuote`, `textAfterQuote`, `notUTF8Text`, `invalidUTF8`, `unknownColumn`, `columnIndexOutOfRange`,
    ///   `nonNumeric`, `mixedDecimalMarks`, `ambiguousPoint`, `nonFinite`, `missingValue`, `noValues`, `trailingGap`, `invalidDate`, `mixedDateFormats`, `changingUTCOffset`, `unorderedDates`.
    public init(csvAt path: String, target: ColumnSelector, features: [ColumnSelector] = [],
                date: ColumnSelector? = nil, missing: MissingValues = .error, seasonLength: Int? = nil) throws {
        try self.init(csv: FileContents.read(path), file: path, target: target, features: features, date: date,
                      missing: missing, seasonLength: seasonLength)
    }

    /// Parses CSV bytes held in memory; as ``init(csvAt:target:features:date:missing:seasonLength:)``,
    /// with `file` naming the source in errors.
    public init(csv data: Data, file: String = "<csv>", target: ColumnSelector, features: [ColumnSelector] = [],
                date: ColumnSelector? = nil, missing: MissingValues = .error, seasonLength: Int? = nil) throws {
        try self.init(table: try CSVTable(data: data, file: file), target: target, features: features, date: date,
                      missing: missing, seasonLength: seasonLength)
    }

    /// Reads the columns of a parsed CSV; as ``init(csvAt:target:features:date:missing:seasonLength:)``.
    /// Dates that parse as ``CalendarDate`` must all have one form and increase strictly; a date
    /// column of other texts is kept as labels.
    /// - Throws: besides the cell errors, `noValues` (a column with nothing to interpolate from),
    ///   `invalidDate`, `mixedDateFormats`, `changingUTCOffset`, `unorderedDates`.
    public init(table: CSVTable, target: ColumnSelector, features: [ColumnSelector] = [],
                date: ColumnSelector? = nil, missing: MissingValues = .error, seasonLength: Int? = nil) throws {
        if let seasonLength { try requirePositive(seasonLength, "season length") }
        let file = table.file
        let picked = try ([target] + features).map { try table.index(of: $0) }
        let grouped = picked.map { table.groupsThousands(column: $0) }
        for j in picked {
            if let (c, p) = table.mixedDecimalMarks(column: j) {
                throw SequenceDataError.mixedDecimalMarks(file: file, column: table.header[j], commaLine: table.lines[c], comma: table.cell(c, j),
                                                          pointLine: table.lines[p], point: table.cell(p, j))
            }
            if let p = table.ambiguousPoints(column: j) {
                throw SequenceDataError.ambiguousPoint(file: file, line: table.lines[p], column: table.header[j], text: table.cell(p, j))
            }
        }
        let f = picked.count, n = table.rows.count
        var values = [Double](repeating: 0, count: n * f)
        var gaps: [[Int]] = Array(repeating: [], count: f)  // missing rows per column
        /// `error` about cell (r, j), or, when the cells from it to the end of the column are all gaps, the trailing gap
        /// (no values, when all are): that error's advice to interpolate would lead to this one.
        func unlessTrailing(_ r: Int, _ j: Int, _ error: SequenceDataError) -> SequenceDataError {
            guard (r..<n).allSatisfy({ MissingValues.isGap(trimmingBlanks(table.rows[$0][j])) }) else { return error }
            return r == 0 ? .noValues(file: file, column: table.header[j]) : trailingGap(from: r, column: j)
        }
        /// The gap of rows r..<n of column j, named by its first line in the file (the last row's in a file read newest first).
        func trailingGap(from r: Int, column j: Int) -> SequenceDataError {
            .trailingGap(file: file, line: min(table.lines[r], table.lines[n - 1]), column: table.header[j], count: n - r)
        }
        for (r, row) in table.rows.enumerated() {
            for (k, j) in picked.enumerated() {
                let text = trimmingBlanks(row[j])
                if text.isEmpty || (missing == .interpolate && MissingValues.isGap(text)) {
                    guard missing == .interpolate else {
                        throw unlessTrailing(r, j, .missingValue(file: file, line: table.lines[r], column: table.header[j]))
                    }
                    gaps[k].append(r)
                    continue
                }
                guard let v = table.number(text, groupsThousands: grouped[k]) else {
                    throw unlessTrailing(r, j, .nonNumeric(file: file, line: table.lines[r], column: table.header[j], text: text))
                }
                guard v.isFinite else {
                    throw unlessTrailing(r, j, .nonFinite(file: file, line: table.lines[r], column: table.header[j], text: text))
                }
                values[r * f + k] = v
            }
        }
        for k in 0..<f where !gaps[k].isEmpty {
            guard gaps[k].count < n else { throw SequenceDataError.noValues(file: file, column: table.header[picked[k]]) }
            let trailing = trailingRun(of: gaps[k], before: n)
            if trailing > 0 { throw trailingGap(from: n - trailing, column: picked[k]) }
            interpolate(&values, column: k, columns: f, missingRows: gaps[k])
        }
        let dates = try date.map { try table.index(of: $0) }.map { j in table.rows.map { trimmingBlanks($0[j]) } }
        if let dates { try requireOrderedDates(dates, file: file) { table.lines[$0] } }
        self.init(checked: values, columns: picked.map { table.header[$0] }, dates: dates, seasonLength: seasonLength, file: file, filledRows: gaps)
    }

    /// Column `k` as an array. [N]
    public func column(_ k: Int) -> [Double] {
        require(k >= 0 && k < featureCount, "column \(k) outside 0..<\(featureCount)")
        return stride(from: k, to: values.count, by: featureCount).map { values[$0] }
    }

    /// The first `n` rows, keeping the season length and the file, with nothing taken from the rows after them: filled
    /// gaps at the end of the n rows, which were interpolated towards a value after them, take the last value before
    /// them instead (a column with no value read in the n rows keeps what the rows after them filled it with). An
    /// evaluation trains on such a part. [n, F]
    public func prefix(_ n: Int) -> TimeSeries {
        require(n >= 1 && n <= count, "prefix \(n) outside 1...\(count)")
        var part = Array(values[0..<(n * featureCount)])
        let filled = filledRows.map { rows in rows.filter { $0 < n } }
        for (k, rows) in filled.enumerated() {
            let trailing = trailingRun(of: rows, before: n), last = n - 1 - trailing
            guard trailing > 0, last >= 0 else { continue }
            for r in (last + 1)..<n { part[r * featureCount + k] = part[last * featureCount + k] }
        }
        return TimeSeries(checked: part, columns: columns, dates: dates.map { Array($0[0..<n]) }, seasonLength: seasonLength, file: file,
                          filledRows: filled)
    }

    /// The `count` dates after the last one, in the same format (month ends stay month ends, timestamps keep the form of
    /// their time); nil without a regular frequency.
    public func nextDates(_ count: Int) -> [String]? {
        calendarDates(extendedBy: count).map { $0.suffix(max(0, count)).map(\.text) }
    }

    /// The dates of the N rows, parsed, followed by the `count` dates after the last one (as ``nextDates(_:)`` gives
    /// them); nil without a regular frequency. [N + count]
    public func calendarDates(extendedBy count: Int) -> [CalendarDate]? {
        guard let frequency, let parsed = dates.map({ CalendarDate.column($0).compactMap { $0 } }), let last = parsed.last,
              let steps = DateSteps(parsed) else { return nil }
        return parsed + (0..<max(0, count)).map { steps.advance(last, by: $0 + 1, frequency) }
    }
}

/// Checks that dates which parse as ``CalendarDate`` (the first one does, or any later one)
/// all have the first one's form and increase strictly, row by row; `line` gives the line of row r in `file`.
/// A column whose times are all midnight holds days (``CalendarDate/column(_:)``).
/// - Throws: ``SequenceDataError/invalidDate(file:line:text:)`` at the first date written in a
///   supported form that names no day of the calendar;
///   ``SequenceDataError/changingUTCOffset(file:line:text:first:)`` at the first timestamp whose UTC offset is not the first one's
///   (the same offset written otherwise, `Z` and `+00:00`, or a time without one, is a form mixed);
///   ``SequenceDataError/mixedDateFormats(file:line:text:first:)`` at the first row of another form;
///   ``SequenceDataError/unorderedDates(file:line:text:previous:)`` at the first date not after the one before.
private func requireOrderedDates(_ dates: [String], file: String, line: (Int) -> Int) throws {
    let parsed = CalendarDate.column(dates)
    if let r = dates.indices.first(where: { parsed[$0] == nil && CalendarDate.hasDateForm(dates[$0]) }) {
        throw SequenceDataError.invalidDate(file: file, line: line(r), text: dates[r])
    }
    guard parsed.contains(where: { $0 != nil }) else { return }  // labels, not dates
    for r in dates.indices.dropFirst() {
        guard let date = parsed[r], let first = parsed[0], date.hasForm(of: first) else {
            // Another offset, not the same one written otherwise (`Z` and `+00:00`, a form mixed) or none.
            if let offset = parsed[r]?.time?.form.offsetSeconds, let firstOffset = parsed[0]?.time?.form.offsetSeconds, offset != firstOffset {
                throw SequenceDataError.changingUTCOffset(file: file, line: line(r), text: dates[r], first: dates[0])
            }
            throw SequenceDataError.mixedDateFormats(file: file, line: line(r), text: dates[r], first: dates[0])
        }
        let previous = parsed[r - 1]!
        guard previous.isBefore(date) else {
            throw SequenceDataError.unorderedDates(file: file, line: line(r), text: dates[r], previous: dates[r - 1])
        }
    }
}

/// How many of `rows` (ascending, each below n) are the last rows before n, one after another: n − 1, n − 2, ….
private func trailingRun(of rows: [Int], before n: Int) -> Int {
    zip(rows.reversed(), (0..<n).reversed()).prefix { $0 == $1 }.count
}

/// Fills the rows `missingRows` (sorted, not all rows) of column `k` of a
/// [N, F] array linearly between the nearest present neighbours.
private func interpolate(_ values: inout [Double], column k: Int, columns f: Int, missingRows: [Int]) {
    let n = values.count / f
    let missing = Set(missingRows)
    var previous: Int? = nil  // last present row
    var r = 0
    while r < n {
        if !missing.contains(r) { previous = r; r += 1; continue }
        var next = r
        while next < n && missing.contains(next) { next += 1 }
        for g in r..<next {
            switch (previous, next < n ? next : nil) {
            case let (p?, q?):
                let w = Double(g - p) / Double(q - p)
                values[g * f + k] = values[p * f + k] * (1 - w) + values[q * f + k] * w
            case let (p?, nil): values[g * f + k] = values[p * f + k]
            case let (nil, q?): values[g * f + k] = values[q * f + k]
            case (nil, nil): break
            }
        }
        r = next
    }
}
