import Foundation
import Policies
import Stochastics

extension DualSourcingModel {
    /// The dual-sourcing model of a scenario's product with exactly two suppliers: the one with the
    /// longer lead time is regular, the other expedited (as `DualIndexPolicy` is given them), one period
    /// is one day, demand per day is the product's stationary law as an exact pmf.
    ///
    /// Lost sales enter with the penalty plus the selling price per unit lost (the revenue forgone),
    /// so minimising the model's cost maximises profit: profit per day = `sellingPrice × mean demand −
    /// cost per day`. Under backorders every demand is sold and the same identity holds.
    /// - Parameters:
    ///   - world: The world; it must review every day.
    ///   - skuIndex: Index of the product.
    /// - Returns: The model and the supplier indices.
    /// - Throws: `SingleSKUModelError` naming the check that failed (review, supplier count, lead times),
    ///   `OptimizerError` when the state space is too large.
    public static func of(world: WorldConfiguration, skuIndex: Int) throws
        -> (model: DualSourcingModel, regularSupplier: Int, expeditedSupplier: Int) {
        let product = world.products[skuIndex]
        guard case .periodic(1) = world.review else {
            throw SingleSKUModelError("the dual-sourcing model reviews every day; this scenario does not (set review: {type: periodic, everyDays: 1}).")
        }
        guard product.suppliers.count == 2 else {
            throw SingleSKUModelError("the dual-sourcing model needs exactly two suppliers; the SKU has \(product.suppliers.count).", sku: product.sku)
        }
        var leads: [Int] = []
        for supplier in product.suppliers {
            guard case .constant(let days) = supplier.leadTimeDays, days == days.rounded(), days >= 0 else {
                throw SingleSKUModelError("the dual-sourcing model needs constant whole-day lead times; supplier '\(supplier.name)' has \(supplier.leadTimeDays.mean) days on average.", sku: product.sku)
            }
            leads.append(Int(days))
        }
        let regular = leads[0] >= leads[1] ? 0 : 1
        let expedited = 1 - regular
        guard leads[regular] > leads[expedited], leads[regular] >= 2, leads[regular] <= SingleSKUModel.maxLeadTimeDays else {
            throw SingleSKUModelError("the dual-sourcing model needs a regular lead time of 2 to \(SingleSKUModel.maxLeadTimeDays) days, longer than the expedited one; the suppliers have \(leads[0]) and \(leads[1]) days.", sku: product.sku)
        }
        let shortage: ShortageRule
        switch product.shortage {
        case .lostSales(let penalty): shortage = .lostSales(penaltyPerUnit: penalty + product.sellingPrice)
        case .backorders: shortage = product.shortage
        }
        do {
            let model = try DualSourcingModel(
                demand: DemandPMF.over(days: 1, product.customers), regularLeadTimePeriods: leads[regular],
                expeditedLeadTimePeriods: leads[expedited], regularUnitCost: product.suppliers[regular].unitCost,
                expeditedUnitCost: product.suppliers[expedited].unitCost,
                holdingCostPerUnitPeriod: product.holdingCostPerUnitDay, shortage: shortage)
            return (model, regular, expedited)
        } catch let error as SingleSKUModelError {
            throw SingleSKUModelError(error.problem, sku: product.sku)
        }
    }

    /// The features of a two-supplier product that the dual-sourcing model leaves out: those of
    /// `SingleSKUModel.leftOut(of:skuIndex:)` for either supplier, and fixed order costs.
    /// - Parameters:
    ///   - world: The world.
    ///   - skuIndex: Index of the product.
    /// - Returns: One phrase per feature; empty when the model is the scenario as written.
    public static func leftOut(of world: WorldConfiguration, skuIndex: Int) -> [String] {
        let product = world.products[skuIndex]
        var out = SingleSKUModel.leftOut(of: world, skuIndex: skuIndex).filter { !$0.hasPrefix("other suppliers") }
        for supplier in product.suppliers.dropFirst() {
            if supplier.minimumOrderUnits > 1 { out.append("minimum order of '\(supplier.name)' (\(supplier.minimumOrderUnits) units)") }
            if supplier.orderMultipleUnits > 1 { out.append("order multiple of '\(supplier.name)' (\(supplier.orderMultipleUnits) units)") }
            if let day = supplier.lastOrderDay { out.append("last order day of '\(supplier.name)' (day \(day))") }
        }
        if product.suppliers.contains(where: { $0.fixedCostPerOrder != 0 }) { out.append("fixed order costs") }
        return out
    }
}
