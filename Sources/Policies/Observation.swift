/// An order that has been placed and not yet received.
public struct PipelineOrder: Sendable, Equatable {
    /// Index of the supplier in the SKU's supplier list.
    public var supplier: Int
    /// Units ordered.
    public var quantityUnits: Int
    /// Simulation day (fractional) at which the order is due to arrive.
    public var dueDay: Double

    /// Creates a pipeline entry.
    @inlinable
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
    /// Index of the SKU in the product list of the world being run (in a run split by SKU, `restock run
    /// --shard`, its place among the shard's SKUs).
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
    ///
    /// Inlinable, as the members below: the simulator builds one at every review, and built across the module
    /// boundary it was copied and destroyed through value witnesses (measured: ~8% of a 1,000-SKU run).
    @inlinable
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
    @inlinable
    public func lastOrderDay(supplier: Int) -> Int? {
        supplier >= 0 && supplier < lastOrderDays.count ? lastOrderDays[supplier] : nil
    }

    /// Units on order from all suppliers.
    @inlinable
    public var onOrderUnits: Int { pipeline.reduce(0) { $0 + $1.quantityUnits } }

    /// On hand − backorders: negative when customers are waiting.
    @inlinable
    public var netInventoryUnits: Int { onHandUnits - backorderedUnits }

    /// Net inventory plus everything on order: what order-up-to policies steer.
    @inlinable
    public var inventoryPositionUnits: Int { netInventoryUnits + onOrderUnits }

    /// Net inventory plus the orders due by `day + horizonDays` (the "expedited" position of dual-index policies).
    /// - Parameter horizonDays: how far ahead to count arrivals, in days.
    /// - Returns: the inventory position over that horizon, in units.
    @inlinable
    public func inventoryPosition(arrivingWithinDays horizonDays: Double) -> Int {
        let limit = day + horizonDays + 1e-9
        return netInventoryUnits + pipeline.reduce(0) { $0 + ($1.dueDay <= limit ? $1.quantityUnits : 0) }
    }
}

/// What a policy decides for one SKU: how much to order from each supplier, and at what price to sell.
///
/// An order from a single supplier (``order(_:from:)``, what most policies decide at most reviews) is held
/// without an array, so deciding it allocates nothing; ``orderUnits`` reads and writes the per-supplier form.
public struct Action: Sendable, Equatable {
    /// Per-supplier units when the action was given them as an array; empty when `singleSupplier` is used.
    @usableFromInline var perSupplierUnits: [Int]
    /// The one supplier ordered from (`singleUnits` units), or -1 when `perSupplierUnits` holds the orders.
    @usableFromInline var singleSupplier: Int
    /// Units ordered from `singleSupplier`.
    @usableFromInline var singleUnits: Int
    /// New selling price in currency per unit, or `nil` to keep the current one.
    public var price: Double?

    /// Units to order from each supplier (index = supplier); missing entries mean zero, and entries of zero or
    /// fewer units order nothing.
    @inlinable
    public var orderUnits: [Int] {
        get {
            guard singleSupplier >= 0 else { return perSupplierUnits }
            var units = Array(repeating: 0, count: singleSupplier + 1)
            units[singleSupplier] = singleUnits
            return units
        }
        set {
            perSupplierUnits = newValue
            singleSupplier = -1
            singleUnits = 0
        }
    }

    /// Units ordered from all suppliers together (positive entries only).
    @inlinable
    public var totalOrderUnits: Int {
        var total = 0
        forEachOrder { _, units in total += units }
        return total
    }

    /// Calls `body` with each supplier ordered from and its units, in supplier order; entries of zero or
    /// fewer units are skipped. Allocates nothing.
    /// - Parameter body: called with (supplier index, units).
    @inlinable
    public func forEachOrder(_ body: (_ supplier: Int, _ units: Int) throws -> Void) rethrows {
        if singleSupplier >= 0 {
            if singleUnits > 0 { try body(singleSupplier, singleUnits) }
            return
        }
        for (supplier, units) in perSupplierUnits.enumerated() where units > 0 { try body(supplier, units) }
    }

    /// Creates an action.
    @inlinable
    public init(orderUnits: [Int], price: Double? = nil) {
        perSupplierUnits = orderUnits
        singleSupplier = -1
        singleUnits = 0
        self.price = price
    }

    /// Order nothing and keep the price.
    public static let none = Action(orderUnits: [])

    /// Order `units` from one supplier.
    /// - Parameters:
    ///   - units: quantity; zero or negative orders nothing.
    ///   - supplier: supplier index; a negative index orders nothing.
    /// - Returns: the action.
    @inlinable
    public static func order(_ units: Int, from supplier: Int = 0) -> Action {
        guard units > 0, supplier >= 0 else { return .none }
        var action = Action(orderUnits: [])
        action.singleSupplier = supplier
        action.singleUnits = units
        return action
    }

    /// Equal when their ``orderUnits`` arrays and prices are equal (as when the array was stored: `[5, 0]` is
    /// not `[5]`), whichever form holds them.
    @inlinable
    public static func == (lhs: Action, rhs: Action) -> Bool {
        lhs.price == rhs.price && lhs.orderUnits == rhs.orderUnits
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
