import Foundation
import Stochastics

/// A periodic-review dual-sourcing problem as a finite Markov decision process: a regular supplier
/// with lead time `lr` and unit cost `c_r`, an expedited one with lead time `le < lr` and unit cost
/// `c_e`, i.i.d. demand per period, holding and backorder (or lost-sales) costs. Solve it with
/// `RelativeValueIteration.solve(_:)`, evaluate a fixed rule with `RelativeValueIteration.evaluate`,
/// and find the best dual-index and capped dual-index levels with `DualIndexSearch`.
///
/// Timing of a period (Veeraraghavan & Scheller-Wolf 2008; Gijsbrechts et al. 2022), which is also
/// the simulator's day with daily periodic review (receipts, then the review, then the day's demand,
/// then the end-of-day charges):
/// 1. the orders due this period arrive (the regular order placed `lr` periods ago and the expedited
///    one placed `le` periods ago);
/// 2. an expedited order `q_e` and a regular order `q_r` are placed, at `c_e q_e + c_r q_r`
///    (`le = 0`: the expedited order arrives at once, before demand);
/// 3. demand `D` occurs; backlogged (net inventory may go negative) or lost at `p` per unit;
/// 4. `h` per unit on hand and, under backorders, `b` per unit backordered at the end of the period.
///
/// The state at the decision is `MDPState` over `MDPStateSpace(leadTimePeriods: lr)`: the net
/// inventory after the arrivals (on hand under lost sales) and `pipeline[k - 1]`, the units (of either
/// supplier) arriving `k` periods from now, `k = 1 ... lr - 1`. Who ordered a unit no longer matters
/// once it is in transit, so both suppliers share one pipeline; the expedited position of the
/// dual-index policy is `netInventory + pipeline[0 ..< le]`.
///
/// Finiteness, as in `InventoryMDP`: orders are at most `maxRegularOrderUnits` and
/// `maxExpeditedOrderUnits`, the inventory position after ordering at most `positionCap`, and under
/// backorders the net inventory is floored at `netInventoryFloor` (a transition below lands on the
/// floor; its cost is charged on the true backlog). The defaults cover the 99.99% demand quantiles.
///
/// ```swift
/// let model = try DualSourcingModel(
///     demand: DiscretePMF(probabilities: [0.2, 0.2, 0.2, 0.2, 0.2]), regularLeadTimePeriods: 2,
///     expeditedLeadTimePeriods: 0, regularUnitCost: 0, expeditedUnitCost: 10,
///     holdingCostPerUnitPeriod: 5, shortage: .backorders(costPerUnitDay: 495))
/// let optimum = try RelativeValueIteration.solve(model)
/// ```
///
/// References: S. Veeraraghavan, A. Scheller-Wolf, "Now or later: a simple policy for effective dual
/// sourcing in capacitated systems", Operations Research 56(4), 2008; J. Gijsbrechts, R. Boute,
/// J. Van Mieghem, D. Zhang, "Can deep reinforcement learning improve inventory management?",
/// M&SOM 24(3), 2022.
public struct DualSourcingModel: Sendable {
    /// The default limit on the number of indexed states.
    /// - Complexity: O(1).
    public static let defaultMaxStates = 5_000_000
    /// The demand quantile the default sizes cover.
    static let coveredProbability = 0.9999

    /// Demand per period.
    /// - Complexity: O(1).
    public let demand: DiscretePMF
    /// `lr >= 2`: periods from a regular order to its arrival.
    /// - Complexity: O(1).
    public let regularLeadTimePeriods: Int
    /// `le`, `0 <= le < lr`: periods from an expedited order to its arrival.
    /// - Complexity: O(1).
    public let expeditedLeadTimePeriods: Int
    /// `c_r`, per unit ordered from the regular supplier.
    /// - Complexity: O(1).
    public let regularUnitCost: Double
    /// `c_e`, per unit ordered from the expedited supplier.
    /// - Complexity: O(1).
    public let expeditedUnitCost: Double
    /// `h`, per unit on hand at the end of a period.
    /// - Complexity: O(1).
    public let holdingCostPerUnitPeriod: Double
    /// Lost sales (`p` per unit lost) or backorders (`b` per unit backordered at the end of a period).
    /// - Complexity: O(1).
    public let shortage: ShortageRule
    /// Largest regular order per period.
    /// - Complexity: O(1).
    public let maxRegularOrderUnits: Int
    /// Largest expedited order per period.
    /// - Complexity: O(1).
    public let maxExpeditedOrderUnits: Int
    /// The states: net inventory `floor ... positionCap` and `lr - 1` pipeline slots.
    /// - Complexity: O(1).
    public let stateSpace: MDPStateSpace

    // stageCost[j] = G(floor + j), j = 0 ..< Y: expected holding and shortage cost of a period that
    // meets demand from stock floor + j. probability[d] = P(D = d), tail[j] = P(D >= j), j < Y + 1.
    let stageCost: [Double]
    let probability: [Double]
    let tail: [Double]
    let validStates: [Int32]
    let referenceState: Int

    /// Creates a model.
    /// - Parameters:
    ///   - demand: Demand per period.
    ///   - regularLeadTimePeriods: `lr`, 2 or more.
    ///   - expeditedLeadTimePeriods: `le`, `0 ..< lr`.
    ///   - regularUnitCost: `c_r >= 0`.
    ///   - expeditedUnitCost: `c_e >= 0`.
    ///   - holdingCostPerUnitPeriod: `h >= 0`.
    ///   - shortage: Lost sales or backorders, with a nonnegative cost.
    ///   - positionCap: Largest inventory position after ordering; nil for the regular-only
    ///     base-stock level (the newsvendor level of `lr + 1` periods' demand with `h` and the
    ///     shortage cost) plus a margin of `max(5, q)` units, `q` the 99.99% quantile of a period's demand.
    ///   - netInventoryFloor: Backorders only: lowest tracked net inventory, `<= 0`; nil for minus the
    ///     99.99% quantile of `lr + 1` periods' demand. Must be nil or 0 under lost sales.
    ///   - maxRegularOrderUnits: Largest regular order; nil for `q`.
    ///   - maxExpeditedOrderUnits: Largest expedited order; nil for `q`.
    ///   - maxStates: Largest allowed number of indexed states.
    /// - Returns: The model with its stage costs precomputed.
    /// - Throws: `OptimizerError` for out-of-range inputs or a state space above `maxStates`.
    /// - Complexity: O(states) to list the valid states, plus the demand convolutions.
    public init(
        demand: DiscretePMF, regularLeadTimePeriods: Int, expeditedLeadTimePeriods: Int, regularUnitCost: Double,
        expeditedUnitCost: Double, holdingCostPerUnitPeriod: Double, shortage: ShortageRule, positionCap: Int? = nil,
        netInventoryFloor: Int? = nil, maxRegularOrderUnits: Int? = nil, maxExpeditedOrderUnits: Int? = nil,
        maxStates: Int = DualSourcingModel.defaultMaxStates
    ) throws {
        guard regularLeadTimePeriods >= 2 else {
            throw OptimizerError("regularLeadTimePeriods must be at least 2 for the dual-sourcing model, got \(regularLeadTimePeriods); with a regular lead time of 0 or 1 use InventoryMDP with the cheaper supplier.")
        }
        guard (0..<regularLeadTimePeriods).contains(expeditedLeadTimePeriods) else {
            throw OptimizerError("expeditedLeadTimePeriods must lie in 0 ..< regularLeadTimePeriods (\(regularLeadTimePeriods)), got \(expeditedLeadTimePeriods).")
        }
        try OptimizerError.requireNonnegative(regularUnitCost, "regularUnitCost")
        try OptimizerError.requireNonnegative(expeditedUnitCost, "expeditedUnitCost")
        try OptimizerError.requireNonnegative(holdingCostPerUnitPeriod, "holdingCostPerUnitPeriod")
        try OptimizerError.requireNonnegative(shortage.unitCost, shortage.isLostSales ? "lostSales penaltyPerUnit" : "backorders costPerUnitDay")
        let quantile = Self.coveringQuantile(of: demand)
        let maxRegular = maxRegularOrderUnits ?? quantile
        let maxExpedited = maxExpeditedOrderUnits ?? quantile
        try OptimizerError.requireNonnegative(maxRegular, "maxRegularOrderUnits")
        try OptimizerError.requireNonnegative(maxExpedited, "maxExpeditedOrderUnits")
        let floor: Int
        if shortage.isLostSales {
            guard netInventoryFloor == nil || netInventoryFloor == 0 else {
                throw OptimizerError("netInventoryFloor applies to backorders only; under lost sales it must be nil or 0, got \(netInventoryFloor!).")
            }
            floor = 0
        } else {
            floor = try netInventoryFloor ?? -Self.coveringQuantile(of: OptimizerError.leadTimeDemand(demand, periods: regularLeadTimePeriods + 1))
        }
        let cap: Int
        if let positionCap {
            cap = positionCap
        } else {
            let level = try BackorderBaseStock.optimize(
                pmf: demand, holdingCost: holdingCostPerUnitPeriod, backorderCost: shortage.unitCost,
                leadTimePeriods: regularLeadTimePeriods).level
            cap = max(level, 0) + max(5, quantile)
        }
        // A slot arriving within the expedited lead time but later than next period can hold a
        // regular and an expedited order together.
        let slotMax = maxRegular + (expeditedLeadTimePeriods >= 2 ? maxExpedited : 0)
        let space = try MDPStateSpace(
            leadTimePeriods: regularLeadTimePeriods, netInventoryFloor: floor, positionCap: cap,
            maxOrderQuantity: slotMax, maxStates: maxStates)
        guard space.maxOrderQuantity == slotMax else {
            throw OptimizerError("positionCap \(cap) with floor \(floor) is too small for orders of \(slotMax) units per pipeline slot; raise positionCap or lower the order limits.")
        }
        self.demand = demand
        self.regularLeadTimePeriods = regularLeadTimePeriods
        self.expeditedLeadTimePeriods = expeditedLeadTimePeriods
        self.regularUnitCost = regularUnitCost
        self.expeditedUnitCost = expeditedUnitCost
        self.holdingCostPerUnitPeriod = holdingCostPerUnitPeriod
        self.shortage = shortage
        self.maxRegularOrderUnits = maxRegular
        self.maxExpeditedOrderUnits = maxExpedited
        self.stateSpace = space
        let y = space.netInventoryRadix
        var stage = [Double](repeating: 0, count: y)
        for j in 0..<y {
            stage[j] = Self.stageCost(
                stock: floor + j, demand: demand, holdingCostPerUnitPeriod: holdingCostPerUnitPeriod, shortage: shortage)
        }
        stageCost = stage
        probability = (0...demand.maxValue).map { demand.probability($0) }
        tail = (0...(y + 1)).map { demand.survival(atLeast: $0) }
        validStates = space.validIndices()
        referenceState = space.index(
            of: MDPState(netInventory: 0, pipeline: [Int](repeating: 0, count: space.pipelineLength)))!
    }

    /// Number of states (valid indices) of the model.
    /// - Complexity: O(1).
    public var validStateCount: Int { validStates.count }

    /// `G(y)`: the expected holding and shortage cost of a period whose demand meets stock `y`,
    /// `h E(y - D)^+ + b E(D - y)^+` (backorders) or `h E(y - D)^+ + p E(D - y)^+` (lost sales, `y >= 0`).
    /// - Parameters:
    ///   - stock: Net inventory (on hand under lost sales) facing the period's demand.
    /// - Returns: The expected cost.
    /// - Complexity: O(support of the demand).
    public func stageCost(stock: Int) -> Double {
        Self.stageCost(stock: stock, demand: demand, holdingCostPerUnitPeriod: holdingCostPerUnitPeriod, shortage: shortage)
    }

    static func stageCost(stock: Int, demand: DiscretePMF, holdingCostPerUnitPeriod: Double, shortage: ShortageRule) -> Double {
        holdingCostPerUnitPeriod * demand.expectedLeftover(stockLevel: stock)
            + shortage.unitCost * demand.expectedShortage(stockLevel: stock)
    }

    /// The smallest value whose cdf reaches 99.99% (or the largest value of the support).
    static func coveringQuantile(of pmf: DiscretePMF) -> Int {
        var top = 0
        while pmf.cdf(top) < coveredProbability && top < pmf.maxValue { top += 1 }
        return top
    }

    /// The expedited inventory position of a state: net inventory plus the units arriving within the
    /// expedited lead time (`pipeline[0 ..< le]`), what `Observation.inventoryPosition(arrivingWithinDays:)`
    /// gives the simulator's dual-index policy.
    /// - Parameters:
    ///   - state: A state.
    /// - Returns: The expedited position.
    /// - Complexity: O(le).
    public func expeditedPosition(of state: MDPState) -> Int {
        state.netInventory + state.pipeline.prefix(expeditedLeadTimePeriods).reduce(0, +)
    }

    /// The successor of a state after orders and a demand: the pieces both the Bellman operator and
    /// policy evaluation use.
    /// - Parameters:
    ///   - state: The state.
    ///   - expedited: Expedited order placed now.
    ///   - regular: Regular order placed now.
    ///   - demand: The period's demand.
    ///   - floor: Lowest net inventory kept under backorders (nil: none).
    /// - Returns: The stock that met demand and the next state.
    func transition(from state: MDPState, expedited: Int, regular: Int, demand d: Int, floor: Int?)
        -> (stock: Int, next: MDPState) {
        let le = expeditedLeadTimePeriods
        let stock = state.netInventory + (le == 0 ? expedited : 0)
        let arriving = state.pipeline[0] + (le == 1 ? expedited : 0)
        var pipeline = Array(state.pipeline.dropFirst())
        if le >= 2 { pipeline[le - 2] += expedited }
        pipeline.append(regular)
        var next: Int
        if shortage.isLostSales {
            next = max(stock - d, 0) + arriving
        } else {
            next = stock - d + arriving
            if let floor { next = max(next, floor) }
        }
        return (stock, MDPState(netInventory: next, pipeline: pipeline))
    }
}
