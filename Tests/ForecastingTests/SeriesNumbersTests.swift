import Foundation
import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// How the numbers of a forecast series may be written.
@Suite("forecast series numbers")
struct SeriesNumbersTests {
    /// Prices exported by a finance site, quoted with commas between thousands, are the numeric column forecast; a column whose
    /// one comma may be a decimal comma as well is no number, and the error says what it may mean.
    @Test func quotedThousandsAreNumbersWhereUnambiguous() throws {
        let dir = try TemporaryDirectory()
        let rows = businessDates(30).enumerated().map { "\($1),\"\(10 + $0 % 3),\(200 + $0).50\",\"1,234,567\"" }
        let path = try dir.write((["Date,Price,Vol."] + rows).joined(separator: "\n").utf8, to: "prices.csv")
        let series = try SeriesLoader(file: path).load()
        #expect(series.columns == ["Price"] && series.frequency == .businessDays(1) && series.column(0).prefix(2) == [10_200.5, 11_201.5])
        let ambiguous = try dir.write("Date,Price\n2024-01-01,\"10,200\"\n2024-01-02,\"11,201\"\n".utf8, to: "ambiguous.csv")
        #expect(throws: ForecastError.noNumericColumn(file: ambiguous, columns: ["Date", "Price"],
                                                      firstBadCell: .init(column: "Price", line: 2, text: "10,200"))) {
            try SeriesLoader(file: ambiguous).load()
        }
        // Where the column has larger numbers with two commas, one comma separates thousands as well.
        let volumes = try dir.write((["Date,Volume"] + businessDates(30).enumerated().map { "\($1),\"\($0 % 2 == 0 ? "1," : "")\(100 + $0),000\"" })
                                        .joined(separator: "\n").utf8, to: "volumes.csv")
        #expect(try SeriesLoader(file: volumes).load().column(0).prefix(3) == [1_100_000, 101_000, 1_102_000])
        #expect("\(ForecastError.noNumericColumn(file: "a.csv", columns: ["Date", "Price"], firstBadCell: .init(column: "Price", line: 2, text: "10,200")))"
                .hasSuffix("'10,200' on line 2 is not a number; its comma may separate thousands (10200) or decimals (10.200), so it is read as neither: "
                           + "write the number without the comma, or with a decimal point"))
    }
}
