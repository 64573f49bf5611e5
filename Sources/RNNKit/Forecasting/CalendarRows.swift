/// The calendar features of positions in a series, as the networks read them: row i holds the 2C features
/// (``CalendarCycle/features(of:cycles:)``, sine and cosine of each of C cycles) of the date at position i. [N', 2C]
struct CalendarRows: Sendable {
    /// 2C, the features per row.
    let width: Int
    /// The rows, row-major. [N', 2C]
    let values: [Float]

    /// The rows of `dates` for `cycles`. [dates, 2·cycles]
    init(dates: [CalendarDate], cycles: [CalendarCycle]) {
        width = 2 * cycles.count
        values = dates.flatMap { CalendarCycle.features(of: $0, cycles: cycles).map(Float.init) }
    }

    /// Row i. [2C]
    func row(_ i: Int) -> ArraySlice<Float> { values[(i * width)..<((i + 1) * width)] }
}
