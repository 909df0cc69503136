import Policies
import Stochastics

/// How customers turn up for one SKU.
public enum CustomerModel: Sendable, Equatable {
    /// One demand draw per day (units); continuous laws are rounded to whole units.
    case perDay(demandUnits: Distribution)
    /// Customers arrive as a Poisson process (rate per day), each buying a random number of units
    /// (continuous laws rounded to whole units).
    case poissonArrivals(customersPerDay: Double, unitsPerCustomer: Distribution)
    /// One draw per day around a mean that changes day by day (a forecast's mean path), responding to price.
    case dailyMeans(DailyMeanDemand)

    /// Expected demand per day in units.
    public var meanDemandPerDay: Double {
        switch self {
        case .perDay(let law): return law.mean
        case .poissonArrivals(let rate, let size): return rate * size.mean
        case .dailyMeans(let demand): return demand.averageUnitsPerDay
        }
    }
}

/// One source of supply for a SKU.
public struct SupplierConfiguration: Sendable, Equatable {
    /// Display name ("regular", "expedited", …).
    public var name: String
    /// Lead time from order to receipt, days.
    public var leadTimeDays: Distribution
    /// When false, an order never arrives before an earlier order from the same supplier
    /// (its arrival is pushed back to the later of the two): sequential deliveries.
    public var allowsOrderCrossing: Bool
    /// Purchase price, currency per unit (charged on receipt of accepted units).
    public var unitCost: Double
    /// Fixed cost per order placed, currency.
    public var fixedCostPerOrder: Double
    /// Smallest positive order, units (orders below it are raised to it).
    public var minimumOrderUnits: Int
    /// Orders are rounded up to a multiple of this, units (≥ 1).
    public var orderMultipleUnits: Int
    /// The last day (0-based) on which the supplier accepts orders — a fashion maker's cut-off; `nil` =
    /// always. Orders a policy asks for after it are not placed (no cost, not counted).
    public var lastOrderDay: Int?

    /// Creates a supplier.
    public init(name: String, leadTimeDays: Distribution, allowsOrderCrossing: Bool = false, unitCost: Double,
                fixedCostPerOrder: Double = 0, minimumOrderUnits: Int = 0, orderMultipleUnits: Int = 1,
                lastOrderDay: Int? = nil) {
        self.name = name
        self.lastOrderDay = lastOrderDay
        self.leadTimeDays = leadTimeDays
        self.allowsOrderCrossing = allowsOrderCrossing
        self.unitCost = unitCost
        self.fixedCostPerOrder = fixedCostPerOrder
        self.minimumOrderUnits = minimumOrderUnits
        self.orderMultipleUnits = max(1, orderMultipleUnits)
    }

    /// Applies the minimum order and the order multiple to a requested quantity.
    /// - Parameter requestedUnits: what the policy asked for.
    /// - Returns: the quantity actually ordered (0 when nothing was requested).
    public func roundedOrder(_ requestedUnits: Int) -> Int {
        Self.roundedOrder(requestedUnits, minimumUnits: minimumOrderUnits, multipleUnits: orderMultipleUnits)
    }

    /// ``roundedOrder(_:)`` for given terms (the simulator keeps them apart from the configuration).
    static func roundedOrder(_ requestedUnits: Int, minimumUnits: Int, multipleUnits: Int) -> Int {
        guard requestedUnits > 0 else { return 0 }
        let atLeastMinimum = max(requestedUnits, minimumUnits)
        return (atLeastMinimum + multipleUnits - 1) / multipleUnits * multipleUnits
    }
}

/// One stock-keeping unit at the stocking location.
public struct ProductConfiguration: Sendable, Equatable {
    /// SKU code.
    public var sku: String
    /// Selling price at the start, currency per unit (with price levels, one of them).
    public var sellingPrice: Double
    /// The prices the SKU may be sold at, currency per unit, full price first; empty = any price a policy
    /// sets. A policy's price off the levels is moved to the nearest level (``PriceLevels/nearest(to:in:)``).
    public var priceLevels: [Double]
    /// What a unit left on hand at the end of the horizon (the season) fetches, currency per unit:
    /// booked as salvage revenue on the last day. Orders still in the pipeline then are neither
    /// received nor charged.
    public var salvageValuePerUnit: Double
    /// Holding cost, currency per unit on hand per day.
    public var holdingCostPerUnitDay: Double
    /// Backorders or lost sales, with their cost.
    public var shortage: ShortageRule
    /// Units on hand at day 0.
    public var initialOnHandUnits: Int
    /// How demand arises.
    public var customers: CustomerModel
    /// Suppliers (index 0 is the default one policies order from).
    public var suppliers: [SupplierConfiguration]
    /// Orders placed before day 0 and not yet received (the planner's open orders): each arrives on its
    /// due day (a day number of the run, ≥ 0) and is paid on receipt at its supplier's unit cost, like
    /// every order; their fixed ordering cost was spent before the run.
    public var openOrders: [PipelineOrder] = []

    /// Creates a product.
    public init(sku: String, sellingPrice: Double, holdingCostPerUnitDay: Double, shortage: ShortageRule,
                initialOnHandUnits: Int, customers: CustomerModel, suppliers: [SupplierConfiguration],
                priceLevels: [Double] = [], salvageValuePerUnit: Double = 0) {
        self.sku = sku
        self.sellingPrice = sellingPrice
        self.priceLevels = priceLevels
        self.salvageValuePerUnit = salvageValuePerUnit
        self.holdingCostPerUnitDay = holdingCostPerUnitDay
        self.shortage = shortage
        self.initialOnHandUnits = initialOnHandUnits
        self.customers = customers
        self.suppliers = suppliers
    }
}

/// When policies are consulted.
public enum ReviewSchedule: Sendable, Equatable {
    /// At the start of every `everyDays`-th day (day 0, R, 2R, …), after that day's receipts.
    case periodic(everyDays: Int)
    /// After every customer demand (and once at time 0): the inventory position is always known.
    case continuous
}

/// How holding and backorder costs are charged.
public enum CostAccounting: String, Sendable, Equatable, CaseIterable {
    /// The textbook way: at the end of each day, on the units on hand and backordered then
    /// (what the published reference instances use).
    case endOfPeriod
    /// On the time integral of on-hand and backordered units (unit-days).
    case timeWeighted
}

/// Everything the simulator needs to know about the business, independent of the policy.
public struct WorldConfiguration: Sendable, Equatable {
    /// Products at the stocking location.
    public var products: [ProductConfiguration]
    /// When policies are consulted.
    public var review: ReviewSchedule
    /// How holding and backorder costs are charged.
    public var costAccounting: CostAccounting
    /// Simulated days (statistics cover days warmupDays..<horizonDays).
    public var horizonDays: Int
    /// Days at the start excluded from statistics.
    public var warmupDays: Int
    /// Shared shelf space in units across all SKUs; receipts beyond it are refused. `nil` = unlimited.
    public var storageCapacityUnits: Int?
    /// Per product, the SKU number its random substreams are keyed by; `nil` keys each by its position.
    /// A world cut out of a larger one (``restricted(to:)``) keeps the larger world's keys, so each of its
    /// SKUs draws exactly what it draws in the whole world.
    public private(set) var streamKeys: [Int]?

    /// Creates a configuration.
    public init(products: [ProductConfiguration], review: ReviewSchedule = .periodic(everyDays: 1),
                costAccounting: CostAccounting = .endOfPeriod, horizonDays: Int, warmupDays: Int = 0,
                storageCapacityUnits: Int? = nil) {
        self.products = products
        self.review = review
        self.costAccounting = costAccounting
        self.horizonDays = horizonDays
        self.warmupDays = warmupDays
        self.storageCapacityUnits = storageCapacityUnits
    }

    /// Days over which statistics are collected.
    public var measuredDays: Int { max(0, horizonDays - warmupDays) }

    /// The SKU number of product `sku`'s random substreams (its position unless the world was cut out of a larger one).
    @inlinable public func streamKey(of sku: Int) -> Int { streamKeys?[sku] ?? sku }

    /// Whether the SKUs interact, so that a part of the world does not behave as it does inside the
    /// whole: today only through shared storage space (``storageCapacityUnits``).
    public var couplesSKUs: Bool { storageCapacityUnits != nil }

    /// The world of some of the products only, each keeping its random substreams, so that a run of it
    /// gives every one of those SKUs the ledger and trace it has in a run of the whole world (SKUs do not
    /// interact unless ``couplesSKUs``).
    /// - Parameter skus: product indices, increasing, each in range.
    /// - Returns: the smaller world.
    public func restricted(to skus: [Int]) -> WorldConfiguration {
        precondition(!couplesSKUs, "SKUs that share storage cannot be simulated apart")
        precondition(zip(skus, skus.dropFirst()).allSatisfy { $0 < $1 } && skus.allSatisfy(products.indices.contains),
                     "restricted(to:) needs increasing product indices")
        var part = self
        part.products = skus.map { products[$0] }
        part.streamKeys = skus.map(streamKey(of:))
        return part
    }
}
