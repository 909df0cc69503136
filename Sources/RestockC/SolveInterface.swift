// The exact optimum of a stationary single-SKU configuration through the C interface: relative value
// iteration on the same model the environment simulates, its policy table, and the table's action for
// an environment observation.

import Foundation
import Learning
import Policies

/// A solved configuration behind a handle.
final class SolutionHandle: LockedHandle, @unchecked Sendable {
    let configuration: StationaryConfiguration
    let solution: MDPSolution
    /// The valid states, in index order.
    let stateIndices: [Int]

    init(configuration: StationaryConfiguration, solution: MDPSolution) {
        self.configuration = configuration
        self.solution = solution
        let space = solution.policy.stateSpace
        stateIndices = (0..<space.count).filter { space.isValid(index: $0) }
    }

    /// The action index of the table's decision at an environment observation
    /// `[onHand, q_1, …, q_L, position, period]`: the order due this period counts as received.
    func action(observation: UnsafePointer<Double>, size: Int) throws -> Int64 {
        let l = configuration.leadTimePeriods
        guard size == l + 3 else {
            throw CFailure.input("the observation has \(size) components; this configuration's have \(l + 3) (onHand, q_1…q_\(l), position, period).")
        }
        for k in 0..<size where !(observation[k].isFinite && abs(observation[k]) < 1e15 && observation[k] == observation[k].rounded()) {
            throw CFailure.input("observation[\(k)] = \(observation[k]) is not a whole number of units.")
        }
        let net = Int(observation[0]) + (l >= 1 ? Int(observation[1]) : 0)
        let pipeline = l >= 2 ? (2...l).map { Int(observation[$0]) } : []
        let decision = solution.policy.decision(netInventory: net, pipeline: pipeline)
        return Int64(decision.orderQuantity + configuration.orderChoices * decision.priceLevel)
    }
}

/// Solves a stationary configuration (JSON, see `restock_stationary_create`) exactly for the long-run
/// average cost per period (minus the profit with price levels).
@_cdecl("restock_solve")
public func restock_solve(_ configuration: UnsafePointer<CChar>?, _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                          _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let out = try requiredBuffer(handle, "handle")
        out.pointee = nil
        let config = try StationaryJSON.parse(try requiredString(configuration, "configuration"))
        do {
            let mdp = try StationaryAgentEvaluation.model(for: config)
            let solution = try RelativeValueIteration.solve(mdp)
            out.pointee = HandleTable.shared.insert(SolutionHandle(configuration: config, solution: solution))
        } catch let failure as OptimizerError {
            throw CFailure.input("configuration: the dynamic program cannot solve it: \(failure)")
        }
    }
}

/// The optimum: average cost per period (midpoint and certified bounds), the number of states and the
/// pipeline entries of each state (`L − 1`, 0 for L ≤ 1).
@_cdecl("restock_solution_summary")
public func restock_solution_summary(_ handle: UnsafeMutableRawPointer?, _ averageCost: UnsafeMutablePointer<Double>?,
                                     _ lower: UnsafeMutablePointer<Double>?, _ upper: UnsafeMutablePointer<Double>?,
                                     _ states: UnsafeMutablePointer<Int64>?, _ pipelineLength: UnsafeMutablePointer<Int64>?,
                                     _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let solved = try HandleTable.shared.object(handle, as: SolutionHandle.self, kind: "solution")
        try requiredBuffer(averageCost, "average_cost").pointee = solved.solution.value
        try requiredBuffer(lower, "lower").pointee = solved.solution.lowerBound
        try requiredBuffer(upper, "upper").pointee = solved.solution.upperBound
        try requiredBuffer(states, "states").pointee = Int64(solved.stateIndices.count)
        try requiredBuffer(pipelineLength, "pipeline_length").pointee = Int64(solved.solution.policy.stateSpace.pipelineLength)
    }
}

/// The policy table: per state, its net inventory after this period's arrival, its pipeline
/// (`states × pipeline_length`, next to arrive first), the optimal order (units) and price level.
@_cdecl("restock_solution_table")
public func restock_solution_table(_ handle: UnsafeMutableRawPointer?, _ netInventory: UnsafeMutablePointer<Int64>?,
                                   _ pipeline: UnsafeMutablePointer<Int64>?, _ orders: UnsafeMutablePointer<Int64>?,
                                   _ priceLevels: UnsafeMutablePointer<Int64>?,
                                   _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let solved = try HandleTable.shared.object(handle, as: SolutionHandle.self, kind: "solution")
        let net = try requiredBuffer(netInventory, "net_inventory"), orderBuffer = try requiredBuffer(orders, "orders")
        let levelBuffer = try requiredBuffer(priceLevels, "price_levels")
        let table = solved.solution.policy
        let length = table.stateSpace.pipelineLength
        let pipelineBuffer = length > 0 ? try requiredBuffer(pipeline, "pipeline") : pipeline
        for (row, index) in solved.stateIndices.enumerated() {
            let state = table.stateSpace.state(at: index)
            net[row] = Int64(state.netInventory)
            for j in 0..<length { pipelineBuffer![row * length + j] = Int64(state.pipeline[j]) }
            orderBuffer[row] = Int64(table.orderQuantities[index])
            levelBuffer[row] = Int64(table.priceLevelIndices[index])
        }
    }
}

/// The optimal action (the environment's action index) at an environment observation.
@_cdecl("restock_solution_action")
public func restock_solution_action(_ handle: UnsafeMutableRawPointer?, _ observation: UnsafePointer<Double>?, _ size: Int64,
                                    _ action: UnsafeMutablePointer<Int64>?,
                                    _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let solved = try HandleTable.shared.object(handle, as: SolutionHandle.self, kind: "solution")
        guard let observation else { throw CFailure.input("observation is NULL.") }
        try requiredBuffer(action, "action").pointee = try solved.action(observation: observation, size: Int(size))
    }
}
