import Foundation

/// The command line's arguments as the bytes the process was given, which Swift reads as text.
public enum ArgumentBytes {
    /// Whether `value`, an option's value as Swift read it, came from an argument whose bytes are not UTF-8: Swift reads
    /// each argument with U+FFFD for every byte that is not UTF-8, so such a value holds U+FFFD, and an argument that is
    /// the value, or ends in it (`--flag=value`), is not UTF-8 (a value whose U+FFFD was given in UTF-8, EF BF BD, is not
    /// one).
    public static func areNotUTF8(_ value: String) -> Bool {
        value.contains("\u{FFFD}") && (1..<Int(CommandLine.argc)).contains { i in
            guard let argument = CommandLine.unsafeArgv[i] else { return false }
            let bytes = UnsafeRawBufferPointer(start: argument, count: strlen(argument))
            guard String(validating: bytes, as: UTF8.self) == nil else { return false }
            let text = String(decoding: bytes, as: UTF8.self)
            return text == value || text.hasSuffix("=" + value)
        }
    }
}
