import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// Writes `data` to a new file at `url`, atomically, and never over a file that is there, even one that appeared
    /// after the caller checked (a model trained for an hour must neither replace another program's file nor be lost).
    ///
    /// The finished temporary file (written and flushed as by ``write(_:to:replacing:)``) is linked to the name with
    /// `link(2)`, which fails when the name exists, then removed; on a file system without hard links the name is
    /// claimed with `O_CREAT | O_EXCL` and the temporary file renamed over the claim. When a file is at the name the
    /// contents go, the same way, to the first free name of `stem.1.ext`, `stem.2.ext`, … in its folder
    /// (``numberedName(_:_:)``), or stay in the temporary file, renamed `.<stem>.<pid>.<n>.kept` so that no later write
    /// takes it for a leftover (``removeLeftovers(of:)``), when no numbered name can be made (too long for the file
    /// system, say). A device, pipe or socket (`/dev/null`) is written in place, as by ``write(_:to:replacing:)``.
    /// - Throws: ``FileExistsError`` when a file was at the name, naming it and where the contents were kept;
    ///   ``AtomicFileError`` naming the path when the write failed (nothing is then left behind).
    static func writeNew(_ data: Data, to url: URL) throws {
        guard let path = try writeStream(data, orFindFile: url, replacing: false) else { return }
        let temporary = try writeTemporary(data, for: path, copyingPermissions: false)
        var keepTemporary = false
        defer { if !keepTemporary { unlink(temporary) } }
        for n in 0...maximumNumberedName {
            let name = n == 0 ? path : numberedName(path, n)
            do {
                guard try commitNew(temporary, to: name) else { continue }
            } catch where n > 0 {
                // The name was taken and no numbered one can be made (one too long, say): keep the contents where they are.
                keepTemporary = true
                throw FileExistsError(path: url.pathAsGiven, keptAs: keep(temporary))
            }
            syncFolder(PathText.folder(of: path))
            if n > 0 { throw FileExistsError(path: url.pathAsGiven, keptAs: name) }
            return
        }
        keepTemporary = true
        throw FileExistsError(path: url.pathAsGiven, keptAs: keep(temporary))
    }

    /// The most numbered names ``writeNew(_:to:)`` tries.
    static let maximumNumberedName = 1000

    /// `path` with `.n` before its extension, or after its name when it has none: `m.1.safetensors` for `m.safetensors`,
    /// `m.1` for `m`, `.m.1` for `.m`.
    public static func numberedName(_ path: String, _ n: Int) -> String {
        let start = path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex
        guard let dot = path[start...].lastIndex(of: "."), dot != start else { return path + ".\(n)" }
        return path[..<dot] + ".\(n)" + path[dot...]
    }

    /// Gives the finished `temporary` file the name `name` unless a file has it.
    /// - Parameter link: `link(2)`, replaceable to test file systems without hard links.
    /// - Returns: false when a file has the name (nothing is changed then).
    /// - Throws: ``AtomicFileError`` naming `name`.
    static func commitNew(_ temporary: String, to name: String,
                          link: (String, String) -> Int32 = { systemLink($0, $1) }) throws -> Bool {
        if link(temporary, name) == 0 { return true }
        let code = errno
        if code == EEXIST { return false }
        // EPERM is how Linux file systems without hard links (FAT, some network ones) refuse one.
        guard code == EPERM || code == EOPNOTSUPP || code == ENOSYS else {
            throw AtomicFileError(path: name, step: .link, code: code)
        }
        let claim = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard claim >= 0 else {
            if errno == EEXIST { return false }
            throw AtomicFileError(path: name, step: .link, code: errno)
        }
        close(claim)
        guard rename(temporary, name) == 0 else {
            let code = errno
            unlink(name)
            throw AtomicFileError(path: name, step: .rename, code: code)
        }
        return true
    }
}

/// `link(2)`, which ``AtomicFile/commitNew(_:to:link:)``'s parameter would otherwise shadow.
private func systemLink(_ from: String, _ to: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.link(from, to)
    #else
    Darwin.link(from, to)
    #endif
}

/// A file was at the name a new file was to be written to (``AtomicFile/write(_:to:replacing:)`` with `replacing: false`), so it was not replaced:
/// the new contents were kept under another name.
public struct FileExistsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name that was to be written, as given.
    public var path: String
    /// The file that holds the new contents instead.
    public var keptAs: String

    /// The error for `path`, whose new contents are in `keptAs`.
    public init(path: String, keptAs: String) {
        self.path = path
        self.keptAs = keptAs
    }

    /// `<path> exists and was not replaced; the new contents are in <keptAs>`.
    public var description: String { "\(path) exists and was not replaced; the new contents are in \(keptAs)" }
}
