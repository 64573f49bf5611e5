import Foundation
import RNNKit
import Testing
import _TestSupport

/// Finding `corpora/…` from a folder: the folder itself, then its parents, and an answer for any start.
@Suite struct BuiltinCorporaTests {
    @Test func foundInTheNearestParentThatHasIt() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("corpora/timeseries"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path("a/b"), withIntermediateDirectories: true)
        let found = BuiltinCorpora.find("timeseries", folder: true, from: dir.path("a/b"))
        #expect(found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: dir.path("corpora/timeseries")).resolvingSymlinksInPath().path)
        #expect(BuiltinCorpora.find("timeseries", folder: false, from: dir.path("a/b")) == nil, "a folder is not a file")
    }

    /// A deleted current folder reads as "": the search ends instead of climbing `..` forever.
    @Test(arguments: ["", "relative/folder", "."])
    func aStartThatIsNotAnAbsolutePathFindsNothing(start: String) {
        #expect(BuiltinCorpora.find("timeseries", folder: true, from: start) == nil)
    }
}
