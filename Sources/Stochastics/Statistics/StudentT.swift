import Foundation

/// Student's t distribution, for confidence intervals on replication means.
///
/// The cdf uses the regularised incomplete beta function evaluated by Lentz's continued fraction
/// (Press et al., *Numerical Recipes*, §6.4); the quantile inverts it by bisection, which is plenty fast
/// for the handful of calls a report makes.
public enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` > 0.
    /// - Parameters:
    ///   - t: the point.
    ///   - degreesOfFreedom: ν > 0.
    /// - Returns: the cumulative probability.
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        let nu = degreesOfFreedom
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile, for p in (0, 1).
    /// - Parameters:
    ///   - p: probability.
    ///   - degreesOfFreedom: ν > 0.
    /// - Returns: t with P(T ≤ t) = p.
    /// - Complexity: about 200 cdf evaluations.
    public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard p > 0, p < 1, degreesOfFreedom > 0 else { return p <= 0 ? -.infinity : .infinity }
        // Reports ask for the same few quantiles (0.975 at n − 1) thousands of times.
        let key = QuantileKey(p: p, degreesOfFreedom: degreesOfFreedom)
        if let cached = quantileCache.value(for: key) { return cached }
        let value = computeQuantile(p, degreesOfFreedom: degreesOfFreedom)
        quantileCache.store(value, for: key)
        return value
    }

    static func computeQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        if p < 0.5 { return -computeQuantile(1 - p, degreesOfFreedom: degreesOfFreedom) }
        var low = 0.0, high = 1.0
        while cdf(high, degreesOfFreedom: degreesOfFreedom) < p { high *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if cdf(mid, degreesOfFreedom: degreesOfFreedom) < p { low = mid } else { high = mid }
            if high - low < 1e-13 * max(1, high) { break }
        }
        return 0.5 * (low + high)
    }

    /// I_x(a, b), the regularised incomplete beta function.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}

struct QuantileKey: Hashable {
    var p: Double
    var degreesOfFreedom: Double
}

/// A small thread-safe memo of computed quantiles.
final class QuantileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [QuantileKey: Double] = [:]

    func value(for key: QuantileKey) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    func store(_ value: Double, for key: QuantileKey) {
        lock.lock()
        defer { lock.unlock() }
        if values.count > 4096 { values.removeAll() }
        values[key] = value
    }
}

let quantileCache = QuantileCache()
