import Foundation

/// The `corpora` folder that comes with RNNKit, found from a working folder as the commands look for it.
public enum BuiltinCorpora {
    /// The current folder in messages: "the current folder (/path)", or for a folder deleted while in use
    /// (whose path reads as "") "the current folder, which no longer exists,".
    public static var currentFolder: String {
        let path = FileManager.default.currentDirectoryPath
        return path.isEmpty ? "the current folder, which no longer exists," : "the current folder (\(path))"
    }

    /// `corpora/<relative>` in `directory` or its nearest parent that has it (a folder when `folder`, else a file);
    /// nil when none has, or when `directory` is not an absolute path (the current folder is "" once it is deleted).
    public static func find(_ relative: String, folder: Bool,
                            from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard directory.hasPrefix("/") else { return nil }
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("corpora/\(relative)").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue == folder { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
