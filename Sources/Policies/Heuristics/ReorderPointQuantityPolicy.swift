/// (s,Q), also (R,Q) under periodic review: when the inventory position is at or below s, order the
/// smallest multiple of Q that lifts it above s.
///
/// Ordering multiples of Q keeps the position uniformly spread on s+1…s+Q (Hadley & Whitin 1963),
/// which is what makes its cost easy to evaluate exactly.
public struct ReorderPointQuantityPolicy: Policy, Sendable {
    /// Reorder point s, in units of inventory position.
    public var reorderPointUnits: Int
    /// Batch size Q in units (> 0).
    public var orderQuantityUnits: Int
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    public init(reorderPointUnits: Int, orderQuantityUnits: Int, supplier: Int = 0) {
        self.reorderPointUnits = reorderPointUnits
        self.orderQuantityUnits = max(1, orderQuantityUnits)
        self.supplier = supplier
    }

    /// Orders n·Q with n the smallest count that puts the position above s.
    public func decide(_ observation: Observation) -> Action {
        let position = observation.inventoryPositionUnits
        guard position <= reorderPointUnits else { return .none }
        let batches = (reorderPointUnits - position) / orderQuantityUnits + 1
        return .order(batches * orderQuantityUnits, from: supplier)
    }
}
