#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the program with `message` when `condition` is false, in every build.
///
/// The library's checks of its callers (shapes, lengths, tapes, settings) use this rather than Swift's
/// `precondition`, which prints its message only in debug builds: under `-O` (`swift build -c release`,
/// the build the README trains with) a failed `precondition` stops with no message at all, where these
/// messages are what tells a user the mistake. The message is built only when the check fails.
@inlinable @inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { failRequirement(message(), file: file, line: line) }
}

/// Stops the program with `message`, as a failed ``require(_:_:file:line:)`` does, once what it printed to standard
/// output is written out: output to a file or a pipe is held in a buffer, which stopping would drop (a training
/// log printed with `print`, redirected to a file, would end empty).
public func failRequirement(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fflush(nil)  // every output stream, standard output among them
    fatalError(message, file: file, line: line)
}

/// Stops the program with `message(name)` at the first of `names` that comes again: parameters and buffers are keyed by
/// name (optimizer state, safetensors files), so two of one name would share a key. The message says how to name them.
@inlinable
public func requireDistinct(_ names: some Sequence<String>, _ message: (String) -> String,
                            file: StaticString = #fileID, line: UInt = #line) {
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted { failRequirement(message(name), file: file, line: line) }
}
