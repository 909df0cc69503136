/// The 64-bit FNV-1a hash (G. Fowler, L. C. Noll and K.-P. Vo) of a text's UTF-8 bytes: a short,
/// stable fingerprint of canonical descriptions (a training model's parameters, a scenario as
/// loaded), the same on every machine and in every run, unlike `Hasher`.
///
/// ```swift
/// FNV1a.hex("")   // "cbf29ce484222325"
/// ```
public enum FNV1a {
    /// The hash as 16 lowercase hex digits.
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public static func hex(_ text: String) -> String { hex(bytes: text.utf8) }

    /// The hash of some bytes (a data file's) as 16 lowercase hex digits.
    /// - Complexity: O(n) in the number of bytes.
    public static func hex<Bytes: Sequence>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
