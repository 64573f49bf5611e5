import Foundation

/// What a run of one of the package's executables printed, and how it ended.
public struct ExecutableRun: Sendable {
    public var status: Int32
    /// False when the process died from a signal (a trap or crash).
    public var exited: Bool
    public var stdout: String
    public var stderr: String

    /// An output file that could not be opened for writing.
    public struct UnwritableOutput: Error { public var path: String }

    /// Runs `process` (not yet started) and waits for it. Its standard output and error go to the files `stdout` and
    /// `stderr` when given (`/dev/full`, say), else to temporary files that are read afterwards: through files, the
    /// child can never block on a full pipe. `stdin`, when given, comes through a pipe. `whileRunning`, when given, is
    /// called once the process has started (and its input is written), to act on it (send it a signal, say) before the wait.
    public init(_ process: Process, stdout: String? = nil, stderr: String? = nil, stdin: Data? = nil,
                whileRunning: ((Process) throws -> Void)? = nil) throws {
        let output = try TemporaryDirectory()
        let outURL = try output.write([], to: "stdout"), errURL = try output.write([], to: "stderr")
        func handle(_ path: String?, else collected: String) throws -> FileHandle {
            let path = path ?? collected
            guard let handle = FileHandle(forWritingAtPath: path) else { throw UnwritableOutput(path: path) }
            return handle
        }
        process.standardOutput = try handle(stdout, else: outURL)
        process.standardError = try handle(stderr, else: errURL)
        let input = Pipe()
        if stdin != nil { process.standardInput = input }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        try whileRunning?(process)
        process.waitUntilExit()
        status = process.terminationStatus
        exited = process.terminationReason == .exit
        self.stdout = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outURL)), as: UTF8.self)
        self.stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errURL)), as: UTF8.self)
    }
}

extension ExecutableRun {
    /// Runs `process` (not yet started) to be signalled: it starts with no signal blocked (``withNoSignalBlocked(_:)``),
    /// so any of its threads may take one. `act` is called once `ready()` holds (``waitUntil(_:running:)``), then the run
    /// is waited for. Its standard error goes to the file `stderr` when given; `stdin`, when given, is its standard input.
    public static func signalled(_ process: Process, stdin: Data? = nil, stderr: String? = nil, once ready: @escaping () -> Bool,
                                 then act: @escaping (Process) throws -> Void) throws -> ExecutableRun {
        try withNoSignalBlocked {
            try ExecutableRun(process, stderr: stderr, stdin: stdin) { process in
                waitUntil(ready, running: process)
                try act(process)
            }
        }
    }
}

/// Runs `body` with no signal blocked on this thread, so that a process it starts does not block any either, as one
/// started from a shell: a test runs on a thread that blocks most, and a child inherits the mask of the thread that starts it.
public func withNoSignalBlocked<T>(_ body: () throws -> T) rethrows -> T {
    var none = sigset_t(), saved = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    return try body()
}

/// Returns once `ready()` holds (asked every millisecond), `process` has ended, or a minute has passed.
public func waitUntil(_ ready: () -> Bool, running process: Process) {
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline && !ready() { usleep(1000) }
}

extension ExecutableRun {
    /// Runs the package's executable `name` with `arguments`, in `directory` when given (``builtProcess(_:_:in:)``), and
    /// waits for it.
    public init(running name: String, _ arguments: [String], in directory: URL? = nil) throws {
        try self.init(builtProcess(name, arguments, in: directory))
    }
}
