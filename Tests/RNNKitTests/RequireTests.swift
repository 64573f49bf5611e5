import Foundation
import Testing
import Requirements
import _TestSupport

/// The library's checks of its callers keep their messages in release builds: they go through `require`,
/// which stops with `fatalError` (printed under `-O` too), never through `precondition` or `assert`
/// (a failed `precondition` prints nothing under `-O`; an `assert` is not even evaluated there).
@Suite struct RequireTests {
    @Test func aFailedRequirementStopsWithItsMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let width = 3
            require(width == 4, "Linear: input width \(width), the layer takes 4")
        }
        #expect(trapMessage(result).contains("Linear: input width 3, the layer takes 4"))
    }

    @Test func aMetRequirementDoesNotBuildItsMessage() {
        var built = 0
        func message() -> String { built += 1; return "never shown" }
        require(1 + 1 == 2, message())
        #expect(built == 0)
    }

    /// Every check in the library's sources is a `require` (or a `fatalError`): a `precondition` written there
    /// would lose its message in the release build users train with.
    @Test func theLibraryChecksThroughRequire() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 100)
        let silent = try Regex(#"\b(precondition|preconditionFailure|assert|assertionFailure)\("#)
        var found: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if code.contains(silent) { found.append("\(file.lastPathComponent):\(index + 1)") }
            }
        }
        #expect(found.isEmpty, "checks that print nothing in a release build: \(found)")
    }
}
