/// An order that has been placed and not yet received.
public struct PipelineOrder: Sendable, Equatable {
    /// Index of the supplier in the SKU's supplier list.
    public var supplier: Int
    /// Units ordered.
    public var quantityUnits: Int
    /// Simulation day (fractional) at which the order is due to arrive.
    public var dueDay: Double

    /// Creates a pipeline entry.
    public init(supplier: Int, quantityUnits: Int, dueDay: Double) {
        self.supplier = supplier
        self.quantityUnits = quantityUnits
        self.dueDay = dueDay
    }
}

/// What a policy sees of one SKU at a decision epoch.
///
/// Everything is in units of stock except `day` (days since the start of the run), `price` and
/// `priceLevels` (currency per unit) and the calendar limits `seasonEndDay` and `lastOrderDays` (day
/// indices). The policy never sees future demand or lead times.
public struct Observation: Sendable, Equatable {
    /// Index of the SKU in the scenario's product list.
    public var sku: Int
    /// Current simulation time in days.
    public var day: Double
    /// Units on the shelf.
    public var onHandUnits: Int
    /// Units of demand waiting to be filled (always 0 under lost sales).
    public var backorderedUnits: Int
    /// Outstanding orders, in the order they were placed.
    public var pipeline: [PipelineOrder]
    /// Current selling price, currency per unit.
    public var price: Double
    /// The latest demand forecast for this SKU, when the scenario has a forecaster for it; it is issued
    /// at the current `price` (the world re-forecasts after a price change).
    public var forecast: DemandForecast?
    /// The selling prices the SKU may take, currency per unit, full price first; empty when any price
    /// goes. A price outside the levels is moved to the nearest level (``PriceLevels/nearest(to:in:)``).
    public var priceLevels: [Double]
    /// The day on which the run ends — the end of the selling season for a seasonal item, when stock
    /// left on hand is sold at its salvage value; `nil` when not known.
    public var seasonEndDay: Int?
    /// Per supplier (index = supplier), the last day on which it accepts orders; `nil` (or no entry)
    /// means it always does. Orders asked of it after that day are not placed.
    public var lastOrderDays: [Int?]
    /// The SKU's planned promotions (ranges of days), when its demand follows a forecast with a
    /// promotion plan; empty otherwise.
    public var promotionDays: [ClosedRange<Int>]
    /// Units of demand observed so far in the run (sales under lost sales, demand under backorders)
    /// and what the pre-run forecast expected for the same days at the prices charged (with planned
    /// promotions), when the SKU has a forecaster; nil otherwise. Their ratio tells a season running
    /// above its forecast (a hit) from one running below it (a flop).
    public var seasonToDate: SeasonToDate?

    /// Creates an observation.
    public init(sku: Int, day: Double, onHandUnits: Int, backorderedUnits: Int, pipeline: [PipelineOrder], price: Double,
                forecast: DemandForecast? = nil, priceLevels: [Double] = [], seasonEndDay: Int? = nil,
                lastOrderDays: [Int?] = [], promotionDays: [ClosedRange<Int>] = [], seasonToDate: SeasonToDate? = nil) {
        self.promotionDays = promotionDays
        self.seasonToDate = seasonToDate
        self.sku = sku
        self.day = day
        self.onHandUnits = onHandUnits
        self.backorderedUnits = backorderedUnits
        self.pipeline = pipeline
        self.price = price
        self.forecast = forecast
        self.priceLevels = priceLevels
        self.seasonEndDay = seasonEndDay
        self.lastOrderDays = lastOrderDays
    }

    /// Planned promotion days among the `days` days from `day` on.
    /// - Parameters:
    ///   - day: first day.
    ///   - days: number of days.
    /// - Returns: how many of them are promotion days.
    public func promotionDays(from day: Int, days: Int) -> Int {
        guard !promotionDays.isEmpty, days > 0 else { return 0 }
        let window = day...(day + days - 1)
        return promotionDays.reduce(0) { count, range in
            let low = max(range.lowerBound, window.lowerBound), high = min(range.upperBound, window.upperBound)
            return count + max(0, high - low + 1)
        }
    }

    /// The last day on which `supplier` accepts orders, or `nil` when it has no cut-off.
    /// - Parameter supplier: supplier index.
    /// - Returns: the day index.
    public func lastOrderDay(supplier: Int) -> Int? {
        supplier >= 0 && supplier < lastOrderDays.count ? lastOrderDays[supplier] : nil
    }

    /// Units on order from all suppliers.
    public var onOrderUnits: Int { pipeline.reduce(0) { $0 + $1.quantityUnits } }

    /// On hand − backorders: negative when customers are waiting.
    public var netInventoryUnits: Int { onHandUnits - backorderedUnits }

    /// Net inventory plus everything on order: what order-up-to policies steer.
    public var inventoryPositionUnits: Int { netInventoryUnits + onOrderUnits }

    /// Net inventory plus the orders due by `day + horizonDays` (the "expedited" position of dual-index policies).
    /// - Parameter horizonDays: how far ahead to count arrivals, in days.
    /// - Returns: the inventory position over that horizon, in units.
    public func inventoryPosition(arrivingWithinDays horizonDays: Double) -> Int {
        let limit = day + horizonDays + 1e-9
        return netInventoryUnits + pipeline.reduce(0) { $0 + ($1.dueDay <= limit ? $1.quantityUnits : 0) }
    }
}

/// What a policy decides for one SKU: how much to order from each supplier, and at what price to sell.
public struct Action: Sendable, Equatable {
    /// Units to order from each supplier (index = supplier); missing entries mean zero.
    public var orderUnits: [Int]
    /// New selling price in currency per unit, or `nil` to keep the current one.
    public var price: Double?

    /// Creates an action.
    public init(orderUnits: [Int], price: Double? = nil) {
        self.orderUnits = orderUnits
        self.price = price
    }

    /// Order nothing and keep the price.
    public static let none = Action(orderUnits: [])

    /// Order `units` from one supplier.
    /// - Parameters:
    ///   - units: quantity; zero or negative orders nothing.
    ///   - supplier: supplier index.
    /// - Returns: the action.
    public static func order(_ units: Int, from supplier: Int = 0) -> Action {
        guard units > 0 else { return .none }
        var quantities = Array(repeating: 0, count: supplier + 1)
        quantities[supplier] = units
        return Action(orderUnits: quantities)
    }
}

/// A replenishment (and pricing) rule for one SKU: observation in, action out.
///
/// The simulator calls `decide` at each review epoch. Implementations are created afresh for each
/// replication, so a stateful policy may keep state in a class.
public protocol Policy {
    /// Decide what to order (and charge) now.
    /// - Parameter observation: the SKU's state at this review epoch.
    /// - Returns: order quantities per supplier and an optional price.
    func decide(_ observation: Observation) -> Action
}
