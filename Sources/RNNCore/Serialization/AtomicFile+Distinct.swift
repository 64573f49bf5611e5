import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// A path a command reads or writes, with the option that named it (`--log`, `--data`).
    public typealias NamedPath = (option: String, path: String)

    /// Checks, before any work, that no output would replace an input or another output.
    ///
    /// ``write(_:to:)`` renames a new file over the target's folder entry, so an output is
    /// the same file as an input when both name one folder entry: inputs are compared with
    /// every symbolic link resolved, outputs with the links in their folder resolved (a link
    /// at an output is replaced, not followed). An output in a missing folder is compared as given.
    /// - Throws: ``FileClashError`` naming the two options and the path.
    public static func requireDistinct(outputs: [NamedPath], inputs: [NamedPath] = []) throws(FileClashError) {
        var seen: [String: NamedPath] = [:]
        for input in inputs { seen[canonical(input.path, followLink: true)] = input }
        for output in outputs {
            let key = canonical(output.path, followLink: false)
            if let other = seen[key] { throw FileClashError(output: output, other: other) }
            seen[key] = output
        }
    }

    /// The absolute path with the links resolved: of the whole path, or of its folder only.
    private static func canonical(_ path: String, followLink: Bool) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if followLink, let resolved = realpath(url.path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = url.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return url.path }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + url.lastPathComponent
    }
}

/// Two options of one command name the same file, and the first would be written over the other.
public struct FileClashError: Error, Sendable, CustomStringConvertible {
    /// The output that would be written.
    public var output: AtomicFile.NamedPath
    /// The input it would replace, or an earlier output.
    public var other: AtomicFile.NamedPath

    public var description: String {
        let same = output.path == other.path ? "'\(output.path)'" : "'\(output.path)' and '\(other.path)'"
        return "\(output.option) and \(other.option) name the same file (\(same)); writing \(output.option) would replace it"
    }
}
