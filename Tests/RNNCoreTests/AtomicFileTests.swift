import Foundation
import Testing
import _TestSupport
@testable import RNNCore

@Suite struct AtomicFileTests {
    @Test func writesNewFileAndReplacesExistingOne() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("forecast.csv")
        try AtomicFile.write("t,y\n0,1.5\n", to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "t,y\n0,1.5\n")
        try AtomicFile.write(Data([1, 2, 3]), to: target)
        #expect(try Data(contentsOf: target) == Data([1, 2, 3]))
        #expect(try dir.contents() == ["forecast.csv"])  // no temporary left
    }

    @Test func writesEmptyData() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("empty")
        try AtomicFile.write(Data(), to: target)
        #expect(try Data(contentsOf: target).isEmpty)
    }

    @Test func keepsPermissionsOfExistingTarget() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("run.sh")
        try AtomicFile.write("old", to: target)
        #expect(chmod(target.path, 0o700) == 0)
        try AtomicFile.write("new", to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func missingFolderThrowsNamingPathAndLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("no-such-folder/checkpoint.safetensors")
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
        let target = dir.file("plot.svg")
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
        let target = dir.file("log.txt")
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

    @Test func checkWritableLeavesNothingBehindAndNamesWhatWouldFail() throws {
        let dir = try TemporaryDirectory()
        try AtomicFile.checkWritable(dir.file("log.jsonl"))
        #expect(try dir.contents().isEmpty)
        #expect(throws: AtomicFileError(path: dir.path("missing/log.jsonl"), step: .createTemporary, code: ENOENT)) {
            try AtomicFile.checkWritable(dir.file("missing/log.jsonl"))
        }
        // A folder, and a name ending in / (which names one), are refused as such.
        let folder = #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(URL(fileURLWithPath: dir.url.path)) }
        #expect(folder?.description == "cannot write \(dir.url.path): it is a folder")
        let slash = #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(URL(fileURLWithPath: dir.path("none") + "/")) }
        #expect(slash?.description.hasSuffix("none: the name ends in /, so it names a folder") == true, "\(slash?.description ?? "")")
        // A missing folder, or a file where a folder should be, is named; folders are not created.
        let missing = #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(dir.file("missing/deeper/log.jsonl")) }
        #expect(missing?.description == "cannot write \(dir.path("missing/deeper/log.jsonl")): the folder \(dir.path("missing/deeper")) does not exist; create it first")
        try dir.write(Data("x".utf8), to: "file")
        let notFolder = #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(dir.file("file/log.jsonl")) }
        #expect(notFolder?.description == "cannot write \(dir.path("file/log.jsonl")): \(dir.path("file")) is not a folder")
    }

    @Test func aLinkIsFollowedAndStays() throws {
        let dir = try TemporaryDirectory()
        let target = dir.file("target.csv"), link = dir.file("link.csv")
        try AtomicFile.write("old", to: target)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        try AtomicFile.checkWritable(link)
        try AtomicFile.write("new", to: link)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try dir.contents() == ["link.csv", "target.csv"])
    }

    @Test func devicesAndPipesAreWrittenInPlace() throws {
        try AtomicFile.checkWritable(URL(fileURLWithPath: "/dev/null"))
        try AtomicFile.write("discarded", to: URL(fileURLWithPath: "/dev/null"))
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)

        let dir = try TemporaryDirectory()
        let pipe = dir.file("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        try AtomicFile.checkWritable(pipe)  // does not wait for a reader
        let reader = open(pipe.path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try AtomicFile.write("through the pipe", to: pipe)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "through the pipe")
        #expect(stat(pipe.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func theProcesssOwnDescriptorsAreWrittenWhereTheyStand() throws {
        #expect(try AtomicFile.target(of: "/dev/stdout") == .descriptor(1, "/dev/stdout"))
        let dir = try TemporaryDirectory()
        let link = dir.file("out").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
        #expect(try AtomicFile.target(of: link) == .descriptor(1, link))
        // A pipe's write end as /dev/fd/n: the bytes arrive at the read end, nothing is renamed.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let path = URL(fileURLWithPath: "/dev/fd/\(ends[1])")
        try AtomicFile.checkWritable(path)
        try AtomicFile.write("via the descriptor", to: path)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(ends[0], &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "via the descriptor")
        #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(URL(fileURLWithPath: "/dev/fd/\(ends[0])")) }  // the read end
    }

    @Test func aNameEndingInASlashIsAFolder() throws {
        let dir = try TemporaryDirectory()
        try AtomicFile.write("keep", to: dir.file("f.txt"))
        for name in ["f.txt/", "new/"] {
            let url = URL(fileURLWithPath: dir.url.path + "/" + name)
            #expect(throws: AtomicFileError.self) { try AtomicFile.checkWritable(url) }
            #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: url) }
        }
        #expect(try String(contentsOf: dir.file("f.txt"), encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: dir.path("new")))
    }

    @Test func aLinkToNothingYetCreatesTheFileItNames() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("sub"), withIntermediateDirectories: false)
        let link = dir.file("out.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "sub/made.csv")
        try AtomicFile.write("made", to: link)
        #expect(try String(contentsOf: dir.file("sub/made.csv"), encoding: .utf8) == "made")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "sub/made.csv")
    }

    @Test func linksInACircleAndOverlongNamesAreRefusedBeforeAnyWork() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.path("a"), withDestinationPath: dir.path("b"))
        try FileManager.default.createSymbolicLink(atPath: dir.path("b"), withDestinationPath: dir.path("a"))
        #expect(throws: AtomicFileError(path: dir.path("a"), step: .followLinks, code: ELOOP)) { try AtomicFile.checkWritable(dir.file("a")) }
        #expect(throws: AtomicFileError(path: dir.path("a"), step: .followLinks, code: ELOOP)) { try AtomicFile.write("x", to: dir.file("a")) }
        let long = dir.file(String(repeating: "n", count: 256))
        #expect(throws: AtomicFileError(path: long.path, step: .rename, code: ENAMETOOLONG)) { try AtomicFile.checkWritable(long) }
    }
}
