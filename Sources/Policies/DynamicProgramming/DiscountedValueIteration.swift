import Foundation

/// Value iteration for the expected total discounted cost of an `InventoryMDP`
/// (Puterman 1994, §6.3 and §6.6), optimal or of a given policy.
///
/// With discount factor `λ` and `v_{n+1} = T v_n`, MacQueen's span bounds
/// (Puterman Thm 6.6.3)
///
///     T v + λ/(1−λ) min_s (Tv − v)(s)  <=  v*  <=  T v + λ/(1−λ) max_s (Tv − v)(s)
///
/// hold componentwise for every `v`; iteration stops when their width
/// `λ/(1−λ) sp(Tv − v)` is below the tolerance, so every state's value is bracketed
/// to within it. The greedy policy of the last step is then ε-optimal.
public enum DiscountedValueIteration {
    /// Default stopping tolerance on the width of the bounds.
    /// - Complexity: O(1).
    public static let defaultTolerance = 1e-6
    /// Default iteration limit.
    /// - Complexity: O(1).
    public static let defaultMaxIterations = 1_000_000

    /// Minimises the expected discounted cost.
    /// - Parameters:
    ///   - mdp: The model.
    ///   - discountFactor: `λ` in `(0, 1)`.
    ///   - state: The state whose value is reported in `value` and the bounds; nil for
    ///     `(0; 0, ..., 0)`. Every state's bounds are available from
    ///     `MDPSolution.discountedValueBounds(at:)`.
    ///   - tolerance: Stop when the bounds' width is below this, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    /// - Returns: The solution.
    /// - Throws: `OptimizerError` for invalid arguments, a state outside the model, or when the
    ///   bounds do not meet within `maxIterations`.
    /// - Complexity: per iteration as `RelativeValueIteration.solve`; the number of
    ///   iterations grows like `log(1/tolerance) / log(1/λ)` at worst.
    public static func solve(
        _ mdp: InventoryMDP, discountFactor: Double, at state: MDPState? = nil,
        tolerance: Double = defaultTolerance, maxIterations: Int = defaultMaxIterations
    ) throws -> MDPSolution {
        let space = mdp.stateSpace
        var orders = [Int32](repeating: 0, count: space.count)
        var levels = [UInt8](repeating: 0, count: space.count)
        let reported = try reportedIndex(mdp, state)
        let outcome = try iterate(
            mdp, discountFactor: discountFactor, tolerance: tolerance, maxIterations: maxIterations
        ) { v, out in
            orders.withUnsafeMutableBufferPointer { o in
                levels.withUnsafeMutableBufferPointer { l in
                    mdp.applyBellman(v, discount: discountFactor, out: out, orders: o.baseAddress!, levels: l.baseAddress!)
                }
            }
        }
        let table = MDPPolicyTable(
            stateSpace: space, orderQuantities: orders, priceLevelIndices: levels,
            prices: mdp.hasPricing ? mdp.priceLevels.map(\.price) : nil)
        return finish(mdp, table: table, outcome: outcome, factor: discountFactor, reported: reported)
    }

    /// The expected discounted cost of a fixed policy.
    /// - Parameters:
    ///   - mdp: The model.
    ///   - policy: A table over the model's state space.
    ///   - discountFactor: `λ` in `(0, 1)`.
    ///   - state: Reported state; nil for `(0; 0, ..., 0)`.
    ///   - tolerance: Stop when the bounds' width is below this, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    /// - Returns: The policy's discounted cost with bounds.
    /// - Throws: `OptimizerError` as for `solve`, or for a table of another state space.
    /// - Complexity: per iteration, O(Σ over states of min(stock, demand support)).
    public static func evaluate(
        _ mdp: InventoryMDP, policy: MDPPolicyTable, discountFactor: Double, at state: MDPState? = nil,
        tolerance: Double = defaultTolerance, maxIterations: Int = defaultMaxIterations
    ) throws -> MDPSolution {
        guard policy.stateSpace == mdp.stateSpace else {
            throw OptimizerError("policy must be a table over the model's own state space (same lead time, cap, floor and order limit).")
        }
        let reported = try reportedIndex(mdp, state)
        let compiled = CompiledPolicy(mdp: mdp, table: policy)
        let outcome = try iterate(
            mdp, discountFactor: discountFactor, tolerance: tolerance, maxIterations: maxIterations
        ) { v, out in
            compiled.apply(mdp: mdp, v, discount: discountFactor, out: out)
        }
        return finish(mdp, table: policy, outcome: outcome, factor: discountFactor, reported: reported, compiled: compiled)
    }

    static func reportedIndex(_ mdp: InventoryMDP, _ state: MDPState?) throws -> Int {
        guard let state else { return mdp.referenceState }
        guard let index = mdp.stateSpace.index(of: state) else {
            throw OptimizerError("state \(state) is not a state of the model (net inventory \(mdp.stateSpace.netInventoryFloor)...\(mdp.stateSpace.positionCap), \(mdp.stateSpace.pipelineLength) pipeline entries of 0...\(mdp.stateSpace.maxOrderQuantity), position at most \(mdp.stateSpace.positionCap)).")
        }
        return index
    }

    struct Outcome {
        var lowerOffset: Double
        var upperOffset: Double
        var iterations: Int
        var values: [Double]
    }

    static func iterate(
        _ mdp: InventoryMDP, discountFactor: Double, tolerance: Double, maxIterations: Int,
        step: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    ) throws -> Outcome {
        guard discountFactor.isFinite, discountFactor > 0, discountFactor < 1 else {
            throw OptimizerError("discountFactor must lie strictly between 0 and 1, got \(discountFactor).")
        }
        guard tolerance.isFinite, tolerance > 0 else {
            throw OptimizerError("tolerance must be positive and finite, got \(tolerance).")
        }
        guard maxIterations >= 1 else { throw OptimizerError("maxIterations must be at least 1, got \(maxIterations).") }
        let factor = discountFactor / (1 - discountFactor)
        var v = [Double](repeating: 0, count: mdp.stateSpace.count)
        var next = v
        var lower = -Double.infinity
        var upper = Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            v.withUnsafeBufferPointer { v in
                next.withUnsafeMutableBufferPointer { next in step(v.baseAddress!, next.baseAddress!) }
            }
            let range = mdp.changeRange(from: v, to: next)
            (lower, upper) = (factor * range.lower, factor * range.upper)
            guard lower.isFinite, upper.isFinite else {
                throw OptimizerError("value iteration produced non-finite values at iteration \(iterations); check the costs and demand laws.")
            }
            swap(&v, &next)  // v = T v_old
            if upper - lower < tolerance { break }
        }
        guard upper - lower < tolerance else {
            throw OptimizerError(
                "discounted value iteration did not reach tolerance \(tolerance) within maxIterations = \(maxIterations): the bounds are still \(upper - lower) wide; raise maxIterations or loosen the tolerance.")
        }
        return Outcome(lowerOffset: lower, upperOffset: upper, iterations: iterations, values: v)
    }

    static func finish(
        _ mdp: InventoryMDP, table: MDPPolicyTable, outcome: Outcome, factor: Double, reported: Int,
        compiled: CompiledPolicy? = nil
    ) -> MDPSolution {
        let compiled = compiled ?? CompiledPolicy(mdp: mdp, table: table)
        let reach = compiled.reachability(mdp: mdp, table: table, from: mdp.referenceState)
        let lower = outcome.values[reported] + outcome.lowerOffset
        let upper = outcome.values[reported] + outcome.upperOffset
        return MDPSolution(
            criterion: .discounted(factor: factor), value: 0.5 * (lower + upper), lowerBound: lower, upperBound: upper,
            iterations: outcome.iterations, policy: table, values: outcome.values,
            state: mdp.stateSpace.state(at: reported), discountedOffsets: (outcome.lowerOffset, outcome.upperOffset),
            reachableStates: reach.reachable, capLimitedStates: reach.capLimited)
    }
}
