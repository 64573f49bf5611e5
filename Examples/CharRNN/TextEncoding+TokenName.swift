import RNNKit

extension TextEncoding {
    /// What one token is called in counts: a character, or a byte.
    var tokenName: String { self == .bytes ? "byte" : "character" }
}
