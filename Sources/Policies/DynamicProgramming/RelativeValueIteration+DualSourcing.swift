import Foundation

extension RelativeValueIteration {
    /// Minimises the long-run average cost per period of a dual-sourcing model (purchase costs
    /// included), with the same span bounds and stopping rule as for `InventoryMDP`.
    /// - Parameters:
    ///   - model: The model.
    ///   - tolerance: Stop when `upper − lower < tolerance`, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    ///   - aperiodicityFactor: `τ` in `(0, 1]`, or nil for the automatic choice.
    /// - Returns: Certified bounds on the optimal average cost and the greedy policy.
    /// - Throws: `OptimizerError` for invalid arguments or when the bounds do not meet.
    /// - Complexity: per iteration, O(states × expedited choices + table entries × regular choices × demand support).
    public static func solve(
        _ model: DualSourcingModel, tolerance: Double = defaultTolerance, maxIterations: Int = defaultMaxIterations,
        aperiodicityFactor: Double? = nil
    ) throws -> DualSourcingSolution {
        let space = model.stateSpace
        let layout = model.layout
        var expedited = [Int32](repeating: 0, count: space.count)
        var regular = [Int32](repeating: 0, count: space.count)
        var table = [Double](repeating: 0, count: layout.tableCount)
        var tableOrders = [Int32](repeating: 0, count: layout.tableCount)
        let domain = ValueIterationDomain(
            count: space.count, validStates: model.validStates, referenceState: model.referenceState,
            someDemandWithoutZero: model.demand.probability(0) == 0)
        let outcome = try iterate(
            domain, tolerance: tolerance, maxIterations: maxIterations, aperiodicityFactor: aperiodicityFactor
        ) { v, out in
            expedited.withUnsafeMutableBufferPointer { e in
                regular.withUnsafeMutableBufferPointer { r in
                    table.withUnsafeMutableBufferPointer { f in
                        tableOrders.withUnsafeMutableBufferPointer { fo in
                            model.applyBellman(v, out: out, expedited: e.baseAddress!, regular: r.baseAddress!,
                                               table: f.baseAddress!, tableOrders: fo.baseAddress!)
                        }
                    }
                }
            }
        }
        let policy = DualSourcingPolicyTable(stateSpace: space, expeditedOrders: expedited, regularOrders: regular)
        let start = space.state(at: model.referenceState)
        let chain = try DualSourcingChain(model: model, start: start, bounded: true) { policy.orders(in: $0) ?? (0, 0) }
        return DualSourcingSolution(
            value: 0.5 * (outcome.lower + outcome.upper), lowerBound: outcome.lower, upperBound: outcome.upper,
            iterations: outcome.iterations, policy: policy, reachableStates: chain.states.count)
    }

    /// The long-run average cost per period of a fixed rule on a dual-sourcing model: relative value
    /// iteration on the Markov chain of the states the rule reaches from `start`, with certified bounds.
    /// - Parameters:
    ///   - model: The model.
    ///   - start: The first state; nil for net inventory `positionCap` and an empty pipeline, from which
    ///     an order-up-to rule orders nothing until its position falls below its target.
    ///   - tolerance: Stop when `upper − lower < tolerance`, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    ///   - decide: The rule: expedited and regular order in a state.
    /// - Returns: The rule's average cost with bounds (valid when the chain from `start` has one
    ///   recurrent class, as order-up-to rules do).
    /// - Throws: `OptimizerError` when the rule raises the position above `positionCap` or the bounds do not meet.
    /// - Complexity: O(reachable states × demand support) per iteration.
    public static func evaluate(
        _ model: DualSourcingModel, start: MDPState? = nil, tolerance: Double = defaultTolerance,
        maxIterations: Int = defaultMaxIterations, decide: (MDPState) throws -> (expedited: Int, regular: Int)
    ) throws -> DualSourcingSolution {
        let space = model.stateSpace
        let first = start ?? MDPState(netInventory: space.positionCap, pipeline: [Int](repeating: 0, count: space.pipelineLength))
        guard space.index(of: first) != nil else {
            throw OptimizerError("start state \(first) is not a state of the model (net inventory \(space.netInventoryFloor)...\(space.positionCap), \(space.pipelineLength) pipeline slots, position within the cap).")
        }
        let chain = try DualSourcingChain(model: model, start: first, bounded: true, decide: decide)
        let cost = zip(chain.orderCost, chain.stock).map { $0 + model.stageCost(stock: $1) }
        let outcome = try iterate(
            chain.iterationDomain, tolerance: tolerance, maxIterations: maxIterations, aperiodicityFactor: nil
        ) { v, out in chain.apply(cost: cost, v, out: out) }
        return DualSourcingSolution(
            value: 0.5 * (outcome.lower + outcome.upper), lowerBound: outcome.lower, upperBound: outcome.upper,
            iterations: outcome.iterations, policy: nil, reachableStates: chain.states.count)
    }

    /// The exact average cost per period of a dual-index or capped dual-index rule
    /// (`DualIndexLevels.orders(in:expeditedLeadTimePeriods:)`, the simulator's `DualIndexPolicy`).
    /// - Parameters:
    ///   - model: The model.
    ///   - levels: `S_e`, `S_r` and the cap.
    ///   - tolerance: Stop when `upper − lower < tolerance`.
    /// - Returns: The rule's average cost with bounds.
    /// - Throws: `OptimizerError` as `evaluate(_:start:tolerance:maxIterations:decide:)`.
    /// - Complexity: as `evaluate(_:start:tolerance:maxIterations:decide:)`.
    public static func evaluate(
        _ model: DualSourcingModel, levels: DualIndexLevels, tolerance: Double = defaultTolerance
    ) throws -> DualSourcingSolution {
        let le = model.expeditedLeadTimePeriods
        return try evaluate(model, tolerance: tolerance) { levels.orders(in: $0, expeditedLeadTimePeriods: le) }
    }

    /// The exact average cost per period of any `Policy` on a dual-sourcing model, shown each state as
    /// an `Observation` (`MDPStateSpace.observation(for:periodLengthDays:price:)`; one period is one day,
    /// pipeline slot `k` due `k + 1` days ahead).
    /// - Parameters:
    ///   - model: The model.
    ///   - policy: The policy.
    ///   - regularSupplier: Index of the regular supplier in the policy's `Action.orderUnits`.
    ///   - expeditedSupplier: Index of the expedited supplier.
    ///   - tolerance: Stop when `upper − lower < tolerance`.
    /// - Returns: The policy's average cost with bounds.
    /// - Throws: `OptimizerError` as `evaluate(_:start:tolerance:maxIterations:decide:)`.
    /// - Complexity: as `evaluate(_:start:tolerance:maxIterations:decide:)`, plus the policy's decisions.
    public static func evaluate(
        _ model: DualSourcingModel, policy: some Policy, regularSupplier: Int, expeditedSupplier: Int,
        tolerance: Double = defaultTolerance
    ) throws -> DualSourcingSolution {
        try evaluate(model, tolerance: tolerance) { state in
            let units = policy.decide(model.stateSpace.observation(for: state)).orderUnits
            func ordered(_ supplier: Int) -> Int { supplier < units.count ? max(units[supplier], 0) : 0 }
            return (ordered(expeditedSupplier), ordered(regularSupplier))
        }
    }
}
