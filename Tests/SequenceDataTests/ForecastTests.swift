import Foundation
import Testing
@testable import SequenceData

@Suite struct ScalerTests {
    let s: TimeSeries

    init() throws { s = try TimeSeries(values: [1, 10, 2, 10, 3, 20, 4, 20, 100, 30], columns: ["y", "x"]) }

    @Test func fitsOnTheTrainingRowsOnly() throws {
        let standard = try Scaler(fitting: .standard, to: s, rows: 4)
        #expect(abs(standard.offsets[0] - 2.5) < 1e-12 && abs(standard.scales[0] - 1.25.squareRoot()) < 1e-12)
        #expect(abs(standard.transform(100, column: 0) - 97.5 / 1.25.squareRoot()) < 1e-9)
        let minMax = try Scaler(fitting: .minMax, to: s, rows: 4)
        #expect(minMax.offsets == [1, 10] && minMax.scales == [3, 10])
        for v in [-3.0, 0.5, 1e6] {
            #expect(abs(standard.inverse(standard.transform(v, column: 1), column: 1) - v) < 1e-9 * max(1, abs(v)))
        }
    }

    @Test func constantColumnIsAnError() {
        #expect(throws: SequenceDataError.constantSeries(file: "<values>", column: "x", scaling: "standard")) {
            try Scaler(fitting: .standard, to: s, rows: 2)
        }
        #expect(throws: SequenceDataError.constantSeries(file: "<values>", column: "x", scaling: "min-max")) {
            try Scaler(fitting: .minMax, to: s, rows: 2)
        }
    }

    @Test func constantMeansWithinRoundingForEveryValue() throws {
        for value in [7, 0.1, 3.3, 0, -2.5e-300, 1e300] {
            let constant = try TimeSeries(values: Array(repeating: value, count: 72), columns: ["v"])
            for kind in [ScalingKind.standard, .minMax] {
                #expect(throws: SequenceDataError.constantSeries(file: "<values>", column: "v", scaling: kind == .standard ? "standard" : "min-max"),
                        "\(value) \(kind)") { try Scaler(fitting: kind, to: constant, rows: 72) }
            }
        }
        // Values that differ by rounding only are constant too; a small real spread is not.
        let rounded = try TimeSeries(values: [0.3, 0.1 + 0.2, 0.3, 0.3], columns: ["v"])
        #expect(throws: SequenceDataError.constantSeries(file: "<values>", column: "v", scaling: "standard")) { try Scaler(fitting: .standard, to: rounded, rows: 4) }
        let counter = try TimeSeries(values: [1e9, 1e9 + 1, 1e9 + 2, 1e9 + 1], columns: ["v"])
        #expect(throws: Never.self) { try Scaler(fitting: .standard, to: counter, rows: 4) }
        // A real spread among tiny values is not constant, though its squares underflow (it was reported constant).
        let tiny = try TimeSeries(values: [1, 2, 3, 2].map { $0 * 1e-300 }, columns: ["v"])
        let scaler = try Scaler(fitting: .standard, to: tiny, rows: 4)
        #expect(abs(scaler.scales[0] / (0.5.squareRoot() * 1e-300) - 1) < 1e-12 && abs(scaler.offsets[0] / 2e-300 - 1) < 1e-12)
    }

    /// The errors name the file a series was read from, as its other errors do, and a series cut from it keeps the name.
    @Test func scalingErrorsNameTheFile() throws {
        let constant = try TimeSeries(csv: Data("day,v\n1,4\n2,4\n3,4\n4,5\n".utf8), file: "c.csv", target: "v")
        #expect(constant.file == "c.csv" && constant.prefix(3).file == "c.csv")
        let error = #expect(throws: SequenceDataError.constantSeries(file: "c.csv", column: "v", scaling: "standard")) {
            try Scaler(fitting: .standard, to: constant.prefix(3), rows: 3)
        }
        #expect(error?.description.hasPrefix("c.csv: column 'v' is constant on the training part; standard scaling would divide by zero") == true)
        let huge = try TimeSeries(csv: Data("v\n1.7e308\n-1.7e308\n".utf8), file: "h.csv", target: "v")
        #expect(throws: SequenceDataError.scalingOverflow(file: "h.csv", column: "v", scaling: "min-max", magnitude: 1.7e308)) {
            try Scaler(fitting: .minMax, to: huge, rows: 2)
        }
    }

    @Test func valuesTooLargeForTheSpreadAreAnOverflow() throws {
        let alternating = try TimeSeries(values: (0..<8).map { $0 % 2 == 0 ? 1.7e308 : -1.7e308 }, columns: ["v"])
        let mixed = try TimeSeries(values: [1e300, -2e300, 3e300, -1e300], columns: ["v"])
        for (series, magnitude) in [(alternating, 1.7e308), (mixed, 3e300)] {
            #expect(throws: SequenceDataError.scalingOverflow(file: "<values>", column: "v", scaling: "standard", magnitude: magnitude)) {
                try Scaler(fitting: .standard, to: series, rows: series.count)
            }
        }
        #expect(throws: SequenceDataError.scalingOverflow(file: "<values>", column: "v", scaling: "min-max", magnitude: 1.7e308)) {
            try Scaler(fitting: .minMax, to: alternating, rows: 8)
        }
        // Large values are fine while the squares of their deviations are finite.
        let large = try Scaler(fitting: .standard, to: try TimeSeries(values: [1e150, -2e150, 3e150], columns: ["v"]), rows: 3)
        #expect(large.scales[0].isFinite && large.scales[0] > 0)
    }

    @Test func serializesAsAFewNumbers() throws {
        let scaler = try Scaler(fitting: .standard, to: s, rows: 5)
        #expect(try Scaler(kind: .standard, parameters: scaler.parameters) == scaler)
        let json = try JSONEncoder().encode(scaler)
        #expect(try JSONDecoder().decode(Scaler.self, from: json) == scaler)
        #expect(throws: SequenceDataError.self) { try Scaler(kind: .minMax, parameters: [1, 2, 3]) }
        #expect(throws: SequenceDataError.self) { try Scaler(kind: .minMax, offsets: [0], scales: [0]) }
        let bad = Data(#"{"kind":"standard","offsets":[1],"scales":[-1]}"#.utf8)
        #expect(throws: SequenceDataError.self) { try JSONDecoder().decode(Scaler.self, from: bad) }
    }
}

@Suite struct ForecastWindowsTests {
    // y = 0, 1, ..., 19; x = 100 + y. Train rows 0..<10, validation 10..<15, test 15..<20.
    let series: TimeSeries

    init() throws { series = try TimeSeries(values: (0..<20).flatMap { [Double($0), 100 + Double($0)] }, columns: ["y", "x"]) }

    @Test func windowsHaveTheDocumentedLayout() throws {
        let data = try ForecastData(series: series, train: 0.5, validation: 0.25, scaling: nil)
        let w = try data.windows(.train, lookback: 3, horizon: 2, stride: 2)
        #expect(w.targetStarts == [3, 5, 7])
        #expect(w.count == 3 && w.inputs.count == 3 * 3 * 2 && w.targets.count == 3 * 2)
        #expect(Array(w.inputs[6..<12]) == [2, 102, 3, 103, 4, 104])  // window 1 reads rows 2, 3, 4
        #expect(w.targets == [3, 4, 5, 6, 7, 8])
        let v = try data.windows(.validation, lookback: 3, horizon: 2)
        #expect(v.targetStarts == [10, 11, 12, 13])  // lookback reaches back into the train rows
        #expect(Array(v.inputs[0..<6]) == [7, 107, 8, 108, 9, 109])
        #expect(try data.latestInput(lookback: 2) == [18, 118, 19, 119])
    }

    @Test func scalingIsFittedOnTrainAndInverted() throws {
        let data = try ForecastData(series: series, train: 0.5, validation: 0.25, scaling: .minMax)
        let w = try data.windows(.test, lookback: 1, horizon: 1)
        #expect(abs(w.targets[0] - Float(15.0 / 9.0)) < 1e-6)  // min 0, range 9 on the train rows
        let back = data.unscaleTargets(w.targets)
        #expect(zip(back, 15..<20).allSatisfy { abs($0 - Double($1)) < 1e-5 })
    }

    @Test func seriesShorterThanLookbackPlusHorizon() throws {
        let data = try ForecastData(series: series, train: 0.5, validation: 0.25, scaling: .standard)
        #expect(throws: SequenceDataError.seriesTooShort(part: "train", length: 10, needed: 11)) {
            try data.windows(.train, lookback: 8, horizon: 3)
        }
        #expect(throws: SequenceDataError.seriesTooShort(part: "test", length: 10, needed: 11)) {
            try data.windows(.test, lookback: 5, horizon: 6)
        }
        #expect(throws: SequenceDataError.invalidArgument(name: "horizon", value: 0, expected: "at least 1")) {
            try data.windows(.train, lookback: 1, horizon: 0)
        }
    }
}
