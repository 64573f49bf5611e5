import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole input file: a text or CSV series (SequenceData's `FileContents`) or a safetensors file (RNNCore's
/// `SafetensorsFile`), each of which wraps a ``Failure`` in its own error, naming the file.
///
/// The file's type is checked before it is opened, so a device (a terminal, `/dev/zero`) or a socket is refused rather
/// than read forever; a pipe (`/dev/stdin` fed by another program, a named pipe, a shell's `<(command)`) is read to its
/// end, as is a regular file whatever size the system gives it (0 for files under /proc that have content).
public enum InputFile {
    /// Why a file could not be read.
    public enum Failure: Error, Equatable {
        /// The reason as messages give it: the system's (no such file, no permission, an I/O error), a folder, or a
        /// device or socket.
        case unreadable(reason: String)
        /// The file holds more than the limit it was read with: `read` bytes so far, and more to come.
        case pastLimit(read: Int)

        /// The system's reason for the error `code`.
        static func system(_ code: Int32) -> Failure { .unreadable(reason: String(cString: strerror(code))) }
    }

    /// What an input the loaders take is.
    public enum Kind: Equatable {
        /// A regular file of `size` bytes, as the system gives it.
        case regular(size: Int)
        /// A pipe, read until its writer closes it (a named pipe is waited on until a writer opens it).
        case pipe
    }

    /// The kind of the file at `path` (a link followed), refusing a folder, a device or a socket.
    public static func kind(of path: String) throws(Failure) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .system(errno) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(status.st_size))
        case S_IFIFO: return .pipe
        case S_IFDIR: throw .unreadable(reason: "it is a folder")
        default: throw .unreadable(reason: "it is a device or socket, not a file or pipe")
        }
    }

    /// Every byte the file at `path` gives until its end.
    /// - Parameters:
    ///   - expected: a first guess of its size (a regular file's), so that such a file is read into one buffer of
    ///     that size and one byte more (the last read, which finds the end, needs no larger one); the buffer grows as
    ///     it fills.
    ///   - limit: the most bytes to hold; a file with more is ``Failure/pastLimit(read:)``.
    public static func readToEnd(_ path: String, expected: Int = 0, limit: Int = .max) throws(Failure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(errno) }
        defer { close(fd) }
        var data = Data(count: Swift.min(Swift.max(expected + 1, 1 << 16), limit))
        var done = 0
        while true {
            if done == data.count {
                guard done < limit else { throw .pastLimit(read: done) }
                data.count = Swift.min(2 * done, limit)
            }
            let n = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .system(errno) }
            if n == 0 { break }
            done += n
        }
        data.count = done
        return data
    }
}
