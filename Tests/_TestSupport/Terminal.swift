import Foundation

/// Runs one of the package's executables with its standard error on a pseudo-terminal, as from an interactive shell.
public enum Terminal {
    /// Runs `process` (not yet started) with stderr on a new pseudo-terminal (stdout discarded) and returns the exit
    /// status and everything written to the terminal (where the terminal turns each `\n` into `\r\n`).
    public static func run(_ process: Process) throws -> (status: Int32, output: String) {
        try run(process, whileRunning: nil)
    }

    /// Runs `process` as ``run(_:)`` does, to be signalled: it starts with no signal blocked (``withNoSignalBlocked(_:)``),
    /// and `act` is called once `ready(output)` holds of what the terminal shows so far (``waitUntil(_:running:)``).
    /// - Returns: the exit status (nil when a signal ended the process) and everything written to the terminal.
    public static func signalled(_ process: Process, once ready: @escaping (String) -> Bool,
                                 then act: @escaping (Process) throws -> Void) throws -> (status: Int32?, output: String) {
        let run = try withNoSignalBlocked {
            try Self.run(process) { output in
                waitUntil({ ready(output()) }, running: process)
                try act(process)
            }
        }
        return (process.terminationReason == .exit ? run.status : nil, run.output)
    }

    /// ``run(_:)``, calling `whileRunning` with what the terminal has shown so far once the process has started.
    private static func run(_ process: Process, whileRunning: ((() -> String) throws -> Void)?) throws -> (status: Int32, output: String) {
        var master: Int32 = -1, replica: Int32 = -1
        guard openpty(&master, &replica, nil, nil, nil) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let terminal = master
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: replica, closeOnDealloc: false)
        // Drain the terminal while the child runs, so it never blocks on a full buffer.
        let collected = Collected()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(terminal, &buffer, buffer.count)
                if n <= 0 { break }  // EIO once the child and this process have closed the replica
                collected.append(buffer[0..<n])
            }
            done.signal()
        }
        try process.run()
        close(replica)
        try whileRunning? { String(decoding: collected.bytes, as: UTF8.self) }
        process.waitUntilExit()
        done.wait()
        close(master)
        return (process.terminationStatus, String(decoding: collected.bytes, as: UTF8.self))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data: [UInt8] = []
        func append(_ more: ArraySlice<UInt8>) { lock.withLock { data += more } }
        var bytes: [UInt8] { lock.withLock { data } }
    }
}
