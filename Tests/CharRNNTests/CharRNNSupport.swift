import Foundation

/// Runs the built `char-rnn` binary and collects what it printed.
struct CharRNNRun {
    var status: Int32
    /// False when the process died from a signal (a trap or crash).
    var exited: Bool
    var stdout: String
    var stderr: String
}

enum CharRNN {
    /// The binary next to the test bundle (both are built into the same folder).
    static var binary: URL {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [besideRunner, besideRunner.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("char-rnn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Fall back to the package's debug build folder.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/char-rnn")
    }

    /// A not yet started `char-rnn arguments...` in `folder`, with `environment` added to this process's.
    static func process(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = folder
        return process
    }

    /// Runs `char-rnn arguments...` in `folder`, with `environment` added to this process's, and waits for it.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CharRNNRun {
        let process = process(arguments, in: folder, environment: environment)
        // Files rather than pipes: the child can never block on a full pipe.
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("char-rnn-output-\(UUID().uuidString)")
        let outURL = stem.appendingPathExtension("out"), errURL = stem.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let outBytes = try Data(contentsOf: outURL), errBytes = try Data(contentsOf: errURL)
        return CharRNNRun(status: process.terminationStatus, exited: process.terminationReason == .exit,
                          stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: errBytes, as: UTF8.self))
    }
}

/// A fresh temporary folder holding a small training text, removed by the test when done.
struct Workspace {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("char-rnn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let line = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\n"
        try write(String(repeating: line, count: 12), to: "text.txt")
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A tiny model on the text: fast in debug builds.
    static let tiny = ["--data", "text.txt", "--hidden", "12", "--layers", "2", "--seq-length", "8", "--batch-size", "3",
                       "--eval-every", "5", "--threads", "1", "--quiet", "--checkpoint-dir", "ck"]

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CharRNNRun {
        try CharRNN.run(arguments, in: folder, environment: environment)
    }

    /// "step train_loss val_loss" of every evaluation in a `--log` file, for exact comparisons.
    func loggedLosses(_ name: String) throws -> [String] {
        try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(o["step"]!) \(o["train_loss"]!) \(o["val_loss"]!)"
        }
    }

    /// Trains the tiny model for `steps` updates into `ck/`.
    @discardableResult
    func trainTiny(steps: Int = 10, extra: [String] = []) throws -> CharRNNRun {
        try run(["train"] + Self.tiny + ["--max-steps", "\(steps)"] + extra)
    }
}
