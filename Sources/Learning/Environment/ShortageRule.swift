/// What happens to demand that cannot be met from stock, and what it costs.
public enum ShortageRule: Sendable, Equatable {
    /// Unmet demand is lost; `penalty` currency per unit lost (Zipkin's `p`).
    case lostSales(penalty: Double)
    /// Unmet demand is backordered; `cost` currency per unit backordered at period end (`b`).
    case backorders(cost: Double)

    /// The per-unit cost (`p` or `b`), currency per unit.
    public var unitCost: Double {
        switch self {
        case .lostSales(let penalty): return penalty
        case .backorders(let cost): return cost
        }
    }

    /// Whether unmet demand is backordered.
    public var isBackorder: Bool {
        if case .backorders = self { return true }
        return false
    }
}
