/// Exact quantile searches on a cdf, shared by the laws that have no closed-form inverse.
internal enum QuantileSearch {
    /// Past this, integers are no longer exactly representable as `Double`.
    static let largestExactInteger = 9_007_199_254_740_992.0  // 2^53

    /// The smallest integer k in lowerBound...upperBound with cdf(k) >= p.
    ///
    /// Brackets by doubling steps from `start`, then bisects while keeping the invariant
    /// cdf(low) < p <= cdf(high). The result therefore satisfies cdf(k) >= p and
    /// cdf(k - 1) < p even if rounding made the computed cdf slightly non-monotone. Exact
    /// while k stays below 2^53; beyond that, only to the spacing of `Double`s.
    /// - Parameters:
    ///   - upperBound: The top of the support (cdf = 1 there), or +infinity.
    /// - Returns: The quantile, or +infinity if an unbounded cdf never reaches p below 2^53
    ///   (p indistinguishable from 1 for a heavy tail).
    static func discrete(
        _ p: Double, lowerBound: Double, upperBound: Double = .infinity, start: Double,
        cdf: (Double) -> Double
    ) -> Double {
        var low: Double  // cdf(low) < p, or low = lowerBound - 1
        var high: Double  // cdf(high) >= p
        let first = start.isFinite
            ? min(max(start.rounded(.down), lowerBound), upperBound, largestExactInteger) : lowerBound
        if cdf(first) >= p {
            high = first
            var step = 1.0
            low = high - step
            while low >= lowerBound, cdf(low) >= p {
                high = low
                step *= 2
                low = high - step
            }
            low = max(low, lowerBound - 1)
        } else {
            low = first
            var step = 1.0
            high = min(low + step, upperBound)
            while cdf(high) < p {
                if high >= upperBound { return upperBound }
                low = high
                step *= 2
                high = min(low + step, upperBound)
                if high > largestExactInteger, upperBound == .infinity { return .infinity }
            }
        }
        while high - low > 1 {
            let mid = (low + (high - low) / 2).rounded(.down)
            // Above 2^53 neighbouring integers merge; stop rather than spin.
            if mid <= low || mid >= high { break }
            if cdf(mid) >= p { high = mid } else { low = mid }
        }
        return high
    }

    /// The smallest x (to within one ulp) with cdf(x) >= p, by bracketing and bisection.
    ///
    /// A fallback for when a closed-form or GSL inverse fails to converge.
    /// - Parameter lowerBound: A point with cdf(lowerBound) < p (the support's lower end).
    static func continuous(_ p: Double, lowerBound: Double, start: Double, cdf: (Double) -> Double) -> Double {
        var low = lowerBound
        var high = start.isFinite && start > lowerBound ? start : lowerBound + 1
        var width = max(high - lowerBound, 1)
        while cdf(high) < p {
            low = high
            width *= 2
            high = low + width
            if !high.isFinite { return .infinity }
        }
        for _ in 0..<2_200 {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { break }
            if cdf(mid) >= p { high = mid } else { low = mid }
        }
        return high
    }

    /// Moves a continuous quantile `q` up by the few ulps needed for cdf(q) >= p.
    ///
    /// Closed-form and GSL inverses are accurate to a few ulps but may land just below p;
    /// the contract "smallest x with cdf(x) >= p" needs the other side. Gallops up from one
    /// ulp, then bisects back, so the result is the first double (near q) that reaches p.
    /// - Returns: `q` itself when it already reaches p or is not finite.
    static func reaching(_ p: Double, from q: Double, cdf: (Double) -> Double) -> Double {
        guard q.isFinite, cdf(q) < p else { return q }
        var low = q  // cdf(low) < p
        var step = q.ulp
        var high = q + step
        // 2,100 doublings span the whole double range, so this always brackets or overflows.
        for _ in 0..<2_100 {
            if !high.isFinite { return .infinity }
            if cdf(high) >= p { break }
            low = high
            step *= 2
            high = low + step
        }
        while true {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { return high }
            if cdf(mid) >= p { high = mid } else { low = mid }
        }
    }
}
