/// Input file names as both command lines take them.
public enum InputName {
    /// `name`, with `-` meaning standard input (`/dev/stdin`), as in most command-line tools; a pipe is read to its end.
    public static func resolved(_ name: String) -> String { name == "-" ? "/dev/stdin" : name }
}
