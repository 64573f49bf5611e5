/// The words both command lines' `--help` texts use for what they share, so that `char-rnn` and `forecast` say a
/// thing one way.
public enum HelpWording {
    /// Abbreviations and the words the help texts use instead.
    public static let spelledOut = ["stdout": "standard output", "stderr": "standard error", "stdin": "standard input"]

    /// The places in `help` that do not follow the shared wording, each as a short description.
    public static func problems(in help: String) -> [String] {
        let words = help.split(whereSeparator: { !$0.isLetter }).map(String.init)
        let abbreviations = spelledOut.keys.sorted().filter(words.contains).map { "'\($0)' where the help says '\(spelledOut[$0]!)'" }
        return abbreviations + defaultsNotWrittenAsTheParserWritesThem(in: help)
    }

    /// A default written by hand as the argument parser writes one, `Text. (default: value)`, or inside its list of values
    /// `(values: a, b; default: a)`; `by default` in a sentence is prose. Each other mention, with its surroundings.
    static func defaultsNotWrittenAsTheParserWritesThem(in help: String) -> [String] {
        let text = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // lines joined as they were wrapped
        return text.ranges(of: "default").compactMap { range in
            let before = text[..<range.lowerBound], after = text[range.upperBound...]
            let parsers = (before.hasSuffix(". (") || before.hasSuffix("; ")) && after.hasPrefix(": ")
            guard !parsers, !before.lowercased().hasSuffix("by ") else { return nil }
            return "'…\(before.suffix(30))\(text[range])\(after.prefix(30))…': a default is written '. (default: value)'"
        }
    }
}
