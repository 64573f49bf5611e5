import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// `Sequential` names the layers built without a name by their index, as `nn.Sequential` does, and keeps given names.
@Suite struct SequentialNamingTests {
    /// Linear(2, 3) → Tanh → Linear(3, 2), no layer named.
    private func unnamedMLP(seed: UInt64) -> Sequential<Double> {
        var g = SeededGenerator(seed: seed)
        return Sequential([Linear(inputSize: 2, outputSize: 3, generator: &g), Tanh(), Linear(inputSize: 3, outputSize: 2, generator: &g)])
    }

    /// The names of `[k for k, _ in nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2)).named_parameters()]`,
    /// and of the same with a Sequential at index 1 (PyTorch's `1.0.weight`).
    @Test func unnamedLayersAreNamedAsPyTorchNamesThem() {
        #expect(unnamedMLP(seed: 1).parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        var g = SeededGenerator(seed: 2)
        let nested = Sequential<Double>([Linear(inputSize: 2, outputSize: 3, generator: &g),
                                         Sequential([ReLU(), Linear(inputSize: 3, outputSize: 3, generator: &g)]),
                                         Sequential([Sequential([Linear(inputSize: 3, outputSize: 1, bias: false, generator: &g)])])])
        #expect(nested.parameters.map(\.name) == ["0.weight", "0.bias", "1.1.weight", "1.1.bias", "2.0.0.weight"])
    }

    /// A layer given a name keeps it, wherever it stands and however deep; the others take their index.
    @Test func givenNamesAreKept() {
        var g = SeededGenerator(seed: 3)
        let model = Sequential<Double>([Linear(inputSize: 2, outputSize: 3, name: "encoder", generator: &g), Tanh(),
                                        Linear(inputSize: 3, outputSize: 3, generator: &g),
                                        Sequential([Linear(inputSize: 3, outputSize: 2, name: "head", generator: &g)]),
                                        LayerNorm(featureCount: 2, name: "0")])
        #expect(model.parameters.map(\.name) == ["encoder.weight", "encoder.bias", "2.weight", "2.bias", "head.weight", "head.bias",
                                                 "0.weight", "0.bias"])
    }

    /// A named Sequential puts its name before the indices, as a module's attribute `self.net = nn.Sequential(…)` does,
    /// keeps its layers' given names, and keeps its names inside another Sequential; its BatchNorm's buffers follow.
    @Test func aNamedSequentialPrefixesItsIndices() {
        var g = SeededGenerator(seed: 8)
        let net = Sequential<Double>([Linear(inputSize: 2, outputSize: 3, generator: &g), BatchNorm(featureCount: 3), Tanh(),
                                      Linear(inputSize: 3, outputSize: 2, name: "head", generator: &g)], name: "net")
        #expect(net.parameters.map(\.name) == ["net.0.weight", "net.0.bias", "net.1.weight", "net.1.bias", "head.weight", "head.bias"])
        #expect(net.buffers.map(\.name).prefix(2) == ["net.1.running_mean", "net.1.running_var"])
        let outer = Sequential<Double>([Tanh(), net, Linear(inputSize: 2, outputSize: 1, generator: &g)])
        #expect(outer.parameters.map(\.name) == ["net.0.weight", "net.0.bias", "net.1.weight", "net.1.bias", "head.weight", "head.bias",
                                                  "2.weight", "2.bias"])
        let nested = Sequential<Double>([Sequential([Linear(inputSize: 2, outputSize: 2, generator: &g)])], name: "encoder")
        #expect(nested.parameters.map(\.name) == ["encoder.0.0.weight", "encoder.0.0.bias"])
    }

    /// The parameters are shared references: a layer kept in a variable shows the name its Sequential gave, keeps it in
    /// another Sequential, and a layer listed twice is one set of parameters whose gradient sums both uses.
    @Test func aLayerUsedInTwoPlacesKeepsItsFirstName() {
        var g = SeededGenerator(seed: 4)
        let shared = Linear<Double>(inputSize: 3, outputSize: 3, generator: &g)
        let first = Sequential<Double>([Tanh(), shared])
        #expect(shared.weight.name == "1.weight")
        let second = Sequential<Double>([shared, Sequential([shared])])
        #expect(second.parameters.map(\.name) == ["1.weight", "1.bias"] && first.parameters.map(\.name) == ["1.weight", "1.bias"])

        let inner = Sequential<Double>([Linear(inputSize: 3, outputSize: 3, generator: &g)])
        let outer = Sequential<Double>([Tanh(), inner]), other = Sequential<Double>([inner])
        #expect(outer.parameters.map(\.name) == ["1.0.weight", "1.0.bias"] && other.parameters.map(\.name) == ["1.0.weight", "1.0.bias"])

        let twice = Sequential<Double>([shared, Tanh(), shared])
        #expect(twice.parameters.count == 2 && twice.parameters.allSatisfy { $0 === shared.weight || $0 === shared.bias })
        randomize(twice.parameters, seed: 5)
        expectGradientsMatch([seededTensor([4, 3], seed: 6)], parameters: twice.parameters) { _, x in twice(x[0]) }
    }

    /// An optimizer takes an unnamed model (two `weight`s used to trap) and keys its state by the names.
    @Test func anOptimizerAcceptsAnUnnamedModel() {
        let model = unnamedMLP(seed: 7)
        let optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
        let x = Tensor<Double>(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1]), labels = [0, 1, 1, 0]
        var losses: [Double] = []
        for _ in 0..<20 {
            let tape = Tape<Double>()
            let loss = Loss.crossEntropy(logits: model(tape.constant(x)), targets: labels)
            optimizer.zeroGrad()
            tape.backward(from: loss)
            optimizer.step()
            losses.append(loss.scalar)
        }
        #expect(losses.last! < losses.first! - 0.1, "\(losses)")
        #expect(optimizer.exportState().tensors.keys.contains("optimizer.exp_avg.2.weight"))
    }

    /// An unnamed model with batch normalization goes through a safetensors file under its positional names, running
    /// statistics included, and evaluates the same after loading.
    @Test func anUnnamedModelRoundTripsThroughSafetensors() throws {
        func model(seed: UInt64) -> Sequential<Double> {
            var g = SeededGenerator(seed: seed)
            return Sequential([Linear(inputSize: 3, outputSize: 4, generator: &g), BatchNorm(featureCount: 4), ReLU(),
                               Linear(inputSize: 4, outputSize: 2, generator: &g)])
        }
        let trained = model(seed: 8), x = seededTensor([5, 3], seed: 9)
        _ = trained(Tape<Double>().constant(x))  // one step of the running statistics
        let dir = try TemporaryDirectory()
        try SafetensorsFile(parameters: trained.parameters, buffers: trained.buffers).write(to: dir.file("m.safetensors"))
        let file = try SafetensorsFile(contentsOf: dir.file("m.safetensors"))
        #expect(file.tensors.keys.sorted() == ["0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var",
                                               "1.weight", "3.bias", "3.weight"])
        let loaded = model(seed: 10)
        try file.load(into: loaded.parameters, buffers: loaded.buffers)
        let eval = { (m: Sequential<Double>) in m(Tape<Double>(recording: false).constant(x)).value }
        #expect(eval(loaded) == eval(trained) && eval(loaded) != eval(model(seed: 10)))
    }
}
