/// The keys of a number saved once per parameter group: an optimizer's rate (`optimizer.lr`), a schedule's
/// base rate (`scheduler.base_lr`).
///
/// One group keeps the key as it is, the one a single-list optimizer or schedule has always written, so
/// its files and older ones read alike; group g of several is `<key>.<g>` (`optimizer.lr.1`).
enum PerGroupKeys {
    /// The keys of `key` for `count` groups, in group order.
    static func keys(_ key: String, count: Int) -> [String] {
        count == 1 ? [key] : (0..<count).map { "\(key).\($0)" }
    }

    /// Whether `candidate` is `key` itself or `<key>.<g>` for some group g.
    static func isKey(_ candidate: String, of key: String) -> Bool {
        candidate == key || (candidate.hasPrefix(key + ".") && Int(candidate.dropFirst(key.count + 1)) != nil)
    }

    /// The number of groups `scalars` holds `key` for: one for `key` itself and one per `<key>.<g>`.
    static func savedCount(_ key: String, in scalars: [String: Double]) -> Int {
        scalars.keys.count { isKey($0, of: key) }
    }

    /// The values of `key` for `count` groups, in group order, each checked by `isValid`.
    /// - Throws: ``OptimizerStateError/groupCountMismatch(expected:found:)`` when `scalars` holds `key` for
    ///   another number of groups, else ``OptimizerStateError`` naming a missing or invalid value.
    static func values(_ key: String, count: Int, in scalars: [String: Double], expected: String,
                       _ isValid: (Double) -> Bool) throws -> [Double] {
        let saved = savedCount(key, in: scalars)
        guard saved == count || saved == 0 else { throw OptimizerStateError.groupCountMismatch(expected: count, found: saved) }
        return try keys(key, count: count).map { try OptimizerStateError.value($0, in: scalars, expected: expected, isValid) }
    }
}
