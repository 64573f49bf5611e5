extension ForecastCheckpointInfo {
    /// Checks every field a forecast from this checkpoint depends on, naming the first bad one.
    ///
    /// The format tag; the settings (``ForecastConfig/validate()``) with their season resolved; a resolved
    /// transform; a scaler exactly when the settings scale, of their kind and of one column (finite offsets
    /// and positive, finite scales are checked when it decodes); at least one member; a positive date step; when
    /// present, one finite interval scale >= 0 per level; and calendar cycles exactly when the settings have
    /// ``ForecastConfig/calendar``, those it reads from dates of the recorded frequency (the spacing's, ``Frequency/calendarCycles``,
    /// or ``ForecastConfig/calendarCycles``, which must fit it).
    /// The source may be empty (a model trained on values in memory). The column is checked against the series when it is read.
    /// - Throws: ``ForecastError/invalidCheckpoint(file:reason:)`` for `file`.
    func validate(file: String) throws {
        func refuse(_ reason: String) -> ForecastError { .invalidCheckpoint(file: file, reason: reason) }
        guard format == Self.format else { throw refuse("format '\(format)', expected '\(Self.format)'") }
        do { try config.validate(maximumHorizon: .max) } catch { throw refuse("\(error)") }
        guard config.season != nil else { throw refuse("'config.season' is missing; a trained model records its season") }
        guard transform != .auto else { throw refuse("'transform' is 'auto'; a trained model records the transform it chose, 'log' or 'none'") }
        switch (config.scaling, scaler) {
        case (nil, nil): break
        case let (kind?, nil):
            throw refuse("'scaler' is missing or null, but 'config.scaling' is '\(kind.rawValue)'; the model's values are scaled")
        case let (nil, scaler?):
            throw refuse("'scaler' is set (\(scaler.kind.rawValue)), but 'config.scaling' is null; the model's values are not scaled")
        case let (kind?, scaler?):
            guard scaler.kind == kind else {
                throw refuse("'scaler' is of kind '\(scaler.kind.rawValue)', but 'config.scaling' is '\(kind.rawValue)'")
            }
            guard scaler.featureCount == 1 else {
                throw refuse("'scaler' has \(scaler.featureCount) columns; a forecast model scales its one column")
            }
        }
        if let intervalScales {
            guard intervalScales.count == config.levels.count else {
                throw refuse("'intervalScales' has \(CountText.of(intervalScales.count, "factor")); expected one per interval level, \(config.levels.count)")
            }
            if let bad = intervalScales.first(where: { !($0 >= 0 && $0.isFinite) }) {
                throw refuse("'intervalScales' holds \(bad); expected finite factors >= 0")
            }
        }
        switch (config.calendar == true, calendar ?? []) {
        case (false, []): break
        case (false, _): throw refuse("'calendar' lists cycles, but 'config.calendar' is not true; the model's inputs have no calendar features")
        case (true, []): throw refuse("'calendar' lists no cycles, but 'config.calendar' is true; a trained model records the cycles it reads")
        case (true, let cycles):
            // The features are those of the dates' spacing: other cycles (an edited list) would feed the networks inputs
            // they were not trained on, and forecast without an error.
            guard let frequency else {
                throw refuse("'frequency' is missing, but 'config.calendar' is true; a model with calendar features records the spacing of its dates")
            }
            let expected = config.calendarCycles(for: frequency)
            if let misfit = frequency.calendarMisfit(among: expected) {
                throw refuse("'config.calendarCycles' lists \(misfit.cycle.rawValue), which does not fit the spacing of the dates ('frequency'): \(misfit.reason)")
            }
            guard cycles == expected else {
                let whose = config.calendarCycles == nil ? "the cycles of dates \(frequency.spacing) apart ('frequency')" : "those of 'config.calendarCycles'"
                throw refuse("'calendar' lists \(cycles.names); expected \(expected.names), \(whose)")
            }
        }
        guard members >= 1 else { throw refuse("'members' is \(members); expected at least 1 network") }
        if let frequency {
            switch frequency {
            case .years(let n), .months(let n), .days(let n), .businessDays(let n), .seconds(let n), .microseconds(let n):
                guard n >= 1 else { throw refuse("'frequency' has a step of \(n); expected a positive step") }
            }
        }
    }
}
