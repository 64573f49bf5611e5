import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// A device, pipe or socket (``isStream(_:)``) held open for a run of writes, such as a log streamed line by
    /// line: a named pipe is opened once, at the first write, so a reader that stops at its first end of file
    /// (`cat`) gets every line; the process's own descriptors (`/dev/stdout`) are written where they stand.
    public final class Stream {
        /// The path as given, for errors.
        public let path: String
        private var descriptor: Int32?
        private var owned = false

        /// A stream to `path`, opened at the first ``write(_:)`` (opening a pipe waits for a reader).
        public init(path: String) { self.path = path }

        /// A stream to a descriptor this process holds open (standard output, say), called `name` in errors.
        public init(descriptor: Int32, name: String) {
            path = name
            self.descriptor = descriptor
        }

        deinit { if owned, let descriptor { close(descriptor) } }

        /// Writes every byte of `text`, retrying partial and interrupted writes.
        /// - Throws: ``AtomicFileError`` naming the path, the step that failed and the system's error.
        public func write(_ text: String) throws { try write(Data(text.utf8)) }

        /// Writes every byte of `data`, retrying partial and interrupted writes.
        /// - Throws: ``AtomicFileError`` naming the path, the step that failed and the system's error.
        public func write(_ data: Data) throws {
            try AtomicFile.writeAll(data, to: openedDescriptor(), path: path, step: .writeStream)
        }

        private func openedDescriptor() throws -> Int32 {
            if let descriptor { return descriptor }
            let fd: Int32
            switch try AtomicFile.target(of: path) {
            case .descriptor(let own, _): fd = own
            case .stream(let stream):
                fd = open(stream, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw AtomicFileError(path: path, step: .openStream, code: errno) }
                owned = true
            case .file: throw AtomicFileError(path: path, step: .openStream, code: EINVAL)
            }
            descriptor = fd
            return fd
        }
    }
}
