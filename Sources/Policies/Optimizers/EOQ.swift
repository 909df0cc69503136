import Foundation

/// The economic order quantity: deterministic constant demand, fixed cost per order,
/// linear holding cost, no shortages.
///
/// Source: F. W. Harris (1913); Snyder & Shen, *Fundamentals of Supply Chain Theory*,
/// 2nd ed., ch. 3: `Q* = sqrt(2 K D / h)`, cost `sqrt(2 K D h)`.
public enum EOQ {
    /// The optimal order quantity, its cost per period and its cycle length.
    /// - Parameters:
    ///   - fixedCostPerOrder: `K`, `>= 0`.
    ///   - holdingCostPerUnitPeriod: `h`, `> 0`.
    ///   - demandPerPeriod: Demand rate `D`, `> 0`.
    /// - Returns: `Q* = sqrt(2KD/h)`, cost per period `sqrt(2KDh)` (ordering plus holding),
    ///   and the cycle length `Q*/D` in periods.
    /// - Throws: `OptimizerError` for out-of-range inputs.
    /// - Complexity: O(1).
    public static func optimal(
        fixedCostPerOrder: Double, holdingCostPerUnitPeriod: Double, demandPerPeriod: Double
    ) throws -> (orderQuantity: Double, costPerPeriod: Double, cycleLengthPeriods: Double) {
        try OptimizerError.requireNonnegative(fixedCostPerOrder, "fixedCostPerOrder")
        try OptimizerError.requirePositive(holdingCostPerUnitPeriod, "holdingCostPerUnitPeriod")
        try OptimizerError.requirePositive(demandPerPeriod, "demandPerPeriod")
        let quantity = (2 * fixedCostPerOrder * demandPerPeriod / holdingCostPerUnitPeriod).squareRoot()
        let cost = (2 * fixedCostPerOrder * demandPerPeriod * holdingCostPerUnitPeriod).squareRoot()
        return (quantity, cost, quantity / demandPerPeriod)
    }
}
