import Foundation

/// A probability mass function on the nonnegative integers with finite support,
/// `P(D = k) = probabilities[k]` for `k = 0 ... probabilities.count - 1`.
///
/// This is the demand law the exact optimisers and dynamic programs work on (and the stationary
/// learning environment samples from). Cumulative and tail sums are
/// precomputed once at construction, which makes `cdf(_:)` and both expected-loss
/// functions O(1): the (s,S) and lost-sales algorithms call them millions of times.
public struct DiscretePMF: Sendable, Equatable {
    /// `probabilities[k] = P(D = k)`; nonnegative, summing to 1, without trailing zeros
    /// (at least one entry).
    /// - Complexity: O(1) to read.
    public let probabilities: [Double]

    /// `E[D]`, computed once at construction.
    /// - Complexity: O(1).
    public let mean: Double

    // cumulativeProbability[k] = P(D <= k); headFirstMoment[k] = sum_{j <= k} j p_j.
    private let cumulativeProbability: [Double]
    private let headFirstMoment: [Double]
    // Tail sums are accumulated from the far end so that small upper tails keep their
    // relative accuracy instead of being computed as 1 - (something close to 1).
    // tailProbability[k] = P(D >= k); tailFirstMoment[k] = sum_{j >= k} j p_j.
    private let tailProbability: [Double]
    private let tailFirstMoment: [Double]

    /// Creates a pmf from `P(D = k)` values, validating and renormalising them.
    /// - Parameters:
    ///   - probabilities: `P(D = 0), P(D = 1), ...`; each entry finite and nonnegative,
    ///     the total within 1e-6 of 1. The values are divided by their total so that
    ///     the stored law sums to 1 to rounding; trailing zeros are dropped.
    /// - Returns: The validated pmf.
    /// - Throws: `DistributionError` if the array is empty, has a negative or non-finite
    ///   entry, or does not sum to 1 within 1e-6.
    /// - Complexity: O(n) for n = `probabilities.count`.
    public init(probabilities: [Double]) throws {
        guard !probabilities.isEmpty else {
            throw DistributionError("probabilities must contain at least one value (P(D = 0)); got an empty array.")
        }
        var total = 0.0
        for (k, value) in probabilities.enumerated() {
            guard value.isFinite, value >= 0 else {
                throw DistributionError("probabilities[\(k)] must be a finite nonnegative number, got \(value).")
            }
            total += value
        }
        guard abs(total - 1) <= 1e-6 else {
            throw DistributionError("probabilities must sum to 1 within 1e-6; they sum to \(total).")
        }
        self.init(unnormalized: probabilities, total: total)
    }

    /// Creates a pmf from values that are a pmf by construction (convolutions, truncated
    /// laws): only drops trailing zeros and divides by the total, without validation.
    /// - Parameters:
    ///   - values: nonnegative finite weights of 0, 1, 2, …, not all zero.
    ///   - total: their sum, when the caller has it.
    public init(unnormalized values: [Double], total: Double? = nil) {
        var p = values
        while p.count > 1, p[p.count - 1] == 0 { p.removeLast() }
        let sum = total ?? p.reduce(0, +)
        if sum > 0, sum != 1 {
            for k in p.indices { p[k] /= sum }
        }
        let n = p.count
        var cdf = [Double](repeating: 0, count: n)
        var head = [Double](repeating: 0, count: n)
        var accP = 0.0
        var accM = 0.0
        for k in 0..<n {
            accP += p[k]
            accM += Double(k) * p[k]
            cdf[k] = accP
            head[k] = accM
        }
        var tailP = [Double](repeating: 0, count: n + 1)
        var tailM = [Double](repeating: 0, count: n + 1)
        for k in stride(from: n - 1, through: 0, by: -1) {
            tailP[k] = tailP[k + 1] + p[k]
            tailM[k] = tailM[k + 1] + Double(k) * p[k]
        }
        probabilities = p
        mean = accM
        cumulativeProbability = cdf
        headFirstMoment = head
        tailProbability = tailP
        tailFirstMoment = tailM
    }

    /// Two pmfs are equal when their probabilities are; the caches follow from them.
    /// - Parameters:
    ///   - lhs: A pmf.
    ///   - rhs: Another pmf.
    /// - Returns: Whether the probabilities are identical.
    /// - Complexity: O(n).
    public static func == (lhs: DiscretePMF, rhs: DiscretePMF) -> Bool {
        lhs.probabilities == rhs.probabilities
    }

    /// The largest value with positive probability (the last index of `probabilities`).
    /// - Complexity: O(1).
    public var maxValue: Int { probabilities.count - 1 }

    /// `P(D = k)`, zero outside the support.
    /// - Parameters:
    ///   - k: Any integer.
    /// - Returns: The probability of exactly `k` units.
    /// - Complexity: O(1).
    public func probability(_ k: Int) -> Double {
        (k >= 0 && k < probabilities.count) ? probabilities[k] : 0
    }

    /// The cumulative distribution function `F(k) = P(D <= k)`.
    /// - Parameters:
    ///   - k: Any integer; negative values give 0 and values at or above `maxValue` give 1.
    /// - Returns: `P(D <= k)`.
    /// - Complexity: O(1).
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= probabilities.count - 1 { return 1 }
        return cumulativeProbability[k]
    }

    /// `P(D >= k)`, accumulated from the upper tail for accuracy.
    /// - Parameters:
    ///   - k: Any integer.
    /// - Returns: `P(D >= k)`.
    /// - Complexity: O(1).
    public func survival(atLeast k: Int) -> Double {
        if k <= 0 { return 1 }
        if k >= probabilities.count { return 0 }
        return tailProbability[k]
    }

    /// The first-order loss function `E[(D - y)^+]`: expected units short when `y`
    /// units are available.
    /// - Parameters:
    ///   - y: Stock level in units; may be negative (a backlog), in which case the
    ///     result is `E[D] - y`.
    /// - Returns: `E[(D - y)^+]`.
    /// - Complexity: O(1).
    public func expectedShortage(stockLevel y: Int) -> Double {
        if y < 0 { return mean - Double(y) }
        if y >= probabilities.count - 1 { return 0 }
        return max(0, tailFirstMoment[y + 1] - Double(y) * tailProbability[y + 1])
    }

    /// The complementary loss function `E[(y - D)^+]`: expected units left over when `y`
    /// units are available.
    /// - Parameters:
    ///   - y: Stock level in units; may be negative (then the result is 0).
    /// - Returns: `E[(y - D)^+]`.
    /// - Complexity: O(1).
    public func expectedLeftover(stockLevel y: Int) -> Double {
        if y <= 0 { return 0 }
        let last = min(y - 1, probabilities.count - 1)
        let probabilityBelow = last == probabilities.count - 1 ? 1 : cumulativeProbability[last]
        let momentBelow = last == probabilities.count - 1 ? mean : headFirstMoment[last]
        return max(0, Double(y) * probabilityBelow - momentBelow)
    }

    /// The law of `D + D'` for independent `D ~ self`, `D' ~ other`.
    /// - Parameters:
    ///   - other: The second summand's pmf.
    /// - Returns: The convolution, with support size `n + m - 1`.
    /// - Complexity: O(n m).
    public func convolved(with other: DiscretePMF) -> DiscretePMF {
        let a = probabilities
        let b = other.probabilities
        var c = [Double](repeating: 0, count: a.count + b.count - 1)
        for i in a.indices where a[i] != 0 {
            let ai = a[i]
            for j in b.indices {
                c[i + j] += ai * b[j]
            }
        }
        return DiscretePMF(unnormalized: c)
    }

    /// The law of the sum of `n` independent copies (`n`-fold convolution), e.g. the
    /// demand over a lead time of `n` periods.
    /// - Parameters:
    ///   - n: Number of summands, `n >= 0`; `n = 0` gives the point mass at 0.
    /// - Returns: The `n`-fold convolution.
    /// - Throws: `DistributionError` if `n` is negative.
    /// - Complexity: O(log n) convolutions by repeated squaring, i.e. O((n s)^2) for
    ///   support size s.
    public func power(_ n: Int) throws -> DiscretePMF {
        try powerChecked(n)
    }

    /// Multiply-adds ``power(_:)`` takes for `n` summands (an upper bound: zero tails are not trimmed),
    /// to refuse sizes before spending them.
    /// - Parameter n: number of summands, `>= 0`.
    /// - Returns: the count.
    public func powerOperations(_ n: Int) -> Double {
        var result = 1.0, base = Double(probabilities.count), remaining = max(0, n), total = 0.0
        while remaining > 0 {
            if remaining & 1 == 1 {
                total += result * base
                result += base - 1
            }
            remaining >>= 1
            if remaining > 0 {
                total += base * base
                base = 2 * base - 1
            }
        }
        return total
    }

    private func powerChecked(_ n: Int) throws -> DiscretePMF {
        guard n >= 0 else {
            throw DistributionError("n (number of convolved periods) must be a nonnegative integer, got \(n).")
        }
        var result = DiscretePMF(unnormalized: [1])
        var base = self
        var remaining = n
        while remaining > 0 {
            if remaining & 1 == 1 { result = result.convolved(with: base) }
            remaining >>= 1
            if remaining > 0 { base = base.convolved(with: base) }
        }
        return result
    }

    /// A Poisson pmf truncated where its upper tail drops below `tailTolerance`, then
    /// renormalised.
    ///
    /// The probabilities are GSL's (`Distribution.pmfVector`, the same code every other discrete law
    /// uses), accumulated with a compensated sum.
    /// - Parameters:
    ///   - mean: The Poisson mean, finite and `>= 0` (0 gives the point mass at 0).
    ///   - tailTolerance: Stop at the first `k` with `P(D <= k) >= 1 - tailTolerance`;
    ///     in (0, 1). The default 1e-12 keeps the truncation invisible at double precision
    ///     for the costs computed here.
    /// - Returns: The truncated, renormalised Poisson pmf.
    /// - Throws: `DistributionError` for a negative or non-finite mean or a tolerance
    ///   outside (0, 1).
    /// - Complexity: O(mean + sqrt(mean) log(1/tailTolerance)).
    public static func poisson(mean: Double, tailTolerance: Double = 1e-12) throws -> DiscretePMF {
        guard mean.isFinite, mean >= 0 else {
            throw DistributionError("mean (Poisson demand per period) must be nonnegative and finite, got \(mean).")
        }
        guard tailTolerance.isFinite, tailTolerance > 0, tailTolerance < 1 else {
            throw DistributionError("tailTolerance must lie strictly between 0 and 1, got \(tailTolerance).")
        }
        if mean == 0 { return DiscretePMF(unnormalized: [1]) }
        guard let vector = Distribution.poisson(mean: mean).pmfVector(tailTolerance: tailTolerance) else {
            throw DistributionError("a Poisson law of mean \(mean) is too wide for a probability table.")
        }
        return DiscretePMF(unnormalized: vector)
    }
}
