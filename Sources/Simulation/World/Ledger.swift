/// Running totals of one SKU (or of all SKUs) over the measured days of one replication.
///
/// Money is in the scenario's currency, stock in units, time in days. Everything here is a sum, so
/// ledgers of several SKUs add up with `+`; rates and averages are derived in ``KPI``.
public struct Ledger: Sendable, Equatable {
    /// Sales revenue (units shipped × price).
    public var revenue: Double = 0
    /// Revenue of the stock left on hand at the end of the horizon, sold at the salvage value.
    public var salvageRevenue: Double = 0
    /// Units left on hand at the end of the horizon (sold at the salvage value).
    public var salvagedUnits: Double = 0
    /// Purchase cost of units received and accepted.
    public var purchaseCost: Double = 0
    /// Fixed costs of orders placed.
    public var orderingCost: Double = 0
    /// Holding cost.
    public var holdingCost: Double = 0
    /// Backorder cost (per unit per day) or lost-sale penalties (per unit).
    public var shortageCost: Double = 0
    /// Units demanded.
    public var demandUnits: Double = 0
    /// Units served from stock at the moment of demand.
    public var filledImmediatelyUnits: Double = 0
    /// Units shipped (immediately or later from backorder).
    public var shippedUnits: Double = 0
    /// Units of demand lost.
    public var lostUnits: Double = 0
    /// Units of demand that had to wait.
    public var backorderedUnits: Double = 0
    /// Orders placed.
    public var ordersPlaced: Double = 0
    /// Units ordered.
    public var orderedUnits: Double = 0
    /// Units refused at receipt for lack of storage space.
    public var refusedUnits: Double = 0
    /// Unit-days on hand (Σ end-of-day stock, or the time integral in time-weighted mode).
    public var onHandUnitDays: Double = 0
    /// Unit-days backordered.
    public var backorderUnitDays: Double = 0
    /// SKU-days observed.
    public var periods: Double = 0
    /// SKU-days in which some demand was not met from stock.
    public var stockoutPeriods: Double = 0

    /// An empty ledger.
    public init() {}

    /// Sum of two ledgers (e.g. over SKUs).
    public static func + (a: Ledger, b: Ledger) -> Ledger {
        var s = a
        s.revenue += b.revenue
        s.salvageRevenue += b.salvageRevenue
        s.salvagedUnits += b.salvagedUnits
        s.purchaseCost += b.purchaseCost
        s.orderingCost += b.orderingCost
        s.holdingCost += b.holdingCost
        s.shortageCost += b.shortageCost
        s.demandUnits += b.demandUnits
        s.filledImmediatelyUnits += b.filledImmediatelyUnits
        s.shippedUnits += b.shippedUnits
        s.lostUnits += b.lostUnits
        s.backorderedUnits += b.backorderedUnits
        s.ordersPlaced += b.ordersPlaced
        s.orderedUnits += b.orderedUnits
        s.refusedUnits += b.refusedUnits
        s.onHandUnitDays += b.onHandUnitDays
        s.backorderUnitDays += b.backorderUnitDays
        s.periods += b.periods
        s.stockoutPeriods += b.stockoutPeriods
        return s
    }

    /// Purchase + ordering + holding + shortage cost.
    public var totalCost: Double { purchaseCost + orderingCost + holdingCost + shortageCost }
    /// Sales revenue + salvage revenue − total cost.
    public var profit: Double { revenue + salvageRevenue - totalCost }

    /// The ledger's KPI values, in ``KPI/allCases`` order.
    /// - Parameter measuredDays: length of the measured window in days (averages divide by it).
    /// - Returns: one value per KPI.
    public func kpis(measuredDays: Int) -> [Double] {
        KPI.allCases.map { value(of: $0, measuredDays: measuredDays) }
    }

    /// One KPI's value.
    /// - Parameters:
    ///   - kpi: which indicator.
    ///   - measuredDays: length of the measured window in days.
    /// - Returns: the value in the KPI's unit.
    public func value(of kpi: KPI, measuredDays: Int) -> Double {
        let days = Double(max(1, measuredDays))
        switch kpi {
        case .profit: return profit
        case .revenue: return revenue
        case .salvageRevenue: return salvageRevenue
        case .totalCost: return totalCost
        case .purchaseCost: return purchaseCost
        case .orderingCost: return orderingCost
        case .holdingCost: return holdingCost
        case .shortageCost: return shortageCost
        case .costPerDay: return totalCost / days
        case .holdingAndShortageCostPerDay: return (holdingCost + shortageCost + orderingCost) / days
        case .fillRate: return demandUnits > 0 ? filledImmediatelyUnits / demandUnits : 1
        case .readyRate: return periods > 0 ? 1 - stockoutPeriods / periods : 1
        case .averageOnHandUnits: return onHandUnitDays / days
        case .averageBackorderedUnits: return backorderUnitDays / days
        case .demandUnits: return demandUnits
        case .shippedUnits: return shippedUnits
        case .lostUnits: return lostUnits
        case .backorderedUnits: return backorderedUnits
        case .ordersPlaced: return ordersPlaced
        case .refusedUnits: return refusedUnits
        case .salvagedUnits: return salvagedUnits
        case .inventoryTurnsPerYear:
            let averageOnHand = onHandUnitDays / days
            return averageOnHand > 0 ? shippedUnits / days * 365 / averageOnHand : 0
        }
    }
}

/// The key performance indicators reported for every policy, SKU and replication.
public enum KPI: String, CaseIterable, Sendable {
    /// Sales revenue + salvage revenue − total cost.
    case profit
    /// Sales revenue.
    case revenue
    /// Stock left at the end of the horizon, sold at the salvage value.
    case salvageRevenue
    case totalCost, purchaseCost, orderingCost, holdingCost, shortageCost
    /// Total cost per measured day.
    case costPerDay
    /// Ordering + holding + shortage cost per day: the textbook objective (no purchase cost).
    case holdingAndShortageCostPerDay
    case fillRate, readyRate, averageOnHandUnits, averageBackorderedUnits
    case demandUnits, shippedUnits, lostUnits, backorderedUnits, ordersPlaced, refusedUnits
    /// Units left on hand at the end of the horizon.
    case salvagedUnits
    case inventoryTurnsPerYear

    /// Column name in CSV files (snake case, with the unit where it is not obvious).
    public var columnName: String {
        switch self {
        case .profit: return "profit"
        case .revenue: return "revenue"
        case .salvageRevenue: return "salvage_revenue"
        case .totalCost: return "total_cost"
        case .purchaseCost: return "purchase_cost"
        case .orderingCost: return "ordering_cost"
        case .holdingCost: return "holding_cost"
        case .shortageCost: return "shortage_cost"
        case .costPerDay: return "cost_per_day"
        case .holdingAndShortageCostPerDay: return "operating_cost_per_day"
        case .fillRate: return "fill_rate"
        case .readyRate: return "ready_rate"
        case .averageOnHandUnits: return "avg_on_hand_units"
        case .averageBackorderedUnits: return "avg_backordered_units"
        case .demandUnits: return "demand_units"
        case .shippedUnits: return "shipped_units"
        case .lostUnits: return "lost_units"
        case .backorderedUnits: return "backordered_units"
        case .ordersPlaced: return "orders_placed"
        case .refusedUnits: return "refused_units"
        case .salvagedUnits: return "salvaged_units"
        case .inventoryTurnsPerYear: return "inventory_turns_per_year"
        }
    }

    /// Unit of the KPI, for reports.
    public var unit: String {
        switch self {
        case .profit, .revenue, .salvageRevenue, .totalCost, .purchaseCost, .orderingCost, .holdingCost, .shortageCost: return "currency"
        case .costPerDay, .holdingAndShortageCostPerDay: return "currency/day"
        case .fillRate, .readyRate: return "share"
        case .averageOnHandUnits, .averageBackorderedUnits: return "units"
        case .demandUnits, .shippedUnits, .lostUnits, .backorderedUnits, .refusedUnits, .salvagedUnits: return "units"
        case .ordersPlaced: return "orders"
        case .inventoryTurnsPerYear: return "1/year"
        }
    }
}
