import Foundation

/// The package's executable `name` from the build folder the tests run from.
///
/// The test runner lives in that folder (or one below it), next to every executable product; the
/// package's debug build folder is the fallback.
public func builtExecutable(_ name: String) -> URL {
    let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [besideRunner, besideRunner.deletingLastPathComponent()] {
        let candidate = folder.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return package.appendingPathComponent(".build/debug/\(name)")
}
