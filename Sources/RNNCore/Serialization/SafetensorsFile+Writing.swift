import Foundation
import Requirements

/// Producing the bytes of a safetensors file.
extension SafetensorsFile {
    /// The file's bytes, laid out as the Python `safetensors` library does.
    ///
    /// `__metadata__` comes first (omitted when empty, keys sorted), then the
    /// tensors ordered by element size, largest first, then by name — so every
    /// tensor starts at a multiple of its element size — with contiguous
    /// `data_offsets`. The header is padded with spaces to a multiple of 8 bytes.
    /// - Precondition: no tensor is named `__metadata__` (``write(to:replacing:)`` throws for one instead).
    public func serialized() -> Data {
        require(tensors["__metadata__"] == nil, "SafetensorsFile: \"__metadata__\" is reserved and cannot name a tensor")
        let order = tensors.keys.sorted { a, b in
            let (sizeA, sizeB) = (tensors[a]!.elementSize, tensors[b]!.elementSize)
            return sizeA != sizeB ? sizeA > sizeB : a < b
        }

        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { JSONText.string($0) + ":" + JSONText.string(metadata[$0]!) }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offsets: [Int] = []
        var end = 0
        for name in order {
            let tensor = tensors[name]!
            let begin = end
            end += tensor.shape.reduce(1, *) * tensor.elementSize
            offsets.append(begin)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(JSONText.string(name)
                + ":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(end)]}")
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var data = Data(count: 8 + header.count + end)
        data.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: UInt64(header.count).littleEndian, as: UInt64.self)
            bytes.baseAddress!.advanced(by: 8).copyMemory(from: header, byteCount: header.count)
            let dataStart = 8 + header.count
            for (name, begin) in zip(order, offsets) {
                tensors[name]!.encode(into: bytes, at: dataStart + begin)
            }
        }
        return data
    }
}
