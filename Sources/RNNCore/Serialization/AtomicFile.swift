import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files so that a reader (or a crash) sees either the old
/// contents or the new, never a torn file.
///
/// The bytes go to a hidden temporary file in the target's folder, which is
/// flushed to disk (`fsync`) and then renamed over the target; the folder is
/// synced afterwards so the rename itself survives a power loss. An existing
/// target keeps its permission bits; a symbolic link at the target is followed
/// (the file it names is replaced, the link stays). A device, pipe or socket
/// (`/dev/null`, `/dev/stdout`) is written in place, as a shell redirection does:
/// it is a stream, not a file to replace. On any failure the temporary file is
/// removed and an ``AtomicFileError`` names the path and the step that failed.
/// A write that must not replace a file (``writeNew(_:to:)``) links the finished
/// temporary file to the target's name instead of renaming it over the target.
/// Every file RNNKit writes (checkpoints, forecasts, logs, plots) goes through here.
public enum AtomicFile {
    /// Replaces the contents of `url` with `data`, atomically; or, not `replacing`, writes a new file there.
    /// - Parameters:
    ///   - data: the complete new contents.
    ///   - url: a file URL whose folder exists.
    ///   - replacing: false never replaces a file at `url`, even one that appears while `data` is written: the finished
    ///     temporary file is linked to the name (`link(2)`, which fails when it exists) rather than renamed over it,
    ///     and when a file is there the contents are kept under the first free numbered name next to it
    ///     (`model.1.safetensors` for `model.safetensors`; see ``writeNew(_:to:)``).
    /// - Throws: ``AtomicFileError`` naming the path; the target is then unchanged. Not `replacing`,
    ///   ``FileExistsError`` naming the file found and where the contents were kept instead.
    public static func write(_ data: Data, to url: URL, replacing: Bool = true) throws {
        guard replacing else { return try writeNew(data, to: url) }
        guard let path = try writeStream(data, orFindFile: url, replacing: true) else { return }
        let temporary = try writeTemporary(data, for: path)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw AtomicFileError(path: path, step: .rename, code: code)
        }
        syncFolder(PathText.folder(of: path))
    }

    /// Writes `data` in place when `url` names a device, pipe or one of the process's descriptors, as a stream is
    /// written; otherwise returns the path of the file to write (links followed), checked for a write that is `replacing`.
    static func writeStream(_ data: Data, orFindFile url: URL, replacing: Bool) throws -> String? {
        switch try writableTarget(url, replacing: replacing) {
        case .stream(let stream): try writeInPlace(data, to: stream)
        case .descriptor(let fd, let name): try writeAll(data, to: fd, path: name, step: .writeStream)
        case .file(let file): return file
        }
        return nil
    }

    /// A hidden temporary file in the folder of `path` that holds `data`, flushed to disk and closed, with the
    /// permission bits of an existing file at `path` when `copyingPermissions`; removed again on any failure.
    /// - Returns: its path.
    static func writeTemporary(_ data: Data, for path: String, copyingPermissions: Bool = true) throws -> String {
        removeLeftovers(of: path)
        let (fd, temporary) = try createTemporary(next: PathText.name(of: path), in: PathText.folder(of: path), for: path)
        var closed = false
        do {
            try writeAll(data, to: fd, path: path, step: .write)
            if copyingPermissions { try copyPermissions(of: path, to: fd) }
            guard fsync(fd) == 0 else { throw AtomicFileError(path: path, step: .sync, code: errno) }
            closed = true
            guard close(fd) == 0 else { throw AtomicFileError(path: path, step: .close, code: errno) }
            return temporary
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }

    /// Replaces the contents of `url` with the UTF-8 bytes of `text`, atomically.
    /// - Throws: ``AtomicFileError`` naming the path; the target is then unchanged.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Checks, before any long work, that ``write(_:to:replacing:)`` will be able to write `url`:
    /// the target is not a folder, and its folder exists and takes a new file (one
    /// temporary file is created there and removed).
    /// - Throws: ``AtomicFileError`` naming the path and the step that would fail.
    public static func checkWritable(_ url: URL) throws {
        let path: String
        switch try writableTarget(url) {
        case .stream(let stream):
            // Checked without opening: opening a pipe for writing waits for a reader.
            guard access(stream, W_OK) == 0 else { throw AtomicFileError(path: stream, step: .openStream, code: errno) }
            return
        case .descriptor(let fd, let name):
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, flags & O_ACCMODE != O_RDONLY else { throw AtomicFileError(path: name, step: .openStream, code: EBADF) }
            return
        case .file(let file): path = file
        }
        // The temporary file's name is cut short, so a name too long for the folder is found here, not at the rename.
        guard PathText.name(of: path).utf8.count <= Int(NAME_MAX) else {
            throw AtomicFileError(path: path, step: .rename, code: ENAMETOOLONG)
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw AtomicFileError(path: path, step: .isFolder, code: EISDIR)
        }
        let (fd, temporary) = try createTemporary(next: PathText.name(of: path), in: PathText.folder(of: path), for: path)
        close(fd)
        unlink(temporary)
    }

    /// Whether `path` is a device, pipe or socket (a stream, written in place), or a link to one.
    public static func isStream(_ path: String) -> Bool {
        switch try? target(of: path) {
        case .stream?, .descriptor?: true
        case .file?, nil: false
        }
    }

    /// Where a write to a path goes.
    enum Target: Equatable {
        /// A regular file, a folder or nothing yet: replaced by a rename at this path (the one its links lead to).
        case file(String)
        /// A device, pipe or socket: opened and written in place.
        case stream(String)
        /// The process's own descriptor (`/dev/stdout`, `/dev/fd/3`): written where it stands, so a
        /// shell's `>` or `>>` redirection behaves as with any program. The name is for errors.
        case descriptor(Int32, String)
    }

    /// The target of `url` for a write: not a folder (`name/`), not a file the user may not write when `replacing` it,
    /// links followed.
    /// - Throws: ``AtomicFileError`` naming what ``write(_:to:replacing:)`` would refuse.
    private static func writableTarget(_ url: URL, replacing: Bool = true) throws -> Target {
        guard url.isFileURL else { throw AtomicFileError(path: url.absoluteString, step: .notAFileURL, code: 0) }
        if url.hasDirectoryPath {  // an existing folder, or a name ending in /
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.pathAsGiven, isDirectory: &isFolder) && isFolder.boolValue
            throw AtomicFileError(path: url.pathAsGiven, step: exists ? .isFolder : .namesFolder, code: EISDIR)
        }
        let target = try target(of: url.pathAsGiven)
        if replacing, case .file(let path) = target { try requireReplaceable(path) }
        return target
    }

    /// The target of `path`, following its links by hand: a link to a file that does not exist yet
    /// leads to where it will be created, and a link to one of the process's descriptors to that descriptor.
    /// - Throws: ``AtomicFileError`` (`ELOOP`) for links that lead in a circle.
    static func target(of path: String) throws -> Target {
        var current = path
        for _ in 0..<40 {
            if let fd = descriptor(named: current) { return .descriptor(fd, path) }
            var status = stat()
            guard lstat(current, &status) == 0 else { return .file(current) }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(current, &buffer, buffer.count - 1)
                guard n > 0 else { return .file(current) }
                let next = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                current = next.hasPrefix("/") ? next : PathText.joining(PathText.folder(of: current), next)
            case S_IFREG, S_IFDIR:
                return .file(current)
            default:
                return .stream(current)
            }
        }
        throw AtomicFileError(path: path, step: .followLinks, code: ELOOP)
    }

    /// The descriptor a path names: 1 for `/dev/stdout`, 2 for `/dev/stderr`, n for `/dev/fd/n` and `/proc/self/fd/n`.
    private static func descriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Refuses to replace an existing file the user may not write, as a shell's `>` would.
    private static func requireReplaceable(_ path: String) throws {
        if access(path, F_OK) == 0 && access(path, W_OK) != 0 {
            throw AtomicFileError(path: path, step: .permissions, code: errno)
        }
    }

    /// Writes `data` to a device, pipe or socket, as `cat data > path` would.
    private static func writeInPlace(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AtomicFileError(path: path, step: .openStream, code: errno) }
        defer { close(fd) }
        try writeAll(data, to: fd, path: path, step: .writeStream)
    }

    /// Opens a new, exclusive temporary file `.<stem>.<pid>.<n>.tmp` in `folder` (``temporaryStem(_:)`` of `name`).
    private static func createTemporary(next name: String, in folder: String, for path: String) throws -> (Int32, String) {
        let stem = temporaryStem(name)
        for attempt in 0..<1000 {
            let temporary = folder + "/." + stem + ".\(getpid()).\(attempt).tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, temporary) }
            // Another writer holds this name: try the next one.
            guard errno == EEXIST else { throw AtomicFileError(path: path, step: .createTemporary, code: errno) }
        }
        throw AtomicFileError(path: path, step: .createTemporary, code: EEXIST)
    }

    /// Writes every byte of `data`, retrying partial and interrupted writes; a failure is `step`.
    static func writeAll(_ data: Data, to fd: Int32, path: String, step: AtomicFileError.Step) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var done = 0
            while done < bytes.count {
                let n = posixWrite(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: path, step: step, code: errno)
                }
                done += n
            }
        }
    }

    /// Gives the temporary file the permission bits (and, where allowed, the owner) of an existing target.
    private static func copyPermissions(of path: String, to fd: Int32) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }  // no target yet: keep 0644 less the umask
        _ = fchown(fd, status.st_uid, status.st_gid)  // only root may give a file away: otherwise it stays the writer's
        guard fchmod(fd, status.st_mode & 0o7777) == 0 else {
            throw AtomicFileError(path: path, step: .permissions, code: errno)
        }
    }

    /// Flushes the folder entry of the rename; best effort (some file systems refuse).
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// `write(2)`, which ``AtomicFile/write(_:to:replacing:)`` would otherwise shadow.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
