import CommandLineSupport
import Foundation
import RNNKit

/// A model's tokens as the bytes `sample` writes, and a text as tokens, by the encoding the model was trained with: a
/// UTF-8 model's token is a character, written in UTF-8; a bytes model's (`train --encoding bytes`) is one byte, written
/// as it is, so the bytes of a UTF-8 character, sampled one by one, show as the character once all are written.
struct TokenText {
    var vocabulary: Vocabulary
    var encoding: TextEncoding

    /// The bytes token `id` (in 0..<V) stands for.
    func bytes(of id: Int) -> Data {
        switch encoding {
        case .utf8: Data(String(vocabulary.scalar(id)).utf8)
        case .bytes: Data(vocabulary.decodeBytes(CollectionOfOne(id)))
        }
    }

    /// The tokens of `text`, each with the bytes it stands for: its characters for a UTF-8 model, its UTF-8 bytes for a
    /// bytes model.
    /// - Throws: ``UsageError`` naming `flag` and the first character (or byte) outside the vocabulary.
    func tokens(of text: String, flag: String) throws -> [(id: Int, bytes: Data)] {
        switch encoding {
        case .utf8:
            return try text.unicodeScalars.map { s in
                guard let id = vocabulary.id(of: s) else {
                    throw UsageError("\(flag): character '\(s.escaped(asASCII: true))' (\(s.codePoint)) is not in the model's vocabulary")
                }
                return (id, Data(String(s).utf8))
            }
        case .bytes:
            let bytes = Array(text.utf8)
            do {
                return zip(try vocabulary.encode(bytes: bytes), bytes).map { ($0, Data([$1])) }
            } catch SequenceDataError.unknownCharacter(_, let offset, let byte) {
                throw UsageError("\(flag): byte \(String(format: "0x%02X", byte)) (at offset \(offset) of its UTF-8) is not in the "
                    + "model's vocabulary of bytes")
            }
        }
    }
}
