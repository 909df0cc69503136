import Foundation

/// The result of solving an `InventoryMDP` (or evaluating a fixed policy on it).
///
/// The bounds are certified (up to floating-point rounding): for the average-cost
/// criterion, `lowerBound <= g <= upperBound` where `g` is the optimal average cost per
/// period (for an evaluation: the policy's average cost), and the returned policy's own
/// average cost is at most `upperBound`; for the discounted criterion they bracket the
/// optimal (or the policy's) expected discounted cost from `state`.
public struct MDPSolution: Sendable {
    /// The optimality criterion.
    public enum Criterion: Sendable, Equatable {
        /// Long-run expected cost per period.
        case averageCost
        /// Expected total discounted cost, `Σ_t λ^t c_t` from period 0, with factor `λ`.
        case discounted(factor: Double)
    }

    /// The criterion solved for.
    /// - Complexity: O(1).
    public let criterion: Criterion
    /// The midpoint of `lowerBound` and `upperBound`: the average cost per period, or the
    /// discounted cost from `state`. With pricing (revenue) it is minus the profit.
    /// - Complexity: O(1).
    public let value: Double
    /// Certified lower bound on the exact value.
    /// - Complexity: O(1).
    public let lowerBound: Double
    /// Certified upper bound on the exact value.
    /// - Complexity: O(1).
    public let upperBound: Double
    /// Bellman (or policy-evaluation) iterations performed.
    /// - Complexity: O(1).
    public let iterations: Int
    /// The policy: the greedy (ε-optimal) policy of the last iteration, or the evaluated one.
    /// - Complexity: O(1).
    public let policy: MDPPolicyTable
    /// Per state index: the relative values `h` with `h(0; 0, ..., 0) = 0` (average cost), or
    /// the last value iterate `T v` (discounted; add `discountedOffsets` for bounds).
    /// Entries at indices that are not states are 0.
    /// - Complexity: O(1) to read.
    public let values: [Double]
    /// The state `value` refers to for the discounted criterion (for the average cost:
    /// the reference state `(0; 0, ..., 0)`).
    /// - Complexity: O(1).
    public let state: MDPState
    /// Discounted criterion: `v*(s)` lies in `[values[s] + lower, values[s] + upper]` for
    /// every state `s` (MacQueen's bounds); zero for the average cost.
    /// - Complexity: O(1).
    public let discountedOffsets: (lower: Double, upper: Double)
    /// States reachable from the reference state `(0; 0, ..., 0)` under `policy`.
    /// - Complexity: O(1).
    public let reachableStates: Int
    /// Reachable states whose positive order is limited by the model's finiteness: it
    /// brings the position exactly to `positionCap` or equals `maxOrderQuantity`. Zero
    /// means the cap never constrained the policy where it operates.
    /// - Complexity: O(1).
    public let capLimitedStates: Int

    /// `upperBound - lowerBound`.
    /// - Complexity: O(1).
    public var gap: Double { upperBound - lowerBound }

    /// Minus `value`: the average profit per period (or discounted profit) when the model
    /// has revenue.
    /// - Complexity: O(1).
    public var profit: Double { -value }

    /// Bounds on the discounted cost from any state (nil for the average cost or a state
    /// outside the model).
    /// - Parameters:
    ///   - state: A state of the model.
    /// - Returns: `[lower, upper]` on the optimal (or evaluated policy's) discounted cost.
    /// - Complexity: O(L).
    public func discountedValueBounds(at state: MDPState) -> (lower: Double, upper: Double)? {
        guard case .discounted = criterion, let s = policy.stateSpace.index(of: state) else { return nil }
        return (values[s] + discountedOffsets.lower, values[s] + discountedOffsets.upper)
    }
}

/// A fixed policy on a model, compiled for fast evaluation: for every valid state, its
/// one-period cost and where its transitions go. The successor after demand `d` has
/// index `offset + max(jump - d, 0)`, where, with `base` the index of the successor's
/// pipeline block and `n` the units arriving next period (`r_1`, or the order when L = 1):
/// lost sales with `L >= 1`: `jump = y`, `offset = base + n` (the arrival is added after
/// the sales are floored at 0); backorders with `L >= 1`: `jump = y - floor + n`,
/// `offset = base`; `L = 0`: `jump = y + a - floor`, `offset = 0`.
struct CompiledPolicy {
    let states: [Int32]
    let cost: [Double]
    let jump: [Int32]
    let offset: [Int32]
    let level: [UInt8]

    init(mdp: InventoryMDP, table: MDPPolicyTable) {
        let space = mdp.stateSpace
        let y = space.netInventoryRadix
        let r = space.pipelineRadix
        var topPower = 1
        for _ in 0..<max(space.pipelineLength - 1, 0) { topPower *= r }
        let n = mdp.validStates.count
        var cost = [Double](repeating: 0, count: n)
        var jump = [Int32](repeating: 0, count: n)
        var offset = [Int32](repeating: 0, count: n)
        var level = [UInt8](repeating: 0, count: n)
        for (i, s32) in mdp.validStates.enumerated() {
            let s = Int(s32)
            let a = Int(table.orderQuantities[s])
            let k = Int(table.priceLevelIndices[s])
            let j = s % y
            let rest = s / y
            var stock = j
            var arrival = 0
            var base = 0
            switch space.leadTimePeriods {
            case 0:
                stock = j + a
            case 1:
                arrival = a
            default:
                arrival = rest % r
                base = y * (rest / r + topPower * a)
            }
            cost[i] = mdp.stageCost[k * y + stock] + mdp.orderCost[a]
            level[i] = UInt8(k)
            if mdp.isLostSales && space.leadTimePeriods >= 1 {
                jump[i] = Int32(stock)
                offset[i] = Int32(base + arrival)
            } else {
                jump[i] = Int32(stock + arrival)
                offset[i] = Int32(base)
            }
        }
        self.states = mdp.validStates
        self.cost = cost
        self.jump = jump
        self.offset = offset
        self.level = level
    }

    /// `out[s] = c(s) + λ E v(next)` for every valid `s`.
    func apply(mdp: InventoryMDP, _ v: UnsafePointer<Double>, discount: Double, out: UnsafeMutablePointer<Double>) {
        let y = mdp.stateSpace.netInventoryRadix
        let maxDemand = mdp.priceLevels.map(\.demand.maxValue).max() ?? 0
        states.withUnsafeBufferPointer { states in
            cost.withUnsafeBufferPointer { cost in
                jump.withUnsafeBufferPointer { jump in
                    offset.withUnsafeBufferPointer { offset in
                        level.withUnsafeBufferPointer { level in
                            mdp.tail.withUnsafeBufferPointer { tail in
                                mdp.probability.withUnsafeBufferPointer { probability in
                                    for i in 0..<states.count {
                                        let k = Int(level[i]) * y
                                        let m = Int(jump[i])
                                        let f = v + Int(offset[i])
                                        var sum = tail[k + m] * f[0]
                                        let top = min(m - 1, maxDemand)
                                        if top >= 0 {
                                            for d in 0...top { sum += probability[k + d] * f[m - d] }
                                        }
                                        out[Int(states[i])] = cost[i] + discount * sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Valid states reachable from `start` (breadth first over positive-probability
    /// transitions), and how many of them have an order limited by the cap.
    func reachability(mdp: InventoryMDP, table: MDPPolicyTable, from start: Int) -> (reachable: Int, capLimited: Int) {
        let space = mdp.stateSpace
        let y = space.netInventoryRadix
        var position = [Int32](repeating: -1, count: space.count)  // index into `states`
        for (i, s) in states.enumerated() { position[Int(s)] = Int32(i) }
        var seen = [Bool](repeating: false, count: states.count)
        var queue: [Int] = [Int(position[start])]
        seen[queue[0]] = true
        var head = 0
        var capLimited = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            let s = Int(states[i])
            let a = Int(table.orderQuantities[s])
            if a > 0 {
                let state = space.state(at: s)
                if state.inventoryPosition + a == space.positionCap || a == space.maxOrderQuantity { capLimited += 1 }
            }
            let k = Int(level[i]) * y
            let m = Int(jump[i])
            let base = Int(offset[i])
            var successors: [Int] = []
            if mdp.tail[k + m] > 0 { successors.append(base) }
            for d in 0..<m where mdp.probability[k + d] > 0 { successors.append(base + m - d) }
            for t in successors {
                let next = Int(position[t])
                if !seen[next] {
                    seen[next] = true
                    queue.append(next)
                }
            }
        }
        return (queue.count, capLimited)
    }
}
