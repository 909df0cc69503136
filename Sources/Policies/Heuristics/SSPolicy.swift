/// (s,S): when the inventory position is at or below `reorderPointUnits` (s), order up to `orderUpToUnits` (S).
///
/// Optimal for periodic review with a fixed order cost and backorders (Scarf 1960); the best (s,S) is found
/// by ``ZhengFedergruen``.
public struct SSPolicy: Policy, Sendable {
    /// Reorder point s, in units of inventory position.
    public var reorderPointUnits: Int
    /// Order-up-to level S, in units; S > s.
    public var orderUpToUnits: Int
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    public init(reorderPointUnits: Int, orderUpToUnits: Int, supplier: Int = 0) {
        self.reorderPointUnits = reorderPointUnits
        self.orderUpToUnits = orderUpToUnits
        self.supplier = supplier
    }

    /// Orders up to S when the position has fallen to s or below.
    public func decide(_ observation: Observation) -> Action {
        let position = observation.inventoryPositionUnits
        return position <= reorderPointUnits ? .order(orderUpToUnits - position, from: supplier) : .none
    }
}
