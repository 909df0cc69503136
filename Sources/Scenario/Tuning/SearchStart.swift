import Simulation

/// Rough starting values for `auto` parameters that no exact optimiser computes, to be tuned by
/// simulation (see ``PolicyDefinition/autoSearch``): levels one standard deviation above the mean demand
/// over lead time + review period (normal approximation, ``DemandScale``), batches from EOQ, a regular
/// cap of one period's mean demand; then the family's relations (s < S, expedited ≤ regular) are restored
/// by moving the `auto` value, never the given one.
struct SearchStart {
    let world: WorldConfiguration
    let definition: PolicyDefinition
    let sku: Int

    var product: ProductConfiguration { world.products[sku] }

    var reviewPeriodDays: Double {
        if definition.kind == .periodicOrderUpTo { return Double(definition.reviewPeriodDays) }
        if case .periodic(let every) = world.review { return Double(every) }
        return 1
    }

    /// The parameters with every `auto` one (``SKUPolicyParameters/optimised``) set to its starting value.
    /// - Parameters:
    ///   - parameters: the SKU's parameters as written.
    ///   - reason: why no exact optimiser applies, for the note.
    /// - Returns: the parameters with starting values and a note that they will be tuned by simulation.
    func fill(_ parameters: SKUPolicyParameters, reason: String) -> SKUPolicyParameters {
        var out = parameters
        let scale = DemandScale(product)
        let r = reviewPeriodDays
        let suppliers = product.suppliers
        let supplier = suppliers[min(definition.supplierIndex[sku], suppliers.count - 1)]
        // One buy for the season (a last order day): it must cover the horizon, not a lead time.
        let lead = suppliers.contains { $0.lastOrderDay != nil } ? Double(world.horizonDays) : supplier.leadTimeDays.mean
        let batch = scale.batchUnits(fixedCostPerOrder: supplier.fixedCostPerOrder, holdingCostPerUnitDay: product.holdingCostPerUnitDay)
        let roles = DualSourcingRoles(suppliers)
        var start: [PolicyParameter: Int] = [:]
        start[.orderUpToUnits] = scale.level(days: lead + r, z: 1) + (definition.kind == .sS ? batch : 0)
        start[.reorderPointUnits] = scale.level(days: lead + r, z: 1)
        start[.orderQuantityUnits] = batch
        start[.expeditedOrderUpToUnits] = scale.level(days: roles.expeditedLeadTimeDays + r, z: 1)
        start[.regularOrderUpToUnits] = scale.level(days: suppliers[roles.regular].leadTimeDays.mean + r, z: 1)
        start[.regularCapUnits] = max(1, Int((scale.meanUnitsPerDay * r).rounded(.up)))
        for parameter in parameters.optimised { out.values[parameter] = start[parameter] ?? 0 }
        let auto = parameters.optimised
        if definition.kind == .sS, let s = out.values[.reorderPointUnits], let bigS = out.values[.orderUpToUnits], s >= bigS {
            if auto.contains(.orderUpToUnits) { out.values[.orderUpToUnits] = s + batch } else { out.values[.reorderPointUnits] = bigS - 1 }
        }
        if let e = out.values[.expeditedOrderUpToUnits], let regular = out.values[.regularOrderUpToUnits], e > regular {
            if auto.contains(.regularOrderUpToUnits) { out.values[.regularOrderUpToUnits] = e } else { out.values[.expeditedOrderUpToUnits] = regular }
        }
        let names = parameters.optimised.map(\.rawValue).sorted().joined(separator: ", ")
        out.notes.append("\(names): no exact optimiser (\(reason)); tuned by simulation search on tune replications")
        return out
    }
}
