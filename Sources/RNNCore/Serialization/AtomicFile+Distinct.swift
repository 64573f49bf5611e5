import FileReading
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
    /// Paths are compared as the files they name: with `.`, `..` and every symbolic link
    /// resolved by the system (``write(_:to:replacing:)`` follows links), also in the folders of a path that does not
    /// exist yet. Outputs that are devices or pipes (`/dev/null`, `/dev/stdout`) are streams, not
    /// files, and may be shared.
    /// - Throws: ``FileClashError`` naming the two options and the path.
    public static func requireDistinct(outputs: [NamedPath], inputs: [NamedPath] = []) throws(FileClashError) {
        var seen: [String: NamedPath] = [:]
        for input in inputs { seen[canonical(input.path)] = input }
        for output in outputs {
            if isStream(output.path) { continue }
            let key = canonical(output.path)
            if let other = seen[key] { throw FileClashError(output: output, other: other) }
            seen[key] = output
        }
    }

    /// Whether two paths name the same file or folder, compared as ``requireDistinct(outputs:inputs:)`` compares them.
    public static func nameSameFile(_ a: String, _ b: String) -> Bool { canonical(a) == canonical(b) }

    /// The absolute path with every link resolved: of the longest part that exists, with the rest appended.
    private static func canonical(_ path: String) -> String {
        // Where the links lead (also to a file not made yet), absolute, with `..` kept for the system to resolve.
        var final = path
        if case .file(let file)? = try? target(of: path) { final = file }
        var head = PathText.absolute(final)
        var rest: [String] = []
        while true {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                // The missing part will be made of plain folders: its `.` and `..` resolve as text.
                var parts = String(cString: resolved).split(separator: "/").map(String.init)
                for part in rest.reversed() {
                    if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
                }
                return "/" + parts.joined(separator: "/")
            }
            let parent = PathText.folder(of: head)
            guard parent != head, !parent.isEmpty else { return head }
            rest.append(PathText.name(of: head))
            head = parent
        }
    }
}

/// Two options of one command name the same file, and the first would be written over the other.
public struct FileClashError: Error, Sendable, CustomStringConvertible {
    /// The output that would be written.
    public var output: AtomicFile.NamedPath
    /// The input it would replace, or an earlier output.
    public var other: AtomicFile.NamedPath

    /// `--a and --b name the same file ('path'); writing --a would replace it`, one line; a standard stream is named as
    /// such (``StreamName/shown(_:)``).
    public var description: String {
        let (a, b) = (StreamName.shown(output.path), StreamName.shown(other.path))
        let same = output.path == other.path ? "'\(a)'" : "'\(a)' and '\(b)'"
        return "\(output.option) and \(other.option) name the same file (\(same)); writing \(output.option) would replace it"
    }
}
