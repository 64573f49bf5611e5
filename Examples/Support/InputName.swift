import ArgumentParser

/// File names as both command lines take them.
public enum FileName {
    /// `name` as given; an empty name is a usage error (it named the current folder, or nothing).
    /// The transform of every option that names a file.
    public static func given(_ name: String) throws -> String {
        guard !name.isEmpty else { throw ValidationError("an empty file name") }
        return name
    }
}

/// Input file names as both command lines take them.
public enum InputName {
    /// `name`, with `-` meaning standard input (`/dev/stdin`), as in most command-line tools; a pipe is read to its end.
    /// An empty name is a usage error.
    public static func resolved(_ name: String) throws -> String { try name == "-" ? "/dev/stdin" : FileName.given(name) }
}
