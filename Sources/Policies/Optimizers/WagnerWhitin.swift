import Foundation

/// Dynamic lot sizing with deterministic time-varying demand (uncapacitated, no
/// backorders, zero lead time).
///
/// Source: H. M. Wagner and T. M. Whitin, "Dynamic version of the economic lot size
/// model", Management Science 5(1), 1958; Snyder & Shen, 2nd ed., ch. 3. By the
/// zero-inventory-ordering property every order covers a whole run of consecutive
/// periods, so `F(j) = min_{i <= j} F(i - 1) + c(i, j)` over the last order period `i`.
public enum WagnerWhitin {
    /// The cost-minimising order plan.
    /// - Parameters:
    ///   - demands: Demand in each period, finite and `>= 0`; may be empty.
    ///   - fixedCostPerOrder: `K` paid in each period with a positive order, `>= 0`.
    ///   - holdingCostPerUnitPeriod: `h` charged on each unit of end-of-period inventory, `>= 0`.
    /// - Returns: The order quantity in each period and the total cost (ordering plus
    ///   holding). A run of zero-demand periods needs no order and costs nothing.
    /// - Throws: `OptimizerError` for negative or non-finite inputs.
    /// - Complexity: O(T^2) time, O(T) memory.
    public static func solve(
        demands: [Double], fixedCostPerOrder: Double, holdingCostPerUnitPeriod: Double
    ) throws -> (orders: [Double], cost: Double) {
        try OptimizerError.requireNonnegative(fixedCostPerOrder, "fixedCostPerOrder")
        try OptimizerError.requireNonnegative(holdingCostPerUnitPeriod, "holdingCostPerUnitPeriod")
        for (t, d) in demands.enumerated() {
            guard d.isFinite, d >= 0 else {
                throw OptimizerError("demands[\(t)] must be a finite nonnegative number, got \(d).")
            }
        }
        let horizon = demands.count
        // best[j] = minimal cost of periods 0..<j; lastOrder[j] = first period of the
        // final batch in that plan.
        var best = [Double](repeating: 0, count: horizon + 1)
        var lastOrder = [Int](repeating: 0, count: horizon + 1)
        for j in stride(from: 1, through: horizon, by: 1) {
            // Batch i..<j (0-based, ordered in period i): walking i downward, every
            // unit already in the batch is held one more period, so the holding total
            // grows by h × (demand of periods i+1..<j).
            var holding = 0.0
            var batchDemand = 0.0
            var bestCost = Double.infinity
            var bestStart = j - 1
            for i in stride(from: j - 1, through: 0, by: -1) {
                holding += holdingCostPerUnitPeriod * batchDemand
                batchDemand += demands[i]
                let ordering = batchDemand > 0 ? fixedCostPerOrder : 0
                let candidate = best[i] + ordering + holding
                if candidate < bestCost {
                    bestCost = candidate
                    bestStart = i
                }
            }
            best[j] = bestCost
            lastOrder[j] = bestStart
        }
        var orders = [Double](repeating: 0, count: horizon)
        var j = horizon
        while j > 0 {
            let i = lastOrder[j]
            orders[i] = demands[i..<j].reduce(0, +)
            j = i
        }
        return (orders, best[horizon])
    }
}
