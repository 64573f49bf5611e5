import Testing
import RNNCore

/// `MetadataJSON`: the metadata values of checkpoints, and errors that name the field.
@Suite struct MetadataJSONTests {
    struct Record: Codable, Equatable {
        var hidden_size: Int
        var loss: Double
        var ids: [UInt32]
    }

    @Test func roundTripsNonFiniteNumbers() throws {
        let record = Record(hidden_size: 16, loss: .infinity, ids: [1, 2])
        let text = MetadataJSON.encode(record)
        #expect(text == #"{"hidden_size":16,"ids":[1,2],"loss":"inf"}"#)
        #expect(try MetadataJSON.decode(Record.self, from: text) == record)
    }

    @Test(arguments: [
        (#"{"loss":1,"ids":[]}"#, "field 'hidden_size' is missing"),
        (#"{"hidden_size":"a","loss":1,"ids":[]}"#, "field 'hidden_size': expected to decode Int but found a string instead."),
        (#"{"hidden_size":16.5,"loss":1,"ids":[]}"#, "field 'hidden_size': the number does not fit"),
        (#"{"hidden_size":16,"loss":1,"ids":[-1]}"#, "field 'ids.0': the number does not fit"),
        // A negative or fractional number where one is allowed is not taken for the culprit.
        (#"{"hidden_size":-3,"loss":-0.5,"ids":[2, 1e20]}"#, "field 'ids.1': the number does not fit"),
        // Of several that do not fit, the first is named.
        (#"{"hidden_size":16.5,"loss":1,"ids":[2, -1]}"#, "field 'hidden_size': the number does not fit"),
        (#"{"hidden_size":16,"loss":1,"ids":[1]"#, "not valid JSON"),
    ])
    func errorsNameTheProblem(text: String, expected: String) {
        let error = #expect(throws: MetadataJSONError.self) { try MetadataJSON.decode(Record.self, from: text) }
        #expect(error?.problem.hasPrefix(expected) == true, "\(error?.problem ?? "")")
    }

    /// Many numbers that are not counts: the bisection keeps the first k of them, zeroes the rest in one pass per
    /// step, and names the first that does not fit. Its speed is not timed here.
    @Test func manyNumbersThatDoNotFitAreExplained() {
        let text = #"{"hidden_size":16,"loss":1,"ids":["# + Array(repeating: "-1.5", count: 2_000).joined(separator: ",") + "]}"
        let error = #expect(throws: MetadataJSONError.self) { try MetadataJSON.decode(Record.self, from: text) }
        #expect(error?.problem.hasPrefix("field 'ids.0': the number does not fit") == true, "\(error?.problem ?? "")")
    }
}
