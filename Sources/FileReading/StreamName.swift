/// What messages call the process's standard streams, by the paths that name them (`-` on a command line names
/// `/dev/stdin` or `/dev/stdout`): the errors of the loaders, the safetensors reader and atomic writes, and the
/// commands' own lines, name a file through ``shown(_:)``.
public enum StreamName {
    /// `standard input` for `/dev/stdin`, `standard output` for `/dev/stdout`, `standard error` for `/dev/stderr`;
    /// nil for other paths.
    public static func of(_ path: String) -> String? {
        switch path {
        case "/dev/stdin": "standard input"
        case "/dev/stdout": "standard output"
        case "/dev/stderr": "standard error"
        default: nil
        }
    }

    /// `path` as a message shows it: the name of a standard stream (``of(_:)``), other paths as they are but for their
    /// control characters, escaped (`escapingControlCharacters`: `a\nb.csv` for a name with a line feed).
    public static func shown(_ path: String) -> String { of(path) ?? path.escapingControlCharacters }
}
