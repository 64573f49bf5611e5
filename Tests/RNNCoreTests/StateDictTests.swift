import Foundation
import Testing
import _TestSupport
@testable import RNNCore

@Suite struct StateDictTests {
    /// A two-layer bidirectional-style parameter list with PyTorch names; values from `seed`.
    static func parameters<Scalar: TensorScalar>(_ type: Scalar.Type = Scalar.self, seed: UInt64) -> [Parameter<Scalar>] {
        var generator = SeededGenerator(seed: seed)
        let shapes: [(String, [Int])] = [
            ("embed.weight", [6, 3]),
            ("rnn.weight_ih_l0", [8, 3]),
            ("rnn.weight_hh_l0", [8, 2]),
            ("rnn.bias_hh_l1_reverse", [8]),
            ("head.weight", [6, 2]),
        ]
        return shapes.map { name, shape in
            let scalars = (0..<shape.reduce(1, *)).map { _ in generator.uniform(Scalar(-1), Scalar(1)) }
            return Parameter(name: name, value: Tensor(shape: shape, scalars: scalars))
        }
    }

    /// Two layers made without a name share their parameters' names: saving or loading them stops and says to name the layers.
    @Test func layersOfOneNameTrapWithAHint() async {
        for loading in [false, true] {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [loading = loading as Bool] in
                var generator = SeededGenerator(seed: 1)
                let first = Linear<Float>(inputSize: 3, outputSize: 2, generator: &generator)
                let second = Linear<Float>(inputSize: 2, outputSize: 1, generator: &generator)
                let parameters = first.parameters + second.parameters
                if loading {
                    try? SafetensorsFile(parameters: first.parameters).load(into: parameters)
                } else {
                    _ = SafetensorsFile(parameters: parameters)
                }
            }
            #expect(trapMessage(result).contains("two parameters or buffers are named \"weight\"; give each layer a name of its own"))
            #expect(trapMessage(result).contains("or list the layers in a Sequential"))
        }
    }

    @Test func savesAndLoadsParametersWithMetadataAndExtras() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("checkpoint.safetensors")
        let saved = Self.parameters(Float.self, seed: 1)
        var file = SafetensorsFile(parameters: saved, metadata: ["epoch": "3"])
        file.tensors["optimizer.adam.m.head.weight"] = AnyTensor(Tensor<Float>(zeros: [6, 2]))
        try file.write(to: url)

        let loaded = Self.parameters(Float.self, seed: 2)
        #expect(loaded[0].value != saved[0].value)
        let read = try SafetensorsFile(contentsOf: url)
        try read.load(into: loaded, unexpected: .allow(prefixes: ["optimizer."]))
        for (a, b) in zip(loaded, saved) { #expect(a.value == b.value, "\(a.name)") }
        #expect(read.metadata["epoch"] == "3")
        #expect(try read.tensor(named: "optimizer.adam.m.head.weight", as: Float.self) == Tensor(zeros: [6, 2]))
    }

    @Test func loadsDoubleFileIntoFloatParametersAndBack() throws {
        let doubles = Self.parameters(Double.self, seed: 3)
        let file = try SafetensorsFile(data: SafetensorsFile(parameters: doubles).serialized())
        let floats = Self.parameters(Float.self, seed: 4)
        try file.load(into: floats)
        for (f, d) in zip(floats, doubles) {
            #expect(f.value == Tensor<Float>(d.value))
            let error = zip(f.value.scalars, d.value.scalars).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(error <= 1e-7)
        }
    }

    @Test func reportsEveryMismatchAndChangesNothing() throws {
        let saved = Self.parameters(Float.self, seed: 5)
        var file = SafetensorsFile(parameters: Array(saved.dropFirst()))   // no embed.weight
        file.tensors["head.weight"] = AnyTensor(Tensor<Float>(zeros: [6, 4]))  // wrong shape
        file.tensors["stray"] = AnyTensor(Tensor<Float>(zeros: [1]))
        file.source = "ckpt.safetensors"

        let target = Self.parameters(Float.self, seed: 6)
        let before = target.map(\.value)
        let error = try #require(throws: StateDictError.self) { try file.load(into: target) }
        #expect(error.file == "ckpt.safetensors")
        #expect(error.missing == [.init(name: "embed.weight", shape: [6, 3])])
        #expect(error.wrongShapes == [.init(name: "head.weight", expected: [6, 2], found: [6, 4])])
        #expect(error.unexpected == [.init(name: "stray", shape: [1])])
        #expect(error.found.map(\.name) == file.tensors.keys.sorted())
        for needle in ["ckpt.safetensors", "embed.weight", "[6, 2]", "[6, 4]", "stray", "rnn.weight_ih_l0 [8, 3]"] {
            #expect(error.description.contains(needle), "\(needle)")
        }
        #expect(target.map(\.value) == before)
    }

    /// Names that differ only by a prefix (a bare `nn.LSTM` state_dict loaded into a stack named `rnn`) are said to,
    /// before the missing and unexpected lines.
    @Test func namesThatDifferByAPrefixAreNamedSo() throws {
        let bare = [Parameter<Float>(name: "weight_ih_l0", value: Tensor(zeros: [8, 3])), Parameter<Float>(name: "bias_ih_l0", value: Tensor(zeros: [8]))]
        let named = [Parameter<Float>(name: "rnn.weight_ih_l0", value: Tensor(zeros: [8, 3])), Parameter<Float>(name: "rnn.bias_ih_l0", value: Tensor(zeros: [8]))]
        let lacking = try #require(throws: StateDictError.self) { try SafetensorsFile(parameters: bare).load(into: named) }
        #expect(lacking.problems.first == "every parameter's name is a tensor's with \"rnn.\" before it: name the layer to match the file "
                + "(name: \"\" for none), or rename the tensors")
        let extra = try #require(throws: StateDictError.self) { try SafetensorsFile(parameters: named).load(into: bare) }
        #expect(extra.problems.first == "every tensor's name is a parameter's with \"rnn.\" before it: name the layer to match the file "
                + "(name: \"rnn\"), or rename the tensors")
        // Other mismatches get no such line.
        let other = try #require(throws: StateDictError.self) { try SafetensorsFile(parameters: Array(bare.prefix(1))).load(into: named) }
        #expect(other.problems.first?.hasPrefix("missing parameter") == true)
    }

    /// A model with BatchNorm saved without its buffers and loaded with them: the lines call the running statistics
    /// buffers, and a first line says the file was saved without them and what to do.
    @Test func aFileSavedWithoutBuffersSaysSo() throws {
        var g = SeededGenerator(seed: 1)
        let model = Sequential<Float>([Linear(inputSize: 2, outputSize: 3, generator: &g), BatchNorm(featureCount: 3)])
        let file = SafetensorsFile(parameters: model.parameters)
        let error = try #require(throws: StateDictError.self) { try file.load(into: model.parameters, buffers: model.buffers) }
        #expect(error.problems.first == "the file holds none of the buffers (a BatchNorm's running statistics): it was saved "
                + "without them; save with SafetensorsFile(parameters:buffers:), or load with buffers: [] to keep this model's")
        #expect(error.problems.dropFirst().first == "missing buffer \"1.running_mean\" (expected shape [3])")
        try file.load(into: model.parameters)
    }

    /// A file with a model's buffers or an optimizer's state, loaded into the parameters alone: a first line says how
    /// to load it as it is.
    @Test func buffersAndOptimizerStateLeftOverSaySo() throws {
        var g = SeededGenerator(seed: 1)
        let model = Sequential<Float>([Linear(inputSize: 2, outputSize: 3, generator: &g), BatchNorm(featureCount: 3)])
        let optimizer = Adam(parameters: model.parameters)
        var withState = SafetensorsFile(parameters: model.parameters)
        withState.store(optimizer.exportState())
        let state = try #require(throws: StateDictError.self) { try withState.load(into: model.parameters) }
        #expect(state.problems.first == "the file holds an optimizer's state as well as the parameters: load with "
                + "unexpected: .allow(prefixes: [\"optimizer.\"]), to leave its optimizer state to restoreState")
        try withState.load(into: model.parameters, unexpected: .allow(prefixes: ["optimizer."]))

        let withBuffers = SafetensorsFile(parameters: model.parameters, buffers: model.buffers)
        let buffers = try #require(throws: StateDictError.self) { try withBuffers.load(into: model.parameters) }
        #expect(buffers.problems.first == "the file holds buffers as well as the parameters: load with buffers: model.buffers, "
                + "to take its running statistics (a BatchNorm's)")
        try withBuffers.load(into: model.parameters, buffers: model.buffers)

        var both = withBuffers
        both.store(optimizer.exportState())
        let error = try #require(throws: StateDictError.self) { try both.load(into: model.parameters) }
        #expect(error.problems.first?.hasPrefix("the file holds buffers and an optimizer's state as well as the parameters: load with "
                + "buffers: model.buffers, to take its running statistics (a BatchNorm's) and with unexpected: ") == true)
        // Other tensors left over get no such line.
        var stray = withState
        stray.tensors["stray"] = AnyTensor(Tensor<Float>(zeros: [1]))
        let other = try #require(throws: StateDictError.self) { try stray.load(into: model.parameters) }
        #expect(other.problems.first?.hasPrefix("unexpected tensor") == true)
    }

    @Test func nonFiniteValuesAreRefusedAndChangeNothing() throws {
        let doubles = Self.parameters(Double.self, seed: 11)
        var file = SafetensorsFile(parameters: doubles)
        var poisoned = doubles[1].value.scalars
        poisoned[3] = .nan
        file.tensors["rnn.weight_ih_l0"] = AnyTensor(Tensor(shape: [8, 3], scalars: poisoned))
        var huge = doubles[4].value.scalars
        huge[0] = 1e300  // finite in F64, infinite as Float
        file.tensors["head.weight"] = AnyTensor(Tensor(shape: [6, 2], scalars: huge))

        let target = Self.parameters(Float.self, seed: 12)
        let before = target.map(\.value)
        let error = try #require(throws: StateDictError.self) { try file.load(into: target) }
        #expect(error.nonFinite == ["rnn.weight_ih_l0", "head.weight"])
        #expect(error.description.contains("parameter \"head.weight\" holds NaN or infinite values"))
        #expect(target.map(\.value) == before)
        try file.load(into: Self.parameters(Double.self, seed: 12).suffix(1), unexpected: .ignore)  // 1e300 is finite as F64
    }

    @Test func unexpectedTensorPolicy() throws {
        let saved = Self.parameters(Float.self, seed: 7)
        var file = SafetensorsFile(parameters: saved)
        file.tensors["optimizer.step"] = AnyTensor(Tensor<Double>(1))
        file.tensors["other"] = AnyTensor(Tensor<Double>(1))
        let target = Self.parameters(Float.self, seed: 8)

        let rejected = try #require(throws: StateDictError.self) { try file.load(into: target) }
        #expect(rejected.unexpected.map(\.name) == ["optimizer.step", "other"])
        let partly = try #require(throws: StateDictError.self) {
            try file.load(into: target, unexpected: .allow(prefixes: ["optimizer."]))
        }
        #expect(partly.unexpected.map(\.name) == ["other"])
        try file.load(into: target, unexpected: .ignore)
        #expect(zip(target, saved).allSatisfy { $0.value == $1.value })
    }

    @Test func loadingASubsetIgnoresOtherParameters() throws {
        let saved = Self.parameters(Float.self, seed: 9)
        let file = SafetensorsFile(parameters: saved)
        let head = Array(Self.parameters(Float.self, seed: 10).suffix(1))
        try file.load(into: head, unexpected: .ignore)
        #expect(head[0].value == saved.last!.value)
    }

    /// The manual's early stopping: a file made in memory is PyTorch's `copy.deepcopy(model.state_dict())`, kept
    /// through more training (the optimizer's in-place updates and BatchNorm's running statistics do not reach it),
    /// and loading it is `load_state_dict`, into the same model or another of the same layout.
    @Test func aStateDictInMemoryKeepsTheBestEpochThroughTraining() throws {
        var generator = SeededGenerator(seed: 4)
        func model() -> Sequential<Float> {
            Sequential([Linear(inputSize: 2, outputSize: 4, generator: &generator), BatchNorm(featureCount: 4),
                        Tanh(), Linear(inputSize: 4, outputSize: 1, generator: &generator)])
        }
        let trained = model()
        let optimizer = Adam(parameters: trained.parameters, learningRate: 0.1)
        let x = Tensor<Float>(shape: [8, 2], scalars: (0..<16).map { Float($0 % 5) - 2 })
        let y = Tensor<Float>(shape: [8, 1], scalars: (0..<8).map { Float($0 % 3) })
        func epoch() {
            let tape = Tape<Float>(generator: generator.split())
            let loss = Loss.mse(trained(tape.constant(x)), y)
            optimizer.zeroGrad()
            tape.backward(from: loss)
            optimizer.step()
        }
        /// Every weight and running statistic of `m`, in its lists' order.
        func state(of m: Sequential<Float>) -> [Tensor<Float>] { m.parameters.map(\.value) + m.buffers.map(\.value) }
        epoch()
        let best = SafetensorsFile(parameters: trained.parameters, buffers: trained.buffers)
        let bestValues = state(of: trained)
        for _ in 0..<3 { epoch() }
        #expect(zip(state(of: trained), bestValues).allSatisfy { $0 != $1 })   // every weight and running statistic moved

        try best.load(into: trained.parameters, buffers: trained.buffers)
        #expect(state(of: trained) == bestValues)
        let other = model()
        try best.load(into: other.parameters, buffers: other.buffers)
        #expect(state(of: other) == bestValues)
    }
}
