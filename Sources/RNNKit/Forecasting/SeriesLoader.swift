import Foundation

/// Loads the series to forecast from a `date,value` CSV file: picks the
/// column, reads the dates, and checks for gaps and non-finite cells.
public struct SeriesLoader: Sendable {
    /// The CSV file.
    public var file: String
    /// The column to forecast, or nil for the first numeric column after the date.
    public var column: String?
    /// Empty cells, `NaN` cells and skipped dates are errors (`.error`) or filled linearly (`.interpolate`).
    public var fill: MissingValues
    /// A season length overriding the one inferred from the dates.
    public var season: Int?

    public init(file: String, column: String? = nil, fill: MissingValues = .error, season: Int? = nil) {
        self.file = file
        self.column = column
        self.fill = fill
        self.season = season
    }

    /// Header names taken to hold dates.
    static let dateNames: Set<String> = ["date", "ds", "time", "timestamp", "period", "year", "month"]
    /// Cell texts read as missing when filling.
    static let missingTexts: Set<String> = ["nan", "na", "n/a", "null", "inf", "-inf", "+inf", "infinity", "-infinity"]

    /// Reads the series.
    /// - Returns: a one-column series (the target), with dates when the file has a date column.
    /// - Throws: ``SequenceDataError`` for unreadable files, bad cells and unknown columns;
    ///   ``ForecastError`` `noNumericColumn`, `dateGap`, `invalidSetting` (season).
    public func load() throws -> TimeSeries {
        if let season, season < 1 { throw ForecastError.invalidSetting(name: "season", value: "\(season)", expected: "a positive integer") }
        var data = try FileContents.read(file)
        let header = Self.headerFields(data)
        let dateIndex = header.firstIndex { Self.dateNames.contains($0.lowercased()) }
        if fill == .interpolate { data = Self.blankingMissingTexts(data) }
        let date = dateIndex.map { ColumnSelector.index($0) }
        let series: TimeSeries
        if let column {
            series = try TimeSeries(csv: data, file: file, target: .name(column), date: date, missing: fill, seasonLength: season)
        } else {
            var found: TimeSeries? = nil
            for j in header.indices where j != dateIndex {
                do {
                    found = try TimeSeries(csv: data, file: file, target: .index(j), date: date, missing: fill, seasonLength: season)
                    break
                } catch SequenceDataError.nonNumeric { continue }
            }
            guard let found else { throw ForecastError.noNumericColumn(file: file, columns: header) }
            series = found
        }
        return try fillingDateGaps(series)
    }

    /// The series with skipped periods (yearly or monthly dates) inserted and
    /// interpolated when filling, else an error naming the first gap.
    func fillingDateGaps(_ series: TimeSeries) throws -> TimeSeries {
        guard let dates = series.dates, series.frequency == nil else { return series }
        let parsed = dates.compactMap(CalendarDate.init)
        guard parsed.count == dates.count, parsed.count >= 2,
              parsed.allSatisfy({ $0.precision == parsed[0].precision }), parsed[0].precision != .day else { return series }
        let yearly = parsed[0].precision == .year
        let keys = parsed.map { yearly ? $0.year : $0.year * 12 + $0.month - 1 }
        let steps = zip(keys.dropFirst(), keys).map { $0 - $1 }
        guard let step = steps.min(), step > 0, steps.allSatisfy({ $0 % step == 0 }) else { return series }
        let k = steps.firstIndex { $0 != step }!
        guard fill == .interpolate else { throw ForecastError.dateGap(file: file, after: dates[k], next: dates[k + 1]) }
        let frequency: Frequency = yearly ? .years(step) : .months(step)
        var csv = "date,\(series.columns[0])\n"
        let values = series.column(0)
        for i in parsed.indices {
            csv += "\(dates[i]),\(values[i])\n"
            if i + 1 < parsed.count {
                for j in 1..<(steps[i] / step) { csv += "\(parsed[i].advanced(by: j, frequency).text),\n" }
            }
        }
        return try TimeSeries(csv: Data(csv.utf8), file: file, target: 1, date: 0, missing: .interpolate, seasonLength: season)
    }

    /// The fields of the first line, without quotes and blanks.
    static func headerFields(_ data: Data) -> [String] {
        var bytes = data.prefix { $0 != UInt8(ascii: "\n") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \t\r"))
        }
    }

    /// The CSV with cells such as `NaN` or `NA` emptied, so they are filled as gaps.
    static func blankingMissingTexts(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
                let t = field.trimmingCharacters(in: CharacterSet(charactersIn: "\" \t\r")).lowercased()
                return missingTexts.contains(t) ? "" : String(field)
            }.joined(separator: ",")
        }
        return Data(lines.joined(separator: "\n").utf8)
    }
}

extension TimeSeries {
    /// The first `n` rows, keeping the season length. [n, F]
    public func prefix(_ n: Int) -> TimeSeries {
        precondition(n >= 1 && n <= count, "prefix \(n) outside 1...\(count)")
        return TimeSeries(values: Array(values[0..<(n * featureCount)]), columns: columns,
                          dates: dates.map { Array($0[0..<n]) }, seasonLength: seasonLength)
    }
}
