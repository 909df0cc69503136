/// The SplitMix64 finaliser (G. Steele, D. Lea and C. Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): a bijection of 64-bit words that scatters nearby inputs, used to derive
/// independent seeds from (seed, purpose, replication, SKU, …) keys.
///
/// ```swift
/// let child = SplitMix64.mix(seed, 3)   // the seed of substream 3
/// ```
public enum SplitMix64 {
    /// The golden-ratio increment of SplitMix64.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// One SplitMix64 output: the finaliser of `value + increment`.
    /// - Complexity: O(1).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ increment
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The `index`-th output of a SplitMix64 sequence started at `seed` (`mix(seed + index × increment)`).
    /// - Complexity: O(1).
    @inlinable
    public static func mix(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        mix(seed &+ increment &* index)
    }
}
