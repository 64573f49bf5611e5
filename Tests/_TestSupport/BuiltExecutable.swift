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

/// A not yet started run of the package's executable `name` (``builtExecutable(_:)``) with `arguments`, in `directory`
/// when given.
public func builtProcess(_ name: String, _ arguments: [String], in directory: URL? = nil) -> Process {
    let process = Process()
    process.executableURL = builtExecutable(name)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    return process
}
