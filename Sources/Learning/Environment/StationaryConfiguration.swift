import Policies

/// Parameters of a single-SKU periodic-review inventory environment (Zipkin 2008 timing).
///
/// Each period: the order placed `L` periods ago arrives; a new order (the action, in units)
/// is placed and, when `L = 0`, arrives at once; demand is met from on-hand stock and the
/// excess is lost at `p` per unit (or backordered at `b` per unit of backlog at period end);
/// `h` is paid per unit on hand at period end, and `K` per order placed. There is no unit
/// ordering cost (under lost sales a unit cost `c` and a selling price `r` are equivalent, in
/// the long run, to a lost-sale penalty of `p + r − c`; see `TrainingModel` in Scenario).
public struct StationaryConfiguration: Sendable, Equatable {
    /// Demand per period, in units.
    public var demand: StationaryDemand
    /// Lead time `L` in periods, `0 ... 8`.
    public var leadTimePeriods: Int
    /// Holding cost `h`, currency per unit on hand at period end, finite and `>= 0`.
    public var holdingCost: Double
    /// Lost sales with penalty `p`, or backorders with cost `b` (currency per unit).
    public var shortage: ShortageRule
    /// Largest order quantity in units; the actions are `0 ... maxOrderUnits`. `>= 0`, at most 1,000,000.
    public var maxOrderUnits: Int
    /// Episode length in periods (`>= 1`); the episode is truncated after this many steps.
    public var episodeLength: Int
    /// How rewards are scaled (`reward = −cost / scale`).
    public var rewardNormalization: RewardNormalization
    /// Units on hand at reset (the pipeline starts empty), `>= 0`.
    public var initialOnHandUnits: Int
    /// `K`, currency per order placed (orders of zero units are free), finite and `>= 0`.
    public var fixedOrderCost: Double
    /// `c`, currency per unit ordered (charged when ordered), finite and `>= 0`; 0 by default.
    public var unitOrderCost: Double = 0
    /// Joint pricing: the selectable prices, each with its demand law (replacing `demand`) and
    /// revenue per unit sold. Empty (the default): no pricing and no revenue. With `k` levels the
    /// action `a` means "order `a % (maxOrderUnits + 1)` units and sell at level
    /// `a / (maxOrderUnits + 1)`", and the period cost subtracts the revenue (cost = −profit).
    public var priceLevels: [PriceOption] = []

    /// One selectable price.
    public struct PriceOption: Sendable, Equatable {
        /// Selling price, currency per unit.
        public var price: Double
        /// Demand per period at this price, units.
        public var demand: StationaryDemand
        /// Revenue per unit sold, currency (usually the price).
        public var revenuePerUnit: Double

        /// Creates a level; the revenue defaults to the price.
        public init(price: Double, demand: StationaryDemand, revenuePerUnit: Double? = nil) {
            self.price = price
            self.demand = demand
            self.revenuePerUnit = revenuePerUnit ?? price
        }
    }

    /// Order choices per price level, `maxOrderUnits + 1`.
    public var orderChoices: Int { maxOrderUnits + 1 }

    /// Number of actions: order choices × price levels (at least one).
    public var actionCount: Int { orderChoices * max(priceLevels.count, 1) }

    /// The demand law of each price level (one entry, `demand`, without pricing).
    public var demandLaws: [StationaryDemand] { priceLevels.isEmpty ? [demand] : priceLevels.map(\.demand) }

    /// Largest lead time supported, in periods: the single-SKU model's limit.
    public static let maxLeadTimePeriods = SingleSKUModel.maxLeadTimeDays
    /// Largest `maxOrderUnits` accepted.
    public static let maxOrderLimit = 1_000_000

    /// Creates a configuration (validated when an environment is built from it).
    /// - Parameters:
    ///   - demand: Demand per period (units).
    ///   - leadTimePeriods: `L`, `0 ... 8` periods.
    ///   - holdingCost: `h`, currency per unit per period.
    ///   - shortage: Lost-sale penalty `p` or backorder cost `b`, currency per unit.
    ///   - maxOrderUnits: Largest order, units.
    ///   - episodeLength: Truncation horizon, periods.
    ///   - rewardNormalization: Reward scaling; `.none` by default.
    ///   - initialOnHandUnits: Stock at reset, units; 0 by default.
    ///   - fixedOrderCost: `K`, currency per order; 0 by default.
    public init(
        demand: StationaryDemand, leadTimePeriods: Int, holdingCost: Double, shortage: ShortageRule,
        maxOrderUnits: Int, episodeLength: Int, rewardNormalization: RewardNormalization = .none,
        initialOnHandUnits: Int = 0, fixedOrderCost: Double = 0
    ) {
        self.fixedOrderCost = fixedOrderCost
        self.demand = demand
        self.leadTimePeriods = leadTimePeriods
        self.holdingCost = holdingCost
        self.shortage = shortage
        self.maxOrderUnits = maxOrderUnits
        self.episodeLength = episodeLength
        self.rewardNormalization = rewardNormalization
        self.initialOnHandUnits = initialOnHandUnits
    }

    /// Checks every field.
    /// - Throws: `EnvironmentError` naming the field and its allowed range.
    public func validate() throws {
        guard (0...Self.maxLeadTimePeriods).contains(leadTimePeriods) else {
            throw EnvironmentError("leadTimePeriods must lie in 0...\(Self.maxLeadTimePeriods) periods, got \(leadTimePeriods).")
        }
        guard holdingCost.isFinite, holdingCost >= 0 else {
            throw EnvironmentError("holdingCost must be finite and >= 0 (currency per unit per period), got \(holdingCost).")
        }
        let unit = shortage.unitCost
        guard unit.isFinite, unit >= 0 else {
            throw EnvironmentError("shortage cost must be finite and >= 0 (currency per unit), got \(unit).")
        }
        guard (0...Self.maxOrderLimit).contains(maxOrderUnits) else {
            throw EnvironmentError("maxOrderUnits must lie in 0...\(Self.maxOrderLimit) units, got \(maxOrderUnits).")
        }
        guard episodeLength >= 1 else {
            throw EnvironmentError("episodeLength must be at least 1 period, got \(episodeLength).")
        }
        guard fixedOrderCost.isFinite, fixedOrderCost >= 0 else {
            throw EnvironmentError("fixedOrderCost must be finite and >= 0 (currency per order), got \(fixedOrderCost).")
        }
        guard unitOrderCost.isFinite, unitOrderCost >= 0 else {
            throw EnvironmentError("unitOrderCost must be finite and >= 0 (currency per unit), got \(unitOrderCost).")
        }
        guard priceLevels.count <= 64 else {
            throw EnvironmentError("priceLevels may list at most 64 prices, got \(priceLevels.count).")
        }
        for (k, level) in priceLevels.enumerated() where !(level.price.isFinite && level.revenuePerUnit.isFinite) {
            throw EnvironmentError("priceLevels[\(k)]: the price and revenue must be finite, got \(level.price) and \(level.revenuePerUnit).")
        }
        guard initialOnHandUnits >= 0 else {
            throw EnvironmentError("initialOnHandUnits must be >= 0 units, got \(initialOnHandUnits).")
        }
    }
}
