import Foundation

/// The perfect-information (clairvoyant) bound of one replication of a single-supplier SKU: the profit of
/// the best plan that knows every day's demand in advance.
///
/// No policy, which must decide without seeing the future, can earn more on the same demand path, so the
/// bound's mean over replications is an upper bound on every policy's expected profit, and each
/// policy's gap to it (paired over replications) says how much is left to gain. It is loose where demand
/// noise is large: part of the gap is the price of not knowing tomorrow, which no policy can close.
///
/// The model is that of the simulator with a constant lead time of `L` whole days and an order arriving
/// before the day's demand: demand of days `0..<L` can only come from the initial stock; from day `L` on,
/// an order placed on day `t − L` arrives on day `t`. Initial stock (already paid for) serves the earliest
/// demand first. Every later order covers a run of days `t…j` (zero-inventory ordering, as in
/// Wagner–Whitin) and each unit of day `k` in the run is either served — earning
/// `price − unitCost − holding × (k − t)` — or lost at `−penalty`, whichever is better; between runs a
/// day's demand may also be lost. The best plan is a dynamic program over the first day of the next run,
/// O(T²) for T days.
public enum ClairvoyantBound {
    /// The SKU's economics, currency per unit (per unit per day for holding).
    public struct Economics: Sendable, Equatable {
        public var sellingPrice: Double
        public var unitCost: Double
        public var fixedCostPerOrder: Double
        public var holdingCostPerUnitDay: Double
        /// Penalty per unit of lost demand (goodwill), ≥ 0.
        public var lostSalePenaltyPerUnit: Double
        /// Value of each unit left at the end of the horizon.
        public var salvageValuePerUnit: Double

        /// Creates the economics.
        public init(sellingPrice: Double, unitCost: Double, fixedCostPerOrder: Double, holdingCostPerUnitDay: Double,
                    lostSalePenaltyPerUnit: Double, salvageValuePerUnit: Double = 0) {
            self.sellingPrice = sellingPrice
            self.unitCost = unitCost
            self.fixedCostPerOrder = fixedCostPerOrder
            self.holdingCostPerUnitDay = holdingCostPerUnitDay
            self.lostSalePenaltyPerUnit = lostSalePenaltyPerUnit
            self.salvageValuePerUnit = salvageValuePerUnit
        }
    }

    /// The best profit on a known demand path (revenue + salvage − purchases − ordering − holding − lost-sale
    /// penalties), with end-of-day holding as in the simulator.
    /// - Parameters:
    ///   - demandUnits: demand of each day, units (finite, ≥ 0).
    ///   - initialOnHandUnits: stock on hand at the start of day 0, units.
    ///   - leadTimeDays: the supplier's constant lead time, whole days ≥ 0.
    ///   - economics: prices and costs.
    /// - Returns: the profit of the best plan over the whole path, currency.
    /// - Throws: `OptimizerError` for negative or non-finite inputs.
    public static func profit(demandUnits: [Double], initialOnHandUnits: Double, leadTimeDays: Int,
                              economics e: Economics) throws -> Double {
        for (day, d) in demandUnits.enumerated() where !(d.isFinite && d >= 0) {
            throw OptimizerError("demandUnits[\(day)] must be a finite nonnegative number, got \(d).")
        }
        try OptimizerError.requireNonnegative(initialOnHandUnits, "initialOnHandUnits")
        try OptimizerError.requireNonnegative(e.fixedCostPerOrder, "fixedCostPerOrder")
        try OptimizerError.requireNonnegative(e.holdingCostPerUnitDay, "holdingCostPerUnitDay")
        try OptimizerError.requireNonnegative(e.lostSalePenaltyPerUnit, "lostSalePenaltyPerUnit")
        guard leadTimeDays >= 0 else { throw OptimizerError("leadTimeDays must be >= 0, got \(leadTimeDays).") }
        guard [e.sellingPrice, e.unitCost, e.salvageValuePerUnit].allSatisfy(\.isFinite) else {
            throw OptimizerError("prices and costs must be finite numbers.")
        }
        guard e.salvageValuePerUnit <= e.unitCost else {
            throw OptimizerError("a salvage value (\(e.salvageValuePerUnit)) above the unit cost (\(e.unitCost)) makes buying to salvage pay without limit; the bound assumes salvage <= unit cost.")
        }
        let days = demandUnits.count
        // The initial stock serves the earliest demand; what it leaves is the residual demand.
        var residual = demandUnits
        var stock = initialOnHandUnits
        var profit = 0.0
        for day in 0..<days {
            let served = min(stock, residual[day])
            stock -= served
            residual[day] -= served
            profit += served * e.sellingPrice
            profit -= stock * e.holdingCostPerUnitDay  // end of day
        }
        profit += stock * e.salvageValuePerUnit
        // Days before the first possible delivery lose their residual demand.
        let first = min(leadTimeDays, days)
        for day in 0..<first { profit -= residual[day] * e.lostSalePenaltyPerUnit }
        // best[t] = the best profit of days t..<days with nothing ordered for them yet.
        var best = [Double](repeating: 0, count: days + 1)
        let margin = e.sellingPrice - e.unitCost
        for t in stride(from: days - 1, through: first, by: -1) {
            // Lose day t's demand and decide from t + 1 on.
            var value = best[t + 1] - residual[t] * e.lostSalePenaltyPerUnit
            // Or a delivery on day t serving days t…j.
            var run = -e.fixedCostPerOrder
            for j in t..<days {
                let served = margin - e.holdingCostPerUnitDay * Double(j - t)
                run += residual[j] * max(served, -e.lostSalePenaltyPerUnit)
                value = max(value, run + best[j + 1])
            }
            best[t] = value
        }
        return profit + best[first]
    }
}
