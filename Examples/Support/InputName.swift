import ArgumentParser
import Foundation

/// File names as both command lines take them.
public enum FileName {
    /// `name` as given; an empty name is a usage error (it named the current folder, or nothing), and so is one
    /// whose bytes are not UTF-8 (``utf8(_:)``). The transform of every option that names a file.
    public static func given(_ name: String) throws -> String {
        guard !name.isEmpty else { throw ValidationError("an empty file name") }
        return try utf8(name)
    }

    /// `name` as given (``given(_:)``), for a model file or a run's folder (`--checkpoint`, `--resume`, `--init-from`,
    /// `--model`): `-` is a usage error, since such a file is read by name, never from standard input (`./-` names a file
    /// called `-`).
    public static func model(_ name: String) throws -> String {
        guard name != "-" else {
            throw ValidationError("a model file is read from its name, not from standard input; give the file (./- for one named -)")
        }
        return try given(name)
    }

    /// `name` as given; a usage error when its bytes on the command line are not UTF-8 (``ArgumentBytes/areNotUTF8(_:)``).
    /// Swift reads each argument as text, with U+FFFD for every byte that is not UTF-8, so such a name would open another
    /// file (or write one of another name); the text a path is held in cannot hold its bytes, so the name is refused
    /// rather than mapped back.
    public static func utf8(_ name: String) throws -> String {
        guard !ArgumentBytes.areNotUTF8(name) else {
            throw ValidationError("the name is not valid UTF-8 (\u{FFFD} stands for each byte that is not); "
                + "rename the file, or give a link to it whose name is UTF-8")
        }
        return name
    }
}

/// Input file names as both command lines take them.
public enum InputName {
    /// `name`, with `-` meaning standard input (`/dev/stdin`), as in most command-line tools; a pipe is read to its end.
    /// An empty name is a usage error.
    public static func resolved(_ name: String) throws -> String { try name == "-" ? "/dev/stdin" : FileName.given(name) }
}
