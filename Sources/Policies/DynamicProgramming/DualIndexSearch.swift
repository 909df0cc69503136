import Foundation
import Stochastics

/// The best dual-index and capped dual-index levels of a `DualSourcingModel`, by exhaustive search
/// with exact evaluation.
///
/// Under backorders the search uses the shift invariance of Veeraraghavan & Scheller-Wolf (2008):
/// the orders of a (capped) dual-index rule depend on the state only through its distance to the
/// targets, so with `Δ = S_r − S_e` (and the cap) fixed, the chain of `(net inventory − S_e,
/// pipeline)` is the same for every `S_e`. One stationary distribution per `(Δ, cap)` then gives the
/// exact cost of every `S_e` at once: `E[c_e q_e + c_r q_r] + Σ_y π(y) G(S_e + y)`. Every `Δ` from 0 to
/// the 99.99% quantile of the demand over `lr − le` periods is tried (beyond it the regular order
/// already covers the demand the expedited one could see, so `S_e` never binds), every cap from 0
/// to the 99.99% quantile of a period's demand minus one (a larger cap never binds), and every `S_e`
/// that keeps the chain within the model's floor and position cap. Under lost sales there is no shift
/// invariance and every `(S_e, S_r, cap)` with `0 <= S_e <= S_r <= positionCap` is evaluated on its own
/// chain.
public enum DualIndexSearch {
    /// The best levels found and their exact cost.
    public struct Result: Sendable {
        /// The levels.
        public var levels: DualIndexLevels
        /// Their exact long-run cost per period (stationary distribution of the rule's chain).
        public var costPerPeriod: Double
        /// Level combinations whose cost was computed.
        public var candidates: Int
    }

    /// The best uncapped dual-index levels.
    /// - Parameters:
    ///   - model: The model.
    /// - Returns: The best levels (ties: the first found, smaller `Δ`, then smaller `S_e`) and their cost.
    /// - Throws: `OptimizerError` when no levels fit the model's bounds.
    /// - Complexity: one chain per `Δ` under backorders; one per `(S_e, S_r)` under lost sales.
    public static func bestDualIndex(_ model: DualSourcingModel) throws -> Result {
        try search(model, caps: [nil])
    }

    /// The best capped dual-index levels (the uncapped rule included, as the cap `nil`).
    /// - Parameters:
    ///   - model: The model.
    ///   - caps: The caps to try; nil for `0 ..< q` and no cap, `q` the 99.99% quantile of a period's demand.
    /// - Returns: The best levels and their cost.
    /// - Throws: `OptimizerError` when no levels fit the model's bounds.
    /// - Complexity: the uncapped search times the number of caps.
    public static func bestCappedDualIndex(_ model: DualSourcingModel, caps: [Int]? = nil) throws -> Result {
        let quantile = DualSourcingModel.coveringQuantile(of: model.demand)
        let tried: [Int?] = (caps ?? Array(0..<max(quantile, 1))).map { $0 } + [nil]
        return try search(model, caps: tried)
    }

    /// Most Markov chains one search may build (one per level pair under lost sales, one per spread and
    /// cap under backorders).
    public static let maximumChains = 200_000
    /// Most chain states one search may build in all: about a minute in a release build.
    public static let maximumChainStates = 2e9

    static func search(_ model: DualSourcingModel, caps: [Int?]) throws -> Result {
        var best: Result?
        var candidates = 0
        var builtStates = 0.0
        func built(_ chain: DualSourcingChain) throws {
            builtStates += Double(chain.states.count)
            guard builtStates <= maximumChainStates else {
                throw OptimizerError("the dual-index search built more than \(String(format: "%.0e", maximumChainStates)) chain states "
                    + "(position cap \(model.stateSpace.positionCap) units, \(caps.count) caps): lower positionCap or the demand per period, "
                    + "or evaluate chosen levels instead of searching")
            }
        }
        func checkChains(_ count: Double) throws {
            guard count <= Double(maximumChains) else {
                throw OptimizerError("the dual-index search would build \(String(format: "%.1e", count)) Markov chains, more than "
                    + "\(maximumChains) (position cap \(model.stateSpace.positionCap) units, \(caps.count) caps): lower positionCap "
                    + "or the demand per period, or evaluate chosen levels instead of searching")
            }
        }
        func consider(_ levels: DualIndexLevels, _ cost: Double) {
            candidates += 1
            if best == nil || cost < best!.costPerPeriod - 1e-12 { best = Result(levels: levels, costPerPeriod: cost, candidates: 0) }
        }
        let space = model.stateSpace
        if model.shortage.isLostSales {
            let positions = Double(space.positionCap + 1)
            try checkChains(Double(caps.count) * positions * (positions + 1) / 2)
            for cap in caps {
                for se in 0...space.positionCap {
                    for sr in se...space.positionCap {
                        let levels = DualIndexLevels(expeditedOrderUpToUnits: se, regularOrderUpToUnits: sr, regularCapUnits: cap)
                        let chain = try DualSourcingChain(model: model, start: start(for: levels, model), bounded: true) {
                            levels.orders(in: $0, expeditedLeadTimePeriods: model.expeditedLeadTimePeriods)
                        }
                        try built(chain)
                        consider(levels, try averageCost(of: chain, model: model, offset: 0))
                    }
                }
            }
        } else {
            let spread = try DualSourcingModel.coveringQuantile(
                of: OptimizerError.leadTimeDemand(model.demand, periods: model.regularLeadTimePeriods - model.expeditedLeadTimePeriods))
            let widest = min(spread, space.positionCap - space.netInventoryFloor)
            try checkChains(Double(caps.count) * Double(widest + 1))
            for cap in caps {
                for delta in 0...widest {
                    let relative = DualIndexLevels(expeditedOrderUpToUnits: 0, regularOrderUpToUnits: delta, regularCapUnits: cap)
                    let chain = try DualSourcingChain(model: model, start: start(for: relative, model), bounded: false) {
                        relative.orders(in: $0, expeditedLeadTimePeriods: model.expeditedLeadTimePeriods)
                    }
                    try built(chain)
                    let pi = try chain.stationaryDistribution()
                    var orderCost = 0.0
                    var histogram: [Int: Double] = [:]
                    for (i, mass) in pi.enumerated() where mass > 0 {
                        orderCost += mass * chain.orderCost[i]
                        histogram[chain.stock[i], default: 0] += mass
                    }
                    // S_e keeping every reached state within the model's floor and position cap.
                    let lowestNet = chain.states.map(\.netInventory).min() ?? 0
                    let highestPosition = chain.states.map(\.inventoryPosition).max() ?? 0
                    let lowest = space.netInventoryFloor - lowestNet
                    let highest = space.positionCap - max(highestPosition, delta)
                    guard lowest <= highest else { continue }
                    for se in lowest...highest {
                        var cost = orderCost
                        for (stock, mass) in histogram { cost += mass * model.stageCost(stock: se + stock) }
                        consider(DualIndexLevels(expeditedOrderUpToUnits: se, regularOrderUpToUnits: se + delta,
                                                 regularCapUnits: cap), cost)
                    }
                }
            }
        }
        guard var result = best else {
            throw OptimizerError("no dual-index levels fit the model's bounds (floor \(space.netInventoryFloor), positionCap \(space.positionCap)); raise positionCap.")
        }
        result.candidates = candidates
        return result
    }

    /// A start state from which the rule orders nothing at first: the regular target (or the expedited
    /// one if higher) on hand and nothing in transit.
    static func start(for levels: DualIndexLevels, _ model: DualSourcingModel) -> MDPState {
        MDPState(netInventory: max(levels.regularOrderUpToUnits, levels.expeditedOrderUpToUnits),
                 pipeline: [Int](repeating: 0, count: model.stateSpace.pipelineLength))
    }

    /// `Σ_i π_i (order cost + G(stock + offset))` over a chain's stationary distribution.
    static func averageCost(of chain: DualSourcingChain, model: DualSourcingModel, offset: Int) throws -> Double {
        let pi = try chain.stationaryDistribution()
        var cost = 0.0
        for (i, mass) in pi.enumerated() where mass > 0 {
            cost += mass * (chain.orderCost[i] + model.stageCost(stock: chain.stock[i] + offset))
        }
        return cost
    }
}
