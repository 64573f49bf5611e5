import Requirements

/// A contiguous run of token ids, stored in the narrowest integer width the
/// vocabulary allows: UInt8 for V <= 256, UInt16 for V <= 65,536, UInt32 otherwise.
///
/// A value type that shares its storage: slicing (``subrange(_:)``, splits)
/// copies nothing. A collection of the ids as `Int`, the type the models take (`Array(ids)`,
/// `for id in ids`), indexed by position from 0.
public struct TokenIDs: RandomAccessCollection, Sendable, Equatable {
    /// The backing array, in one of three widths.
    enum Storage: Sendable, Equatable {
        case u8([UInt8])
        case u16([UInt16])
        case u32([UInt32])
    }

    let storage: Storage
    /// The positions of this run inside `storage`.
    let range: Range<Int>

    init(storage: Storage, range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    init(storage: Storage) {
        switch storage {
        case .u8(let a): self.init(storage: storage, range: 0..<a.count)
        case .u16(let a): self.init(storage: storage, range: 0..<a.count)
        case .u32(let a): self.init(storage: storage, range: 0..<a.count)
        }
    }

    /// Token ids from plain integers (tests, short prompts), in the narrowest width.
    /// - Precondition: every id is in 0...UInt32.max.
    public init<S: Sequence>(_ ids: S) where S.Element: BinaryInteger {
        let a = ids.map { id in
            guard let id = UInt32(exactly: id) else { failRequirement("TokenIDs: id \(id) outside 0...\(UInt32.max)") }
            return id
        }
        let top = a.max() ?? 0
        if top <= UInt32(UInt8.max) { self.init(storage: .u8(a.map { UInt8($0) })) }
        else if top <= UInt32(UInt16.max) { self.init(storage: .u16(a.map { UInt16($0) })) }
        else { self.init(storage: .u32(a)) }
    }

    /// The number of tokens.
    public var count: Int { range.count }

    /// Bytes per stored id: 1, 2 or 4.
    public var bytesPerToken: Int {
        switch storage {
        case .u8: 1
        case .u16: 2
        case .u32: 4
        }
    }

    /// Position 0.
    public var startIndex: Int { 0 }
    /// ``count``, one past the last position.
    public var endIndex: Int { count }

    /// The id at position `i` in 0..<count.
    public subscript(i: Int) -> Int {
        require(i >= 0 && i < count, "token position \(i) outside 0..<\(count)")
        let j = range.lowerBound + i
        switch storage {
        case .u8(let a): return Int(a[j])
        case .u16(let a): return Int(a[j])
        case .u32(let a): return Int(a[j])
        }
    }

    /// The tokens at positions `r` (a view, no copy).
    public func subrange(_ r: Range<Int>) -> TokenIDs {
        require(r.lowerBound >= 0 && r.upperBound <= count, "range \(r) outside 0..<\(count)")
        return TokenIDs(storage: storage, range: (range.lowerBound + r.lowerBound)..<(range.lowerBound + r.upperBound))
    }

    /// Copies `n` ids starting at position `start` into `out[at..<at+n]`.
    func copy(from start: Int, count n: Int, into out: inout [Int], at: Int) {
        require(start >= 0 && start + n <= count && at + n <= out.count, "copy out of range")
        let s = range.lowerBound + start
        out.withUnsafeMutableBufferPointer { dst in
            switch storage {
            case .u8(let a): a.withUnsafeBufferPointer { for i in 0..<n { dst[at + i] = Int($0[s + i]) } }
            case .u16(let a): a.withUnsafeBufferPointer { for i in 0..<n { dst[at + i] = Int($0[s + i]) } }
            case .u32(let a): a.withUnsafeBufferPointer { for i in 0..<n { dst[at + i] = Int($0[s + i]) } }
            }
        }
    }

    /// Equal when they hold the same ids in the same order, whatever their storage widths.
    public static func == (a: TokenIDs, b: TokenIDs) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }
}
