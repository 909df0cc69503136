/// Order-up-to on the inventory position: each review, order `orderUpToUnits − position` if positive.
///
/// Optimal for backorders with linear costs and no fixed order cost (Arrow, Harris & Marschak 1951; Clark & Scarf 1960).
public struct BaseStockPolicy: Policy, Sendable {
    /// Target inventory position in units (S).
    public var orderUpToUnits: Int
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    public init(orderUpToUnits: Int, supplier: Int = 0) {
        self.orderUpToUnits = orderUpToUnits
        self.supplier = supplier
    }

    /// Orders the gap to the base-stock level.
    public func decide(_ observation: Observation) -> Action {
        .order(orderUpToUnits - observation.inventoryPositionUnits, from: supplier)
    }
}
