import Foundation

/// A fresh folder under the system temporary directory, removed with everything in it on deinit.
///
/// Keep the value in use for as long as the folder is needed: tests reach the folder through it
/// (`url`, `file(_:)`, `path(_:)`), so it lives until their last use of the folder.
public final class TemporaryDirectory {
    public let url: URL

    /// Creates the folder `<tmp>/rnnkit-test-XXXXXX` with `mkdtemp`, so no two tests can share one.
    public init() throws {
        var template = Array(FileManager.default.temporaryDirectory
            .appendingPathComponent("rnnkit-test-XXXXXX").path.utf8CString)
        guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The URL of `name` inside the folder (which need not exist yet).
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The path of `name` inside the folder (which need not exist yet).
    public func path(_ name: String) -> String { file(name).path }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ bytes: some Sequence<UInt8>, to name: String) throws -> String {
        try Data(bytes).write(to: file(name))
        return path(name)
    }

    /// The names in the folder, hidden ones included, sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}
