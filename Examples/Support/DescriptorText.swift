import Foundation
import RNNCore

/// Text written to standard output or standard error with `write(2)`, unbuffered (each call is written
/// before it returns, so characters stream as they are sampled), and checked: a write that fails (a full
/// disk behind `> file`) is a ``RunError`` with the system's reason, where `print` loses the text and the
/// command exits 0. A closed pipe still ends the program with SIGPIPE, as with any Unix tool.
public struct DescriptorText: Sendable {
    public static let standardOutput = DescriptorText(descriptor: STDOUT_FILENO, name: "/dev/stdout")
    public static let standardError = DescriptorText(descriptor: STDERR_FILENO, name: "/dev/stderr")

    public let descriptor: Int32
    /// The path that names it, which errors call by what it is (`cannot write to standard output: …`, as ``AtomicFileError`` does).
    public let name: String

    /// Writes every byte of `text`.
    /// - Throws: ``RunError`` naming the stream and the system's reason.
    public func write(_ text: String) throws { try write(bytes: Data(text.utf8)) }

    /// Writes `bytes` as they are (bytes that are not UTF-8 included).
    /// - Throws: ``RunError`` naming the stream and the system's reason.
    public func write(bytes: Data) throws {
        do {
            try AtomicFile.Stream(descriptor: descriptor, name: name).write(bytes)
        } catch let error as AtomicFileError {
            throw RunError(error.description)
        }
    }

    /// Writes `text` and a newline.
    public func line(_ text: String) throws { try write(text + "\n") }
}
