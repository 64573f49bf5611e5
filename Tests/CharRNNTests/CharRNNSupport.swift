import Foundation
import Testing
import _TestSupport

enum CharRNN {
    /// The built binary.
    static var binary: URL { builtExecutable("char-rnn") }

    /// A not yet started `char-rnn arguments...` in `folder`, with `environment` added to this process's.
    static func process(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) -> Process {
        let process = builtProcess("char-rnn", arguments, in: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return process
    }

    /// Runs `char-rnn arguments...` in `folder`, with `environment` added to this process's, and waits for it;
    /// its standard output goes to the file `stdout` when given (`/dev/full`, say), and `stdin`, when given, comes through a pipe.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:], stdout: String? = nil,
                    stdin: Data? = nil, whileRunning: ((Process) throws -> Void)? = nil) throws -> ExecutableRun {
        try ExecutableRun(process(arguments, in: folder, environment: environment), stdout: stdout, stdin: stdin, whileRunning: whileRunning)
    }
}

/// A fresh temporary folder holding a small training text, removed when the test is done with it.
struct Workspace {
    let directory: TemporaryDirectory
    var folder: URL { directory.url }

    init() throws {
        directory = try TemporaryDirectory()
        let line = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\n"
        try write(String(repeating: line, count: 12), to: "text.txt")
    }

    func path(_ name: String) -> String { directory.path(name) }

    func write(_ text: String, to name: String) throws {
        try directory.write(text.utf8, to: name)
    }

    /// A tiny model on the text: fast in debug builds.
    static let tiny = ["--data", "text.txt", "--hidden", "12", "--layers", "2", "--seq-length", "8", "--batch-size", "3",
                       "--eval-every", "5", "--threads", "1", "--quiet", "--checkpoint-dir", "ck"]

    func run(_ arguments: [String], environment: [String: String] = [:], stdout: String? = nil, stdin: Data? = nil) throws -> ExecutableRun {
        try CharRNN.run(arguments, in: folder, environment: environment, stdout: stdout, stdin: stdin)
    }

    /// Runs `char-rnn arguments...`, sends it `signals` one after the other once its `--log` file `log` holds
    /// `evaluations` lines (or after a minute), and waits for it to end. After SIGSTOP it waits until every thread of the
    /// process has stopped, so the signals sent next are all pending together when SIGCONT continues it.
    func run(_ arguments: [String], stdin: Data? = nil, signals: [Int32], afterEvaluations evaluations: Int,
             loggedTo log: String) throws -> ExecutableRun {
        try run(arguments, stdin: stdin, afterEvaluations: evaluations, loggedTo: log) { process in
            for signal in signals {
                kill(process.processIdentifier, signal)
                if signal == SIGSTOP { Self.waitUntilStopped(process.processIdentifier) }
            }
        }
    }

    /// Runs `char-rnn arguments...`, calls `act` once its `--log` file `log` holds `evaluations` lines (or after a
    /// minute), and waits for it to end. The run starts with no signal blocked, as from a shell (a test runs on a thread
    /// that blocks most), so any of its threads may take one; and with the signals `ignored` ignored, as a shell starts
    /// a background job's SIGINT. `stdin`, when given, is its standard input.
    func run(_ arguments: [String], stdin: Data? = nil, ignoring ignored: [Int32] = [], afterEvaluations evaluations: Int,
             loggedTo log: String, then act: @escaping (Process) throws -> Void) throws -> ExecutableRun {
        let process = CharRNN.process(arguments, in: folder)
        if !ignored.isEmpty {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "trap '' \(ignored.map(String.init).joined(separator: " ")); exec \"$0\" \"$@\"",
                                 CharRNN.binary.path] + arguments
        }
        return try ExecutableRun.signalled(process, stdin: stdin, once: {
            ((try? String(contentsOfFile: path(log), encoding: .utf8))?.split(separator: "\n").count ?? 0) >= evaluations
        }, then: act)
    }

    /// Waits (a minute at most) until every thread of process `pid` is stopped: state T in /proc/<pid>/task/<tid>/stat.
    /// - Returns: false when the process had ended instead (state Z, or no threads left).
    @discardableResult
    static func waitUntilStopped(_ pid: Int32) -> Bool {
        let tasks = "/proc/\(pid)/task"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let states = ((try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []).map { tid in
                // "tid (name) S ...": the state follows the name's closing parenthesis.
                let stat = (try? String(contentsOfFile: "\(tasks)/\(tid)/stat", encoding: .utf8)) ?? ""
                return stat.lastIndex(of: ")").map { stat[stat.index($0, offsetBy: 2)] }
            }
            if states.isEmpty || states.contains("Z") { return false }
            if states.allSatisfy({ $0 == "T" }) { return true }
            usleep(1000)
        }
        Issue.record("process \(pid) did not stop within a minute")
        return false
    }

    /// "step train_loss val_loss" of every evaluation in a `--log` file, for exact comparisons.
    func loggedLosses(_ name: String) throws -> [String] {
        try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(o["step"]!) \(o["train_loss"]!) \(o["val_loss"]!)"
        }
    }

    /// Copies the safetensors file `name` to `copy` with `original` in its JSON header replaced by `edited`
    /// (the header re-padded to 8 bytes), as a damaged or hand-edited checkpoint.
    func editHeader(of name: String, to copy: String, replacing original: String, with edited: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
        let header = String(decoding: data.dropFirst(8).prefix(length), as: UTF8.self)
        let changed = header.replacingOccurrences(of: original, with: edited)
        #expect(changed != header, "\(original) is in the header: \(header.prefix(600))")
        try writeSafetensors(header: changed, data: data.dropFirst(8 + length), to: copy)
    }

    /// Writes a safetensors file `name` by hand: the header length, the JSON `header` padded with
    /// spaces to 8 bytes, then `data`.
    func writeSafetensors(header: String, data: Data, to name: String) throws {
        var header = header
        while header.utf8.count % 8 != 0 { header += " " }
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Data($0) }
        bytes += Data(header.utf8) + data
        try bytes.write(to: URL(fileURLWithPath: path(name)))
    }

    /// Trains the tiny model for `steps` updates into `ck/`.
    @discardableResult
    func trainTiny(steps: Int = 10, extra: [String] = []) throws -> ExecutableRun {
        try run(["train"] + Self.tiny + ["--max-steps", "\(steps)"] + extra)
    }
}
