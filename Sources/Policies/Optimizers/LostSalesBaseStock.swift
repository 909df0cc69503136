import Foundation

/// Exact evaluation and optimisation of base-stock (order-up-to) policies for the
/// periodic-review lost-sales system with a positive lead time.
///
/// Setting (P. Zipkin, "Old and new methods for lost-sales inventory systems",
/// Operations Research 56(5):1256–1263, 2008): each period the order placed `L` periods
/// ago arrives; a new order raises the inventory position (on hand plus pipeline) to
/// `S`; demand `D` is met from on-hand stock and the excess is lost at penalty `p` per
/// unit; `h` is paid per unit left on hand at the end of the period.
///
/// Under a base-stock policy with lost sales the order equals the previous period's
/// sales, so the state after ordering is `(x, q_1, ..., q_L)` (on hand, then the
/// pipeline by arrival time) with `x + Σ q = S`. It is a finite Markov chain: with sales
/// `σ = min(x, D)` the next state is `(x - σ + q_1, q_2, ..., q_L, σ)`. Its stationary
/// distribution is computed exactly (to 1e-12) by power iteration, and the cost is
/// `E[h (x - D)^+ + p (D - x)^+]` under it.
public enum LostSalesBaseStock {
    /// The largest number of chain states `cost(level:...)` will build (`C(S + L, L)`).
    public static let maxStates = 5_000_000

    /// The exact long-run average cost per period of base-stock level `S`.
    /// - Parameters:
    ///   - level: Base-stock level `S` on the inventory position, `>= 0`.
    ///   - pmf: Demand per period.
    ///   - holdingCost: `h` per unit on hand at period end, `>= 0`.
    ///   - lostSalePenalty: `p` per unit of demand lost, `>= 0`.
    ///   - leadTimePeriods: `L`, `>= 0`; `L = 0` is the newsvendor cost of `S`.
    /// - Returns: The long-run expected cost per period.
    /// - Throws: `OptimizerError` for out-of-range inputs, if the chain would have more
    ///   than `maxStates` states, or if power iteration fails to converge.
    /// - Complexity: `C(S + L, L)` states with at most `S + 1` transitions each, times
    ///   the number of power iterations (typically a few hundred).
    public static func cost(
        level: Int, pmf: DiscretePMF, holdingCost: Double, lostSalePenalty: Double, leadTimePeriods: Int
    ) throws -> Double {
        try OptimizerError.requireNonnegative(level, "level")
        try OptimizerError.requireNonnegative(holdingCost, "holdingCost")
        try OptimizerError.requireNonnegative(lostSalePenalty, "lostSalePenalty")
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        let onHand = try stationaryOnHand(level: level, pmf: pmf, leadTimePeriods: leadTimePeriods)
        var total = 0.0
        for (x, probability) in onHand.enumerated() where probability > 0 {
            total += probability * Newsvendor.cost(
                level: x, pmf: pmf, holdingCost: holdingCost, shortageCost: lostSalePenalty)
        }
        return total
    }

    /// The best base-stock level and its cost.
    ///
    /// The cost is typically unimodal in `S` but this is not proven for lost sales, so
    /// every level is evaluated from 0 upward until the cost has risen at five
    /// consecutive levels (or `maxLevel` is reached), and the cheapest level seen is
    /// returned (the smallest one on ties).
    /// - Parameters:
    ///   - pmf: Demand per period.
    ///   - holdingCost: `h` per unit on hand at period end, `> 0`.
    ///   - lostSalePenalty: `p` per unit lost, `> 0`.
    ///   - leadTimePeriods: `L`, `>= 0`.
    ///   - maxLevel: Optional cap on the levels searched, `>= 0`; `nil` searches until the
    ///     stopping rule (or the state-space limit) ends the search.
    /// - Returns: The best level found and its long-run cost per period.
    /// - Throws: `OptimizerError` for out-of-range inputs or when a level needed by
    ///   the search exceeds `maxStates` states.
    /// - Complexity: one `cost(level:...)` per level searched.
    public static func optimize(
        pmf: DiscretePMF, holdingCost: Double, lostSalePenalty: Double, leadTimePeriods: Int,
        maxLevel: Int? = nil
    ) throws -> (level: Int, costPerPeriod: Double) {
        try OptimizerError.requirePositive(holdingCost, "holdingCost")
        try OptimizerError.requirePositive(lostSalePenalty, "lostSalePenalty")
        try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
        if let maxLevel { try OptimizerError.requireNonnegative(maxLevel, "maxLevel") }
        let requiredRises = 5
        var best = (level: 0, costPerPeriod: try cost(
            level: 0, pmf: pmf, holdingCost: holdingCost, lostSalePenalty: lostSalePenalty,
            leadTimePeriods: leadTimePeriods))
        var previous = best.costPerPeriod
        var rises = 0
        var level = 0
        while rises < requiredRises {
            level += 1
            if let maxLevel, level > maxLevel { break }
            let c = try cost(
                level: level, pmf: pmf, holdingCost: holdingCost, lostSalePenalty: lostSalePenalty,
                leadTimePeriods: leadTimePeriods)
            if c < best.costPerPeriod { best = (level, c) }
            rises = c > previous ? rises + 1 : 0
            previous = c
        }
        return best
    }

    /// The stationary distribution of on-hand stock `x` right after ordering
    /// (index = units, 0...level).
    static func stationaryOnHand(level: Int, pmf: DiscretePMF, leadTimePeriods: Int) throws -> [Double] {
        var onHand = [Double](repeating: 0, count: level + 1)
        if leadTimePeriods == 0 || level == 0 {
            // Everything ordered is on hand at once (L = 0), or there is nothing (S = 0).
            onHand[level] = 1
            return onHand
        }
        let chain = try Chain(level: level, leadTimePeriods: leadTimePeriods)
        let stationary = try chain.stationaryDistribution(pmf: pmf)
        for i in 0..<chain.stateCount {
            onHand[Int(chain.onHand[i])] += stationary[i]
        }
        return onHand
    }

    /// The chain's states, compactly indexed.
    ///
    /// A state is stored by its free coordinates `(q_1, ..., q_{L-1}, x)` (the newest
    /// order `q_L = S - x - Σ` is implied), all tuples of `L` nonnegative integers with
    /// sum `<= S`, ranked in lexicographic order; there are `C(S + L, L)` of them.
    /// Because `x` is the last coordinate, states differing only in `x` have consecutive
    /// ranks, and a transition from `(q_1, ..., q_{L-1}, x)` with sales `σ` lands at
    /// `rank(q_2, ..., q_L, 0) + q_1 + x - σ`. So each state only stores `x` and that
    /// base rank, and transitions are generated on the fly from the demand pmf.
    struct Chain {
        let level: Int
        let leadTimePeriods: Int
        let stateCount: Int
        let onHand: [Int32]
        let baseRank: [Int32]
        let startState: Int

        init(level: Int, leadTimePeriods: Int) throws {
            self.level = level
            self.leadTimePeriods = leadTimePeriods
            let dimension = leadTimePeriods
            // tuplesWithSumAtMost[k][r] = C(r + k, k): k-tuples with sum <= r.
            var estimate = 1.0
            for i in 1...dimension { estimate = estimate * Double(level + i) / Double(i) }
            guard estimate <= Double(LostSalesBaseStock.maxStates) else {
                throw OptimizerError(
                    "level \(level) with leadTimePeriods \(leadTimePeriods) needs about \(Int(estimate.rounded())) Markov-chain states; at most \(LostSalesBaseStock.maxStates) are allowed, so lower the level (maxLevel) or the lead time.")
            }
            var count = [[Int]](repeating: [Int](repeating: 1, count: level + 1), count: dimension + 1)
            for k in stride(from: 1, through: dimension, by: 1) {
                var running = 0
                for r in 0...level {
                    running += count[k - 1][r]
                    count[k][r] = running
                }
            }
            func tuples(_ k: Int, _ r: Int) -> Int { r < 0 ? 0 : count[k][r] }
            func rank(_ a: [Int]) -> Int {
                var result = 0
                var remaining = level
                for i in 0..<a.count {
                    let k = a.count - i  // coordinates from i on
                    result += tuples(k, remaining) - tuples(k, remaining - a[i])
                    remaining -= a[i]
                }
                return result
            }
            stateCount = count[dimension][level]
            var onHand = [Int32](repeating: 0, count: stateCount)
            var baseRank = [Int32](repeating: 0, count: stateCount)
            var a = [Int](repeating: 0, count: dimension)
            var next = [Int](repeating: 0, count: dimension)
            var sum = 0
            var index = 0
            while true {
                let x = a[dimension - 1]
                let newest = level - sum
                // Successor free coordinates: (q_2, ..., q_{L-1}, q_L, x') with x' = 0.
                if dimension >= 2 {
                    for i in 0..<(dimension - 2) { next[i] = a[i + 1] }
                    next[dimension - 2] = newest
                }
                next[dimension - 1] = 0
                let arriving = dimension >= 2 ? a[0] : newest
                onHand[index] = Int32(x)
                baseRank[index] = Int32(rank(next) + arriving)
                index += 1
                // Lexicographic successor among tuples with sum <= level.
                var i = dimension - 1
                while i >= 0 {
                    if sum < level {
                        a[i] += 1
                        sum += 1
                        break
                    }
                    sum -= a[i]
                    a[i] = 0
                    i -= 1
                }
                if i < 0 { break }
            }
            self.onHand = onHand
            self.baseRank = baseRank
            // Everything on hand, empty pipeline: recurrent whenever P(D = 0) > 0.
            var start = [Int](repeating: 0, count: dimension)
            start[dimension - 1] = level
            startState = rank(start)
        }

        /// Power iteration `π ← π P` from the start state until the L1 change is below
        /// 1e-12.
        ///
        /// With `P(D = 0) > 0` the chain is unichain and aperiodic (zero demand for `L`
        /// periods leads from any state to "all on hand", which then has a self-loop).
        /// But when the level is small against demand, nearly every period sells out
        /// and the pipeline just rotates: the chain is periodic to within rounding and
        /// plain iteration oscillates. So if it has not converged after
        /// `plainIterations` steps (or if `P(D = 0) = 0`), it continues on the lazy
        /// chain `(P + I) / 2`, which has the same stationary distribution and maps
        /// the eigenvalues near the unit circle well inside it.
        func stationaryDistribution(pmf: DiscretePMF) throws -> [Double] {
            let tolerance = 1e-12
            let maxIterations = 200_000
            let plainIterations = pmf.probability(0) == 0 ? 0 : 1_000
            let demandTop = pmf.maxValue
            var tail = [Double](repeating: 0, count: level + 1)
            for x in 0...level { tail[x] = pmf.survival(atLeast: x) }
            let probabilities = pmf.probabilities
            var current = [Double](repeating: 0, count: stateCount)
            var next = [Double](repeating: 0, count: stateCount)
            current[startState] = 1
            for iteration in 0..<maxIterations {
                let lazy = iteration >= plainIterations
                let change: Double = probabilities.withUnsafeBufferPointer { p in
                    tail.withUnsafeBufferPointer { tail in
                        onHand.withUnsafeBufferPointer { onHand in
                            baseRank.withUnsafeBufferPointer { baseRank in
                                current.withUnsafeBufferPointer { pi in
                                    next.withUnsafeMutableBufferPointer { out in
                                        for j in 0..<out.count { out[j] = 0 }
                                        for i in 0..<pi.count {
                                            let weight = pi[i]
                                            if weight == 0 { continue }
                                            let x = Int(onHand[i])
                                            let target = Int(baseRank[i]) + x
                                            // Sales σ = d < x with probability p_d; σ = x otherwise.
                                            let top = min(x - 1, demandTop)
                                            if top >= 0 {
                                                for d in 0...top { out[target - d] += weight * p[d] }
                                            }
                                            out[target - x] += weight * tail[x]
                                        }
                                        var change = 0.0
                                        for j in 0..<out.count {
                                            if lazy { out[j] = 0.5 * (out[j] + pi[j]) }
                                            change += abs(out[j] - pi[j])
                                        }
                                        return change
                                    }
                                }
                            }
                        }
                    }
                }
                swap(&current, &next)
                if change < tolerance { return current }
            }
            throw OptimizerError(
                "the lost-sales chain for level \(level) and leadTimePeriods \(leadTimePeriods) did not reach a stationary distribution within \(maxIterations) iterations; check that the pmf is a realistic demand law.")
        }
    }
}
