// Timestamps on a day: `2020-01-01 00:00:00`, `2020-01-01T00:00Z`, as databases and spreadsheets write daily dates.

extension CalendarDate {
    /// The date part of `text` and the time written after it (past a space or `T` after ten characters), nil when there is none.
    static func dateAndTime(_ text: String) -> (date: Substring, time: Substring?) {
        let u = text.utf8
        guard u.count > 10 else { return (text[...], nil) }
        let k = u.index(u.startIndex, offsetBy: 10)
        guard u[k] == UInt8(ascii: " ") || u[k] == UInt8(ascii: "T") else { return (text[...], nil) }
        return (text[..<k], text[u.index(after: k)...])
    }

    /// Whether `time`, a time of day (`HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, optionally followed by a zone, `Z` or `+01:00`),
    /// is midnight; nil for any other text.
    static func isMidnight(_ time: Substring) -> Bool? {
        guard let match = time.wholeMatch(of: /([0-2][0-9]):([0-5][0-9])(?::([0-5][0-9])(?:\.([0-9]+))?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?/) else {
            return nil
        }
        let (_, h, m, s, fraction) = match.output
        return (h + m + (s ?? "") + (fraction ?? "")).allSatisfy { $0 == "0" }
    }

    /// Whether `text` is a `YYYY-MM-DD` or `DD.MM.YYYY` date with a time of day other than midnight (`2020-01-01 06:00:00`): a timestamp of
    /// hourly or finer data, which no ``CalendarDate`` holds.
    public static func hasTimeOfDay(_ text: String) -> Bool {
        let (date, time) = dateAndTime(text)
        guard let time, isMidnight(time) == false else { return false }
        return date.utf8.count == 10 && hasDateForm(String(date))
    }
}
