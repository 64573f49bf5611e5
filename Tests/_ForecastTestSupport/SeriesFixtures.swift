import Foundation
import RNNKit
import _TestSupport

// The series the forecasting tests use, in memory and as CSV files.

/// n monthly dates `YYYY-MM` from 2000-01.
public func monthlyDates(_ n: Int) -> [String] {
    (0..<n).map { String(format: "%04d-%02d", 2000 + $0 / 12, $0 % 12 + 1) }
}

/// A seasonal series with a trend. [n]
public func seasonalValues(_ n: Int) -> [Double] {
    (0..<n).map { (t: Int) -> Double in
        let x = Double(t)
        return 100 + x * 0.5 + 10 * sin(x * Double.pi / 6)
    }
}

/// A monthly series with trend and season, dated from 2000-01. [n]
public func monthlySeries(_ n: Int, column: String = "value") throws -> TimeSeries {
    try TimeSeries(values: seasonalValues(n), columns: [column], dates: monthlyDates(n))
}

/// A `date,value` CSV of `dates` (values 100, 101, …) in `dir`; its path.
public func datedCSV(_ dates: [String], in dir: TemporaryDirectory, name: String = "dated.csv") throws -> String {
    try dir.write((["date,value"] + dates.enumerated().map { "\($1),\(100 + $0)" }).joined(separator: "\n").utf8, to: name)
}

/// `n` consecutive days from 2020-01-01. [n]
public func dailyDates(_ n: Int) -> [String] {
    (0..<n).map { CalendarDate("2020-01-01")!.advanced(by: $0, .days(1)).text }
}

/// `n` timestamps `seconds` apart (an hour by default) from `start`, in its form. [n]
public func timestamps(from start: String, every seconds: Int = 3600, _ n: Int) -> [String] {
    (0..<n).map { CalendarDate(start)!.advanced(by: $0, .seconds(seconds)).text }
}

/// `n` consecutive weekdays (Monday to Friday) from Monday 2024-01-01, as a stock's trading days without holidays. [n]
public func businessDates(_ n: Int) -> [String] {
    (0..<n).map { CalendarDate("2024-01-01")!.advanced(by: $0, .businessDays(1)).text }
}
