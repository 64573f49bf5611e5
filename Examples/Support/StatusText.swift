import RNNKit

extension String {
    /// The text as the commands show status lines: its line feeds kept, every other control character escaped
    /// (`escapingControlCharacters`), as text from input (a file's or a column's name) may bring them, so that each
    /// line stays one line and leaves the terminal as it was.
    public var controlCharactersEscapedByLine: String {
        split(separator: "\n", omittingEmptySubsequences: false).map(\.escapingControlCharacters).joined(separator: "\n")
    }
}
