import FileReading
import Foundation

/// JSON written by hand, one value at a time: the objects of `--log` files, `--json` output and safetensors
/// headers, with their keys in the order given (a dictionary would sort or shuffle them).
public enum JSONText {
    /// A JSON number, or `null` for nil or a value that is not finite (JSON has no infinity or NaN).
    /// - Parameter significantDigits: nil for the shortest text that reads back as `x`, else rounded (`%.6g` for 6).
    public static func number(_ x: Double?, significantDigits: Int? = nil) -> String {
        guard let x, x.isFinite else { return "null" }
        return significantDigits.map { String(format: "%.\($0)g", x) } ?? "\(x)"
    }

    /// `text` as a JSON string literal, quotes included. Besides the quote and the backslash, every control character
    /// (U+0000–U+001F, which JSON requires, and U+007F–U+009F) and U+2028, U+2029 are written as escapes (`\n`,
    /// `\u0085`): the text stays one line, and a name from input cannot drive the terminal `--json` output is shown on.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.isControlOrTextSeparator:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `{"key":value,...}` on one line: each key quoted, each value already JSON text, in the order given.
    public static func object(_ fields: KeyValuePairs<String, String>) -> String {
        object(fields.map { ($0.key, $0.value) })
    }

    /// `{"key":value,...}` on one line, from pairs built at run time.
    public static func object(_ fields: [(key: String, value: String)]) -> String {
        "{" + fields.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }
}
