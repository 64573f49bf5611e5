/// Calendar features (``ForecastConfig/calendar``): the rows of a series' dates (which cycles a model reads:
/// ``ForecastConfig/calendarCycles(for:name:)``).
extension ForecastModel {
    /// The refusal of calendar features for `series`, which has no regular dates: it has none, or its dates column holds
    /// labels or uneven steps; `whose` names the series in the reason ("the series'", "the history's"), `setting` the
    /// setting that asked for the features (``ForecastConfig/calendarSetting``).
    static func irregularDates(_ series: TimeSeries, whose: String, name: String, setting: String) -> ForecastError {
        .calendarUnavailable(file: name, setting: setting, reason: series.dates == nil ? "\(whose) dates, and it has none"
                                 : "regular dates, and \(whose) dates column holds labels or uneven steps")
    }

    /// I, the inputs per step of each network: the value, and 2 features per calendar cycle.
    var inputSize: Int { 1 + 2 * calendar.count }

    /// The calendar rows of the N dates of `series` and the `extra` dates after them, nil for a model without calendar features.
    /// - Throws: ``ForecastError/calendarUnavailable(file:setting:reason:)`` naming `name` when the model has calendar features and
    ///   the series no regular dates, or dates whose spacing moves through other cycles than the model's (monthly dates
    ///   for a model of hourly ones), or that a cycle the model was trained on with ``ForecastConfig/calendarCycles`` does
    ///   not fit (``Frequency/calendarMisfit(_:)``). (A model that records its spacing, ``frequency``, refuses other
    ///   spacings before: ``forecast(series:horizon:name:progress:stopRequest:)``.)
    func calendarRows(_ series: TimeSeries, extra: Int, name: String) throws -> CalendarRows? {
        guard !calendar.isEmpty else { return nil }
        guard let dates = series.calendarDates(extendedBy: extra), let frequency = series.frequency else {
            throw Self.irregularDates(series, whose: "the history's", name: name, setting: config.calendarSetting)
        }
        let cycles = config.calendarCycles(for: frequency)
        if let misfit = frequency.calendarMisfit(among: cycles) {
            throw ForecastError.calendarUnavailable(file: name, setting: config.calendarSetting, reason: "the cycles the model was trained on (\(calendar.names)), and "
                                                        + "\(misfit.cycle.rawValue) does not fit the history's dates: \(misfit.reason)")
        }
        guard cycles == calendar else {
            throw ForecastError.calendarUnavailable(file: name, setting: config.calendarSetting, reason: "the cycles the model was trained on (\(calendar.names)), and "
                                                        + "the history's dates, \(frequency.spacing) apart, move through \(cycles.names)")
        }
        return CalendarRows(dates: dates, cycles: calendar)
    }
}
