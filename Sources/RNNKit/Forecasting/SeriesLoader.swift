import Foundation

/// Loads the series to forecast from a `date,value` CSV file: picks the
/// column, reads the dates, and checks for gaps and non-finite cells.
public struct SeriesLoader: Sendable {
    /// The path of the CSV file, which errors name.
    public var file: String
    /// The column to forecast, or nil for the first numeric column after the date.
    public var column: String?
    /// Empty cells, `NaN` cells and skipped dates are errors (`.error`) or filled linearly (`.interpolate`).
    public var fill: MissingValues
    /// A season length overriding the one inferred from the dates.
    public var season: Int?

    /// A loader of `file`: by default the first numeric column, gaps are errors, and the season comes from the dates.
    public init(file: String, column: String? = nil, fill: MissingValues = .error, season: Int? = nil) {
        self.file = file
        self.column = column
        self.fill = fill
        self.season = season
    }

    /// Header names taken to hold dates, compared case-insensitively.
    static let dateNames: Set<String> = ["date", "ds", "dt", "datetime", "time", "timestamp", "period", "year", "month",
                                         "datum", "fecha"]  // German, Dutch and Swedish; Spanish
    /// Header names of parts of a date (or of an index): never the column forecast by default, and the dates only
    /// when their cells are dates.
    static let periodNames: Set<String> = ["day", "week", "quarter"]

    /// Whether a header names dates or a part of them (`date`, `month`, `year`, `quarter`, ...): such a column is never the one forecast by default.
    public static func isDateName(_ name: String) -> Bool { dateNames.contains(name.lowercased()) || periodNames.contains(name.lowercased()) }

    /// Reads the series.
    ///
    /// The rows may run oldest first or newest first (then read in reverse). The dates must be regular: yearly, monthly (also written as one day of each month, as month
    /// ends, or as a market's first or last trading days), daily, business-daily (weekdays only, weekends skipped) or timestamps (hourly, every 15 minutes, ...), each step the same; a skipped period (a
    /// market holiday in business days) is an error unless filling. A date column
    /// whose values have digits but are in none of the forms `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD.MM.YYYY` (a day with an
    /// optional time of day) is refused (a date column of other texts is kept as labels, without a frequency).
    /// - Parameter stopRequest: a request another thread or a signal handler may make to abandon the loading, polled
    ///   before the file is read, once it is read and once it is parsed.
    /// - Returns: a one-column series (the target), with dates when the file has a date column.
    /// - Throws: ``SequenceDataError`` for unreadable files, bad cells or dates (`unsupportedDateForm`) and unknown columns;
    ///   ``ForecastError`` `missingHeader`, `noNumericColumn`, `unusableColumnName`, `dateGap`, `gapsExceedData`, `irregularDates`, `configuration` (season);
    ///   `CancellationError` when `stopRequest` was made.
    public func load(stopRequest: StopRequest? = nil) throws -> TimeSeries {
        if let season {
            do { try ConfigurationError.requirePositive(season, "season length (\(setting: "SeriesLoader.season"))") } catch {
                throw ForecastError.configuration(error)
            }
        }
        try stopRequest?.throwIfRequested()
        let contents = try FileContents.read(file)
        try stopRequest?.throwIfRequested()
        let read = try CSVTable(data: contents, file: file)
        try stopRequest?.throwIfRequested()
        guard !read.headerIsData else { throw ForecastError.missingHeader(file: file, header: read.header) }
        var table = Self.joiningYearAndMonth(read)
        let dateIndex = Self.dateColumn(of: table)
        if let dateIndex, let dates = Self.newestFirstDates(table, column: dateIndex) {
            // Written newest first: each date must be before the one above it, and the rows are read in reverse.
            if let r = dates.indices.dropFirst().first(where: { !dates[$0].isBefore(dates[$0 - 1]) }) {
                throw ForecastError.unorderedNewestFirst(file: file, line: table.lines[r], text: table.cell(r, dateIndex),
                                                         previous: table.cell(r - 1, dateIndex))
            }
            table = table.reversingRows()
        }
        let target = try column.map { try table.index(of: .name($0)) } ?? targetColumn(of: table, skipping: dateIndex)
        guard !table.header[target].isEmpty, table.header.filter({ $0 == table.header[target] }).count == 1 else {
            throw ForecastError.unusableColumnName(file: file, position: target + 1, name: table.header[target])
        }
        let series = try TimeSeries(table: table, target: .index(target), date: dateIndex.map { .index($0) },
                                    missing: fill, seasonLength: season)
        if let dateIndex, let dates = series.dates, CalendarDate(dates[0]) == nil,
           let r = dates.firstIndex(where: { $0.contains(where: \.isWholeNumber) }) {
            // None parses (the first does not, so no other may): dates in a form not supported, unless labels.
            throw SequenceDataError.unsupportedDateForm(file: file, line: table.lines[r], column: table.header[dateIndex], text: dates[r])
        }
        // Without dates, a day, week or quarter column written as a date part (`1979-Q4`, `2020-W01`) is a date form
        // not supported; whole numbers there are an index, kept out of the way.
        if dateIndex == nil, let j = table.header.indices.first(where: { Self.periodNames.contains(table.header[$0].lowercased()) }),
           let r = table.rows.indices.first(where: { let cell = table.cell($0, j); return cell.contains(where: \.isWholeNumber) && Int(cell) == nil }) {
            throw SequenceDataError.unsupportedDateForm(file: file, line: table.lines[r], column: table.header[j], text: table.cell(r, j))
        }
        return try fillingDateGaps(series)
    }

    /// The dates of column `j` when every cell is one and the first is after the last (a file written newest first).
    static func newestFirstDates(_ table: CSVTable, column j: Int) -> [CalendarDate]? {
        let dates = table.rows.indices.map { CalendarDate(table.cell($0, j)) }
        guard dates.count >= 2, !dates.contains(nil), dates.last!!.isBefore(dates[0]!) else { return nil }
        return dates.map { $0! }
    }

    /// The name of the column made from separate `year` and `month` columns.
    static let joinedDateName = "year-month"

    /// The dates: the column made of `year` and `month` if there is one, else the first date-named column, else
    /// the first column of any name whose cells are all dates written `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY` (not
    /// bare years, which are numbers too), in order (oldest or newest first; a column of dates in no order, such as
    /// release dates, is data, not the time axis).
    static func dateColumn(of table: CSVTable) -> Int? {
        table.header.firstIndex(of: joinedDateName) ?? table.header.firstIndex { dateNames.contains($0.lowercased()) }
            ?? table.header.indices.first { j in
                var dates: [CalendarDate] = []
                for r in table.rows.indices {  // a column of numbers stops at its first cell
                    let cell = table.cell(r, j)
                    guard let date = CalendarDate(cell), date.precision != .year else { return false }
                    dates.append(date)
                }
                return isOrdered(dates) || isOrdered(dates.reversed())
            }
    }

    /// Whether each date is after the one before.
    static func isOrdered(_ dates: [CalendarDate]) -> Bool {
        zip(dates, dates.dropFirst()).allSatisfy { $0.isBefore($1) }
    }

    /// A table with a whole-number `year` column and a `month` column (1–12, or an English month name or its first
    /// three letters: `Jan`, `january`) and no other date-named column gains a `year-month` column of `YYYY-MM` dates,
    /// so such a file is monthly, or of `YYYY-MM-DD` dates with a whole-number `day` column naming days of those months.
    /// A `year` column with a `quarter` one (1–4 or `Q1`–`Q4`) instead gains quarterly dates, each quarter's first month.
    /// Any other table is returned as it is.
    static func joiningYearAndMonth(_ table: CSVTable) -> CSVTable {
        let names = table.header.map { $0.lowercased() }
        guard let y = names.firstIndex(of: "year") else { return table }
        let m = names.firstIndex(of: "month"), q = m == nil ? names.firstIndex(of: "quarter") : nil
        guard m != nil || q != nil, names.filter(dateNames.contains).count == (m == nil ? 1 : 2) else { return table }
        func number(_ cell: String, _ range: ClosedRange<Int>) -> Int? {
            Int(cell.trimmingCharacters(in: .whitespaces)).flatMap { range.contains($0) ? $0 : nil }
        }
        func month(_ row: [String]) -> Int? {
            if let m { return number(row[m], 1...12) ?? monthNumber(row[m]) }
            let quarter = row[q!].trimmingCharacters(in: .whitespaces).uppercased()  // 1–4 or Q1–Q4
            return number(quarter.hasPrefix("Q") ? String(quarter.dropFirst()) : quarter, 1...4).map { 3 * $0 - 2 }
        }
        var months: [String] = []
        for row in table.rows {
            guard let year = number(row[y], 0...9999), let month = month(row) else { return table }
            months.append(String(format: "%04ld-%02ld", year, month))
        }
        let days = m == nil ? nil : names.firstIndex(of: "day").flatMap { d in
            zip(table.rows, months).map { row, month in number(row[d], 1...31).map { month + String(format: "-%02ld", $0) } }
        }
        if let days, !days.contains(where: { $0.flatMap(CalendarDate.init) == nil }) {
            return table.appendingColumn(joinedDateName, values: days.map { $0! })
        }
        return table.appendingColumn(joinedDateName, values: months)
    }

    /// The month (1–12) an English month name or its first three letters names, in any case.
    static func monthNumber(_ text: String) -> Int? {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard name.count >= 3 else { return nil }
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        return months.firstIndex { $0 == name || $0.prefix(3) == name }.map { $0 + 1 }
    }

    /// Header names of a row index (pandas' `Unnamed: 0` of an index read back, `index`, `id`), compared
    /// case-insensitively: forecast by default only when no other column is numeric.
    static let indexNames: Set<String> = ["index", "id", "idx", "row", "level_0"]

    /// The column to forecast when none is named: the first one besides date-named columns whose non-empty
    /// cells are mostly numbers (a few bad cells are then reported by row), one that looks like a series before one
    /// that does not (a column without a name or with an index's, a row counter whose numbers count up by one, a constant
    /// one), else the first empty one (reported as such).
    /// - Throws: ``ForecastError/noNumericColumn(file:columns:firstBadCell:)``.
    func targetColumn(of table: CSVTable, skipping dateIndex: Int?) throws -> Int {
        // Every date-named column is skipped, not only the one taken as the dates (`date,year,value` forecasts `value`).
        let counts = table.header.indices.map { j in
            j == dateIndex || Self.isDateName(table.header[j]) ? nil : table.numberCount(column: j)
        }
        let isNumeric = { (j: Int) in counts[j].map { $0.numbers > 0 && 2 * $0.numbers >= $0.filled } ?? false }
        // Such as the row index pandas' `to_csv` writes first: only when no other column is numeric.
        let looksLikeASeries = { (j: Int) in
            let name = table.header[j].lowercased()
            guard !name.isEmpty, !Self.indexNames.contains(name), !(name.hasPrefix("unnamed: ") && Int(name.dropFirst(9)) != nil) else { return false }
            return !Self.countsOrStays(table, column: j)
        }
        if let j = table.header.indices.first(where: { isNumeric($0) && looksLikeASeries($0) }) ?? table.header.indices.first(where: isNumeric) {
            return j
        }
        if let j = counts.firstIndex(where: { $0?.filled == 0 }) { return j }
        // Say why the first candidate is not one: a thousands separator, a unit, a quoted space.
        let cell = counts.firstIndex { $0 != nil }.flatMap { j in
            table.firstNonNumber(column: j).map { ForecastError.Cell(column: table.header[j], line: table.lines[$0], text: table.cell($0, j)) }
        }
        throw ForecastError.noNumericColumn(file: file, columns: table.header, firstBadCell: cell)
    }

    /// Whether every cell of column `j` is a number and they count up by one from row to row (a row counter, `t` or
    /// `yr` beside a series) or are all the same (a constant, such as a store's number in a file of one store).
    static func countsOrStays(_ table: CSVTable, column j: Int) -> Bool {
        let numbers = table.rows.indices.map { table.number(table.cell($0, j)) }
        guard numbers.count >= 2, let first = numbers[0] else { return false }
        return numbers.allSatisfy { $0 == first } || numbers.enumerated().allSatisfy { r, v in v == first + Double(r) }
    }

    /// The series with skipped periods inserted and interpolated when filling, else an error naming the first gap.
    /// - Throws: ``ForecastError/dateGap(file:after:next:spacing:)`` unless filling; ``ForecastError/gapsExceedData(file:inserted:read:after:next:)``
    ///   when filling would insert more values than were read; ``ForecastError/irregularDates(file:after:next:spacing:smallestFrom:smallestTo:)``
    ///   when a step between dates is not a whole number of the smallest step.
    func fillingDateGaps(_ series: TimeSeries) throws -> TimeSeries {
        guard let dates = series.dates, series.frequency == nil else { return series }
        let parsed = CalendarDate.column(dates).compactMap { $0 }
        guard parsed.count == dates.count, parsed.count >= 2, let grid = DateSteps(parsed) else { return series }
        let steps = grid.gaps
        guard let step = steps.min(), step > 0 else { return series }
        let frequency = grid.frequency(step: step)
        if let k = steps.firstIndex(where: { $0 % step != 0 }) {
            let s = steps.firstIndex(of: step)!
            throw ForecastError.irregularDates(file: file, after: dates[k], next: dates[k + 1], spacing: frequency.spacing,
                                               smallestFrom: dates[s], smallestTo: dates[s + 1])
        }
        guard let k = steps.firstIndex(where: { $0 != step }) else { return series }
        guard fill == .interpolate else { throw ForecastError.dateGap(file: file, after: dates[k], next: dates[k + 1], spacing: frequency.spacing) }
        // Counted before anything is built: one mistyped year makes millions of days.
        let inserted = steps.reduce(0) { $0 + ($1 / step - 1) }
        if inserted > parsed.count, let longest = steps.indices.max(by: { steps[$0] < steps[$1] }) {
            throw ForecastError.gapsExceedData(file: file, inserted: inserted, read: parsed.count, after: dates[longest], next: dates[longest + 1])
        }
        var csv = "date,\"\(series.columns[0].replacingOccurrences(of: "\"", with: "\"\""))\"\n"  // the name quoted as a CSV field
        // Cells filled already are empty again, to be filled with the skipped dates, linearly in time.
        let values = series.column(0), filled = Set(series.filledRows[0])
        for i in parsed.indices {
            csv += "\(dates[i]),\(filled.contains(i) ? "" : "\(values[i])")\n"
            if i + 1 < parsed.count {
                for j in 1..<(steps[i] / step) { csv += "\(grid.advance(parsed[i], by: j, frequency).text),\n" }
            }
        }
        return try TimeSeries(csv: Data(csv.utf8), file: file, target: 1, date: 0, missing: .interpolate, seasonLength: season)
    }
}
