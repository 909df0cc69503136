import Foundation
import Policies
import Stochastics

extension SingleSKUModel {
    /// The single-SKU model of a scenario's product: its first supplier, its stationary demand per
    /// day as an exact pmf, its costs and price.
    ///
    /// The checks, the same for `restock solve` and `restock train`: the world reviews every day; the
    /// first supplier's lead time is a constant whole number of days from 0 to
    /// ``SingleSKUModel/maxLeadTimeDays``; demand is stationary (not a forecast's path) and narrow
    /// enough for an exact pmf. Features of the scenario the model does not represent are listed by
    /// ``leftOut(of:skuIndex:)``.
    /// - Parameters:
    ///   - world: The world.
    ///   - skuIndex: Index of the product in `world.products`.
    /// - Throws: `SingleSKUModelError` saying which check failed.
    public init(world: WorldConfiguration, skuIndex: Int) throws {
        let product = world.products[skuIndex]
        guard case .periodic(1) = world.review else {
            throw SingleSKUModelError("the single-SKU model reviews every day; this scenario does not (set review: {type: periodic, everyDays: 1}).")
        }
        guard let supplier = product.suppliers.first else {
            throw SingleSKUModelError("the single-SKU model orders from the first supplier; the SKU has none.", sku: product.sku)
        }
        guard case .constant(let days) = supplier.leadTimeDays, days == days.rounded(),
              (0...Double(Self.maxLeadTimeDays)).contains(days) else {
            throw SingleSKUModelError.leadTime(Self.describe(supplier.leadTimeDays), supplier: supplier.name, sku: product.sku)
        }
        let lead = Int(days)
        do {
            let daily = try DemandPMF.over(days: 1, product.customers)
            let protection = try DemandPMF.over(days: lead + 1, product.customers)
            try self.init(leadTimeDays: lead, dailyDemand: daily, protectionDemand: protection,
                          holdingCostPerUnitDay: product.holdingCostPerUnitDay, shortage: product.shortage,
                          fixedCostPerOrder: supplier.fixedCostPerOrder, unitCost: supplier.unitCost,
                          sellingPrice: product.sellingPrice)
        } catch let error as SingleSKUModelError {
            throw SingleSKUModelError(error.problem, sku: product.sku)
        } catch {
            throw SingleSKUModelError("\(error)", sku: product.sku)
        }
    }

    /// The features of the scenario that the single-SKU model of a product leaves out, as a planner
    /// would name them: time-weighted cost accounting, shared storage capacity, the first supplier's
    /// minimum order, order multiple and last order day, the other suppliers, the salvage value and
    /// price levels. (The model is long-run, so the horizon, warm-up and initial stock do not enter it.)
    /// - Parameters:
    ///   - world: The world.
    ///   - skuIndex: Index of the product.
    /// - Returns: One phrase per feature, e.g. `storage capacity (500 units)`; empty when the model is
    ///   the scenario as written.
    public static func leftOut(of world: WorldConfiguration, skuIndex: Int) -> [String] {
        let product = world.products[skuIndex]
        var out: [String] = []
        if world.costAccounting == .timeWeighted { out.append("time-weighted costs (the model charges end-of-day stock)") }
        if let capacity = world.storageCapacityUnits { out.append("storage capacity (\(capacity) units)") }
        if let supplier = product.suppliers.first {
            if supplier.minimumOrderUnits > 1 { out.append("minimum order (\(supplier.minimumOrderUnits) units)") }
            if supplier.orderMultipleUnits > 1 { out.append("order multiple (\(supplier.orderMultipleUnits) units)") }
            if let day = supplier.lastOrderDay { out.append("last order day (day \(day))") }
        }
        if product.suppliers.count > 1 {
            out.append("other suppliers (\(product.suppliers.dropFirst().map { "'\($0.name)'" }.joined(separator: ", ")))")
        }
        if product.salvageValuePerUnit != 0 { out.append("salvage value (\(number(product.salvageValuePerUnit)) per unit)") }
        if product.priceLevels.count > 1 {
            out.append("price levels (the model sells at \(number(product.sellingPrice)))")
        }
        return out
    }

    static func number(_ x: Double) -> String { String(format: "%g", x) }

    static func describe(_ law: Distribution) -> String {
        if case .constant(let value) = law { return number(value) }
        return "random (mean \(number(law.mean)))"
    }
}
