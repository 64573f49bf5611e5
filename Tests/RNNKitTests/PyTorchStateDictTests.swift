import Foundation
import Testing
import RNNKit

/// A state_dict saved by PyTorch with safetensors (Fixtures/make_parity_fixtures.py) loads by name, strictly:
/// `nn.LSTM(4, 6, num_layers=2, bidirectional=True, proj_size=4, bias=False)` as `lstm.*` and
/// `nn.GRU(4, 6, bias=False)` as `gru.*`, with an input x [3, 5, 4] and the LSTM's output for it.
@Suite struct PyTorchStateDictTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pytorch_state_dict.safetensors")

    @Test func stacksWithoutBiasesAndWithAProjectionLoadByNameAndGivePyTorchsOutput() throws {
        let file = try SafetensorsFile(contentsOf: Self.url)
        var g = SeededGenerator(seed: 1)
        let lstm = LSTM<Float>(inputSize: 4, hiddenSize: 6, layers: 2, bidirectional: true, bias: false, projectionSize: 4,
                               name: "lstm", generator: &g)
        let gru = GRU<Float>(inputSize: 4, hiddenSize: 6, bias: false, name: "gru", generator: &g)
        #expect(lstm.parameters.map(\.name) == ["lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.weight_hr_l0",
                                                "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.weight_hr_l0_reverse",
                                                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.weight_hr_l1",
                                                "lstm.weight_ih_l1_reverse", "lstm.weight_hh_l1_reverse", "lstm.weight_hr_l1_reverse"])
        #expect(gru.parameters.map(\.name) == ["gru.weight_ih_l0", "gru.weight_hh_l0"])
        // Strict for every tensor of the two modules: none missing, none of another shape, none left over.
        try file.load(into: lstm.parameters + gru.parameters, unexpected: .allow(prefixes: ["input", "lstm_output"]))
        for p in lstm.parameters + gru.parameters {
            #expect(AnyTensor(p.value) == file.tensors[p.name], "\(p.name)")
        }

        let x = try file.tensor(named: "input", as: Float.self)
        let expected = try file.tensor(named: "lstm_output", as: Float.self)
        let (y, state) = lstm(Tape<Float>(recording: false).constant(x))
        #expect(y.shape == [3, 5, 8] && expected.shape == [3, 5, 8])
        #expect(state.allSatisfy { $0.map(\.shape) == [[3, 4], [3, 6]] })
        #expect(zip(y.value.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
