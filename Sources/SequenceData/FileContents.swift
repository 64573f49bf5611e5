import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the data files of RNNKit's loaders (texts, CSV series).
public enum FileContents {
    /// The bytes of the regular file at `path`, memory-mapped, or of the pipe at `path` (`/dev/stdin` fed by
    /// another program, a named pipe, a shell's `<(command)`), read to its end.
    ///
    /// The file's type is checked before it is opened, so a device (a terminal, `/dev/zero`) or a
    /// socket is refused rather than read forever.
    /// - Throws: ``SequenceDataError/unreadable(file:reason:)`` with the reason: the
    ///   system's (no such file, no permission), a folder, or a device or socket.
    public static func read(_ path: String) throws(SequenceDataError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFIFO: return try readToEnd(path)
        case S_IFDIR: throw .unreadable(file: path, reason: "it is a folder")
        default: throw .unreadable(file: path, reason: "it is a device or socket, not a file or pipe")
        }
        do {
            // An absolute URL keeps `..` for the system to resolve through links (a relative one loses it as text).
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return try Data(contentsOf: URL(fileURLWithPath: absolute), options: .alwaysMapped)
        } catch {
            if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
                throw .unreadable(file: path, reason: String(cString: strerror(Int32(posix.code))))
            }
            // Foundation gives no reason for a read that fails (`/proc/self/mem`, a disk's I/O error: "NSCocoaErrorDomain
            // error 256"): read it again, as a pipe is, for the system's reason (or its bytes, where only mapping failed).
            return try readToEnd(path)
        }
    }

    /// Every byte a pipe (or a file that could not be mapped) gives until its end.
    private static func readToEnd(_ path: String) throws(SequenceDataError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var data = Data(), buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }
}
