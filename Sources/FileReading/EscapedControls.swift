extension StringProtocol {
    /// The text as a message shows text that came from input: each control character (U+0000–U+001F and
    /// U+007F–U+009F) and each line or paragraph separator (U+2028, U+2029) written as a Swift string literal writes
    /// it (`\r`, `\n`, `\t`, `\0`, `\u{1B}`, `\u{2028}`), everything else as it is. A message quoting it stays on one
    /// line, and the text cannot move the cursor, clear the screen or ring the bell of the terminal it is written to.
    public var escapingControlCharacters: String {
        var shown = ""
        for scalar in unicodeScalars {
            if scalar.isControlOrTextSeparator { shown += scalar.escaped(asASCII: true) } else { shown.unicodeScalars.append(scalar) }
        }
        return shown
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is one that text from input must not carry raw into a message or a JSON line: a control
    /// character (general category Cc: U+0000–U+001F, U+007F–U+009F) or the line or paragraph separator (U+2028, U+2029).
    public var isControlOrTextSeparator: Bool {
        switch properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
