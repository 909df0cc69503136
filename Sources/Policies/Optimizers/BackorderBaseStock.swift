import Foundation
import Stochastics

/// Optimal base-stock level for periodic review with backorders and a lead time.
///
/// With backorders, the end-of-period net inventory `L` periods after ordering up to
/// `S` is `S - D_{L+1}`, so the optimal level is the newsvendor solution for the
/// `(L + 1)`-period demand (Snyder & Shen, 2nd ed., ch. 4).
public enum BackorderBaseStock {
    /// The optimal base-stock level and its long-run cost per period.
    /// - Parameters:
    ///   - pmf: Demand per period.
    ///   - holdingCost: `h` per unit on hand per period, `>= 0`.
    ///   - backorderCost: `p` per unit backordered per period, `>= 0`; `h + p > 0`.
    ///   - leadTimePeriods: `L`, `>= 0`.
    /// - Returns: The smallest optimal level `S` and
    ///   `E[h (S - D_{L+1})^+ + p (D_{L+1} - S)^+]`.
    /// - Throws: `OptimizerError` for out-of-range inputs.
    /// - Complexity: O((L + 1)^2 n^2) to build the lead-time demand, then O(L n).
    public static func optimize(
        pmf: DiscretePMF, holdingCost: Double, backorderCost: Double, leadTimePeriods: Int
    ) throws -> (level: Int, costPerPeriod: Double) {
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        let leadTimeDemand = try OptimizerError.leadTimeDemand(pmf, periods: leadTimePeriods + 1)
        let solution = try Newsvendor.discrete(
            pmf: leadTimeDemand, holdingCost: holdingCost, shortageCost: backorderCost)
        return (solution.orderUpTo, solution.expectedCost)
    }
}
