import Foundation

extension URL {
    /// The path of a file URL as the user gave it: a relative one stays relative, so the system
    /// resolves its `..` through the folders' links, as a shell does (``path`` removes them as text).
    var pathAsGiven: String { baseURL == nil ? path : relativePath }
}
