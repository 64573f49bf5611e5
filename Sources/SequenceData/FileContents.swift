import FileReading
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
        do {
            guard case .regular = try InputFile.kind(of: path) else { return try InputFile.readToEnd(path) }
        } catch {
            throw unreadable(path, error)
        }
        do {
            // An absolute URL keeps `..` for the system to resolve through links (a relative one loses it as text).
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return try Data(contentsOf: URL(filePathAsGiven: absolute), options: .alwaysMapped)
        } catch {
            if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
                throw .unreadable(file: path, reason: String(cString: strerror(Int32(posix.code))))
            }
            // Foundation gives no reason for a read that fails (`/proc/self/mem`, a disk's I/O error: "NSCocoaErrorDomain
            // error 256"): read it again, as a pipe is, for the system's reason (or its bytes, where only mapping failed).
            do { return try InputFile.readToEnd(path) } catch { throw unreadable(path, error) }
        }
    }

    /// The loaders' error for a file `InputFile` could not read (read without a limit, so never past one).
    private static func unreadable(_ path: String, _ failure: InputFile.Failure) -> SequenceDataError {
        switch failure {
        case .unreadable(let reason): .unreadable(file: path, reason: reason)
        case .pastLimit(let read): .unreadable(file: path, reason: "it holds more than \(read) bytes")
        }
    }
}
