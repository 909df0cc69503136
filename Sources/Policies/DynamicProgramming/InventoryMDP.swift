import Foundation
import Stochastics

/// A single-SKU, periodic-review inventory problem as a finite Markov decision process,
/// for exact solution by `RelativeValueIteration` (long-run average cost) or
/// `DiscountedValueIteration` (discounted cost), and exact evaluation of given policies.
///
/// Timing of a period (as in Zipkin 2008 and the README of `Tests/Fixtures`):
/// 1. the order placed `L` periods ago arrives (`L = 0`: the order placed in step 2 arrives
///    at once);
/// 2. a new order of `a` units is placed (costing `K + c a` when `a > 0`) and, with
///    pricing, a price level `k` is chosen;
/// 3. demand `D ~ pmf_k` occurs; under lost sales it is met from stock and the excess is
///    lost at `p` per unit; under backorders it is all booked and the net inventory may
///    go negative;
/// 4. costs are charged: `h` per unit on hand at the end of the period, and under
///    backorders `b` per unit backordered at the end of the period; with pricing the
///    revenue `r_k` per unit sold is subtracted (lost sales: units sold `min(y, D)`;
///    backorders: every unit demanded is eventually sold, revenue `r_k D` is booked when
///    demanded), so the "cost" is then minus the profit.
///
/// The state is `MDPState` (net inventory after the arrival, then the pipeline). The
/// expected period cost of post-arrival stock `y` under price level `k` is
///
///     lost sales:  G_k(y) = h E(y - D)^+ + p E(D - y)^+ - r_k E min(y, D)
///     backorders:  G_k(y) = h E(y - D)^+ + b E(D - y)^+ - r_k E D
///
/// (with `y` replaced by `y + a` when `L = 0`), and the transition is "subtract demand,
/// then shift the pipeline": `y' = (y - D)^+ + r_1` (lost sales) or `y - D + r_1`
/// (backorders), `r' = (r_2, ..., r_{L-1}, a)`.
///
/// Finiteness: orders are at most `maxOrderQuantity` and may not raise the inventory
/// position above `positionCap`; choose the cap above any position an optimal policy
/// would reach (`MDPSolution.capLimitedStates` reports whether it limited the policy).
/// Under backorders the net inventory is floored at `netInventoryFloor`: a transition to
/// a lower level lands on the floor (its cost is still charged on the true backlog), an
/// approximation that is harmless when the floor lies below anything a sensible policy
/// reaches (the default, `-(L + 1) × ` the largest demand, does).
///
/// References: M. L. Puterman, *Markov Decision Processes*, Wiley 1994, ch. 6 and 8;
/// P. Zipkin, "Old and new methods for lost-sales inventory systems", Operations
/// Research 56(5), 2008.
public struct InventoryMDP: Sendable {
    /// One selectable price with its own demand law and revenue.
    public struct PriceLevel: Sendable, Equatable {
        /// Selling price per unit (what `TablePolicy` reports in `Action.price`).
        public var price: Double
        /// Demand per period at this price.
        public var demand: DiscretePMF
        /// Revenue per unit sold (usually the price; less if, say, a commission is paid).
        public var revenuePerUnit: Double

        /// Creates a price level.
        /// - Parameters:
        ///   - price: Price per unit, finite.
        ///   - demand: Demand per period at this price.
        ///   - revenuePerUnit: Revenue per unit sold; `nil` means `price`.
        /// - Returns: The level.
        /// - Complexity: O(1).
        public init(price: Double, demand: DiscretePMF, revenuePerUnit: Double? = nil) {
            self.price = price
            self.demand = demand
            self.revenuePerUnit = revenuePerUnit ?? price
        }
    }

    /// The default limit on the number of indexed states, `MDPStateSpace.count`.
    /// - Complexity: O(1).
    public static let defaultMaxStates = 20_000_000

    /// The selectable price levels (one level with zero revenue when there is no pricing).
    /// - Complexity: O(1) to read.
    public let priceLevels: [PriceLevel]
    /// Whether the model chooses prices (built with `init(priceLevels:...)`).
    /// - Complexity: O(1).
    public let hasPricing: Bool
    /// Shortage model and its cost.
    /// - Complexity: O(1).
    public let shortage: ShortageRule
    /// `h`, per unit on hand at the end of a period.
    /// - Complexity: O(1).
    public let holdingCost: Double
    /// `K`, per order placed (orders of zero units are free).
    /// - Complexity: O(1).
    public let fixedOrderCost: Double
    /// `c`, per unit ordered.
    /// - Complexity: O(1).
    public let unitOrderCost: Double
    /// The finite state space and its flat index.
    /// - Complexity: O(1).
    public let stateSpace: MDPStateSpace

    /// `L`.
    /// - Complexity: O(1).
    public var leadTimePeriods: Int { stateSpace.leadTimePeriods }

    // Precomputed per price level k, flattened with stride Y (= netInventoryRadix):
    // stageCost[k Y + j] = G_k(floor + j); tail[k Y + j] = P(D_k >= j);
    // probability[k Y + j] = P(D_k = j) (zero beyond the support), j = 0..<Y.
    let stageCost: [Double]
    let tail: [Double]
    let probability: [Double]
    // orderCost[a] = K + c a for a > 0, 0 for a = 0; a = 0...maxOrderQuantity.
    let orderCost: [Double]
    // Valid state indices, increasing.
    let validStates: [Int32]
    // The state (0; 0, ..., 0): relative values are normalised to 0 there.
    let referenceState: Int
    var isLostSales: Bool {
        if case .lostSales = shortage { return true }
        return false
    }

    /// A model without pricing.
    /// - Parameters:
    ///   - demand: Demand per period.
    ///   - leadTimePeriods: `L >= 0`.
    ///   - shortage: Lost sales or backorders, with the cost (nonnegative, finite).
    ///   - holdingCost: `h >= 0`.
    ///   - fixedOrderCost: `K >= 0`.
    ///   - unitOrderCost: `c >= 0`.
    ///   - positionCap: Largest inventory position after ordering, `>= 0`.
    ///   - maxOrderQuantity: Largest order, `>= 0`; `nil` for no limit beyond the cap.
    ///   - netInventoryFloor: Backorders only: lowest net inventory tracked, `<= 0`;
    ///     `nil` for `-(L + 1) × ` the largest demand value. Must be `nil` (or 0) for lost sales.
    ///   - maxStates: Largest allowed number of indexed states.
    /// - Returns: The model, with stage costs and demand tails precomputed.
    /// - Throws: `OptimizerError` for out-of-range inputs, or before allocating anything when the
    ///   state space would exceed `maxStates` ("too large for DP").
    /// - Complexity: O(count) to list the valid states, plus O(Y) per price level.
    public init(
        demand: DiscretePMF, leadTimePeriods: Int, shortage: ShortageRule, holdingCost: Double,
        fixedOrderCost: Double = 0, unitOrderCost: Double = 0, positionCap: Int, maxOrderQuantity: Int? = nil,
        netInventoryFloor: Int? = nil, maxStates: Int = InventoryMDP.defaultMaxStates
    ) throws {
        try self.init(
            levels: [PriceLevel(price: 0, demand: demand, revenuePerUnit: 0)], hasPricing: false,
            leadTimePeriods: leadTimePeriods, shortage: shortage, holdingCost: holdingCost,
            fixedOrderCost: fixedOrderCost, unitOrderCost: unitOrderCost, positionCap: positionCap,
            maxOrderQuantity: maxOrderQuantity, netInventoryFloor: netInventoryFloor, maxStates: maxStates)
    }

    /// A model with joint pricing: each period one of `priceLevels` is chosen with the order.
    /// - Parameters:
    ///   - priceLevels: 1 to 255 levels, each with its demand law and revenue per unit.
    ///   - leadTimePeriods: `L >= 0`.
    ///   - shortage: Lost sales or backorders, with the cost (nonnegative, finite).
    ///   - holdingCost: `h >= 0`.
    ///   - fixedOrderCost: `K >= 0`.
    ///   - unitOrderCost: `c >= 0`.
    ///   - positionCap: Largest inventory position after ordering, `>= 0`.
    ///   - maxOrderQuantity: Largest order, `>= 0`; `nil` for no limit beyond the cap.
    ///   - netInventoryFloor: Backorders only: lowest net inventory tracked, `<= 0`;
    ///     `nil` for `-(L + 1) × ` the largest demand value of any level.
    ///   - maxStates: Largest allowed number of indexed states.
    /// - Returns: The model; its costs are minus profits.
    /// - Throws: `OptimizerError` for out-of-range inputs or a state space above `maxStates`.
    /// - Complexity: O(count) plus O(Y) per price level.
    public init(
        priceLevels: [PriceLevel], leadTimePeriods: Int, shortage: ShortageRule, holdingCost: Double,
        fixedOrderCost: Double = 0, unitOrderCost: Double = 0, positionCap: Int, maxOrderQuantity: Int? = nil,
        netInventoryFloor: Int? = nil, maxStates: Int = InventoryMDP.defaultMaxStates
    ) throws {
        try self.init(
            levels: priceLevels, hasPricing: true, leadTimePeriods: leadTimePeriods, shortage: shortage,
            holdingCost: holdingCost, fixedOrderCost: fixedOrderCost, unitOrderCost: unitOrderCost,
            positionCap: positionCap, maxOrderQuantity: maxOrderQuantity, netInventoryFloor: netInventoryFloor,
            maxStates: maxStates)
    }

    private init(
        levels: [PriceLevel], hasPricing: Bool, leadTimePeriods: Int, shortage: ShortageRule, holdingCost: Double,
        fixedOrderCost: Double, unitOrderCost: Double, positionCap: Int, maxOrderQuantity: Int?,
        netInventoryFloor: Int?, maxStates: Int
    ) throws {
        guard !levels.isEmpty, levels.count <= Int(UInt8.max) else {
            throw OptimizerError("priceLevels must contain 1 to \(UInt8.max) levels, got \(levels.count).")
        }
        for (k, level) in levels.enumerated() {
            try OptimizerError.requireFinite(level.price, "priceLevels[\(k)].price")
            try OptimizerError.requireFinite(level.revenuePerUnit, "priceLevels[\(k)].revenuePerUnit")
        }
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        try OptimizerError.requireNonnegative(holdingCost, "holdingCost")
        try OptimizerError.requireNonnegative(fixedOrderCost, "fixedOrderCost")
        try OptimizerError.requireNonnegative(unitOrderCost, "unitOrderCost")
        try OptimizerError.requireNonnegative(positionCap, "positionCap")
        let floor: Int
        switch shortage {
        case .lostSales(let penalty):
            try OptimizerError.requireNonnegative(penalty, "lostSales penaltyPerUnit")
            guard netInventoryFloor == nil || netInventoryFloor == 0 else {
                throw OptimizerError("netInventoryFloor applies to backorders only; under lost sales it must be nil or 0, got \(netInventoryFloor!).")
            }
            floor = 0
        case .backorders(let cost):
            try OptimizerError.requireNonnegative(cost, "backorders costPerUnitDay")
            let largestDemand = levels.map(\.demand.maxValue).max() ?? 0
            floor = netInventoryFloor ?? -(leadTimePeriods + 1) * largestDemand
        }
        if let maxOrderQuantity { try OptimizerError.requireNonnegative(maxOrderQuantity, "maxOrderQuantity") }
        let space = try MDPStateSpace(
            leadTimePeriods: leadTimePeriods, netInventoryFloor: floor, positionCap: positionCap,
            maxOrderQuantity: maxOrderQuantity ?? Int.max / 2, maxStates: maxStates)

        self.priceLevels = levels
        self.hasPricing = hasPricing
        self.shortage = shortage
        self.holdingCost = holdingCost
        self.fixedOrderCost = fixedOrderCost
        self.unitOrderCost = unitOrderCost
        self.stateSpace = space

        let y = space.netInventoryRadix
        var stage = [Double](repeating: 0, count: levels.count * y)
        var tails = [Double](repeating: 0, count: levels.count * y)
        var probabilities = [Double](repeating: 0, count: levels.count * y)
        for (k, level) in levels.enumerated() {
            let pmf = level.demand
            for j in 0..<y {
                let stock = floor + j
                let leftover = pmf.expectedLeftover(stockLevel: stock)
                let short = pmf.expectedShortage(stockLevel: stock)
                let cost: Double
                switch shortage {
                case .lostSales(let penalty):
                    cost = holdingCost * leftover + penalty * short
                        - level.revenuePerUnit * (Double(stock) - leftover)
                case .backorders(let backorderCost):
                    cost = holdingCost * leftover + backorderCost * short - level.revenuePerUnit * pmf.mean
                }
                stage[k * y + j] = cost
                tails[k * y + j] = pmf.survival(atLeast: j)
                probabilities[k * y + j] = pmf.probability(j)
            }
        }
        stageCost = stage
        tail = tails
        probability = probabilities
        orderCost = (0...space.maxOrderQuantity).map { $0 == 0 ? 0 : fixedOrderCost + unitOrderCost * Double($0) }
        validStates = space.validIndices()
        referenceState = space.index(
            of: MDPState(netInventory: 0, pipeline: [Int](repeating: 0, count: space.pipelineLength)))!
    }

    /// Number of states (valid indices) of the model.
    /// - Complexity: O(1).
    public var validStateCount: Int { validStates.count }

    /// The expected cost of one period, `G_k(stock) + K 1{a > 0} + c a`, where `stock`
    /// is the post-arrival net inventory (plus the order when `L = 0`).
    /// - Parameters:
    ///   - state: A valid state (a precondition).
    ///   - order: Units ordered, in `0...stateSpace.maxFeasibleOrder(in: state)` (a precondition).
    ///   - priceLevel: Index into `priceLevels` (a precondition).
    /// - Returns: The expected period cost (minus profit with revenue).
    /// - Complexity: O(L).
    public func expectedPeriodCost(in state: MDPState, order: Int, priceLevel: Int = 0) -> Double {
        precondition(stateSpace.index(of: state) != nil, "\(state) is not a state of the model")
        precondition(order >= 0 && order <= stateSpace.maxFeasibleOrder(in: state), "order \(order) is not feasible in \(state)")
        precondition(priceLevels.indices.contains(priceLevel), "priceLevel \(priceLevel) is out of range")
        let stock = state.netInventory + (leadTimePeriods == 0 ? order : 0)
        let j = stock - stateSpace.netInventoryFloor
        return stageCost[priceLevel * stateSpace.netInventoryRadix + j] + orderCost[order]
    }
}

extension InventoryMDP {
    /// The model as value iteration sees it: all valid states, normalised at `(0; 0, ..., 0)`.
    var iterationDomain: ValueIterationDomain {
        ValueIterationDomain(
            count: stateSpace.count, validStates: validStates, referenceState: referenceState,
            someDemandWithoutZero: priceLevels.contains { $0.demand.probability(0) == 0 })
    }

    /// The span bounds' two numbers over the model's valid states (`ValueIterationDomain.changeRange`).
    /// - Parameters:
    ///   - v: values before an iteration.
    ///   - next: values after it.
    /// - Returns: (min, max) of next − v over valid states.
    func changeRange(from v: [Double], to next: [Double]) -> (lower: Double, upper: Double) {
        iterationDomain.changeRange(from: v, to: next)
    }
}
