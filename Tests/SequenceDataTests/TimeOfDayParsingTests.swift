import Testing
@testable import SequenceData

/// A time of day is read byte by byte: it must take exactly the texts the form's regular expression matches, with the
/// same fields.
@Suite struct TimeOfDayParsingTests {
    /// What the regular expression reads from `text`: seconds, whether seconds are written, the fraction's digits, the
    /// offset and the fraction in microseconds (nil, no time, for a digit past the sixth other than 0).
    static func byRegex(_ text: Substring) -> (Int, Bool, Int, String, Int)? {
        guard let match = text.wholeMatch(of: /([0-2][0-9]):([0-5][0-9])(?::([0-5][0-9])(\.[0-9]+)?)?(Z|[+-][0-2][0-9]:?[0-5][0-9])?/),
              let hour = Int(match.output.1), hour < 24, Int(match.output.5?.dropFirst().prefix(2) ?? "0") ?? 0 < 24 else { return nil }
        let (_, _, minute, second, fraction, offset) = match.output
        let digits = String(fraction?.dropFirst() ?? "")
        guard digits.dropFirst(6).allSatisfy({ $0 == "0" }) else { return nil }
        let microseconds = Int((digits + "000000").prefix(6))!
        return (hour * 3600 + Int(minute)! * 60 + (second.map { Int($0)! } ?? 0), second != nil, digits.count, String(offset ?? ""), microseconds)
    }

    /// Every combination of valid and broken parts (hours, minutes, seconds, fractions, offsets, among them offsets of no
    /// time zone: `+24:00`, `+01:60` and `+99:99` were taken), and digits that are not ASCII.
    @Test func readsWhatTheRegularExpressionMatches() {
        var texts: [String] = ["13:00\u{301}", "1\u{663}:00", "\u{661}\u{663}:00", "13:00+01:00\u{301}", "13:00:00.0\u{301}"]
        for hour in ["00", "23", "24", "3x", "1"] {
            for minute in [":59", ":60", "59", ""] {
                for second in ["", ":00", ":60", ":", ":5"] {
                    for fraction in ["", ".", ".000", ".01", ".250", ".0000001", ".1234560"] {
                        for offset in ["", "Z", "+01:00", "-0330", "+23:59", "+01:0", "+1:00", "Zx", "z", " ", "+24:00", "-0160", "+99:99"] { texts.append(hour + minute + second + fraction + offset) }
                    }
                }
            }
        }
        var accepted = 0
        for text in texts {
            let parsed = TimeOfDay(text[...], separator: "T").map { ($0.seconds, $0.form.showsSeconds, $0.form.fractionDigits, $0.form.offset, $0.microseconds) }
            let expected = Self.byRegex(text[...])
            #expect(parsed?.0 == expected?.0 && parsed?.1 == expected?.1 && parsed?.2 == expected?.2 && parsed?.3 == expected?.3
                    && parsed?.4 == expected?.4, "\(text)")
            if parsed != nil { accepted += 1 }
        }
        // Hours 00 and 23 with the offsets none, Z, +01:00, -0330 and +23:59: after :59 with no seconds, :00 or :00 with
        // the fractions .000, .01, .250 and .1234560, and `:00` as the minutes.
        #expect(accepted == 2 * 7 * 5)
    }
}
