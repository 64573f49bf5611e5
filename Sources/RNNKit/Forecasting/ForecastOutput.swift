import Foundation

extension Forecast {
    /// The forecast as CSV: `date,mean,lower_80,upper_80,…` with one row per
    /// step; without `dates`, the first column is `step`, holding 1…H. Values have 10 significant digits
    /// (`12465412.35`, not `1.24654e+07`: series of large counts keep their units).
    public func csv(dates: [String]?) -> String {
        let tags = intervals.map { ForecastConfig.percentLabel($0.level) }
        var lines = [([dates == nil ? "step" : "date", "mean"] + tags.flatMap { ["lower_\($0)", "upper_\($0)"] }).joined(separator: ",")]
        for h in mean.indices {
            let cells = [mean[h]] + intervals.flatMap { [$0.lower[h], $0.upper[h]] }
            lines.append(([dates?[h] ?? "\(h + 1)"] + cells.map { String(format: "%.10g", $0) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv(dates:)`` atomically.
    /// - Throws: ``AtomicFileError`` naming the path.
    public func writeCSV(to path: String, dates: [String]?) throws {
        try AtomicFile.write(csv(dates: dates), to: URL(filePathAsGiven: path))
    }
}
