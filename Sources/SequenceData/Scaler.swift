import Requirements

/// How values are scaled before training.
public enum ScalingKind: String, Sendable, Codable, CaseIterable {
    /// (x − mean) / standard deviation (population, divisor N).
    case standard
    /// (x − min) / (max − min), mapping the fitted range to [0, 1].
    case minMax
}

/// A per-column affine scaling `y = (x − offset) / scale`, fitted on the
/// training part only and invertible.
///
/// Its whole state is the kind and 2·F numbers (``offsets``, ``scales``),
/// saved with a model as Codable or as ``parameters``.
public struct Scaler: Equatable, Sendable, Codable {
    /// Which statistics the numbers are: mean and standard deviation, or minimum and range.
    public let kind: ScalingKind
    /// Subtracted from each column (mean or min). [F]
    public let offsets: [Double]
    /// Divides each column (standard deviation or range). [F]
    public let scales: [Double]

    /// A scaler from saved numbers.
    /// - Throws: ``SequenceDataError/invalidScaler(reason:)`` unless the two
    ///   arrays have the same non-zero length, are finite, and scales are positive.
    public init(kind: ScalingKind, offsets: [Double], scales: [Double]) throws {
        guard !offsets.isEmpty, offsets.count == scales.count else {
            throw SequenceDataError.invalidScaler(reason: "\(offsets.count) offsets and \(scales.count) scales; expected the same positive count")
        }
        guard offsets.allSatisfy(\.isFinite), scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw SequenceDataError.invalidScaler(reason: "offsets must be finite and scales finite and positive")
        }
        self.kind = kind
        self.offsets = offsets
        self.scales = scales
    }

    /// Decodes saved numbers, validating them as ``init(kind:offsets:scales:)``.
    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case kind, offsets, scales }
        let c = try decoder.container(keyedBy: Keys.self)
        try self.init(kind: c.decode(ScalingKind.self, forKey: .kind),
                      offsets: c.decode([Double].self, forKey: .offsets), scales: c.decode([Double].self, forKey: .scales))
    }

    /// The numbers as one array: offsets then scales. [2F]
    public var parameters: [Double] { offsets + scales }

    /// A scaler from ``parameters``.
    /// - Throws: ``SequenceDataError/invalidScaler(reason:)`` for an odd count or bad values.
    public init(kind: ScalingKind, parameters p: [Double]) throws {
        guard p.count % 2 == 0 else {
            throw SequenceDataError.invalidScaler(reason: "\(p.count) parameters; expected offsets and scales, an even count")
        }
        try self.init(kind: kind, offsets: Array(p[..<(p.count / 2)]), scales: Array(p[(p.count / 2)...]))
    }

    /// A spread at most this fraction of the values' magnitude is rounding noise: the column is constant.
    public static let negligibleSpread = 1e-12

    /// Fits each column of the first `rows` rows of `series`.
    ///
    /// The mean and deviation are computed around the first value (the deviations divided by the largest when
    /// their squares underflow, for values near 1e-160 or less), so a constant column has a
    /// deviation of exactly 0; a deviation or range that is ``negligibleSpread`` or less of the
    /// magnitude of the mean (or of the extremes, for min-max) counts as constant too.
    /// - Throws: ``SequenceDataError/constantSeries(file:column:scaling:)`` when a column is constant there;
    ///   ``SequenceDataError/scalingOverflow(file:column:scaling:magnitude:)`` when its values are too large
    ///   for the range, or the squared deviations, to be finite `Double`s; both name the series' ``TimeSeries/file``.
    public init(fitting kind: ScalingKind, to series: TimeSeries, rows: Int) throws {
        require(rows >= 1 && rows <= series.count, "fit rows \(rows) outside 1...\(series.count)")
        let f = series.featureCount
        var offsets = [Double](), scales = [Double]()
        for k in 0..<f {
            let x = stride(from: k, to: rows * f, by: f).map { series.values[$0] }
            let offset: Double, scale: Double, magnitude: Double
            switch kind {
            case .standard:
                let d = x.map { $0 - x[0] }, n = Double(rows)
                let meanShift = d.reduce(0, +) / n
                offset = x[0] + meanShift
                let plain = (d.reduce(0) { $0 + ($1 - meanShift) * ($1 - meanShift) } / n).squareRoot()
                if plain == 0, let largest = d.map({ Swift.abs($0 - meanShift) }).max(), largest > 0 {
                    // The squares underflowed (deviations near 1e-160 or less): the same sum over deviations divided by the largest.
                    scale = largest * (d.reduce(0) { let u = ($1 - meanShift) / largest; return $0 + u * u } / n).squareRoot()
                } else {
                    scale = plain
                }
                magnitude = Swift.abs(offset)
            case .minMax:
                offset = x.min()!
                scale = x.max()! - offset
                magnitude = Swift.max(Swift.abs(offset), Swift.abs(x.max()!))
            }
            let name = kind == .standard ? "standard" : "min-max"
            guard scale.isFinite && offset.isFinite else {
                throw SequenceDataError.scalingOverflow(file: series.file, column: series.columns[k], scaling: name,
                                                        magnitude: x.map { Swift.abs($0) }.max()!)
            }
            guard scale > Self.negligibleSpread * magnitude && scale > 0 else {
                throw SequenceDataError.constantSeries(file: series.file, column: series.columns[k], scaling: name)
            }
            offsets.append(offset)
            scales.append(scale)
        }
        try self.init(kind: kind, offsets: offsets, scales: scales)
    }

    /// F, the number of columns.
    public var featureCount: Int { offsets.count }

    /// Scales value `x` of column `k`.
    public func transform(_ x: Double, column k: Int) -> Double { (x - offsets[k]) / scales[k] }

    /// Undoes ``transform(_:column:)`` for column `k` (column 0 is the target).
    public func inverse(_ y: Double, column k: Int) -> Double { y * scales[k] + offsets[k] }
}
