/// One SKU's day in a traced replication: what a planner scrolls through in `trace.csv`.
public struct TraceRow: Sendable, Equatable {
    /// Day index (0-based).
    public var day: Int
    /// SKU index.
    public var sku: Int
    /// Units on hand at the end of the day.
    public var onHandUnits: Int
    /// Units on order at the end of the day.
    public var onOrderUnits: Int
    /// Units backordered at the end of the day.
    public var backorderedUnits: Int
    /// Units demanded during the day.
    public var demandUnits: Int
    /// Units shipped during the day (from stock and from backorder).
    public var shippedUnits: Int
    /// Units of demand lost (lost sales) or put on backorder during the day.
    public var shortUnits: Int
    /// Units ordered during the day.
    public var orderedUnits: Int
    /// Units received (accepted) during the day.
    public var receivedUnits: Int
    /// Revenue of the day, currency.
    public var revenue: Double
    /// Purchase + ordering + holding + shortage cost of the day, currency.
    public var cost: Double
    /// Selling price at the end of the day, currency per unit.
    public var price: Double = 0
    /// Salvage revenue of the stock left at the end of the horizon (on the last day only), currency.
    public var salvageRevenue: Double = 0

    /// Creates a row.
    public init(day: Int, sku: Int, onHandUnits: Int, onOrderUnits: Int, backorderedUnits: Int, demandUnits: Int,
                shippedUnits: Int, shortUnits: Int, orderedUnits: Int, receivedUnits: Int, revenue: Double, cost: Double,
                price: Double = 0, salvageRevenue: Double = 0) {
        (self.day, self.sku, self.onHandUnits, self.onOrderUnits, self.backorderedUnits) = (day, sku, onHandUnits, onOrderUnits, backorderedUnits)
        (self.demandUnits, self.shippedUnits, self.shortUnits, self.orderedUnits) = (demandUnits, shippedUnits, shortUnits, orderedUnits)
        (self.receivedUnits, self.revenue, self.cost, self.price, self.salvageRevenue) = (receivedUnits, revenue, cost, price, salvageRevenue)
    }
}
