import Foundation
import RNNCore

/// Short char-rnn training runs in PyTorch, from Tests/RNNKitTests/Fixtures/char_training.json
/// (written by make_training_fixtures.py from the PyTorch reference's training loop): the
/// library's parity tests and the CLI's `--init-from` test replay them.
public struct TrainingFixture: Decodable, Sendable {
    /// One run: a model, its settings, PyTorch's initial weights and what training gave.
    public struct Case: Decodable, Sendable, CustomStringConvertible {
        public struct Param: Decodable, Sendable { public var shape: [Int]; public var data: [Float] }
        public var name, cell: String
        public var hidden, layers, batch, seq, steps: Int
        public var updates_per_epoch: Int
        public var lr, clip: Double
        /// PyTorch's initial weights by `state_dict` name.
        public var initial: [String: Param]
        /// The loss of every update.
        public var losses: [Double]
        /// The weights after the last update, flattened.
        public var final: [String: [Float]]
        public var val_loss: Double
        public var description: String { name }

        /// The initial weights as a safetensors file (what `torch`'s `save_file(model.state_dict())` writes).
        public var initialWeights: SafetensorsFile {
            SafetensorsFile(tensors: initial.mapValues { AnyTensor(Tensor(shape: $0.shape, scalars: $0.data)) })
        }
    }

    /// The training text every case uses.
    public var text: String
    public var cases: [Case]

    /// The fixture file, or nil when it is missing or does not decode.
    public static let shared: TrainingFixture? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RNNKitTests/Fixtures/char_training.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(TrainingFixture.self, from: data)
    }()
}
