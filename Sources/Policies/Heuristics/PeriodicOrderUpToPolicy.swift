/// Periodic (R,S): every `reviewPeriodDays` days, order up to S; on other days do nothing.
///
/// Lets one scenario compare daily base-stock with, say, a weekly ordering rhythm without changing the
/// simulator's review schedule.
public struct PeriodicOrderUpToPolicy: Policy, Sendable {
    /// Days between orders (R ≥ 1).
    public var reviewPeriodDays: Int
    /// Order-up-to level S in units.
    public var orderUpToUnits: Int
    /// Supplier that receives the orders.
    public var supplier: Int

    /// Creates the policy.
    public init(reviewPeriodDays: Int, orderUpToUnits: Int, supplier: Int = 0) {
        self.reviewPeriodDays = max(1, reviewPeriodDays)
        self.orderUpToUnits = orderUpToUnits
        self.supplier = supplier
    }

    /// Orders up to S on days that are multiples of R.
    public func decide(_ observation: Observation) -> Action {
        let day = Int(observation.day.rounded(.down))
        guard day % reviewPeriodDays == 0 else { return .none }
        return .order(orderUpToUnits - observation.inventoryPositionUnits, from: supplier)
    }
}
