import FileReading
import Foundation

/// Encodes and decodes the JSON values that checkpoints keep in their metadata strings; decoding
/// errors say which field is wrong and how.
public enum MetadataJSON {
    /// `value` as compact JSON with sorted keys; the non-finite numbers as the strings `"inf"`, `"-inf"` and `"nan"`.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain Codable structs of numbers and strings cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    /// `T` from `text`; the non-finite numbers are the strings `"inf"`, `"-inf"` and `"nan"`.
    /// - Throws: ``MetadataJSONError`` with one line naming the field.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(MetadataJSONError) -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = Data(text.utf8)
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw MetadataJSONError(problem: explain(error, json: data, as: T.self).escapingControlCharacters)
        }
    }

    /// One line for a decoding error of `json` as `T`: the field's path and what was wrong with it.
    static func explain<T: Decodable>(_ error: any Error, json: Data, as type: T.Type) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "\(field(context.codingPath.map(name) + [name(key)])) is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(field(context.codingPath.map(name))): \(context.debugDescription.prefix(1).lowercased() + context.debugDescription.dropFirst())"
        case .dataCorrupted(let context)?:
            guard let object = try? JSONSerialization.jsonObject(with: json, options: .fragmentsAllowed) else { return "not valid JSON" }
            guard context.codingPath.isEmpty else { return "\(field(context.codingPath.map(name))): \(context.debugDescription)" }
            // Foundation reports a number that does not fit its field (16.5 or -1 for a count) this way, without the field.
            let why = "(a fraction, a negative number or one too large where a count is expected)"
            return unfittingNumber(in: object, as: T.self).map { "\(field($0)): the number does not fit \(why)" } ?? "a number does not fit its field \(why)"
        default:
            return "\(error)"
        }
    }

    /// "field 'a.b.0'", or "the value" for the top level.
    private static func field(_ path: [String]) -> String {
        path.isEmpty ? "the value" : "field '" + path.joined(separator: ".") + "'"
    }

    private static func name(_ key: any CodingKey) -> String { key.intValue.map(String.init) ?? key.stringValue }

    /// The path of the first number in `object` that `T` cannot hold: the numbers that are not counts (fractions,
    /// negative numbers, ones of 2^53 or more) are set to 0 but the first k of them, for the smallest k with which
    /// `T` fails to decode; the k-th is it. Keeping more of them never makes the failure go away, so k is found by
    /// bisection: about log2 of their count decodes, not one per number (a long run's checkpoint holds thousands),
    /// each after one pass over `object` that sets all the others (not one pass per number, which took minutes for
    /// 20000 of them).
    private static func unfittingNumber<T: Decodable>(in object: Any, as type: T.Type) -> [String]? {
        let paths = numberPaths(in: object)
        /// Whether `T` decodes past the unfitting numbers with all but the first `k` of them set to 0 (nil: not serializable).
        func passes(keeping k: Int) -> Bool? {
            var kept = k
            let edited = zeroingNonCounts(in: object, keeping: &kept)
            guard let data = try? JSONSerialization.data(withJSONObject: edited, options: .fragmentsAllowed) else { return nil }
            do { _ = try JSONDecoder().decode(T.self, from: data); return true } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                return false
            } catch { return true }
        }
        guard !paths.isEmpty, passes(keeping: 0) == true else { return nil }
        var (low, high) = (0, paths.count)  // passes(keeping: low) is true (all set to 0), passes(keeping: high) false (the original)
        while high - low > 1 {
            let middle = (low + high) / 2
            guard let ok = passes(keeping: middle) else { return nil }
            if ok { low = middle } else { high = middle }
        }
        return paths[high - 1]
    }

    /// The paths of the numbers in `object` that are not whole numbers from 0 to 2^53, objects in sorted key order.
    private static func numberPaths(in object: Any, at path: [String] = []) -> [[String]] {
        switch object {
        case let dictionary as [String: Any]:
            return dictionary.keys.sorted().flatMap { numberPaths(in: dictionary[$0]!, at: path + [$0]) }
        case let array as [Any]:
            return array.indices.flatMap { numberPaths(in: array[$0], at: path + [String($0)]) }
        case let number as NSNumber where !(object is String):
            return isCount(number) ? [] : [path]
        default:
            return []
        }
    }

    /// Whether `number` is a whole number from 0 to 2^53.
    private static func isCount(_ number: NSNumber) -> Bool {
        let x = number.doubleValue
        return x.rounded() == x && x >= 0 && x < 0x1p53
    }

    /// `object` with its numbers that are not counts, in the order of ``numberPaths(in:at:)``, set to 0 but the
    /// first `kept` of them; `kept` is decreased by those left as they are.
    private static func zeroingNonCounts(in object: Any, keeping kept: inout Int) -> Any {
        switch object {
        case var dictionary as [String: Any]:
            for key in dictionary.keys.sorted() { dictionary[key] = zeroingNonCounts(in: dictionary[key]!, keeping: &kept) }
            return dictionary
        case let array as [Any]:
            return array.map { zeroingNonCounts(in: $0, keeping: &kept) }
        case let number as NSNumber where !(object is String) && !isCount(number):
            guard kept == 0 else { kept -= 1; return object }
            return 0
        default:
            return object
        }
    }
}

/// Metadata JSON that does not decode as the expected value.
public struct MetadataJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var problem: String
    /// The ``problem`` line as is.
    public var description: String { problem }
}
