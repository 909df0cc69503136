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
    /// Fixed ordering cost `K` when an order was placed this period, currency.
    public var orderingCost: Double = 0

    /// Total cost of the period, currency.
    public var cost: Double { holdingCost + shortageCost + orderingCost }
}

/// The period transition shared by the single and the vector environment, so that both follow
/// exactly the same arithmetic.
struct LostSalesDynamics: Sendable {
    let holdingCost: Double
    let fixedOrderCost: Double
    let shortageUnitCost: Double
    let backorders: Bool
    let leadTime: Int
    let rewardScale: Double
    let sampler: DemandSampler

    init(configuration c: LostSalesConfiguration, sampler: DemandSampler, rewardScale: Double) {
        holdingCost = c.holdingCost
        fixedOrderCost = c.fixedOrderCost
        shortageUnitCost = c.shortage.unitCost
        backorders = c.shortage.isBackorder
        leadTime = c.leadTimePeriods
        self.rewardScale = rewardScale
        self.sampler = sampler
    }

    /// Applies arrival, demand and costing to the net stock.
    /// - Parameters:
    ///   - stock: On hand (lost sales) or net inventory (backorders), units; updated.
    ///   - arriving: Units received this period.
    ///   - demand: Demand, units.
    ///   - ordered: Units ordered this period (`K` is charged when positive).
    /// - Returns: The outcome.
    @inline(__always)
    func period(stock: inout Int, arriving: Int, demand: Int, ordered: Int) -> PeriodOutcome {
        let ordering = ordered > 0 ? fixedOrderCost : 0
        let available = stock + arriving
        if backorders {
            let net = available - demand
            let sold = max(0, min(demand, available))
            let onHand = max(net, 0)
            let backlog = max(-net, 0)
            stock = net
            return PeriodOutcome(
                arrivedUnits: arriving, demandUnits: demand, salesUnits: sold, shortageUnits: backlog,
                holdingCost: holdingCost * Double(onHand), shortageCost: shortageUnitCost * Double(backlog), orderingCost: ordering)
        }
        let sold = min(demand, available)
        let lost = demand - sold
        stock = available - sold
        return PeriodOutcome(
            arrivedUnits: arriving, demandUnits: demand, salesUnits: sold, shortageUnits: lost,
            holdingCost: holdingCost * Double(stock), shortageCost: shortageUnitCost * Double(lost), orderingCost: ordering)
    }
}
