/// What happens to demand that cannot be met from stock, and what it costs: the one rule of the
/// simulator, the exact optimisers and dynamic programs, and the learning environments.
public enum ShortageRule: Sendable, Equatable {
    /// Customers leave; each unit not sold costs `penaltyPerUnit` currency (goodwill, lost margin
    /// beyond revenue; Zipkin's `p`).
    case lostSales(penaltyPerUnit: Double)
    /// Customers wait; each waiting unit costs `costPerUnitDay` currency per day until filled (the
    /// models that review once per period charge it on the end-of-period backlog, `b`).
    case backorders(costPerUnitDay: Double)

    /// The per-unit cost (`p` or `b`), currency per unit (per day for backorders).
    public var unitCost: Double {
        switch self {
        case .lostSales(let penalty): return penalty
        case .backorders(let cost): return cost
        }
    }

    /// True for lost sales.
    public var isLostSales: Bool {
        if case .lostSales = self { return true }
        return false
    }

    /// True for backorders.
    public var isBackorder: Bool { !isLostSales }
}
