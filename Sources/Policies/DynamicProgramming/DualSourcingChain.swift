import Foundation

/// The Markov chain of a fixed dual-sourcing rule on the states it reaches from a start state: per
/// state its order cost, the stock that meets demand, and its successor after each demand value.
/// Only the reachable states are listed (a few hundred for a dual-index rule, against tens of
/// thousands in the model), so exact evaluation of many candidate rules is cheap. States are keyed by
/// their coordinates, not by the model's index, so a rule is evaluated exactly even where it orders
/// more than the model's order limits allow the optimiser (after a rare large demand); only the
/// backorder floor and, for evaluation on the model, the position cap apply.
struct DualSourcingChain {
    /// The reachable states; `states[0]` is the start.
    let states: [MDPState]
    /// `c_e q_e + c_r q_r` per state.
    let orderCost: [Double]
    /// The stock facing demand per state (net inventory, plus the expedited order when `le = 0`).
    let stock: [Int]
    /// `successor[i * width + d]`: the state after demand `d` (`width` = largest demand + 1).
    let successor: [Int32]
    let probability: [Double]
    let width: Int

    /// Builds the chain by breadth-first search.
    /// - Parameters:
    ///   - model: The model (lead times, costs, demand, order limits).
    ///   - start: The first state.
    ///   - bounded: True to keep the model's floor and position cap (evaluation on the model); false for
    ///     no floor and no cap (the shift-invariant chains of `DualIndexSearch`).
    ///   - maxStates: Largest number of reachable states allowed.
    ///   - decide: The rule.
    /// - Throws: `OptimizerError` when the rule orders a negative quantity, raises the position above the
    ///   cap (bounded chains), or reaches too many states.
    init(model: DualSourcingModel, start: MDPState, bounded: Bool, maxStates: Int = 2_000_000,
         decide: (MDPState) throws -> (expedited: Int, regular: Int)) throws {
        let space = model.stateSpace
        let floor: Int? = bounded && !model.shortage.isLostSales ? space.netInventoryFloor : nil
        let p = (0...model.demand.maxValue).map { model.demand.probability($0) }
        let width = p.count
        var index: [MDPState: Int32] = [start: 0]
        var states = [start]
        var orderCost: [Double] = []
        var stock: [Int] = []
        var successor: [Int32] = []
        var head = 0
        while head < states.count {
            let state = states[head]
            head += 1
            let (e, r) = try decide(state)
            guard e >= 0, r >= 0 else {
                throw OptimizerError("the policy orders \(e) expedited and \(r) regular units in state \(state); orders must be nonnegative.")
            }
            if bounded, state.inventoryPosition + e + r > space.positionCap {
                throw OptimizerError("the policy raises the inventory position to \(state.inventoryPosition + e + r) in state \(state), above the model's positionCap \(space.positionCap); raise positionCap.")
            }
            orderCost.append(model.expeditedUnitCost * Double(e) + model.regularUnitCost * Double(r))
            for d in 0..<width {
                let (facing, next) = model.transition(from: state, expedited: e, regular: r, demand: d, floor: floor)
                if d == 0 { stock.append(facing) }
                if let known = index[next] {
                    successor.append(known)
                } else {
                    guard states.count < maxStates else {
                        throw OptimizerError("the policy reaches more than \(maxStates) states; it is not a stationary rule this evaluation can handle.")
                    }
                    index[next] = Int32(states.count)
                    successor.append(Int32(states.count))
                    states.append(next)
                }
            }
        }
        self.states = states
        self.orderCost = orderCost
        self.stock = stock
        self.successor = successor
        self.probability = p
        self.width = width
    }

    /// The chain as value iteration sees it: every state valid, normalised at the start state.
    var iterationDomain: ValueIterationDomain {
        ValueIterationDomain(count: states.count, validStates: (0..<Int32(states.count)).map { $0 }, referenceState: 0,
                             someDemandWithoutZero: probability[0] == 0)
    }

    /// `out[i] = cost[i] + Σ_d p_d v[successor(i, d)]`.
    func apply(cost: [Double], _ v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>) {
        successor.withUnsafeBufferPointer { succ in
            probability.withUnsafeBufferPointer { p in
                for i in 0..<states.count {
                    var sum = cost[i]
                    let base = i * width
                    for d in 0..<width { sum += p[d] * v[Int(succ[base + d])] }
                    out[i] = sum
                }
            }
        }
    }

    /// The stationary distribution from the start state, by damped power iteration
    /// (`π ← (π + π P) / 2`, aperiodic whatever the chain), stopped when an iteration moves less than
    /// `tolerance` in total variation.
    /// - Throws: `OptimizerError` when it has not settled within `maxIterations`.
    func stationaryDistribution(tolerance: Double = 1e-13, maxIterations: Int = 1_000_000) throws -> [Double] {
        let n = states.count
        var pi = [Double](repeating: 0, count: n)
        pi[0] = 1
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<maxIterations {
            successor.withUnsafeBufferPointer { succ in
                probability.withUnsafeBufferPointer { p in
                    for i in 0..<n { next[i] = 0.5 * pi[i] }
                    for i in 0..<n where pi[i] != 0 {
                        let mass = 0.5 * pi[i]
                        let base = i * width
                        for d in 0..<width { next[Int(succ[base + d])] += mass * p[d] }
                    }
                }
            }
            var change = 0.0
            for i in 0..<n { change += abs(next[i] - pi[i]) }
            swap(&pi, &next)
            if change < tolerance { return pi }
        }
        throw OptimizerError("the stationary distribution of a policy's chain did not settle within \(maxIterations) iterations.")
    }
}
