import Foundation
import Testing
import _TestSupport
import SequenceData

/// `FileContents.read`, the one reader of texts and CSV series: a clear reason for each file it refuses.
@Suite struct FileContentsTests {
    let dir: TemporaryDirectory
    init() throws { dir = try TemporaryDirectory() }

    func reason(_ path: String) -> String? {
        let error = #expect(throws: SequenceDataError.self) { try FileContents.read(path) }
        guard case let .unreadable(file, reason)? = error else { return nil }
        #expect(file == path)
        return reason
    }

    @Test func readsARegularFile() throws {
        let path = dir.file("a.txt").path
        try Data("héllo\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try FileContents.read(path) == Data("héllo\n".utf8))
    }

    @Test func namesWhyAFileCannotBeRead() throws {
        #expect(reason(dir.file("missing.txt").path) == "No such file or directory")
        #expect(reason(dir.url.path) == "it is a folder")
        #expect(reason("/dev/zero") == "it is a device or socket, not a file or pipe")  // refused, not read forever
        // A regular file whose read fails: the system's reason ("NSCocoaErrorDomain error 256" was given).
        #expect(reason("/proc/self/mem") == "Input/output error")
    }

    /// Errors keep the path read, and name standard input (`/dev/stdin`, which `-` names on a command line) as such.
    @Test func errorsNameStandardInputAsSuch() {
        #expect(SequenceDataError.emptyFile(file: "/dev/stdin").description == "standard input: the file is empty")
        #expect(SequenceDataError.raggedRow(file: "/dev/stdin", line: 3, expected: 2, found: 1).description
            == "standard input:3: row has 1 field; the header has 2")
        #expect(SequenceDataError.emptyFile(file: "data/stdin.csv").description == "data/stdin.csv: the file is empty")
    }

    /// A pipe (a named one here; `/dev/stdin` fed by another program is one too) is read to its end.
    @Test(.timeLimit(.minutes(1)))
    func readsAPipeToItsEnd() throws {
        let pipe = dir.file("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let text = Data(String(repeating: "the quick brown fox\n", count: 10_000).utf8)  // 200 kB, more than one read
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: pipe.path)!
            handle.write(text)
            try? handle.close()
        }
        writer.start()
        #expect(try FileContents.read(pipe.path) == text)
    }

    @Test func theLoadersUseIt() throws {
        #expect(throws: SequenceDataError.unreadable(file: dir.url.path, reason: "it is a folder")) {
            try TextCorpus(contentsOf: dir.url.path)
        }
        #expect(throws: SequenceDataError.unreadable(file: dir.url.path, reason: "it is a folder")) {
            try TimeSeries(csvAt: dir.url.path, target: 1)
        }
    }
}
