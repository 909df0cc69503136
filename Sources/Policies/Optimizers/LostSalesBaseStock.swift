import Foundation
import Stochastics

/// Exact evaluation and optimisation of base-stock (order-up-to) policies for the
/// periodic-review lost-sales system with a lead time.
///
/// Setting (P. Zipkin, "Old and new methods for lost-sales inventory systems",
/// Operations Research 56(5):1256–1263, 2008): each period the order placed `L` periods
/// ago arrives; a new order raises the inventory position (on hand plus pipeline) to
/// `S`; demand `D` is met from on-hand stock and the excess is lost at penalty `p` per
/// unit; `h` is paid per unit left on hand at the end of the period.
///
/// Under base-stock with lost sales the order equals last period's sales, so the state
/// after ordering, `(x, q_1, ..., q_L)` with `x + Σ q = S`, is a finite Markov chain
/// (`LostSalesChain`), and the cost is `E[h (x - D)^+ + p (D - x)^+]` under its
/// stationary distribution. That average is computed exactly: by relative value
/// iteration, whose Odoni bounds bracket it and are iterated until they agree to 1e-12
/// relative, or, for small nearly decomposable chains where iteration stalls, by a
/// direct GTH solve of the stationary distribution.
public enum LostSalesBaseStock {
    /// The largest number of chain states (`C(S + L, L)`) that will be built; beyond it
    /// `cost` and `optimize` throw rather than exhaust memory and time.
    /// - Complexity: O(1).
    public static let maxStates = 5_000_000

    // Target accuracy of the certified bounds, relative to the cost.
    static let relativeTolerance = 1e-12
    // Nearly decomposable chains (levels far below the lead-time demand, where almost
    // every period sells out) can mix in ~1e10 periods; when neither iteration nor the
    // direct solve can reach 1e-12, a bracket this tight is still accepted.
    static let acceptedTolerance = 1e-9
    // Largest recurrent class for the dense O(n^3) GTH fallback.
    static let directSolveLimit = 600
    // Value iterations before trying the direct solve.
    static let iterationsBeforeDirectSolve = 5_000
    // Work budget (transitions visited) for continued iteration on large chains.
    static let transitionBudget = 500_000_000
    /// Most chain transitions one search over levels may visit in all (``optimize(pmf:holdingCost:lostSalePenalty:leadTimePeriods:maxLevel:searchBudget:)``):
    /// about a minute in a release build.
    public static let defaultSearchBudget = 4e10

    /// The exact long-run average cost per period of base-stock level `S`.
    /// - Parameters:
    ///   - level: Base-stock level `S` on the inventory position, `>= 0`.
    ///   - pmf: Demand per period.
    ///   - holdingCost: `h` per unit on hand at period end, `>= 0`.
    ///   - lostSalePenalty: `p` per unit of demand lost, `>= 0`.
    ///   - leadTimePeriods: `L`, `>= 0`; `L = 0` is the newsvendor cost of `S`.
    /// - Returns: The long-run expected cost per period, certified to 1e-12 relative
    ///   (1e-9 for nearly decomposable chains too large for the direct solve).
    /// - Throws: `OptimizerError` for out-of-range inputs, if the chain would have more
    ///   than `maxStates` states, or if its cost cannot be certified to 1e-9.
    /// - Complexity: `C(S + L, L)` states with at most `S + 1` transitions each, times
    ///   the number of value iterations (tens to a few thousand).
    public static func cost(
        level: Int, pmf: DiscretePMF, holdingCost: Double, lostSalePenalty: Double, leadTimePeriods: Int
    ) throws -> Double {
        try OptimizerError.requireNonnegative(level, "level")
        try OptimizerError.requireNonnegative(holdingCost, "holdingCost")
        try OptimizerError.requireNonnegative(lostSalePenalty, "lostSalePenalty")
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        let stageCost = stageCosts(
            upTo: level, pmf: pmf, holdingCost: holdingCost, lostSalePenalty: lostSalePenalty)
        let bounds = try evaluate(
            level: level, pmf: pmf, stageCost: stageCost, leadTimePeriods: leadTimePeriods, cutoff: .infinity)
        return try certifiedCost(bounds, level: level)
    }

    /// The best base-stock level and its cost.
    ///
    /// The cost is typically unimodal in `S` but this is not proven for lost sales, so
    /// the search examines every level from 0 to where the cost has risen at five
    /// consecutive levels (capped by `maxLevel`): it starts at the backorder-optimal
    /// level (a close guess), goes up until the five rises, then goes down to 0. Levels
    /// below the start are discarded as soon as their certified lower bound exceeds the
    /// best cost found, which keeps levels far below the optimum cheap (their chains
    /// are nearly decomposable and mix very slowly).
    /// - Parameters:
    ///   - pmf: Demand per period.
    ///   - holdingCost: `h` per unit on hand at period end, `> 0`.
    ///   - lostSalePenalty: `p` per unit lost, `> 0`.
    ///   - leadTimePeriods: `L`, `>= 0`.
    ///   - maxLevel: Optional cap on the levels searched, `>= 0`; `nil` leaves the stopping
    ///     rule (and the `maxStates` limit) to end the search.
    /// - Returns: The best level found (the smallest on exact ties) and its long-run cost
    ///   per period.
    /// - Throws: `OptimizerError` for out-of-range inputs, when a level the search needs
    ///   exceeds `maxStates` states, or when a candidate's cost cannot be certified.
    /// - Complexity: one chain evaluation per level examined.
    public static func optimize(
        pmf: DiscretePMF, holdingCost: Double, lostSalePenalty: Double, leadTimePeriods: Int,
        maxLevel: Int? = nil, searchBudget: Double = defaultSearchBudget
    ) throws -> (level: Int, costPerPeriod: Double) {
        try OptimizerError.requirePositive(holdingCost, "holdingCost")
        try OptimizerError.requirePositive(lostSalePenalty, "lostSalePenalty")
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        if let maxLevel { try OptimizerError.requireNonnegative(maxLevel, "maxLevel") }
        let cap = maxLevel ?? Int.max
        let requiredRises = 5

        let guess = try BackorderBaseStock.optimize(
            pmf: pmf, holdingCost: holdingCost, backorderCost: lostSalePenalty,
            leadTimePeriods: leadTimePeriods).level
        let start = min(guess, cap)
        // Stage costs of every level are computed once (levels are examined upward, then downward).
        var stageCost = stageCosts(upTo: start, pmf: pmf, holdingCost: holdingCost, lostSalePenalty: lostSalePenalty)
        var work = 0.0
        func exactCost(_ level: Int, cutoff: Double = .infinity) throws -> LostSalesChain.Bounds {
            if stageCost.count <= level {
                stageCost += (stageCost.count...level).map {
                    Newsvendor.cost(level: $0, pmf: pmf, holdingCost: holdingCost, shortageCost: lostSalePenalty)
                }
            }
            // L = 0 (or S = 0) is the newsvendor cost of the level: no chain, no copy of the table.
            let bounds = leadTimePeriods == 0 || level == 0
                ? LostSalesChain.Bounds(lower: stageCost[level], upper: stageCost[level])
                : try evaluate(level: level, pmf: pmf, stageCost: Array(stageCost[0...level]), leadTimePeriods: leadTimePeriods,
                               cutoff: cutoff, work: &work)
            guard work <= searchBudget else {
                throw OptimizerError("the lost-sales base-stock search visited more than \(String(format: "%.0e", searchBudget)) chain transitions "
                    + "by level \(level) (lead time \(leadTimePeriods) periods, demand up to \(pmf.maxValue) units a period): "
                    + "write a number instead of auto, or use a shorter lead time or review period")
            }
            return bounds
        }

        var best = (level: start, costPerPeriod: try certifiedCost(try exactCost(start), level: start))
        // Upward until the cost has risen at `requiredRises` consecutive levels.
        var previous = best.costPerPeriod
        var rises = 0
        var level = start
        while rises < requiredRises, level < cap {
            level += 1
            let c = try certifiedCost(try exactCost(level), level: level)
            if c < best.costPerPeriod { best = (level, c) }
            rises = c > previous ? rises + 1 : 0
            previous = c
        }
        // Downward to 0; a certified lower bound above the best cost rules a level out.
        for level in stride(from: start - 1, through: 0, by: -1) {
            let bounds = try exactCost(level, cutoff: best.costPerPeriod)
            if bounds.lower > best.costPerPeriod { continue }
            let c = try certifiedCost(bounds, level: level)
            if c <= best.costPerPeriod { best = (level, c) }
        }
        return best
    }

    /// `g(x) = h E[(x - D)^+] + p E[(D - x)^+]` for `x = 0...level`.
    static func stageCosts(upTo level: Int, pmf: DiscretePMF, holdingCost: Double, lostSalePenalty: Double) -> [Double] {
        (0...level).map {
            Newsvendor.cost(level: $0, pmf: pmf, holdingCost: holdingCost, shortageCost: lostSalePenalty)
        }
    }

    /// Certified bounds on the average cost of `level`; iteration stops early once the
    /// lower bound exceeds `cutoff`.
    static func evaluate(
        level: Int, pmf: DiscretePMF, stageCost: [Double], leadTimePeriods: Int, cutoff: Double
    ) throws -> LostSalesChain.Bounds {
        var work = 0.0
        return try evaluate(level: level, pmf: pmf, stageCost: stageCost, leadTimePeriods: leadTimePeriods, cutoff: cutoff, work: &work)
    }

    /// ``evaluate(level:pmf:stageCost:leadTimePeriods:cutoff:)``, adding the chain transitions visited to `work`.
    static func evaluate(
        level: Int, pmf: DiscretePMF, stageCost: [Double], leadTimePeriods: Int, cutoff: Double, work: inout Double
    ) throws -> LostSalesChain.Bounds {
        work += 1
        if leadTimePeriods == 0 || level == 0 {
            // Everything ordered is on hand at once (L = 0), or there is nothing (S = 0).
            return LostSalesChain.Bounds(lower: stageCost[level], upper: stageCost[level])
        }
        let chain = try LostSalesChain(level: level, leadTimePeriods: leadTimePeriods, maxStates: maxStates)
        let perIteration = Double(max(1, chain.transitionsPerIteration(pmf: pmf)))
        var iterations = 0
        defer { work += perIteration * Double(iterations) }
        var values = [Double](repeating: 0, count: chain.stateCount)
        var bounds = chain.valueIteration(
            pmf: pmf, stageCost: stageCost, values: &values, iterationsDone: &iterations,
            relativeTolerance: relativeTolerance, maxIterations: iterationsBeforeDirectSolve, cutoff: cutoff)
        if isResolved(bounds, relativeTolerance) || bounds.lower > cutoff { return bounds }
        if let exact = chain.directAverageCost(pmf: pmf, stageCost: stageCost, maxClassSize: directSolveLimit) {
            return LostSalesChain.Bounds(lower: exact, upper: exact)
        }
        let budget = max(iterationsBeforeDirectSolve, min(1_000_000, transitionBudget / Int(perIteration)))
        bounds = chain.valueIteration(
            pmf: pmf, stageCost: stageCost, values: &values, iterationsDone: &iterations,
            relativeTolerance: relativeTolerance, maxIterations: budget, cutoff: cutoff)
        return bounds
    }

    static func isResolved(_ bounds: LostSalesChain.Bounds, _ tolerance: Double) -> Bool {
        bounds.span <= tolerance * max(1, abs(bounds.lower))
    }

    static func certifiedCost(_ bounds: LostSalesChain.Bounds, level: Int) throws -> Double {
        guard isResolved(bounds, acceptedTolerance) else {
            throw OptimizerError(
                "level \(level): the lost-sales chain's cost cannot be certified to the required precision (it lies in [\(bounds.lower), \(bounds.upper)]): either the chain mixes too slowly (a level far below the lead-time demand) or the costs are too far apart for double precision (a lost-sale penalty millions of times the holding cost); choose a level directly.")
        }
        return bounds.midpoint
    }
}
