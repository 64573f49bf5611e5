import Foundation

/// A flag's comma-separated list (forecast's `--levels 0.8,0.95` and `--calendar-cycles`, char-rnn's `--milestones
/// 1000,2500`), read one way by both command lines.
public enum CommaSeparatedList {
    /// The comma-separated items of `text`, blanks around each trimmed, each read by `read`; an empty item (`1,,2`, a
    /// trailing comma, an empty `text`) or one `read` gives nil for is refused rather than dropped.
    /// - Throws: ``UsageError``: `<rule>, got '<text>'; item 2 is empty` or `…; '<item>' <notOne>`.
    public static func items<Item>(_ text: String, rule: String, notOne: String, _ read: (String) -> Item?) throws -> [Item] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try items.enumerated().map { k, item in
            guard let value = read(item) else {
                throw UsageError("\(rule), got '\(text)'; " + (item.isEmpty ? "item \(k + 1) is empty" : "'\(item)' \(notOne)"))
            }
            return value
        }
    }
}
