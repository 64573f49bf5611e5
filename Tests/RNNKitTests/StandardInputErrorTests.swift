import RNNKit
import Testing

/// The errors of forecasting and of checkpoints name /dev/stdin as standard input, as the loaders' errors do.
@Suite struct StandardInputErrorTests {
    /// Every case of `ForecastError` that names a file names it so, at the start of its line.
    @Test func everyForecastErrorNamingAFileNamesStandardInputAsSuch() {
        let f = "/dev/stdin"
        let errors: [ForecastError] = [
            .missingHeader(file: f, header: ["1", "2"]), .noNumericColumn(file: f, columns: ["a"], firstBadCell: nil),
            .unusableColumnName(file: f, position: 1, name: ""), .dateGap(file: f, after: "a", next: "b", spacing: "1 day"),
            .gapsExceedData(file: f, inserted: 9, read: 3, after: "a", next: "b"), .unorderedNewestFirst(file: f, line: 2, text: "a", previous: "b"),
            .irregularDates(file: f, after: "a", next: "b", spacing: "1 day", smallestFrom: "c", smallestTo: "d"), .seriesTooShort(file: f, length: 1, needed: 9, reason: "r"),
            .trainingPartTooShort(file: f, length: 1, total: 3, needed: 9, reason: "r"), .cannotInfer(setting: "Evaluation.horizon", file: f),
            .undated(setting: "Evaluation.horizon", file: f), .frequencyMismatch(file: f, found: .days(1), trained: .months(1)),
            .invalidCheckpoint(file: f, reason: "r"), .nonFiniteForecast(file: f, reason: "r"), .trainingDiverged(file: f),
            .nonFiniteScore(file: f, model: "rnn", metric: "MASE", reason: "r"), .constantTrainingPart(file: f),
            .periodicTrainingPart(file: f, model: "rnn", season: 12), .invalidTransform(file: f, reason: "r"),
            .calendarUnavailable(file: f, setting: "ForecastConfig.calendar", reason: "r"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("standard input:") && !error.description.contains(f), "\(error)")
        }
    }

    @Test func aCheckpointErrorNamesStandardInputAsSuch() {
        #expect(CheckpointError(file: "/dev/stdin", reason: "not a checkpoint").description == "standard input: not a checkpoint")
        #expect(CheckpointError(file: "ck/latest.safetensors", reason: "r").description == "ck/latest.safetensors: r")
    }
}
