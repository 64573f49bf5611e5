import Foundation
import RNNKit

/// The benchmark workloads, as defined in the shared `workloads.json`.
struct Workloads: Decodable {
    struct Train: Decodable {
        var name: String
        var cell: CellKind
        var vocab: Int
        var hidden: Int
        var layers: Int
        var batch: Int
        var seq: Int
    }
    struct Sample: Decodable {
        var name: String
        var cell: CellKind
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
        let spec: Workloads
        do {
            spec = try MetadataJSON.decode(Workloads.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw BenchError("\(path) is not a valid workloads file: \(error.problem)")
        }
        for w in spec.train {
            try requirePositive(["vocab": w.vocab, "hidden": w.hidden, "layers": w.layers, "batch": w.batch, "seq": w.seq], w.name, path)
        }
        for w in spec.sample {
            try requirePositive(["vocab": w.vocab, "hidden": w.hidden, "layers": w.layers, "tokens": w.tokens], w.name, path)
        }
        return spec
    }

    private static func requirePositive(_ values: [String: Int], _ name: String, _ path: String) throws {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where value <= 0 {
            throw BenchError("\(path): workload \(name) has \(key) \(value); it must be positive")
        }
    }
}

/// A result printed as one line of JSON, keys sorted.
protocol JSONLine: Encodable {}

extension JSONLine {
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

/// One result line, the same form as the PyTorch reference prints.
struct ResultLine: JSONLine {
    var name: String
    var impl = "rnnkit"
    var threads: Int
    var tokens_per_s: Double
    var steps: Int
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
