import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// `AtomicFile.write(_:to:replacing: false)`: a whole new file, never written over one that is there, and new contents never lost.
@Suite struct AtomicFileNoReplaceTests {
    @Test func writesANewFile() throws {
        let dir = try TemporaryDirectory()
        try AtomicFile.write(Data("new".utf8), to: dir.file("m.safetensors"), replacing: false)
        #expect(try String(contentsOf: dir.file("m.safetensors"), encoding: .utf8) == "new")
        #expect(try dir.contents() == ["m.safetensors"])  // no temporary left
    }

    /// A file at the name (one that appeared after the caller checked) stays; the contents go to the next free numbered name.
    @Test func aFileThereStaysAndTheContentsAreKeptUnderANumberedName() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("m.safetensors")
        try AtomicFile.checkWritable(target)
        try dir.write("other".utf8, to: "m.safetensors")
        #expect(throws: FileExistsError(path: target.path, keptAs: dir.path("m.1.safetensors"))) {
            try AtomicFile.write(Data("first".utf8), to: target, replacing: false)
        }
        #expect(throws: FileExistsError(path: target.path, keptAs: dir.path("m.2.safetensors"))) {
            try AtomicFile.write(Data("second".utf8), to: target, replacing: false)
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "other")
        #expect(try String(contentsOf: dir.file("m.1.safetensors"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: dir.file("m.2.safetensors"), encoding: .utf8) == "second")
        #expect(try dir.contents() == ["m.1.safetensors", "m.2.safetensors", "m.safetensors"])
    }

    /// A file the user may not write is not replaced, so it is no reason to refuse: the contents are kept beside it.
    @Test func aReadOnlyFileThereDoesNotLoseTheContents() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("other".utf8, to: "m")
        #expect(chmod(path, 0o444) == 0)
        #expect(throws: FileExistsError(path: path, keptAs: dir.path("m.1"))) { try AtomicFile.write(Data("new".utf8), to: dir.file("m"), replacing: false) }
        #expect(try String(contentsOf: dir.file("m.1"), encoding: .utf8) == "new")
    }

    /// A device is a stream, written in place as before.
    @Test func aDeviceIsWrittenInPlace() throws {
        try AtomicFile.write(Data("new".utf8), to: URL(fileURLWithPath: "/dev/null"), replacing: false)
    }

    @Test(arguments: [("m.safetensors", "m.3.safetensors"), ("m", "m.3"), (".m", ".m.3"), ("a.b/m", "a.b/m.3"),
                      ("/x/é.tar.gz", "/x/é.tar.3.gz"), ("ck/.m.svg", "ck/.m.3.svg")])
    func numberedNames(path: String, numbered: String) {
        #expect(AtomicFile.numberedName(path, 3) == numbered)
    }

    /// Writers racing for one name: one gets it, each of the others a numbered name of its own, and every content is whole.
    @Test func concurrentWritersEachKeepTheirContents() async throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("log.txt")
        let contents = (0..<8).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 4096) }
        let kept = try await withThrowingTaskGroup(of: String.self) { group in
            for text in contents {
                group.addTask {
                    do {
                        try AtomicFile.write(Data(text.utf8), to: target, replacing: false)
                        return target.path
                    } catch let error as FileExistsError {
                        return error.keptAs
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(kept).count == 8 && kept.contains(target.path))
        #expect(Set(try kept.map { try String(contentsOfFile: $0, encoding: .utf8) }) == Set(contents))
        #expect(try dir.contents().count == 8)  // no temporary left
    }

    /// On a file system without hard links (`link` fails with EPERM) the name is claimed, then the file renamed over the claim.
    @Test func withoutHardLinksTheNameIsClaimedThenRenamed() throws {
        let dir = try TemporaryDirectory()
        let noLinks: (String, String) -> Int32 = { _, _ in errno = EPERM; return -1 }
        let temporary = try dir.write("new".utf8, to: ".t.tmp")
        #expect(try AtomicFile.commitNew(temporary, to: dir.path("m"), link: noLinks))
        #expect(try String(contentsOf: dir.file("m"), encoding: .utf8) == "new")
        let another = try dir.write("another".utf8, to: ".u.tmp")
        #expect(try !AtomicFile.commitNew(another, to: dir.path("m"), link: noLinks))
        #expect(try String(contentsOf: dir.file("m"), encoding: .utf8) == "new")
        #expect(try dir.contents() == [".u.tmp", "m"])
    }

    /// Any other failure of the link names the path and the step.
    @Test func aFailedLinkNamesThePath() throws {
        let dir = try TemporaryDirectory()
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write(Data([1]), to: dir.file("no-such-folder/m"), replacing: false) }
        #expect(error.step == .createTemporary && error.code == ENOENT)
        let temporary = try dir.write("new".utf8, to: ".t.tmp")
        let failed = try #require(throws: AtomicFileError.self) {
            try AtomicFile.commitNew(temporary, to: dir.path("m"), link: { _, _ in errno = EACCES; return -1 })
        }
        #expect(failed == AtomicFileError(path: dir.path("m"), step: .link, code: EACCES))
    }

    /// A name of the longest length a file system takes (255 bytes) with a file at it: its numbered names are too long,
    /// so the new contents stay in the finished temporary file, which the error names, rather than being removed; renamed
    /// from `.tmp` to `.kept`, so that a later write of the name does not take it for the leftover of a writer that ended.
    @Test func contentsStayWhenNoNumberedNameCanBeMade() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path(String(repeating: "m", count: 243) + ".safetensors")   // 255 bytes
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: FileExistsError.self) {
            try AtomicFile.write(Data("new".utf8), to: URL(fileURLWithPath: path), replacing: false)
        }
        #expect(error.path == path && error.keptAs != path && error.keptAs.hasSuffix(".kept"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: error.keptAs)) == Data("new".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
    }
}
