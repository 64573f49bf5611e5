import FileReading

extension String {
    /// Whether this is one line as the commands write an error or a warning: text ending in its only line feed, with no
    /// other control character (a carriage return, say, which `split(separator: "\n")` would not see in a "\r\n", or an
    /// escape) and no line or paragraph separator.
    public var isOneMessageLine: Bool {
        guard unicodeScalars.last == "\n" else { return false }
        return !unicodeScalars.dropLast().contains(where: \.isControlOrTextSeparator)
    }
}
