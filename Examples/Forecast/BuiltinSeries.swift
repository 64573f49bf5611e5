import CommandLineSupport
import Foundation
import RNNKit

/// The built-in series under `corpora/timeseries`.
enum BuiltinSeries {
    /// The series `train` and `predict` use without `--csv`.
    static let defaultName = "air_passengers_monthly.csv"

    /// The `corpora/timeseries` folder in `directory` or its nearest parent that has one.
    /// - Throws: a usage error when there is none: without `--csv`, forecast runs from the repository.
    static func folder(from directory: String = FileManager.default.currentDirectoryPath) throws -> String {
        guard let folder = BuiltinCorpora.find("timeseries", folder: true, from: directory) else {
            let searched = directory.isEmpty ? BuiltinCorpora.currentFolder : directory
            throw UsageError("no --csv given and the built-in series folder corpora/timeseries was not found in \(searched) or its parents; "
                             + "run from the repository or pass --csv")
        }
        return folder
    }

    /// Every CSV in the folder, sorted.
    static func all() throws -> [String] {
        let dir = try folder()
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted().map { "\(dir)/\($0)" }
    }
}
