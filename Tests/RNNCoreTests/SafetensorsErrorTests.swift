import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// A file with a hand-written header (not padded) followed by `dataSize` zero bytes.
private func rawFile(_ header: String, dataSize: Int = 0) -> Data {
    var data = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Data($0) }
    data.append(contentsOf: Array(header.utf8))
    data.append(Data(count: dataSize))
    return data
}

/// Parses `data` as file "bad.safetensors" and returns the error it must throw.
private func parseError(_ data: Data) throws -> SafetensorsError {
    let error = try #require(throws: SafetensorsError.self) {
        try SafetensorsFile(data: data, source: "bad.safetensors")
    }
    #expect(error.description.hasPrefix("bad.safetensors: "))
    return error
}

private func entry(_ name: String = "w", dtype: String = "F32", shape: String = "[2]", offsets: String = "[0,8]") -> String {
    "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
}

@Suite struct SafetensorsErrorTests {
    /// Standard input (`/dev/stdin`) is named as such; other files by their path.
    @Test func standardInputIsNamedAsSuch() throws {
        let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(data: Data([1, 2]), source: "/dev/stdin") }
        #expect(error.file == "/dev/stdin")
        #expect(error.description == "standard input: file is 2 bytes, too short for the 8-byte header length")
    }

    @Test func validHandWrittenFileParses() throws {
        let file = try SafetensorsFile(data: rawFile("{" + entry() + "}", dataSize: 8))
        #expect(file.tensors["w"] == .float32(Tensor(zeros: [2])))
    }

    /// Metadata as other writers escape it: Python's `json.dumps` writes a character outside the BMP as a surrogate pair
    /// (`\ud83d\ude00`) and others escape `/` as `\/`.
    @Test func escapedMetadataOfOtherWritersParses() throws {
        let header = #"{"__metadata__":{"note":"\ud83d\ude00 \u00e9 \/tmp \b\f"}}"#
        #expect(try SafetensorsFile(data: rawFile(header)).metadata == ["note": "😀 é /tmp \u{8}\u{C}"])
    }

    /// Control characters from the file, in a tensor's name or a dtype, are shown escaped, so the message stays one line.
    @Test func controlCharactersFromTheFileAreEscaped() throws {
        let error = try parseError(rawFile("{" + entry(#"a\r\nb\u001b"#, dtype: #"F\r\n9"#) + "}", dataSize: 8))
        #expect(error.tensor == "a\r\nb\u{1B}" && error.problem == .unsupportedDType("F\r\n9"))
        #expect(error.description.hasPrefix(#"bad.safetensors: tensor "a\r\nb\u{1B}": "#) && error.description.contains(#"F\r\n9"#),
                "\(error.description)")
    }

    @Test func fileTooShortForHeaderLength() throws {
        #expect(try parseError(Data([1, 0, 0])).problem == .tooShortForHeaderLength(fileSize: 3))
    }

    @Test func headerLengthPastEnd() throws {
        var data = rawFile("{}")
        data[0] = 200
        #expect(try parseError(data).problem == .headerPastEnd(headerLength: 200, fileSize: 10))
        let huge = Data(repeating: 0xFF, count: 16)  // length 2^64 - 1 must not overflow
        #expect(try parseError(huge).problem == .headerPastEnd(headerLength: .max, fileSize: 16))
        #expect(try parseError(huge).description == "bad.safetensors: header length 18446744073709551615 runs past the end of the 16-byte file")
    }

    /// A text file given for a model (a CSV, as `forecast predict --model series.csv`) is said to start with text, which
    /// its header length, a number of quintillions, does not tell.
    @Test func aTextFileIsSaidToStartWithText() throws {
        let error = try parseError(Data("date,sales\n2021-01-01,100\n".utf8))
        #expect(error.description == "bad.safetensors: header length 7809649863355031908 runs past the end of the 26-byte file; "
                + "it starts with text, 'date,sal', not a safetensors header length")
        #expect(try parseError(Data("a,b\n1,2\n3,4\n".utf8)).description.hasSuffix("it starts with text, 'a,b\\n1,2\\n', not a safetensors header length"))
    }

    @Test func headerNotJSONOrNotAnObject() throws {
        for text in ["", "{", "{\"w\":}", "{\"a\":1,\"a\":2}", "{} x", "{\"s\":\"\u{1}\"}", "[01]"] {
            guard case .headerNotJSON = try parseError(rawFile(text)).problem else {
                Issue.record("header \(text.debugDescription) was accepted")
                continue
            }
        }
        #expect(try parseError(rawFile("[1, 2]")).problem == .headerNotObject(found: "an array"))
        let deep = String(repeating: "[", count: 10_000)  // must not exhaust the stack
        guard case .headerNotJSON = try parseError(rawFile(deep)).problem else {
            Issue.record("deep nesting accepted"); return
        }
    }

    @Test func entryProblemsNameTheTensor() throws {
        let cases: [(String, SafetensorsError.Problem)] = [
            ("{\"w\":3}", .entryNotObject(found: "a number")),
            ("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", .missingField("dtype")),
            ("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", .missingField("shape")),
            ("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", .missingField("data_offsets")),
            ("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}",
             .invalidField("dtype", expected: "a string such as \"F32\"")),
            ("{" + entry(shape: "[-2]") + "}", .invalidField("shape", expected: "an array of non-negative integers")),
            ("{" + entry(shape: "[2.5]") + "}", .invalidField("shape", expected: "an array of non-negative integers")),
            ("{" + entry(offsets: "[0]") + "}",
             .invalidField("data_offsets", expected: "an array of two non-negative integers [begin, end]")),
            ("{" + entry(dtype: "F8_E4M3") + "}", .unsupportedDType("F8_E4M3")),
            ("{" + entry(offsets: "[8,0]") + "}", .offsetsReversed(begin: 8, end: 0)),
            ("{" + entry(offsets: "[0,16]") + "}", .offsetsOutOfRange(begin: 0, end: 16, dataSize: 8)),
            ("{" + entry(shape: "[3]") + "}", .byteCountMismatch(shape: [3], dtype: "F32", expected: 12, found: 8)),
            ("{" + entry(dtype: "F64") + "}", .byteCountMismatch(shape: [2], dtype: "F64", expected: 16, found: 8)),
            ("{" + entry(shape: "[4294967296,4294967296]") + "}",
             .shapeTooLarge(shape: [4_294_967_296, 4_294_967_296])),
            ("{" + entry(shape: "[18446744073709551615]") + "}", .shapeTooLarge(shape: [.max])),
        ]
        for (header, problem) in cases {
            let error = try parseError(rawFile(header, dataSize: 8))
            #expect(error.problem == problem, "\(header)")
            #expect(error.tensor == "w")
            #expect(error.description.contains("tensor \"w\""))
        }
    }

    /// Bytes that belong to no tensor (after the last, or between two: a file appended to, or a header that lost an
    /// entry) are refused, as the reference implementation refuses them; a file of no tensors has no data.
    @Test func bytesOfNoTensor() throws {
        let error = try parseError(rawFile("{" + entry() + "}", dataSize: 12))
        #expect(error.problem == .unusedBytes(offset: 8, count: 4, dataSize: 12) && error.tensor == nil)
        #expect(error.description == "bad.safetensors: data bytes 8..<12 (of 12) belong to no tensor")
        #expect(try parseError(rawFile("{}", dataSize: 1)).problem == .unusedBytes(offset: 0, count: 1, dataSize: 1))
        let gap = "{" + entry("a", offsets: "[0,8]") + "," + entry("b", offsets: "[12,20]") + "}"
        #expect(try parseError(rawFile(gap, dataSize: 20)).problem == .unusedBytes(offset: 8, count: 4, dataSize: 20))
        let empty = "{" + entry("a", offsets: "[0,8]") + "," + entry("z", shape: "[0]", offsets: "[8,8]") + "}"
        #expect(try SafetensorsFile(data: rawFile(empty, dataSize: 8)).tensors["z"]?.shape == [0])
    }

    /// A tensor named like the metadata cannot be written: an error, not a trap, and no file.
    @Test func aTensorNamedMetadataIsNotWritten() throws {
        let dir = try TemporaryDirectory()
        let file = SafetensorsFile(tensors: ["__metadata__": .float32(Tensor(zeros: [1]))])
        let error = try #require(throws: SafetensorsError.self) { try file.write(to: dir.file("m.safetensors")) }
        #expect(error.description == "\(dir.path("m.safetensors")): tensor \"__metadata__\": the name is reserved for the file's metadata (SafetensorsFile.metadata)")
        #expect(try dir.contents().isEmpty)
    }

    @Test func overlappingTensors() throws {
        let header = "{" + entry("a", offsets: "[0,8]") + "," + entry("b", offsets: "[4,12]") + "}"
        let error = try parseError(rawFile(header, dataSize: 12))
        #expect(error.tensor == "b")
        #expect(error.problem == .overlaps(other: "a"))
        // A tensor nested inside a longer one overlaps it too.
        let nested = "{" + entry("a", shape: "[4]", offsets: "[0,16]") + "," + entry("b", offsets: "[4,12]") + "}"
        #expect(try parseError(rawFile(nested, dataSize: 16)).problem == .overlaps(other: "a"))
        // Touching ranges and empty tensors are fine.
        let touching = "{" + entry("a") + "," + entry("b", offsets: "[8,16]") + ","
            + entry("c", shape: "[0]", offsets: "[8,8]") + "}"
        #expect(try SafetensorsFile(data: rawFile(touching, dataSize: 16)).tensors.count == 3)
    }

    @Test func metadataProblems() throws {
        let notObject = try parseError(rawFile("{\"__metadata__\":[\"a\"]}"))
        #expect(notObject.problem == .metadataNotObject(found: "an array"))
        let notString = try parseError(rawFile("{\"__metadata__\":{\"epoch\":3}}"))
        #expect(notString.problem == .metadataValueNotString(key: "epoch", found: "a number"))
        #expect(notString.description.contains("\"epoch\""))
    }

    /// A missing file, a folder and a device (read forever, not waited on) are refused with the reasons the data loaders give.
    @Test func unreadableFileNamesThePath() throws {
        let dir = try TemporaryDirectory()
        for (url, reason) in [(dir.file("missing.safetensors"), "No such file or directory"), (dir.url, "it is a folder"),
                              (URL(fileURLWithPath: "/dev/zero"), "it is a device or socket, not a file or pipe")] {
            let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: url) }
            #expect(error.file == url.path && error.problem == .unreadable(reason: reason), "\(error)")
        }
    }

    /// A malformed file is named by its path as given, as an unreadable one is: a relative path stays relative (a command
    /// names the file its flag gave, not the folder it ran in).
    @Test func aMalformedFileIsNamedByThePathAsGiven() throws {
        let dir = try TemporaryDirectory()
        try Data([1, 0, 0]).write(to: dir.file("short.safetensors"))
        // The folder's path relative to the one the tests run in, through the root.
        let up = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
        for name in ["short.safetensors", "missing.safetensors"] {
            let relative = up + dir.path(name).drop { $0 == "/" }
            let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: URL(fileURLWithPath: relative)) }
            #expect(error.file == relative && error.description.hasPrefix("\(relative): "), "\(error)")
        }
        let short = try #require(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: URL(fileURLWithPath: up + dir.path("short.safetensors").drop { $0 == "/" })) }
        #expect(short.problem == .tooShortForHeaderLength(fileSize: 3))
    }

    /// A file larger than this machine's memory (here a sparse one) is refused before it is read, not allocated for.
    @Test func fileLargerThanMemoryIsRefused() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("huge.safetensors")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(CheckedSize.physicalMemory) + 1)
        try handle.close()
        let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: url) }
        guard case .unreadable(let reason) = error.problem else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix("it is \(CheckedSize.physicalMemory + 1) bytes ("), "\(reason)")
        #expect(reason.hasSuffix("more than this machine's memory (\(CheckedSize.gibibytes(CheckedSize.physicalMemory)))"), "\(reason)")
    }

    /// Every truncation of a valid file throws; so does every header with a
    /// byte flipped, unless the flip happens to leave a valid file.
    @Test func truncatedAndCorruptedFilesThrowAndNeverTrap() throws {
        let valid = SafetensorsFile(
            tensors: ["a.weight": .float32(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])),
                      "b.bias": .float64(Tensor(shape: [2], scalars: [7, 8]))],
            metadata: ["k": "v"]).serialized()
        for length in 0..<valid.count {
            #expect(throws: SafetensorsError.self) { try SafetensorsFile(data: valid.prefix(length)) }
        }
        let headerEnd = 8 + headerText(of: valid).length
        var accepted = 0
        for position in 0..<headerEnd {
            for mask: UInt8 in [0x01, 0x04, 0x20, 0x80, 0xFF] {
                var corrupted = valid
                corrupted[position] ^= mask
                do {
                    let file = try SafetensorsFile(data: corrupted)
                    accepted += 1
                    #expect(try SafetensorsFile(data: file.serialized()) == file)
                } catch is SafetensorsError {
                }
            }
        }
        // A few flips keep the file valid (a letter's case in a metadata value,
        // a swapped digit within the same byte count); most must not.
        #expect(accepted < headerEnd)
    }

    @Test func randomBytesThrowAndNeverTrap() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let count = Int(generator.next() % 64)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if count >= 8 {  // a plausible header length so the JSON parser runs
                bytes.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(count - 8).littleEndian, Array.init))
            }
            #expect(throws: SafetensorsError.self) { try SafetensorsFile(data: Data(bytes)) }
        }
    }
}
