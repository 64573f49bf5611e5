import Foundation
import Testing
import _TestSupport
import RNNCore

/// `AtomicFile.requireDistinct`: an output never replaces an input or another output.
@Suite struct FileClashTests {
    let dir: TemporaryDirectory
    let data: String

    init() throws {
        dir = try TemporaryDirectory()
        data = dir.file("text.txt").path
        try AtomicFile.write("abc", to: URL(fileURLWithPath: data))
    }

    @Test func separateFilesPass() throws {
        try AtomicFile.requireDistinct(outputs: [("--log", dir.file("log.jsonl").path), ("--plot", dir.file("loss.svg").path)],
                                       inputs: [("--data", data)])
    }

    @Test func anOutputThatIsAnInputIsRefused() throws {
        let error = try #require(throws: FileClashError.self) {
            try AtomicFile.requireDistinct(outputs: [("--log", data)], inputs: [("--data", data)])
        }
        #expect(error.description == "--log and --data name the same file ('\(data)'); writing --log would replace it")
    }

    @Test func twoOutputsThatAreOneFileAreRefused() throws {
        let error = try #require(throws: FileClashError.self) {
            try AtomicFile.requireDistinct(outputs: [("--output", dir.file("f.csv").path), ("--plot", dir.file("f.csv").path)])
        }
        #expect(error.output.option == "--plot" && error.other.option == "--output")
    }

    @Test func spellingsOfOnePathAreOneFile() throws {
        let dotted = dir.url.path + "/./sub/../text.txt"
        #expect(throws: FileClashError.self) { try AtomicFile.requireDistinct(outputs: [("--log", dotted)], inputs: [("--data", data)]) }
    }

    @Test func aLinkIsTheFileItNamesEitherWay() throws {
        let link = dir.file("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
        #expect(throws: FileClashError.self) { try AtomicFile.requireDistinct(outputs: [("--log", data)], inputs: [("--data", link)]) }
        #expect(throws: FileClashError.self) { try AtomicFile.requireDistinct(outputs: [("--log", link)], inputs: [("--data", data)]) }
    }

    @Test func pathsThatDoNotExistYetAreComparedThroughTheirLinkedFolders() throws {
        try FileManager.default.createDirectory(at: dir.file("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.file("alias").path, withDestinationPath: dir.file("real").path)
        let error = try #require(throws: FileClashError.self) {
            try AtomicFile.requireDistinct(outputs: [("--checkpoint-dir", dir.file("alias/new/latest.safetensors").path),
                                                     ("--log", dir.file("real/new/latest.safetensors").path)])
        }
        #expect(error.output.option == "--log")
    }

    /// `..` after a linked folder leads out of the folder the link names, as the system resolves it.
    @Test func dotDotFollowsTheLinkedFolder() throws {
        try FileManager.default.createDirectory(at: dir.file("real/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.path("alias"), withDestinationPath: dir.path("real/sub"))
        let input = dir.path("real/data.txt")
        try AtomicFile.write("abc", to: URL(fileURLWithPath: input))
        #expect(throws: FileClashError.self) {
            try AtomicFile.requireDistinct(outputs: [("--log", dir.path("alias") + "/../data.txt")], inputs: [("--data", input)])
        }
    }

    @Test func aLinkToAFileNotMadeYetIsTheFileItWillMake() throws {
        let link = dir.path("LB")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.path("ck/best.safetensors"))
        #expect(throws: FileClashError.self) {
            try AtomicFile.requireDistinct(outputs: [("--log", link), ("--checkpoint-dir", dir.path("ck/best.safetensors"))])
        }
    }

    @Test func devicesAreStreamsAndMayBeShared() throws {
        try AtomicFile.requireDistinct(outputs: [("--log", "/dev/null"), ("--plot", "/dev/null")])
    }
}
