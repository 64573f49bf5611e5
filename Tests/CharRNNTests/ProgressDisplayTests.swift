import Foundation
import Testing

/// Runs `char-rnn` with its standard error on a pseudo-terminal.
enum Terminal {
    /// Runs `char-rnn arguments...` in `folder` with stderr on a new pseudo-terminal
    /// (stdout discarded) and returns the exit status and everything written to the terminal.
    static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        var master: Int32 = -1, replica: Int32 = -1
        guard openpty(&master, &replica, nil, nil, nil) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let terminal = master
        let process = CharRNN.process(arguments, in: folder)
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

@Suite struct ProgressDisplayTests {
    /// Long enough (about a second in a debug build) for the live line, drawn at most 10 times a second.
    let arguments = ["train", "--data", "text.txt", "--hidden", "12", "--seq-length", "8", "--batch-size", "3",
                     "--threads", "1", "--checkpoint-dir", "ck", "--max-steps", "800", "--eval-every", "400"]

    /// On a terminal: a live line redrawn in place (carriage return, erase line), cleared before each full line.
    @Test func aTerminalGetsALiveLine() throws {
        let w = try Workspace()
        let r = try Terminal.run(arguments, in: w.folder)
        #expect(r.status == 0, "\(r.output)")
        let erase = "\r\u{1B}[K"
        #expect(r.output.contains(erase + "step "), "no live line in: \(r.output.debugDescription)")
        #expect(r.output.contains("ETA "))
        // A full line after a live line starts by erasing it; the summary follows a full line.
        #expect(r.output.contains(erase + "step 400  epoch") && r.output.contains(erase + "step 800  epoch"))
        #expect(r.output.contains("\r\nstopped at step 800"))
    }

    /// Not on a terminal: plain lines only, no control characters.
    @Test func aFileGetsPlainLines() throws {
        let w = try Workspace()
        let r = try w.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}"))
        #expect(r.stderr.contains("step 400  epoch") && r.stderr.contains("\nstopped at step 800"))
    }
}
