/// Refuses bytes that start with a UTF-16 byte-order mark (`FF FE` or `FE FF`).
/// - Throws: ``SequenceDataError/notUTF8Text(file:byteOffset:found:)``.
func requireNoUTF16ByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(SequenceDataError) {
    if bytes.count >= 2 && ((bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF)) {
        throw .notUTF8Text(file: file, byteOffset: 0, found: "a UTF-16 byte-order mark")
    }
}

/// Checks that the bytes of a text file (after any UTF-8 byte-order mark) are UTF-8 text.
///
/// A UTF-16 byte-order mark (`FF FE` or `FE FF`) or a NUL byte means UTF-16 or binary
/// data, which would otherwise decode into names and cells full of NULs (a NUL after the first ill-formed sequence
/// too: a PNG image or a gzip file is no text to convert); any other ill-formed sequence (Latin-1 text, for example)
/// is reported at its first byte.
/// - Parameters:
///   - bytes: the whole file.
///   - start: where the text starts (past a UTF-8 byte-order mark).
///   - file: the name used in errors.
/// - Throws: ``SequenceDataError/notUTF8Text(file:byteOffset:found:)``,
///   ``SequenceDataError/invalidUTF8(file:byteOffset:)``.
func requireUTF8Text(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, file: String) throws(SequenceDataError) {
    try requireNoUTF16ByteOrderMark(bytes, file: file)
    var i = start
    while i < bytes.count {
        let b = bytes[i]
        if b == 0 { throw .notUTF8Text(file: file, byteOffset: i, found: "a NUL byte") }
        if b < 0x80 { i += 1; continue }
        var parser = Unicode.UTF8.ForwardParser()
        var rest = bytes[i...].makeIterator()
        guard case .valid(let scalar) = parser.parseScalar(from: &rest) else {
            // A NUL byte further on makes it binary (an image, a compressed file), which no conversion of text would help.
            if let nul = bytes[i...].firstIndex(of: 0) { throw .notUTF8Text(file: file, byteOffset: nul, found: "a NUL byte") }
            throw .invalidUTF8(file: file, byteOffset: i)
        }
        i += scalar.count
    }
}
