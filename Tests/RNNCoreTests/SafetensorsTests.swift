import Foundation
import Testing
import _TestSupport
@testable import RNNCore

/// Reads the little-endian header length and the header text of a serialized file.
func headerText(of data: Data) -> (length: Int, text: String) {
    let bytes = [UInt8](data)
    let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    return (length, String(decoding: bytes[8..<(8 + length)], as: UTF8.self))
}

@Suite struct SafetensorsTests {
    let sample = SafetensorsFile(
        tensors: [
            "w": .float32(Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, .infinity, -0.0])),
            "scale": .float64(Tensor(1.0 / 3.0)),
            "empty": .float32(Tensor(zeros: [0, 4])),
        ],
        metadata: ["format": "pt", "note": "quote \" backslash \\ newline \n é"])

    @Test func roundTripsTensorsDtypesAndMetadata() throws {
        let back = try SafetensorsFile(data: sample.serialized())
        #expect(back == sample)
        #expect(back.tensors["scale"]?.dtype == "F64")
        #expect(back.tensors["w"]?.dtype == "F32")
        #expect(back.tensors["empty"]?.shape == [0, 4])
        #expect(back.metadata == sample.metadata)
    }

    /// A model with batch normalization saved with its buffers evaluates the same after loading; without them a
    /// strict load names the buffers as unexpected tensors.
    @Test func buffersRoundTripWithTheParameters() throws {
        func model() -> Sequential<Double> {
            var g = SeededGenerator(seed: 3)
            return Sequential([Linear(inputSize: 3, outputSize: 4, name: "0", generator: &g), BatchNorm(featureCount: 4, name: "1")])
        }
        let trained = model(), x = Tensor<Double>(shape: [4, 3], scalars: (0..<12).map { Double($0 * $0 % 7) - 3 })
        _ = trained(Tape<Double>().constant(x))  // one step of the running statistics
        let dir = try TemporaryDirectory()
        try SafetensorsFile(parameters: trained.parameters, buffers: trained.buffers).write(to: dir.file("m.safetensors"))
        let file = try SafetensorsFile(contentsOf: dir.file("m.safetensors"))
        #expect(file.tensors.keys.sorted() == ["0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var", "1.weight"])
        let loaded = model()
        let error = try #require(throws: StateDictError.self) { try file.load(into: loaded.parameters) }
        #expect(error.unexpected.map(\.name) == ["1.num_batches_tracked", "1.running_mean", "1.running_var"])
        try file.load(into: loaded.parameters, buffers: loaded.buffers)
        let eval = { (m: Sequential<Double>) in m(Tape<Double>(recording: false).constant(x)).value }
        #expect(eval(loaded) == eval(trained) && eval(loaded) != eval(model()))
        #expect(loaded.buffers.map(\.value) == trained.buffers.map(\.value) && loaded.buffers[2].value.scalar == 1)
    }

    /// A pipe's size is 0 to `stat`, as are files under /proc: it is read to its end, as a data file is (here 400 KB, more
    /// than the first read's buffer), written from another thread once the read opens it.
    @Test func aNamedPipeIsReadToItsEnd() throws {
        let dir = try TemporaryDirectory()
        let pipe = dir.path("pipe.safetensors")
        #expect(mkfifo(pipe, 0o600) == 0)
        let file = SafetensorsFile(tensors: ["w": .float32(Tensor(shape: [100, 1000], scalars: (0..<100_000).map { Float($0) }))])
        let bytes = file.serialized()
        Thread.detachNewThread {
            guard let writer = FileHandle(forWritingAtPath: pipe) else { return }  // waits for the reader
            try? writer.write(contentsOf: bytes)
            try? writer.close()
        }
        #expect(try SafetensorsFile(contentsOf: URL(fileURLWithPath: pipe)) == file)
    }

    @Test func roundTripsThroughDisk() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("model.safetensors")
        try sample.write(to: url)
        let back = try SafetensorsFile(contentsOf: url)
        #expect(back == sample)
        #expect(back.source == url.path)
    }

    @Test func headerFollowsTheFormat() throws {
        let data = sample.serialized()
        let (length, text) = headerText(of: data)
        #expect(length % 8 == 0)
        #expect(text.hasPrefix("{\"__metadata__\":{\"format\":\"pt\",\"note\":"))
        // Largest element size first, then by name; contiguous offsets.
        let expectedEntries = "\"scale\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[8,8]},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}"
        #expect(text.trimmingCharacters(in: .whitespaces).hasSuffix(expectedEntries))
        #expect(text.reversed().prefix { $0 != "}" }.allSatisfy { $0 == " " })  // space padding
        #expect(data.count == 8 + length + 32)
        // The scalar 1/3 is stored little-endian right after the header.
        let raw = data.subdata(in: (8 + length)..<(8 + length + 8))
        #expect(raw == withUnsafeBytes(of: (1.0 / 3.0).bitPattern.littleEndian) { Data($0) })
    }

    /// Every control character (escaped, `\u001f` included), DEL, quotes, backslashes, slashes and characters outside
    /// ASCII and the BMP come back as they were written.
    @Test func metadataOfAnyCharactersRoundTrips() throws {
        let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init))) + "\u{7F} \" \\ / é 😀"
        let file = SafetensorsFile(tensors: [:], metadata: [text: text, "k": "\u{1F}"])
        #expect(try SafetensorsFile(data: file.serialized()).metadata == file.metadata)
    }

    /// The header is padded with the fewest spaces that make its length a multiple of 8: none when it is one already.
    @Test(arguments: 0..<8)
    func theHeaderIsPaddedToTheNextMultipleOf8(extra: Int) {
        let text = headerText(of: SafetensorsFile(tensors: [:], metadata: ["k": String(repeating: "x", count: extra)]).serialized()).text
        let unpadded = text.utf8.count - text.reversed().prefix { $0 == " " }.count
        #expect(unpadded == 25 + extra && text.utf8.count == (unpadded + 7) / 8 * 8)
    }

    @Test func emptyFileHasPaddedEmptyHeader() throws {
        let data = SafetensorsFile().serialized()
        #expect(headerText(of: data).text == "{}      ")
        #expect(try SafetensorsFile(data: data) == SafetensorsFile())
    }

    @Test func convertsBetweenFloatAndDouble() throws {
        let file = try SafetensorsFile(data: sample.serialized())
        let asDouble = try file.tensor(named: "w", as: Double.self)
        #expect(asDouble.scalars[0...3] == [1, -2, 3.5, 0])
        let asFloat = try file.tensor(named: "scale", as: Float.self)
        #expect(asFloat.scalar == Float(1.0 / 3.0))
        #expect(AnyTensor(Tensor<Double>(2.5)) == .float64(Tensor(2.5)))
    }

    @Test func missingTensorLookupNamesFileAndTensor() throws {
        let file = try SafetensorsFile(data: sample.serialized(), source: "ckpt.safetensors")
        let error = try #require(throws: SafetensorsError.self) { try file.tensor(named: "nope", as: Float.self) }
        #expect(error.problem == .missingTensor(available: ["empty", "scale", "w"]))
        #expect(error.description.contains("ckpt.safetensors"))
        #expect(error.description.contains("\"nope\""))
    }

    @Test func readsDataWithNonZeroStartIndex() throws {
        let padded = Data([0xAA, 0xBB]) + sample.serialized()
        let slice = padded[2...]
        #expect(slice.startIndex == 2)
        #expect(try SafetensorsFile(data: slice) == sample)
    }

    @Test func decodesHalfPrecisionBitPatterns() {
        #expect(Float(halfBits: 0x3C00) == 1)
        #expect(Float(halfBits: 0xC000) == -2)
        #expect(Float(halfBits: 0x7BFF) == 65504)
        #expect(Float(halfBits: 0x0001) == 0x1p-24)  // smallest subnormal
        #expect(Float(halfBits: 0x8000).sign == .minus)
        #expect(Float(halfBits: 0x7C00) == .infinity)
        #expect(Float(halfBits: 0x7E00).isNaN)
    }
}
