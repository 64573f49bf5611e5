import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// The temporary files a writer killed during a write leaves beside its target: the next write of that target
/// removes those of processes that have ended, and no other file.
@Suite struct AtomicFileLeftoverTests {
    /// The process number of a child that has ended and been waited for, so that no process has it (until one takes it again).
    private func endedProcessID() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }

    /// Leftovers of `m.safetensors` by an ended process and by this one, and files that only look alike.
    private func folderWithLeftovers() throws -> (TemporaryDirectory, ended: String, live: String, others: [String]) {
        let dir = try TemporaryDirectory()
        let ended = ".m.safetensors.\(try endedProcessID()).0.tmp", live = ".m.safetensors.\(getpid()).3.tmp"
        let others = [".m.safetensors.\(try endedProcessID()).0.kept", ".other.\(try endedProcessID()).0.tmp",
                      ".m.safetensors.1.\(try endedProcessID()).0.tmp", ".m.safetensors.x.0.tmp", "m.safetensors.1"]
        for name in [ended, live] + others { try dir.write("partial".utf8, to: name) }
        return (dir, ended, live, others)
    }

    @Test(arguments: [true, false]) func aWriteRemovesTheLeftoversOfEndedWritersOnly(replacing: Bool) throws {
        let (dir, ended, live, others) = try folderWithLeftovers()
        try AtomicFile.write(Data("new".utf8), to: dir.file("m.safetensors"), replacing: replacing)
        #expect(try dir.contents() == ([live, "m.safetensors"] + others).sorted())
        #expect(!FileManager.default.fileExists(atPath: dir.path(ended)))
        #expect(try String(contentsOf: dir.file("m.safetensors"), encoding: .utf8) == "new")
    }

    /// A long name's temporary files start with its first 64 bytes, and are found by them.
    @Test func theLeftoversOfALongNameAreFound() throws {
        let dir = try TemporaryDirectory()
        let name = String(repeating: "é", count: 40) + ".safetensors"
        let leftover = "." + String(decoding: name.utf8.prefix(64), as: UTF8.self) + ".\(try endedProcessID()).0.tmp"
        try dir.write("partial".utf8, to: leftover)
        try AtomicFile.write(Data("new".utf8), to: dir.file(name))
        #expect(try dir.contents() == [name])
    }
}
