import Foundation

/// Text written to standard output or standard error with `write(2)`, unbuffered (each call is written
/// before it returns, so characters stream as they are sampled), and checked: a write that fails (a full
/// disk behind `> file`) is a ``RunError`` with the system's reason, where `print` loses the text and the
/// command exits 0. A closed pipe still ends the program with SIGPIPE, as with any Unix tool.
public struct DescriptorText: Sendable {
    public static let standardOutput = DescriptorText(descriptor: STDOUT_FILENO, name: "standard output")
    public static let standardError = DescriptorText(descriptor: STDERR_FILENO, name: "standard error")

    public let descriptor: Int32
    /// What errors call it.
    public let name: String

    /// Writes every byte of `text`, retrying partial and interrupted writes.
    /// - Throws: ``RunError`` naming the stream and the system's reason.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes one character.
    /// - Throws: ``RunError`` naming the stream and the system's reason.
    public func write(_ scalar: Unicode.Scalar) throws {
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var n = 0
        try withUnsafeMutableBytes(of: &bytes) { buffer in
            UTF8.encode(scalar) { buffer[n] = $0; n += 1 }
            try write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Writes `text` and a newline.
    public func line(_ text: String) throws { try write(text + "\n") }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw RunError("cannot write to \(name): \(String(cString: strerror(n < 0 ? errno : EIO)))") }
            done += n
        }
    }
}
