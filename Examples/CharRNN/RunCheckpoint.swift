import CommandLineSupport
import Foundation
import RNNKit

/// A checkpoint named by a file or by the folder of a run (its --checkpoint-dir), in which `sample`, `evaluate` and
/// `train --init-from` take `best.safetensors`, the model of the lowest validation loss, and `train --resume` takes `latest.safetensors`,
/// the run as it last stood. A folder with only the other file is refused, naming it: `latest` without `best` is a
/// run stopped before its first evaluation, whose model was never scored.
enum RunCheckpoint {
    /// `path` as given when it is not a folder (a file, or nothing: reading it says so); in a folder, its `best.safetensors`,
    /// or its `latest.safetensors` when `latest`.
    /// - Throws: ``RunError`` naming `flag` when the folder lacks that file.
    static func resolved(_ path: String, flag: String, latest: Bool) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return path }
        return try file(in: path, latest: latest) { wanted, other in
            RunError("\(flag) \(path) is a folder with " + (other.map { "no \(PathText.name(of: wanted)) but \(PathText.name(of: $0)): give \(flag) \($0.asShellWord)" }
                ?? "neither best.safetensors nor latest.safetensors"))
        }
    }

    /// The path of `best.safetensors` (or `latest.safetensors` when `latest`) in `folder`.
    /// - Throws: the error `missing` makes of the path wanted and of the other file's path, nil when it is missing too.
    static func file(in folder: String, latest: Bool, missing: (_ wanted: String, _ other: String?) -> Error) throws -> String {
        let files = LanguageModelCheckpoint.runFiles(in: folder)
        let (wanted, other) = latest ? (files.latest, files.best) : (files.best, files.latest)
        guard !FileManager.default.fileExists(atPath: wanted) else { return wanted }
        throw missing(wanted, FileManager.default.fileExists(atPath: other) ? other : nil)
    }
}
