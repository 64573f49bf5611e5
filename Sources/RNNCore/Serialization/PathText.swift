import Foundation

/// Paths split and joined as text, the way the system reads them: the folder is everything
/// before the last `/`. (Foundation's `NSString` path methods trap on some one-character
/// names on Linux, and `URL.path` removes `..` as text.)
public enum PathText {
    /// The folder part, as `dirname` gives it: "." for a bare name (`m`), "/" for a name at the root (`/m`).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The part after the last `/`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `name` in `folder` ("" for the current folder), with one slash between them however many `folder` ends in
    /// (`ck//` gives `ck/name`, `/` gives `/name`).
    public static func joining(_ folder: String, _ name: String) -> String {
        guard !folder.isEmpty else { return name }
        var trimmed = Substring(folder)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed == "/" ? "/" + name : trimmed + "/" + name
    }

    /// `path` from the root: a relative one in the current folder, with its `..` kept for the system to resolve.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
