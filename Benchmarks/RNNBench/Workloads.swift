import Foundation

/// The benchmark workloads, as defined in the shared `workloads.json`.
struct Workloads: Decodable {
    struct Train: Decodable {
        var name: String
        var cell: String
        var vocab: Int
        var hidden: Int
        var layers: Int
        var batch: Int
        var seq: Int
    }
    struct Sample: Decodable {
        var name: String
        var cell: String
        var vocab: Int
        var hidden: Int
        var layers: Int
        var tokens: Int
    }
    var train: [Train]
    var sample: [Sample]

    /// Reads and decodes the file, or throws a message naming it.
    static func load(_ path: String) throws -> Workloads {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError("cannot read workloads file \(path)")
        }
        do {
            return try JSONDecoder().decode(Workloads.self, from: data)
        } catch {
            throw BenchError("\(path) is not a valid workloads file: \(error)")
        }
    }
}

/// One result line, the same form as the PyTorch reference prints.
struct ResultLine: Encodable {
    var name: String
    var impl = "rnnkit"
    var threads: Int
    var tokens_per_s: Double
    var steps: Int

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
