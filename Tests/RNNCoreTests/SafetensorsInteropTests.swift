import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// Files written by PyTorch's `safetensors` (Fixtures/safetensors/interop.py),
/// and a file for that script to check in the other direction.
@Suite struct SafetensorsInteropTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/safetensors")

    /// The state_dict names and shapes of interop.py's `CharModel`
    /// (vocabulary 5, embedding 3, one LSTM layer of hidden size 2).
    static let charModelShapes: [(String, [Int])] = [
        ("embed.weight", [5, 3]),
        ("head.bias", [5]),
        ("head.weight", [5, 2]),
        ("rnn.bias_hh_l0", [8]),
        ("rnn.bias_ih_l0", [8]),
        ("rnn.weight_hh_l0", [8, 2]),
        ("rnn.weight_ih_l0", [8, 3]),
    ]

    /// Parameters holding interop.py's formula: tensor t (name order), element k is t + k/64.
    static func formulaParameters() -> [Parameter<Float>] {
        charModelShapes.enumerated().map { t, entry in
            let count = entry.1.reduce(1, *)
            let scalars = (0..<count).map { Float(t) + Float($0) / 64 }
            return Parameter(name: entry.0, value: Tensor(shape: entry.1, scalars: scalars))
        }
    }

    @Test func readsPyTorchCharModel() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("char_model.safetensors"))
        #expect(file.metadata == ["format": "pt", "model": "char-lstm", "vocab": "abcde"])
        #expect(file.tensors.keys.sorted() == Self.charModelShapes.map(\.0))
        let expected = Self.formulaParameters()
        for parameter in expected {
            #expect(file.tensors[parameter.name] == .float32(parameter.value), "\(parameter.name)")
        }
        // The same parameters, zeroed, load back to the formula values.
        let model = Self.charModelShapes.map { Parameter<Float>(name: $0.0, value: Tensor(zeros: $0.1)) }
        try file.load(into: model)
        #expect(zip(model, expected).allSatisfy { $0.value == $1.value })
    }

    @Test func writesTheSameLayoutAsPyTorch() throws {
        let pythonBytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("char_model.safetensors"))
        let swiftBytes = SafetensorsFile(
            parameters: Self.formulaParameters(),
            metadata: ["format": "pt", "model": "char-lstm", "vocab": "abcde"]).serialized()
        // Python orders metadata keys by hash, so compare the header by length
        // and content, and the data buffer byte for byte.
        let python = headerText(of: pythonBytes)
        let swift = headerText(of: swiftBytes)
        #expect(python.length == swift.length)
        #expect(pythonBytes.count == swiftBytes.count)
        #expect(pythonBytes.suffix(from: 8 + python.length) == swiftBytes.suffix(from: 8 + swift.length))
        #expect(try SafetensorsFile(data: pythonBytes) == SafetensorsFile(data: swiftBytes))
    }

    @Test func readsHalfAndDoublePrecisionFromPyTorch() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("dtypes.safetensors"))
        // interop.py stores [-2, -0.5, 0, 1/3, 1, -inf]; 1/3 rounds to the nearest of each type.
        let f16 = try file.tensor(named: "f16", as: Float.self)
        #expect(f16.scalars == [-2, -0.5, 0, 0x1.554p-2, 1, -.infinity])
        let bf16 = try file.tensor(named: "bf16", as: Float.self)
        #expect(bf16.scalars == [-2, -0.5, 0, 0x1.56p-2, 1, -.infinity])
        #expect(file.tensors["f64"] == .float64(Tensor(shape: [2, 3], scalars: [-2, -0.5, 0, 1.0 / 3.0, 1, -.infinity])))
    }

    /// Integer and boolean tensors read as Float64, exactly up to 2^53 (2^53 + 1 rounds to 2^53).
    @Test func readsIntegerAndBooleanTensorsFromPyTorch() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("integers.safetensors"))
        let expected: [(String, [Double])] = [
            ("i64", [-2, 0, 0x1p53, 0x1p53]), ("i32", [-0x1p31, 7, 0x1p31 - 1, 0]), ("i16", [-300]), ("i8", [-128, 127]),
            ("u8", [0, 255]), ("bool", [1, 0, 1]), ("model.1.num_batches_tracked", [1]),
        ]
        for (name, values) in expected {
            guard case .float64(let t)? = file.tensors[name] else { Issue.record("\(name): \(String(describing: file.tensors[name]))"); continue }
            #expect(t.scalars == values, "\(name)")
        }
        #expect(file.tensors["i32"]?.shape == [2, 2] && file.tensors["model.1.num_batches_tracked"]?.shape == [])
    }

    /// PyTorch's Linear → BatchNorm1d → Linear, its running statistics and integer batch count included,
    /// loads and gives PyTorch's output in evaluation mode.
    @Test func loadsAPyTorchModelWithBatchNorm() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("integers.safetensors"))
        var g = SeededGenerator(seed: 1)
        let first = Linear<Float>(inputSize: 3, outputSize: 4, name: "model.0", generator: &g)
        let norm = BatchNorm<Float>(featureCount: 4, name: "model.1")
        let last = Linear<Float>(inputSize: 4, outputSize: 2, name: "model.2", generator: &g)
        let model = Sequential<Float>([first, norm, last])
        try file.load(into: model.parameters, buffers: model.buffers, unexpected: .allow(prefixes: ["i", "o", "u", "bool"]))
        let tape = Tape<Float>(recording: false)
        let y = model(tape.constant(try file.tensor(named: "input")))
        let expected = try file.tensor(named: "output", as: Float.self)
        #expect(y.shape == expected.shape && zip(y.value.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-6 }, "\(y.value)")
        #expect(norm.running.batchesTracked == 1)
    }

    /// The same model built without names: Sequential names it as `nn.Sequential` does, so the file's tensors under
    /// `model.` are, without that prefix, its `state_dict` exactly (a strict load) and give PyTorch's output.
    @Test func anUnnamedSequentialHasPyTorchsNames() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("integers.safetensors"))
        var g = SeededGenerator(seed: 1)
        let model = Sequential<Float>([Linear(inputSize: 3, outputSize: 4, generator: &g), BatchNorm(featureCount: 4),
                                       Linear(inputSize: 4, outputSize: 2, generator: &g)])
        let prefix = "model."
        let stateDict = SafetensorsFile(tensors: Dictionary(uniqueKeysWithValues: file.tensors.compactMap { name, tensor in
            name.hasPrefix(prefix) ? (String(name.dropFirst(prefix.count)), tensor) : nil
        }))
        try stateDict.load(into: model.parameters, buffers: model.buffers)
        let y = model(Tape<Float>(recording: false).constant(try file.tensor(named: "input")))
        let expected = try file.tensor(named: "output", as: Float.self)
        #expect(y.shape == expected.shape && zip(y.value.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-6 }, "\(y.value)")
    }

    /// Writes the file `interop.py verify` checks. Set RNNKIT_SAFETENSORS_EXPORT
    /// to a path to keep it there; otherwise it goes to a temporary folder.
    @Test func writesFileThatPythonReads() throws {
        let dir = try TemporaryDirectory()
        let url = ProcessInfo.processInfo.environment["RNNKIT_SAFETENSORS_EXPORT"].map { URL(fileURLWithPath: $0) }
            ?? dir.file("swift_written.safetensors")
        var file = SafetensorsFile(parameters: Self.formulaParameters(), metadata: ["written_by": "RNNKit", "step": "42"])
        file.tensors["optimizer.step"] = AnyTensor(Tensor<Double>(shape: [1], scalars: [42]))
        try file.write(to: url)
        #expect(try SafetensorsFile(contentsOf: url) == file)
    }
}
