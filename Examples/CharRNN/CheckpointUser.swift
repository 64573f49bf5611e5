import CommandLineSupport
import Foundation
import RNNKit

/// Loads a checkpoint and calls `body` with its model, built for the checkpoint's cell.
protocol CheckpointUser {
    func use<Cell: LanguageModelCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float
}

extension CheckpointUser {
    /// Reads `path` (``DefaultCheckpoint/best`` when nil) and switches on its cell once.
    func withModel(at path: String?) throws {
        if path == nil && !FileManager.default.fileExists(atPath: DefaultCheckpoint.best) {
            let file = FileManager.default.fileExists(atPath: DefaultCheckpoint.latest) ? DefaultCheckpoint.latest : "FILE"
            throw UsageError("no --checkpoint given, and no \(DefaultCheckpoint.best) here (where `char-rnn train` writes "
                + "without --checkpoint-dir); give --checkpoint \(file)")
        }
        let checkpoint = try LanguageModelCheckpoint(contentsOf: path ?? DefaultCheckpoint.best)
        switch checkpoint.config.cell {
        case .lstm: try use(checkpoint.model(LSTMCell<Float>.self), checkpoint)
        case .gru: try use(checkpoint.model(GRUCell<Float>.self), checkpoint)
        case .rnn: try use(checkpoint.model(ElmanCell<Float>.self), checkpoint)
        }
    }
}
