extension InventoryMDP {
    /// The dynamic program of a single-SKU model, in profit terms: one price level at the selling
    /// price (revenue per unit sold), the model's shortage rule as stated, fixed and unit order
    /// costs, and orders limited only by the model's position cap (under backorders, net inventory
    /// floored at minus the protection quantile). Its "cost" is minus the profit per day.
    /// - Parameters:
    ///   - model: The SKU's model.
    ///   - maxStates: Largest allowed number of indexed states.
    /// - Throws: `OptimizerError` when the state space exceeds `maxStates` ("too large for DP") or an
    ///   input is out of range.
    /// - Complexity: That of `init(priceLevels:...)`.
    public init(model: SingleSKUModel, maxStates: Int = InventoryMDP.defaultMaxStates) throws {
        try self.init(
            priceLevels: [PriceLevel(price: model.sellingPrice, demand: model.dailyDemand)], leadTimePeriods: model.leadTimeDays,
            shortage: model.shortage, holdingCost: model.holdingCostPerUnitDay, fixedOrderCost: model.fixedCostPerOrder,
            unitOrderCost: model.unitCost, positionCap: model.positionCapUnits, netInventoryFloor: model.netInventoryFloorUnits,
            maxStates: maxStates)
    }
}
