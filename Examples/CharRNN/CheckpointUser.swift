import CommandLineSupport
import Foundation
import RNNKit

/// Loads a checkpoint and calls `body` with its model, built for the checkpoint's cell.
protocol CheckpointUser {
    func use<Cell: BuiltinCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float
}

extension CheckpointUser {
    /// Reads the checkpoint `path` names, a file or a run's folder (``RunCheckpoint``; ``DefaultCheckpoint/folder`` when
    /// nil), and builds its model for the checkpoint's cell.
    func withModel(at path: String?) throws {
        let file = try path.map { try RunCheckpoint.resolved($0, flag: "--checkpoint", latest: false) }
            ?? RunCheckpoint.file(in: DefaultCheckpoint.folder, latest: false) { wanted, other in
                UsageError("no --checkpoint given, and no \(wanted) here (where `char-rnn train` writes "
                    + "without --checkpoint-dir); give --checkpoint \(other?.asShellWord ?? "FILE")")
            }
        let checkpoint = try FlagFile.read("--checkpoint") { try LanguageModelCheckpoint(contentsOf: file) }
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
