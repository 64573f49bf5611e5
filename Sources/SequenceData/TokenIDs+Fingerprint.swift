extension TokenIDs {
    /// A 64-bit FNV-1a hash of the ids in order, whatever their storage width: two runs of ids
    /// with the same fingerprint are, for any practical purpose, the same text. 16 hexadecimal digits.
    public var fingerprint: String {
        func hash<C: Collection>(_ ids: C) -> UInt64 where C.Element: BinaryInteger {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for id in ids {
                h = (h ^ UInt64(id)) &* 0x0000_0100_0000_01b3
            }
            return h
        }
        let h = switch storage {
        case .u8(let a): hash(a[range])
        case .u16(let a): hash(a[range])
        case .u32(let a): hash(a[range])
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
