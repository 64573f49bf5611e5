import Foundation

extension URL {
    /// The file URL of `path` taken as the system calls take it: a `~` at its start is part of a name in the working
    /// folder (`~/x` is x in a folder named ~), as for `cat '~/x'`, where `URL(fileURLWithPath:)` on Linux would put a
    /// home folder there (a shell has already expanded the `~` it meant). A relative path stays relative.
    public init(filePathAsGiven path: String) {
        self.init(fileURLWithPath: path.hasPrefix("~") ? "./" + path : path)
    }
}
