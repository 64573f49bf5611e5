/// A mistake in how a command was invoked: a flag's value, a combination of flags, or flags that clash with
/// what is on disk. It exits 64 (EX_USAGE), as the parser's own usage errors do.
public struct UsageError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A problem met while doing the work (a file that cannot be read, data that do not fit, training that
/// diverged). It exits 1.
public struct RunError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
