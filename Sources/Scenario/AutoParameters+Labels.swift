import Foundation
import Simulation

extension AutoParameters {
    /// How `restock optimize` labels a parameter the optimisers computed: `optimal` only where the method
    /// is exact for the scenario as written, else `heuristic: EOQ` or `heuristic: ignores …`.
    ///
    /// What each optimiser assumes (Zheng–Federgruen, newsvendor, lost-sales base-stock, best `s` for a
    /// given `Q`): one supplier with a constant lead time, daily review (a period of `R > 1` days charges
    /// its costs once, at its end), holding and shortage costs on end-of-day stock, a stationary infinite
    /// horizon, any order size, unlimited space. The lost-sales base-stock optimiser also leaves out the
    /// margin lost with each sale and the fixed order cost (both depend on the level there). Suppliers
    /// the policy does not order from and price levels a policy does not set do not change its cost, so
    /// they are not named. EOQ's `Q` is always a heuristic (deterministic demand, no shortages).
    /// - Parameters:
    ///   - key: The parameter.
    ///   - definition: The policy.
    ///   - world: The world.
    ///   - sku: Index of the SKU.
    ///   - values: The SKU's parameter values (the `Q` an `s` was optimised for).
    /// - Returns: `optimal`, `optimal for Q = 36`, `heuristic: EOQ`, or `heuristic: ignores minimum order, capacity`.
    static func label(for key: PolicyParameter, definition: PolicyDefinition, world: WorldConfiguration, sku: Int,
                      values: [PolicyParameter: Int]) -> String {
        if definition.kind == .sQ, key == .orderQuantityUnits { return "heuristic: EOQ" }
        let ignored = ignoredFeatures(definition: definition, world: world, sku: sku)
        if !ignored.isEmpty { return "heuristic: ignores \(ignored.joined(separator: ", "))" }
        if definition.kind == .sQ, key == .reorderPointUnits, let q = values[.orderQuantityUnits] { return "optimal for Q = \(q)" }
        return "optimal"
    }

    /// The scenario features that the optimiser of a policy's `auto` parameters leaves out for one SKU
    /// (see ``label(for:definition:world:sku:values:)``).
    /// - Returns: Short names, e.g. `minimum order`, `capacity`; empty where the optimiser is exact.
    static func ignoredFeatures(definition: PolicyDefinition, world: WorldConfiguration, sku: Int) -> [String] {
        let product = world.products[sku]
        let index = sku < definition.supplierIndex.count ? definition.supplierIndex[sku] : 0
        let supplier = product.suppliers[min(max(index, 0), product.suppliers.count - 1)]
        var out: [String] = []
        let reviewDays: Int
        if definition.kind == .periodicOrderUpTo {
            reviewDays = definition.reviewPeriodDays
        } else if case .periodic(let every) = world.review {
            reviewDays = every
        } else {
            reviewDays = 1
        }
        if reviewDays > 1 { out.append("daily costs between \(reviewDays)-day reviews") }
        if world.costAccounting == .timeWeighted { out.append("time-weighted costs") }
        if supplier.minimumOrderUnits > 1 { out.append("minimum order") }
        if supplier.orderMultipleUnits > 1 { out.append("order multiple") }
        if world.storageCapacityUnits != nil { out.append("capacity") }
        if supplier.lastOrderDay != nil { out.append("last order day") }
        if product.salvageValuePerUnit != 0 { out.append("salvage value") }
        let lostSalesBaseStock = product.shortage.isLostSales && (definition.kind == .baseStock || definition.kind == .periodicOrderUpTo)
        if lostSalesBaseStock {
            if product.sellingPrice != supplier.unitCost { out.append("margin lost per lost sale") }
            if supplier.fixedCostPerOrder > 0 { out.append("fixed order cost") }
        }
        return out
    }
}
