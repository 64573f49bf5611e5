import Foundation

/// Sizes that come from user input (flags, file headers), computed and checked
/// before anything is allocated for them, so that a size too large for the
/// machine fails with an error instead of a trap.
public enum CheckedSize {
    /// The product of `factors`, or nil when a factor is nil or the product overflows `Int`.
    public static func product(_ factors: [Int?]) -> Int? {
        var result = 1
        for f in factors {
            guard let f else { return nil }
            let (p, overflow) = result.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            result = p
        }
        return result
    }

    /// The product of `factors`, or nil when a factor is nil or the product overflows `Int`.
    public static func product(_ factors: Int?...) -> Int? { product(factors) }

    /// The sum of `terms`, or nil when a term is nil or the sum overflows `Int`.
    public static func sum(_ terms: Int?...) -> Int? {
        var result = 0
        for t in terms {
            guard let t else { return nil }
            let (s, overflow) = result.addingReportingOverflow(t)
            if overflow { return nil }
            result = s
        }
        return result
    }

    /// This machine's physical memory in bytes.
    public static var physicalMemory: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }

    /// `bytes` in GiB with two decimals, for messages ("12.50 GiB").
    public static func gibibytes(_ bytes: Int) -> String {
        String(format: "%.2f GiB", Double(bytes) / Double(1 << 30))
    }
}
