import Foundation

/// Decodes the JSON values that checkpoints keep in their metadata strings, with
/// errors that say which field is wrong and how.
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
            throw MetadataJSONError(problem: explain(error, json: data))
        }
    }

    /// One line for a decoding error: the field's path and what was wrong with it.
    static func explain(_ error: any Error, json: Data) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the value" : "field '" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "\(field(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(field(context.codingPath)): \(context.debugDescription.prefix(1).lowercased() + context.debugDescription.dropFirst())"
        case .dataCorrupted(let context)?:
            guard (try? JSONSerialization.jsonObject(with: json, options: .fragmentsAllowed)) != nil else { return "not valid JSON" }
            // Foundation reports a number that does not fit its field (16.5 or -1 for a count) this way, without the field.
            return context.codingPath.isEmpty
                ? "a number does not fit its field (a fraction, a negative number or one too large where a count is expected)"
                : "\(field(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Metadata JSON that does not decode as the expected value.
public struct MetadataJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var problem: String
    public var description: String { problem }
}
