import Policies
import Stochastics

/// What happened in one period of a lost-sales (or backorder) environment.
public struct PeriodOutcome: Sendable, Equatable {
    /// Units that arrived at the start of the period (including the order itself when `L = 0`).
    public var arrivedUnits: Int
    /// Demand, units.
    public var demandUnits: Int
    /// Units sold (demand met from stock, including backlog cleared under backorders).
    public var salesUnits: Int
    /// Units lost (lost sales) or backordered at period end (backorders), units.
    public var shortageUnits: Int
    /// Holding cost `h × on hand at period end`, currency.
    public var holdingCost: Double
    /// Shortage cost `p × lost` or `b × backlog`, currency.
    public var shortageCost: Double
    /// Ordering cost `K × 1{order > 0} + c × order` of this period's order, currency.
    public var orderingCost: Double = 0
    /// Sales revenue (joint pricing only; 0 otherwise), currency.
    public var revenue: Double = 0

    /// Total cost of the period net of revenue, currency (minus the profit, with pricing).
    public var cost: Double { holdingCost + shortageCost + orderingCost - revenue }
}

/// The period transition shared by the single and the vector environment, so that both follow
/// exactly the same arithmetic.
struct StationaryDynamics: Sendable {
    let holdingCost: Double
    let fixedOrderCost: Double
    let unitOrderCost: Double
    /// Revenue per unit sold at each price level (0 without pricing).
    let revenues: [Double]
    /// One sampler per price level.
    let samplers: [DemandSampler]
    /// `maxOrderUnits + 1`.
    let orderChoices: Int
    let shortageUnitCost: Double
    let backorders: Bool
    let leadTime: Int
    let rewardScale: Double

    init(configuration c: StationaryConfiguration, pmfs: [DiscretePMF], rewardScale: Double) {
        holdingCost = c.holdingCost
        fixedOrderCost = c.fixedOrderCost
        unitOrderCost = c.unitOrderCost
        revenues = c.priceLevels.isEmpty ? [0] : c.priceLevels.map(\.revenuePerUnit)
        samplers = pmfs.map(DemandSampler.init(pmf:))
        orderChoices = c.orderChoices
        shortageUnitCost = c.shortage.unitCost
        backorders = c.shortage.isBackorder
        leadTime = c.leadTimePeriods
        self.rewardScale = rewardScale
    }

    /// Splits an action into the order (units) and the price level.
    @inline(__always)
    func decode(_ action: Int) -> (order: Int, level: Int) {
        samplers.count == 1 ? (action, 0) : (action % orderChoices, action / orderChoices)
    }

    /// Builds the dynamics of a configuration (resolving every demand law) and the reward scale.
    static func make(_ c: StationaryConfiguration) throws -> (StationaryDynamics, [DiscretePMF]) {
        let pmfs = try c.demandLaws.map { try $0.resolved() }
        let unit = c.priceLevels.isEmpty ? c.shortage.unitCost : max(c.shortage.unitCost, c.priceLevels.map(\.revenuePerUnit).max() ?? 0)
        let scale = try c.rewardNormalization.scale(unitShortageCost: unit, meanDemand: pmfs[0].mean)
        return (StationaryDynamics(configuration: c, pmfs: pmfs, rewardScale: scale), pmfs)
    }

    /// Applies arrival, demand and costing to the net stock.
    /// - Parameters:
    ///   - stock: On hand (lost sales) or net inventory (backorders), units; updated.
    ///   - arriving: Units received this period.
    ///   - demand: Demand, units.
    ///   - ordered: Units ordered this period (`K` is charged when positive).
    /// - Returns: The outcome.
    @inline(__always)
    func period(stock: inout Int, arriving: Int, demand: Int, ordered: Int, level: Int = 0) -> PeriodOutcome {
        let ordering = ordered > 0 ? fixedOrderCost + unitOrderCost * Double(ordered) : 0
        let price = revenues[level]
        let available = stock + arriving
        if backorders {
            let net = available - demand
            let sold = max(0, min(demand, available))
            let onHand = max(net, 0)
            let backlog = max(-net, 0)
            stock = net
            return PeriodOutcome(
                arrivedUnits: arriving, demandUnits: demand, salesUnits: sold, shortageUnits: backlog,
                holdingCost: holdingCost * Double(onHand), shortageCost: shortageUnitCost * Double(backlog), orderingCost: ordering, revenue: price * Double(demand))
        }
        let sold = min(demand, available)
        let lost = demand - sold
        stock = available - sold
        return PeriodOutcome(
            arrivedUnits: arriving, demandUnits: demand, salesUnits: sold, shortageUnits: lost,
            holdingCost: holdingCost * Double(stock), shortageCost: shortageUnitCost * Double(lost), orderingCost: ordering, revenue: price * Double(sold))
    }
}
