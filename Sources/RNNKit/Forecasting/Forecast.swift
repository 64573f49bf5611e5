/// A forecast of H steps in the units of the series.
public struct Forecast: Sendable, Equatable {
    /// A central prediction interval.
    public struct Interval: Sendable, Equatable {
        /// The nominal coverage, in (0, 1).
        public var level: Double
        /// The lower bound of each step. [H]
        public var lower: [Double]
        /// The upper bound of each step. [H]
        public var upper: [Double]
        /// The interval at `level`, with bounds `lower` and `upper`, [H] each.
        public init(level: Double, lower: [Double], upper: [Double]) {
            self.level = level
            self.lower = lower
            self.upper = upper
        }
    }
    /// The point forecast: the mean in the transformed space, mapped back (Gaussian head), or the
    /// median (quantile head, which always lies inside the narrowest interval). [H]
    public var mean: [Double]
    /// One interval per level, in the order of the levels.
    public var intervals: [Interval]

    /// A forecast of `mean` [H] with one interval per level.
    public init(mean: [Double], intervals: [Interval]) {
        self.mean = mean
        self.intervals = intervals
    }
}
