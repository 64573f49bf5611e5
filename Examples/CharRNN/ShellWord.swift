import RNNKit

extension String {
    /// The text as one shell word: as it is when it holds only ASCII letters, digits and `_-./,:+=@%`; else in single
    /// quotes; or, when it holds a control character or a line separator, which a message line cannot show raw, in
    /// ANSI-C quotes (bash, zsh, ksh) with those characters as escapes of their UTF-8 bytes: `$'c\nk\x1b/latest'`.
    var asShellWord: String {
        let plain = !isEmpty && allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-./,:+=@%".contains($0)) }
        if plain { return self }
        guard unicodeScalars.contains(where: \.isControlOrTextSeparator) else {
            return "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var word = "$'"
        for scalar in unicodeScalars {
            switch scalar {
            case "\\", "'": word += "\\" + String(scalar)
            case "\n": word += "\\n"
            case "\t": word += "\\t"
            case "\r": word += "\\r"
            case _ where scalar.isControlOrTextSeparator:
                word += String(scalar).utf8.map { "\\x" + ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            default: word.unicodeScalars.append(scalar)
            }
        }
        return word + "'"
    }
}
