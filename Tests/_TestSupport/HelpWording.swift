/// The words both command lines' `--help` texts use for what they share, so that `char-rnn` and `forecast` say a
/// thing one way.
public enum HelpWording {
    /// Abbreviations and the words the help texts use instead.
    public static let spelledOut = ["stdout": "standard output", "stderr": "standard error", "stdin": "standard input"]

    /// The places in `help` that do not follow the shared wording, each as a short description.
    public static func problems(in help: String) -> [String] {
        let words = help.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return spelledOut.keys.sorted().filter(words.contains).map { "'\($0)' where the help says '\(spelledOut[$0]!)'" }
    }
}
