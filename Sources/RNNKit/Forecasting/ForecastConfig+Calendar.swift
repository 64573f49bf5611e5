import FileReading

/// Calendar features (``ForecastConfig/calendar``): the cycles chosen (``ForecastConfig/calendarCycles``), and which a
/// model reads for a series.
extension ForecastConfig {
    /// The cycles a model with these settings reads from dates `frequency` apart, whether or not they fit it: none without
    /// ``calendar``, else those of ``calendarCycles`` in the order of ``CalendarCycle/allCases``, or without them those of
    /// the spacing (``Frequency/calendarCycles``; none for years).
    func calendarCycles(for frequency: Frequency) -> [CalendarCycle] {
        calendar == true ? calendarCycles?.inCalendarOrder ?? frequency.calendarCycles : []
    }

    /// The setting that asks for calendar features, as refusals name it: `ForecastConfig.calendarCycles` when cycles are
    /// chosen (the flag a command line was given for them), else `ForecastConfig.calendar`.
    public var calendarSetting: String { calendarCycles == nil ? "ForecastConfig.calendar" : "ForecastConfig.calendarCycles" }

    /// The calendar cycles a model with these settings reads for `series`: none without ``calendar``, else the chosen
    /// ones or those of the series' spacing (``calendarCycles``).
    /// - Throws: ``ForecastError/configuration(_:)`` naming ``calendarCycles`` and `name` for a chosen cycle that does not
    ///   fit the series' spacing (``Frequency/calendarMisfit(_:)``), saying why; ``ForecastError/calendarUnavailable(file:setting:reason:)``
    ///   naming `name` and ``calendarSetting`` when the setting is on and the series has no regular dates, or yearly ones without chosen
    ///   cycles (no cycle within the year moves from one of its steps to the next: the setting would add nothing, and
    ///   is refused rather than ignored).
    public func calendarCycles(for series: TimeSeries, name: String) throws(ForecastError) -> [CalendarCycle] {
        guard calendar == true else { return [] }
        guard let frequency = series.frequency else { throw ForecastModel.irregularDates(series, whose: "the series'", name: name, setting: calendarSetting) }
        let cycles = calendarCycles(for: frequency)
        if let misfit = frequency.calendarMisfit(among: cycles) {
            let fitting = frequency.fittingCalendarCycles
            throw .configuration(ConfigurationError("\(StreamName.shown(name)): the calendar cycle \(misfit.cycle.rawValue) (\(setting: "ForecastConfig.calendarCycles")) "
                + "does not fit the series: \(misfit.reason); " + (fitting.isEmpty ? "no cycle does" : "the cycles that do are \(fitting.names)")))
        }
        guard !cycles.isEmpty else {
            throw .calendarUnavailable(file: name, setting: calendarSetting, reason: "a spacing finer than a year (they are places in the year, week "
                                           + "and day), and the series' dates are \(frequency.spacing) apart")
        }
        return cycles
    }

    /// Throws unless ``calendarCycles`` is nil, or lists distinct cycles, at least one, with ``calendar`` true.
    func requireCalendarCycles() throws(ConfigurationError) {
        guard let cycles = calendarCycles else { return }
        let listed = cycles.map(\.rawValue).joined(separator: ",")
        guard calendar == true else {
            throw ConfigurationError("the calendar cycles (\(setting: "ForecastConfig.calendarCycles")) need \(setting: "ForecastConfig.calendar") "
                                     + "true, since they choose its features, got \(listed) without it")
        }
        guard !cycles.isEmpty else {
            throw ConfigurationError("the calendar cycles (\(setting: "ForecastConfig.calendarCycles")) must list at least one cycle, got none; "
                                     + "without a list, \(setting: "ForecastConfig.calendar") reads the cycles of the series' spacing")
        }
        if let twice = cycles.indices.first(where: { cycles[..<$0].contains(cycles[$0]) }) {
            throw ConfigurationError("the calendar cycles (\(setting: "ForecastConfig.calendarCycles")) must be distinct, got \(listed); "
                                     + "\(cycles[twice].rawValue) is given twice")
        }
    }
}
