internal import _CGSL
import Foundation

/// Tables of the ziggurat method for the standard exponential distribution
/// (G. Marsaglia and W. W. Tsang, "The ziggurat method for generating random variables",
/// Journal of Statistical Software 5(8), 2000), with 256 layers.
///
/// Why: Poisson customer arrivals make the exponential the simulator's most frequent draw, and the
/// inversion `-log(U)` spends most of its time in `log`. The ziggurat needs one 32-bit word from the
/// GSL generator for ~99% of draws. The word is split — low 8 bits pick the layer, the high 24 bits
/// place the point in it — so no bit is used twice (the defect Doornik (2005) found in the original,
/// which reused the layer bits in the value).
///
/// The method is exact: rejection in the wedges and a memoryless restart in the tail.
final class ExponentialZiggurat: Sendable {
    /// Acceptance thresholds (24-bit scale).
    let k: [UInt32]
    /// Layer widths divided by 2^24.
    let w: [Double]
    /// Density at the layer boundaries.
    let f: [Double]

    static let shared = ExponentialZiggurat()
    /// Right edge of the base layer.
    static let r = 7.69711747013104972
    /// Area of each layer.
    static let v = 3.949659822581572e-3

    private init() {
        let scale = Double(1 << 24)
        var k = [UInt32](repeating: 0, count: 256)
        var w = [Double](repeating: 0, count: 256)
        var f = [Double](repeating: 0, count: 256)
        var d = Self.r
        var t = d
        let q = Self.v / exp(-d)
        k[0] = UInt32((d / q) * scale)
        k[1] = 0
        w[0] = q / scale
        w[255] = d / scale
        f[0] = 1
        f[255] = exp(-d)
        for i in stride(from: 254, through: 1, by: -1) {
            d = -log(Self.v / d + exp(-d))
            k[i + 1] = UInt32((d / t) * scale)
            t = d
            f[i] = exp(-d)
            w[i] = d / scale
        }
        self.k = k
        self.w = w
        self.f = f
    }

    /// One standard exponential variate (mean 1).
    /// - Parameters:
    ///   - rng: the GSL generator; must deliver at least 32 random bits per word (mt19937, ranlxd2 and taus2 do).
    /// - Returns: a value ≥ 0.
    func sample(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        var word = UInt32(truncatingIfNeeded: gsl_rng_get(rng))
        var layer = Int(word & 0xFF)
        var bits = word >> 8
        if bits < k[layer] { return Double(bits) * w[layer] }
        var shift = 0.0
        while true {
            if layer == 0 {
                // Tail: the exponential is memoryless, so beyond r it is r plus a fresh exponential.
                shift += Self.r
            } else {
                let x = Double(bits) * w[layer]
                if f[layer] + gsl_rng_uniform(rng) * (f[layer - 1] - f[layer]) < exp(-x) { return shift + x }
            }
            word = UInt32(truncatingIfNeeded: gsl_rng_get(rng))
            layer = Int(word & 0xFF)
            bits = word >> 8
            if bits < k[layer] { return shift + Double(bits) * w[layer] }
        }
    }
}
