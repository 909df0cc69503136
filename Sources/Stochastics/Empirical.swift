/// Observed values, resampled with equal weights by ``Distribution/empirical(_:)``.
///
/// Keeps a sorted copy so that cdf and quantile are binary searches, and caches the
/// moments because optimisers ask for them repeatedly.
public struct Empirical: Sendable, Equatable {
    /// The observed values, in the order given (units are those of the observations).
    public let values: [Double]
    /// The same values in ascending order.
    public let sorted: [Double]

    /// Mean of `values` (dividing by n, since the law puts weight 1/n on each value).
    internal let populationMean: Double
    /// Variance of `values` dividing by n, for the same reason.
    internal let populationVariance: Double
    /// Whether every value is a whole number, i.e. whether the law is discrete on the integers.
    internal let allIntegers: Bool

    /// Creates an empirical law from observations.
    /// - Parameter values: At least one value; all must be finite.
    /// - Throws: ``DistributionError`` if `values` is empty or contains NaN or an infinity.
    public init(values: [Double]) throws {
        guard !values.isEmpty else {
            throw DistributionError(
                "Empirical values must contain at least one observation, but the list is empty.")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw DistributionError(
                "Empirical values must all be finite numbers, but the value at index \(index) is \(values[index]).")
        }
        self.values = values
        self.sorted = values.sorted()
        let count = Double(values.count)
        // Two passes: the one-pass formula loses most digits when the mean dwarfs the spread.
        let mean = values.reduce(0, +) / count
        self.populationMean = mean
        self.populationVariance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        self.allIntegers = values.allSatisfy { $0 == $0.rounded() }
    }

    /// The number of observations.
    internal var count: Int { sorted.count }

    /// Number of observations <= x (binary search on `sorted`).
    internal func countAtMost(_ x: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Number of observations < x.
    internal func countBelow(_ x: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// P(X <= x) under equal weights.
    internal func cdf(_ x: Double) -> Double {
        Double(countAtMost(x)) / Double(count)
    }

    /// The smallest observation whose cdf reaches `p`, for p in (0, 1).
    internal func quantile(_ p: Double) -> Double {
        let n = count
        // ceil(p n) - 1 is the answer in exact arithmetic; the two loops correct the
        // rounding of p * n so the result agrees with `cdf` bit for bit.
        var index = min(max(Int((p * Double(n)).rounded(.up)) - 1, 0), n - 1)
        while index < n - 1, cdf(sorted[index]) < p { index += 1 }
        while index > 0, cdf(sorted[index - 1]) >= p { index -= 1 }
        return sorted[index]
    }
}
