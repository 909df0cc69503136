import Foundation

/// Relative value iteration for the long-run average cost of an `InventoryMDP`
/// (Puterman 1994, §8.5.5), optimal or of a given policy.
///
/// Each iteration applies the Bellman operator `T` and brackets the optimal average cost
/// by the span bounds `min_s (Tv − v)(s) <= g* <= max_s (Tv − v)(s)` (Odoni 1969;
/// Puterman Thm 8.5.5), which hold for every `v` when the optimal gain is constant;
/// the greedy policy of the last iteration has average cost at most the upper bound.
/// It stops as soon as `upper − lower < tolerance`. The values are renormalised to
/// `v(0; 0, ..., 0) = 0` after every step.
///
/// Aperiodicity: with `aperiodicityFactor τ < 1` the iteration is run on the transformed
/// model `P̃ = τ P + (1 − τ) I`, `c̃ = τ c` (Puterman §8.5.4), i.e.
/// `v ← v + τ (Tv − v)`; its optimal policies are the same, the bounds above still
/// bracket `g*` (they are computed from the untransformed `Tv − v`, which is `(T̃v − v)/τ`),
/// and every policy becomes aperiodic, so the iteration converges. By default
/// (`aperiodicityFactor: nil`) plain RVI (`τ = 1`, fastest on the aperiodic chains that
/// demand with `P(D = 0) > 0` usually gives) runs for `plainIterations` iterations and
/// `τ = 0.5` thereafter; when some demand law has `P(D = 0) = 0`, `τ = 0.5` from the start.
///
/// The model's states must communicate under some policy (weakly communicating), which
/// holds whenever the empty state `(0; 0, ..., 0)` can be reached from everywhere (e.g.
/// by ordering nothing for a while) and every state can be reached from it; for a fixed
/// policy, it must have a single recurrent class (base-stock and (s,S) do).
public enum RelativeValueIteration {
    /// Default stopping tolerance on `upper − lower`.
    /// - Complexity: O(1).
    public static let defaultTolerance = 1e-6
    /// Default iteration limit.
    /// - Complexity: O(1).
    public static let defaultMaxIterations = 200_000
    /// Iterations of plain RVI before the automatic switch to `τ = 0.5`.
    /// - Complexity: O(1).
    public static let plainIterations = 1_000

    /// Minimises the long-run average cost per period.
    /// - Parameters:
    ///   - mdp: The model.
    ///   - tolerance: Stop when `upper − lower < tolerance`, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    ///   - aperiodicityFactor: `τ` in `(0, 1]`, or nil for the automatic choice.
    /// - Returns: The solution: bounds on the optimal average cost, the greedy policy,
    ///   the relative values.
    /// - Throws: `OptimizerError` for invalid arguments, or when `maxIterations` pass without the
    ///   bounds meeting (the message gives the last bounds).
    /// - Complexity: per iteration, O(Σ over states of the feasible (order, price) pairs),
    ///   with no transition matrix.
    public static func solve(
        _ mdp: InventoryMDP, tolerance: Double = defaultTolerance, maxIterations: Int = defaultMaxIterations,
        aperiodicityFactor: Double? = nil
    ) throws -> MDPSolution {
        let space = mdp.stateSpace
        var orders = [Int32](repeating: 0, count: space.count)
        var levels = [UInt8](repeating: 0, count: space.count)
        let outcome = try iterate(
            mdp.iterationDomain, tolerance: tolerance, maxIterations: maxIterations, aperiodicityFactor: aperiodicityFactor
        ) { v, out in
            orders.withUnsafeMutableBufferPointer { o in
                levels.withUnsafeMutableBufferPointer { l in
                    mdp.applyBellman(v, discount: 1, out: out, orders: o.baseAddress!, levels: l.baseAddress!)
                }
            }
        }
        let table = MDPPolicyTable(
            stateSpace: space, orderQuantities: orders, priceLevelIndices: levels,
            prices: mdp.hasPricing ? mdp.priceLevels.map(\.price) : nil)
        return finish(mdp, table: table, outcome: outcome)
    }

    /// The long-run average cost of a fixed policy (policy evaluation by relative value
    /// iteration, with the same bounds and stopping rule).
    /// - Parameters:
    ///   - mdp: The model.
    ///   - policy: A table for this model (e.g. `mdp.baseStockTable(level:)`,
    ///     `mdp.policyTable(from:)`, or a solution's `policy`).
    ///   - tolerance: Stop when `upper − lower < tolerance`, `> 0`.
    ///   - maxIterations: Iteration limit, `>= 1`.
    ///   - aperiodicityFactor: `τ` in `(0, 1]`, or nil for the automatic choice.
    /// - Returns: The policy's average cost with bounds, its relative values, and `policy`.
    /// - Throws: `OptimizerError` for a table of another state space, invalid arguments, or when
    ///   the bounds do not meet (e.g. a policy with several recurrent classes).
    /// - Complexity: per iteration, O(Σ over states of min(stock, demand support)).
    public static func evaluate(
        _ mdp: InventoryMDP, policy: MDPPolicyTable, tolerance: Double = defaultTolerance,
        maxIterations: Int = defaultMaxIterations, aperiodicityFactor: Double? = nil
    ) throws -> MDPSolution {
        guard policy.stateSpace == mdp.stateSpace else {
            throw OptimizerError("policy must be a table over the model's own state space (same lead time, cap, floor and order limit).")
        }
        let compiled = CompiledPolicy(mdp: mdp, table: policy)
        let outcome = try iterate(
            mdp.iterationDomain, tolerance: tolerance, maxIterations: maxIterations, aperiodicityFactor: aperiodicityFactor
        ) { v, out in
            compiled.apply(mdp: mdp, v, discount: 1, out: out)
        }
        return finish(mdp, table: policy, outcome: outcome, compiled: compiled)
    }

    struct Outcome {
        var lower: Double
        var upper: Double
        var iterations: Int
        var values: [Double]
    }

    static func iterate(
        _ domain: ValueIterationDomain, tolerance: Double, maxIterations: Int, aperiodicityFactor: Double?,
        step: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    ) throws -> Outcome {
        guard tolerance.isFinite, tolerance > 0 else {
            throw OptimizerError("tolerance must be positive and finite, got \(tolerance).")
        }
        guard maxIterations >= 1 else { throw OptimizerError("maxIterations must be at least 1, got \(maxIterations).") }
        if let tau = aperiodicityFactor, !(tau.isFinite && tau > 0 && tau <= 1) {
            throw OptimizerError("aperiodicityFactor must lie in (0, 1], got \(tau).")
        }
        let switchAt = domain.someDemandWithoutZero ? 0 : plainIterations
        let count = domain.count
        var v = [Double](repeating: 0, count: count)
        var next = [Double](repeating: 0, count: count)
        let reference = domain.referenceState
        var lower = -Double.infinity
        var upper = Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            v.withUnsafeBufferPointer { v in
                next.withUnsafeMutableBufferPointer { next in step(v.baseAddress!, next.baseAddress!) }
            }
            (lower, upper) = domain.changeRange(from: v, to: next)
            guard lower.isFinite, upper.isFinite else {
                throw OptimizerError("relative value iteration produced non-finite values at iteration \(iterations); check the costs and demand laws.")
            }
            if upper - lower < effectiveTolerance(tolerance, lower, upper) { break }
            let tau = aperiodicityFactor ?? (iterations <= switchAt ? 1 : 0.5)
            domain.validStates.withUnsafeBufferPointer { valid in
                v.withUnsafeMutableBufferPointer { v in
                    next.withUnsafeBufferPointer { next in
                        let shift = v[reference] + tau * (next[reference] - v[reference])
                        for s32 in valid {
                            let s = Int(s32)
                            v[s] += tau * (next[s] - v[s]) - shift
                        }
                    }
                }
            }
        }
        guard upper - lower < effectiveTolerance(tolerance, lower, upper) else {
            throw OptimizerError(
                "relative value iteration did not reach tolerance \(tolerance) within maxIterations = \(maxIterations): the average cost lies in [\(lower), \(upper)]; raise maxIterations, loosen the tolerance, or lower aperiodicityFactor if the chain is periodic.")
        }
        return Outcome(lower: lower, upper: upper, iterations: iterations, values: v)
    }

    /// The stopping tolerance at costs of this size: `tolerance`, or 1e-12 of the costs when that is
    /// larger, since doubles near 1e10 are 1e-6 apart and an absolute 1e-6 could never be met.
    public static func effectiveTolerance(_ tolerance: Double, _ lower: Double, _ upper: Double) -> Double {
        max(tolerance, 1e-12 * max(abs(lower), abs(upper)))
    }

    static func finish(
        _ mdp: InventoryMDP, table: MDPPolicyTable, outcome: Outcome, compiled: CompiledPolicy? = nil
    ) -> MDPSolution {
        let compiled = compiled ?? CompiledPolicy(mdp: mdp, table: table)
        let reach = compiled.reachability(mdp: mdp, table: table, from: mdp.referenceState)
        return MDPSolution(
            criterion: .averageCost, value: 0.5 * (outcome.lower + outcome.upper), lowerBound: outcome.lower,
            upperBound: outcome.upper, iterations: outcome.iterations, policy: table, values: outcome.values,
            state: mdp.stateSpace.state(at: mdp.referenceState), discountedOffsets: (0, 0),
            reachableStates: reach.reachable, capLimitedStates: reach.capLimited)
    }
}
