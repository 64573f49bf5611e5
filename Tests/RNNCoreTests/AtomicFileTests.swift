import Foundation
import Testing
@testable import RNNCore

/// A fresh folder under the system temporary directory, removed on deinit.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        var template = Array(FileManager.default.temporaryDirectory
            .appendingPathComponent("rnnkit-test-XXXXXX").path.utf8CString)
        guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The names in the folder, hidden ones included, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

@Suite struct AtomicFileTests {
    @Test func writesNewFileAndReplacesExistingOne() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("forecast.csv")
        try AtomicFile.write("t,y\n0,1.5\n", to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "t,y\n0,1.5\n")
        try AtomicFile.write(Data([1, 2, 3]), to: target)
        #expect(try Data(contentsOf: target) == Data([1, 2, 3]))
        #expect(try dir.contents() == ["forecast.csv"])  // no temporary left
    }

    @Test func writesEmptyData() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("empty")
        try AtomicFile.write(Data(), to: target)
        #expect(try Data(contentsOf: target).isEmpty)
    }

    @Test func keepsPermissionsOfExistingTarget() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("run.sh")
        try AtomicFile.write("old", to: target)
        #expect(chmod(target.path, 0o700) == 0)
        try AtomicFile.write("new", to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func missingFolderThrowsNamingPathAndLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("no-such-folder/checkpoint.safetensors")
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write(Data([1]), to: target) }
        #expect(error.path == target.path)
        #expect(error.step == .createTemporary)
        #expect(error.code == ENOENT)
        #expect(error.description.contains(target.path))
        #expect(try dir.contents().isEmpty)
    }

    /// Renaming a file over a non-empty folder fails after the temporary file
    /// was written: the temporary must be removed and the target untouched.
    @Test func failedRenameRemovesTemporaryAndKeepsOldContent() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("plot.svg")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try AtomicFile.write("old", to: target.appendingPathComponent("inside.txt"))
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write("new", to: target) }
        #expect(error.step == .rename)
        #expect(error.path == target.path)
        #expect(try dir.contents() == ["plot.svg"])
        #expect(try String(contentsOf: target.appendingPathComponent("inside.txt"), encoding: .utf8) == "old")
    }

    @Test func rejectsNonFileURL() throws {
        let url = try #require(URL(string: "https://example.com/model.safetensors"))
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write(Data([1]), to: url) }
        #expect(error.step == .notAFileURL)
    }

    /// Writers racing on one target: each write is whole, so the file ends as
    /// exactly one writer's content, and no temporary is left behind.
    @Test func concurrentWritersLeaveOneWholeContent() async throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("log.txt")
        let contents = (0..<8).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 4096) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for text in contents {
                group.addTask { try AtomicFile.write(text, to: target) }
            }
            try await group.waitForAll()
        }
        let final = try String(contentsOf: target, encoding: .utf8)
        #expect(contents.contains(final))
        #expect(try dir.contents() == ["log.txt"])
    }
}
