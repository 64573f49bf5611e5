import ArgumentParser
import Foundation
import RNNKit

/// Runs the shared benchmark workloads and prints one JSON line per workload,
/// in the same form as the PyTorch reference (`"impl": "rnnkit"`).
@main
struct RNNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rnn-bench",
        abstract: "Training and sampling throughput on the shared benchmark workloads.")

    @Option(help: "The workloads file (workloads.json).")
    var workloads: String

    @Option(help: "Compute threads (RNNKit splits large products and the batch of each recurrent layer across them).")
    var threads: Int = 1

    @Option(help: "Seconds to time each training workload, after 3 warm-up steps.")
    var seconds: Double = 5

    @Option(parsing: .upToNextOption, help: "Run only these workloads.")
    var only: [String] = []

    @Flag(help: "Time each training workload's per-step recurrent products alone (W_hh shared by the threads, each taking its share of the batch), not the workloads.")
    var products = false

    func validate() throws {
        guard (1...computeThreadLimit).contains(threads) else { throw ValidationError("--threads must be from 1 to \(computeThreadLimit), got \(threads)") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive, got \(seconds)") }
    }

    func run() throws {
        let spec = try Workloads.load(workloads)
        setComputeThreads(threads)
        keepFreedMemoryForReuse()
        let known = Set(spec.train.map(\.name) + spec.sample.map(\.name))
        if let unknown = only.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown workload '\(unknown)'; the file defines \(known.sorted().joined(separator: ", "))")
        }
        if products, let sampling = only.first(where: { name in spec.sample.contains { $0.name == name } }) {
            throw ValidationError("--products times the training workloads' products; '\(sampling)' is a sampling workload")
        }
        for w in spec.train where only.isEmpty || only.contains(w.name) {
            if products { benchmarkProducts(w, threads: threads, seconds: seconds).forEach(emit) } else { emit(train(w)) }
        }
        for w in spec.sample where !products && (only.isEmpty || only.contains(w.name)) {
            emit(try sample(w))
        }
    }

    private func emit(_ line: some JSONLine) {
        // Lines go out one by one, so a comparison script can read them as they come.
        FileHandle.standardOutput.write(Data((line.json + "\n").utf8))
    }

    private func train(_ w: Workloads.Train) -> ResultLine {
        train(w.cell.cellType(Float.self), w)
    }

    private func train<Cell: BuiltinCell>(_: Cell.Type, _ w: Workloads.Train) -> ResultLine where Cell.Scalar == Float {
        var g = SeededGenerator(seed: 0)
        let stack = Cell.stack(inputSize: w.hidden, hiddenSize: w.hidden, layers: w.layers, dropout: 0, name: "rnn", generator: &g)
        return benchmarkTraining(w, stack: stack, generator: &g, seconds: seconds, threads: threads)
    }

    private func sample(_ w: Workloads.Sample) throws -> ResultLine {
        try sample(w.cell.cellType(Float.self), w)
    }

    private func sample<Cell: BuiltinCell>(_: Cell.Type, _ w: Workloads.Sample) throws -> ResultLine where Cell.Scalar == Float {
        var g = SeededGenerator(seed: 0)
        let stack = Cell.stack(inputSize: w.hidden, hiddenSize: w.hidden, layers: w.layers, dropout: 0, name: "rnn", generator: &g)
        return try benchmarkSampling(w, stack: stack, generator: &g, threads: threads)
    }
}
