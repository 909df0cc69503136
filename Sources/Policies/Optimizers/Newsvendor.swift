import Foundation
import Stochastics

/// The single-period newsvendor: choose the stock level `S` minimising
/// `E[h (S - D)^+ + p (D - S)^+]`, whose minimiser is the critical-ratio quantile
/// `F^{-1}(p / (p + h))`.
///
/// Source: L. V. Snyder and Z.-J. M. Shen, *Fundamentals of Supply Chain Theory*,
/// 2nd ed., Wiley 2019, ch. 4 (the critical-ratio solution and its discrete and
/// normal special cases).
public enum Newsvendor {
    /// The optimal order-up-to level and cost for a discrete demand.
    /// - Parameters:
    ///   - pmf: Demand per period, `P(D = k)`.
    ///   - holdingCost: Cost `h` per unit left over, `>= 0`.
    ///   - shortageCost: Cost `p` per unit short, `>= 0`; `h + p > 0`.
    /// - Returns: The smallest `S` with `F(S) >= p / (p + h)` and its expected cost.
    /// - Throws: `OptimizerError` for negative or non-finite costs or `h = p = 0`.
    /// - Complexity: O(n) for support size n.
    public static func discrete(
        pmf: DiscretePMF, holdingCost: Double, shortageCost: Double
    ) throws -> (orderUpTo: Int, expectedCost: Double) {
        let ratio = try criticalRatio(holdingCost: holdingCost, shortageCost: shortageCost)
        // The cost difference between S + 1 and S is (h + p) F(S) - p, so a cdf that
        // misses the ratio by rounding noise only (1e-12) is an equally good optimum;
        // the slack keeps ties from flipping on summation order.
        var level = 0
        while level < pmf.maxValue, pmf.cdf(level) < ratio - 1e-12 {
            level += 1
        }
        return (level, cost(level: level, pmf: pmf, holdingCost: holdingCost, shortageCost: shortageCost))
    }

    /// The expected one-period cost `h E[(S - D)^+] + p E[(D - S)^+]` of an integer level.
    /// - Parameters:
    ///   - level: Stock level `S`; may be negative.
    ///   - pmf: Demand per period.
    ///   - holdingCost: Cost per unit left over.
    ///   - shortageCost: Cost per unit short.
    /// - Returns: The expected cost.
    /// - Complexity: O(1).
    static func cost(level: Int, pmf: DiscretePMF, holdingCost: Double, shortageCost: Double) -> Double {
        holdingCost * pmf.expectedLeftover(stockLevel: level)
            + shortageCost * pmf.expectedShortage(stockLevel: level)
    }

    /// The optimal level and cost for a continuous demand given by its distribution
    /// and quantile functions.
    ///
    /// The cost is `h ∫_{lb}^{S} F(x) dx + p ∫_{S}^{U} (1 - F(x)) dx` (integration by
    /// parts of the loss functions), with `U = quantile(1 - 1e-12)`; both integrals are
    /// computed by adaptive Gauss–Kronrod (G7–K15) quadrature to about 1e-13 relative.
    /// - Parameters:
    ///   - cdf: The demand distribution function `F`.
    ///   - quantile: Its inverse `F^{-1}` on (0, 1).
    ///   - holdingCost: Cost `h` per unit left over, `> 0`.
    ///   - shortageCost: Cost `p` per unit short, `> 0`.
    ///   - lowerBound: Where `F` becomes 0 (e.g. 0 for nonnegative demand). `nil` uses
    ///     `quantile(1e-12)`, which drops a lower tail of probability 1e-12.
    /// - Returns: `S = F^{-1}(p / (p + h))` and its expected cost.
    /// - Throws: `OptimizerError` for non-positive costs or if the quantiles are not
    ///   finite and ordered (`lowerBound <= S <= quantile(1 - 1e-12)`).
    /// - Complexity: O(number of quadrature panels × cost of `cdf`).
    public static func continuous(
        cdf: (Double) -> Double, quantile: (Double) -> Double,
        holdingCost: Double, shortageCost: Double, lowerBound: Double? = nil
    ) throws -> (orderUpTo: Double, expectedCost: Double) {
        try OptimizerError.requirePositive(holdingCost, "holdingCost")
        try OptimizerError.requirePositive(shortageCost, "shortageCost")
        let ratio = shortageCost / (shortageCost + holdingCost)
        let level = quantile(ratio)
        let upper = quantile(1 - 1e-12)
        let lower = lowerBound ?? quantile(1e-12)
        guard level.isFinite, upper.isFinite, lower.isFinite, lower <= level, level <= upper else {
            throw OptimizerError(
                "quantile must return finite, increasing values with lowerBound <= quantile(p/(p+h)) <= quantile(1 - 1e-12); got lowerBound \(lower), critical quantile \(level), upper \(upper).")
        }
        let leftover = GaussKronrod.integrate({ cdf($0) }, from: lower, to: level)
        let shortage = GaussKronrod.integrate({ 1 - cdf($0) }, from: level, to: upper)
        return (level, holdingCost * leftover + shortageCost * shortage)
    }

    /// The closed-form normal newsvendor: `S = mu + sigma z` with
    /// `z = Phi^{-1}(p / (p + h))`, and cost `(h + p) sigma phi(z)`.
    /// - Parameters:
    ///   - mean: Demand mean `mu`, finite.
    ///   - sd: Demand standard deviation `sigma`, `> 0`.
    ///   - holdingCost: Cost `h` per unit left over, `> 0`.
    ///   - shortageCost: Cost `p` per unit short, `> 0`.
    /// - Returns: The optimal level and its expected cost.
    /// - Throws: `OptimizerError` for a non-finite mean, non-positive sd or costs.
    /// - Complexity: O(1).
    public static func normal(
        mean: Double, sd: Double, holdingCost: Double, shortageCost: Double
    ) throws -> (orderUpTo: Double, expectedCost: Double) {
        try OptimizerError.requireFinite(mean, "mean")
        try OptimizerError.requirePositive(sd, "sd")
        try OptimizerError.requirePositive(holdingCost, "holdingCost")
        try OptimizerError.requirePositive(shortageCost, "shortageCost")
        let z = StandardNormal.quantile(shortageCost / (shortageCost + holdingCost))
        return (mean + sd * z, (holdingCost + shortageCost) * sd * StandardNormal.pdf(z))
    }

    static func criticalRatio(holdingCost: Double, shortageCost: Double) throws -> Double {
        try OptimizerError.requireNonnegative(holdingCost, "holdingCost")
        try OptimizerError.requireNonnegative(shortageCost, "shortageCost")
        guard holdingCost + shortageCost > 0 else {
            throw OptimizerError("holdingCost and shortageCost must not both be zero.")
        }
        return shortageCost / (shortageCost + holdingCost)
    }
}
