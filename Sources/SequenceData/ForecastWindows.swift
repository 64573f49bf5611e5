/// A part of a series split by time.
public enum SeriesPart: String, Sendable, CaseIterable, Codable {
    /// `train` is the first rows, `validation` the next, `test` the last (see ``ForecastData``); the raw values name parts in errors.
    case train, validation, test
}

/// Sliding windows over a scaled series, for sequence-to-horizon forecasting.
///
/// Shapes: W windows, L lookback steps, H horizon steps, F columns.
/// `inputs` is [W, L, F] row-major (window w, step t, column k at
/// `(w * L + t) * F + k`) and `targets` is [W, H] (the target column only);
/// window w reads rows `targetStarts[w] − L ..< targetStarts[w]` and predicts
/// rows `targetStarts[w] ..< targetStarts[w] + H`.
public struct ForecastWindows: Sendable, Equatable {
    /// W, the number of windows.
    public let count: Int
    /// L, the input steps each window reads.
    public let lookback: Int
    /// H, the target steps each window predicts.
    public let horizon: Int
    /// F, the columns per input step (target first).
    public let featureCount: Int
    /// Scaled inputs. [W, L, F]
    public var inputs: [Float]
    /// Scaled targets. [W, H]
    public var targets: [Float]
    /// The series row of each window's first target. [W]
    public let targetStarts: [Int]
}

/// A series cut by time into train / validation / test, scaled with a scaler
/// fitted on the train part, ready to cut into windows.
///
/// The train part is rows [0, a), validation [a, b), test [b, N), with
/// a = ⌊N·train⌋ and b = a + ⌊N·validation⌋, or b = N (no test part) when the
/// fractions add up to 1. A window belongs to the part its
/// targets lie in; its lookback may reach back into earlier parts (past values
/// only, so no leakage).
public struct ForecastData: Sendable {
    /// The unscaled series. [N, F]
    public let series: TimeSeries
    /// The scaler fitted on the train rows, or nil for no scaling.
    public let scaler: Scaler?
    /// The scaled values. [N, F]
    public let scaled: [Float]
    /// The row ranges of train, validation and test.
    public let trainRows: Range<Int>, validationRows: Range<Int>, testRows: Range<Int>

    /// - Parameters:
    ///   - series: the series to cut.
    ///   - train: fraction of rows for training, in [0, 1].
    ///   - validation: fraction for validation; `train + validation <= 1`.
    ///   - scaling: the kind of scaler to fit on the train rows, or nil.
    /// - Throws: `invalidSplit`; `seriesTooShort` for an empty train part;
    ///   `constantSeries` when a column is constant on the train part; `scalingOverflow` when
    ///   a column's values are too large for its deviation or range to be a finite `Double` (both naming `series.file`).
    public init(series: TimeSeries, train: Double, validation: Double, scaling: ScalingKind?) throws {
        let n = series.count
        let (a, b) = try splitPoints(count: n, train: train, validation: validation)
        guard a >= 1 else { throw SequenceDataError.seriesTooShort(part: "train", length: a, needed: 1) }
        self.series = series
        trainRows = 0..<a
        validationRows = a..<b
        testRows = b..<n
        let scaler = try scaling.map { try Scaler(fitting: $0, to: series, rows: a) }
        self.scaler = scaler
        let f = series.featureCount
        scaled = series.values.indices.map { i in
            Float(scaler?.transform(series.values[i], column: i % f) ?? series.values[i])
        }
    }

    /// The rows of a part.
    public func rows(_ part: SeriesPart) -> Range<Int> {
        switch part {
        case .train: trainRows
        case .validation: validationRows
        case .test: testRows
        }
    }

    /// All windows whose targets lie in `part`, every `stride` rows.
    /// inputs: [W, L, F], targets: [W, H]
    /// - Parameters:
    ///   - part: train, validation or test.
    ///   - lookback: L >= 1.
    ///   - horizon: H >= 1.
    ///   - stride: the step between window starts, >= 1.
    /// - Throws: `invalidArgument` for sizes below 1; `seriesTooShort` when the
    ///   part (with the lookback it may borrow from before it) has fewer than L + H rows.
    public func windows(_ part: SeriesPart, lookback: Int, horizon: Int, stride: Int = 1) throws -> ForecastWindows {
        try requirePositive(lookback, "lookback")
        try requirePositive(horizon, "horizon")
        try requirePositive(stride, "stride")
        let r = rows(part)
        let first = max(r.lowerBound, lookback), last = r.upperBound - horizon
        guard first <= last else {
            throw SequenceDataError.seriesTooShort(part: part.rawValue, length: r.upperBound - max(0, r.lowerBound - lookback),
                                                   needed: lookback + horizon)
        }
        let starts = Array(Swift.stride(from: first, through: last, by: stride))
        let f = series.featureCount, w = starts.count
        var x = [Float](repeating: 0, count: w * lookback * f)
        var y = [Float](repeating: 0, count: w * horizon)
        scaled.withUnsafeBufferPointer { s in
            x.withUnsafeMutableBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    for (i, t) in starts.enumerated() {
                        let src = (t - lookback) * f
                        for j in 0..<(lookback * f) { x[i * lookback * f + j] = s[src + j] }
                        for h in 0..<horizon { y[i * horizon + h] = s[(t + h) * f] }
                    }
                }
            }
        }
        return ForecastWindows(count: w, lookback: lookback, horizon: horizon, featureCount: f,
                               inputs: x, targets: y, targetStarts: starts)
    }

    /// The last L scaled rows, the input for forecasting past the end of the series. [1, L, F]
    /// - Throws: `seriesTooShort` when the series has fewer than L rows.
    public func latestInput(lookback: Int) throws -> [Float] {
        try requirePositive(lookback, "lookback")
        guard series.count >= lookback else {
            throw SequenceDataError.seriesTooShort(part: "whole", length: series.count, needed: lookback)
        }
        return Array(scaled[((series.count - lookback) * series.featureCount)...])
    }

    /// Undoes the scaling of target-column values (model outputs). [any]
    public func unscaleTargets(_ y: [Float]) -> [Double] {
        y.map { scaler?.inverse(Double($0), column: 0) ?? Double($0) }
    }
}
