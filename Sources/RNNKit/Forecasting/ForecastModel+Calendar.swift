/// Calendar features (``ForecastConfig/calendar``): which cycles a model reads, and the rows of a series' dates.
extension ForecastModel {
    /// The calendar cycles a model with `config` reads for `series`: none without ``ForecastConfig/calendar``, else those
    /// of the series' spacing (``Frequency/calendarCycles``).
    /// - Throws: ``ForecastError/calendarUnavailable(file:reason:)`` naming `name` when the setting is on and the series
    ///   has no regular dates, or yearly ones (no cycle within the year moves from one of its steps to the next: the
    ///   setting would add nothing, and is refused rather than ignored).
    static func calendarCycles(_ config: ForecastConfig, series: TimeSeries, name: String) throws -> [CalendarCycle] {
        guard config.calendar == true else { return [] }
        guard let frequency = series.frequency else { throw irregularDates(series, whose: "the series'", name: name) }
        let cycles = frequency.calendarCycles
        guard !cycles.isEmpty else {
            throw ForecastError.calendarUnavailable(file: name, reason: "a spacing finer than a year (they are places in the year, week "
                                                        + "and day), and the series' dates are \(frequency.spacing) apart")
        }
        return cycles
    }

    /// The refusal of calendar features for `series`, which has no regular dates: it has none, or its dates column holds
    /// labels or uneven steps; `whose` names the series in the reason ("the series'", "the history's").
    private static func irregularDates(_ series: TimeSeries, whose: String, name: String) -> ForecastError {
        .calendarUnavailable(file: name, reason: series.dates == nil ? "\(whose) dates, and it has none"
                                 : "regular dates, and \(whose) dates column holds labels or uneven steps")
    }

    /// I, the inputs per step of each network: the value, and 2 features per calendar cycle.
    var inputSize: Int { 1 + 2 * calendar.count }

    /// The calendar rows of the N dates of `series` and the `extra` dates after them, nil for a model without calendar features.
    /// - Throws: ``ForecastError/calendarUnavailable(file:reason:)`` naming `name` when the model has calendar features and
    ///   the series no regular dates, or dates whose spacing moves through other cycles than the model's (monthly dates
    ///   for a model of hourly ones).
    func calendarRows(_ series: TimeSeries, extra: Int, name: String) throws -> CalendarRows? {
        guard !calendar.isEmpty else { return nil }
        guard let dates = series.calendarDates(extendedBy: extra), let frequency = series.frequency else {
            throw Self.irregularDates(series, whose: "the history's", name: name)
        }
        guard frequency.calendarCycles == calendar else {
            throw ForecastError.calendarUnavailable(file: name, reason: "the cycles the model was trained on (\(calendar.names)), and "
                                                        + "the history's dates, \(frequency.spacing) apart, move through \(frequency.calendarCycles.names)")
        }
        return CalendarRows(dates: dates, cycles: calendar)
    }
}
