import Testing
@testable import RNNKit

/// A forecast network predicts from its stack's final h without forming the outputs of every step; its
/// predictions must be those of the network read at the last step on a recording tape, bit for bit.
@Suite struct ForecastNetworkPredictTests {
    @Test(arguments: [CellKind.lstm, .gru, .rnn], [1, 2])
    func predictMatchesTheRecordedNetwork(cell: CellKind, layers: Int) {
        var config = ForecastConfig()
        (config.cell, config.hidden, config.layers, config.dropout) = (cell, 5, layers, layers > 1 ? 0.2 : 0)
        var generator = SeededGenerator(seed: 11)
        // I = 1 (the value) and 5 (with two calendar cycles).
        for inputSize in [1, 5] {
            let network = ForecastNetwork(config: config, inputSize: inputSize, outputs: 3, prefix: "m0", generator: &generator)
            // B = 9 windows of L = 6: two groups of samples on two compute threads.
            let (B, L) = (9, 6)
            let inputs: [Float] = (0..<(B * L * inputSize)).map { _ in generator.uniform(-2, 2) }
            let tape = Tape<Float>(training: false)
            let recorded = network(tape.variable(Tensor(shape: [B, L, inputSize], scalars: inputs))).value
            let predicted = network.predict(inputs, batch: B)
            #expect(predicted.shape == [B, 3])
            let same = predicted.scalars.map(\.bitPattern) == recorded.scalars.map(\.bitPattern)
            #expect(same, "\(cell), \(layers) layers, \(inputSize) inputs")
        }
    }
}
