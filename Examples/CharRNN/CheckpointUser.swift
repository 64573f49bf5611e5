import CommandLineSupport
import Foundation
import RNNKit

/// Loads a checkpoint and calls `body` with its model, built for the checkpoint's cell.
protocol CheckpointUser {
    func use<Cell: BuiltinCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float
}

extension CheckpointUser {
    /// Reads `path` (``DefaultCheckpoint/best`` when nil) and builds its model for the checkpoint's cell.
    func withModel(at path: String?) throws {
        if path == nil && !FileManager.default.fileExists(atPath: DefaultCheckpoint.best) {
            let file = FileManager.default.fileExists(atPath: DefaultCheckpoint.latest) ? DefaultCheckpoint.latest : "FILE"
            throw UsageError("no --checkpoint given, and no \(DefaultCheckpoint.best) here (where `char-rnn train` writes "
                + "without --checkpoint-dir); give --checkpoint \(file)")
        }
        let checkpoint = try LanguageModelCheckpoint(contentsOf: path ?? DefaultCheckpoint.best)
        try use(checkpoint.config.cell.cellType(Float.self), checkpoint)
    }

    /// Builds the checkpoint's model of `Cell` and calls `use`.
    private func use<Cell: BuiltinCell>(_: Cell.Type, _ checkpoint: LanguageModelCheckpoint) throws where Cell.Scalar == Float {
        try use(checkpoint.model(Cell.self), checkpoint)
    }
}

extension RunError {
    /// A checkpoint's model whose scores are not finite numbers `at` some point: its weights are finite (loading
    /// checks that) but large enough to overflow Float on the way.
    static func scoresNotFinite(_ at: String) -> RunError {
        RunError("the model's scores \(at) are not finite: its weights, though finite, overflow Float on the way")
    }
}
