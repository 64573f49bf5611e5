import RNNCore
import Testing

/// `PathText.joining`: one slash between a folder and a name.
@Suite struct PathTextTests {
    @Test func joiningPutsOneSlashBetween() {
        #expect(PathText.joining("ck", "latest.safetensors") == "ck/latest.safetensors")
        #expect(PathText.joining("ck/", "latest.safetensors") == "ck/latest.safetensors")
        #expect(PathText.joining("ck//", "latest.safetensors") == "ck/latest.safetensors")
        #expect(PathText.joining("/", "x") == "/x")
        #expect(PathText.joining("//", "x") == "/x")
        #expect(PathText.joining("", "x") == "x")
        #expect(PathText.joining("/runs/a", "x") == "/runs/a/x")
    }
}
