import Foundation
import Stochastics

/// The Markov chain of a lost-sales system under a base-stock policy, compactly indexed,
/// with the two exact solvers used by `LostSalesBaseStock`.
///
/// State after ordering: `(x, q_1, ..., q_L)` (on hand, then the pipeline by arrival
/// time) with `x + Σ q = S`. With sales `σ = min(x, D)` the next state is
/// `(x - σ + q_1, q_2, ..., q_L, σ)`, because the order placed equals last period's
/// sales. A state is stored by its free coordinates `(q_1, ..., q_{L-1}, x)` (the newest
/// order `q_L = S - x - Σ` is implied): all `L`-tuples of nonnegative integers with sum
/// `<= S`, ranked lexicographically, `C(S + L, L)` of them. Because `x` is the last
/// coordinate, states differing only in `x` have consecutive ranks, and the transition
/// with sales `σ` lands at `rank(q_2, ..., q_L, 0) + q_1 + x - σ`. So each state stores
/// only `x` and that base rank, and transitions are generated on the fly from the pmf
/// (sparse: at most `x + 1` per state, none materialised).
struct LostSalesChain {
    let level: Int
    let leadTimePeriods: Int
    let stateCount: Int
    /// On-hand stock `x` of each state.
    let onHand: [Int32]
    /// `rank(q_2, ..., q_L, 0) + q_1`: the successor after selling everything (`σ = x`).
    let baseRank: [Int32]
    /// "Everything on hand, empty pipeline", recurrent whenever `P(D = 0) > 0`.
    let startState: Int

    /// Builds the state index.
    /// - Parameters:
    ///   - level: Base-stock level `S >= 1`.
    ///   - leadTimePeriods: `L >= 1`.
    ///   - maxStates: Upper limit on `C(S + L, L)`.
    /// - Returns: The chain.
    /// - Throws: `OptimizerError` if the state space exceeds `maxStates`.
    /// - Complexity: O(L × C(S + L, L)).
    init(level: Int, leadTimePeriods: Int, maxStates: Int) throws {
        self.level = level
        self.leadTimePeriods = leadTimePeriods
        let dimension = leadTimePeriods
        var estimate = 1.0
        for i in 1...dimension { estimate = estimate * Double(level + i) / Double(i) }
        guard estimate <= Double(maxStates) else {
            throw OptimizerError(
                "level \(level) with leadTimePeriods \(leadTimePeriods) needs about \(String(format: "%.3g", estimate)) Markov-chain states; at most \(maxStates) are allowed, so lower the level (maxLevel) or the lead time.")
        }
        // count[k][r] = C(r + k, k), the number of k-tuples with sum <= r.
        var count = [[Int]](repeating: [Int](repeating: 1, count: level + 1), count: dimension + 1)
        for k in stride(from: 1, through: dimension, by: 1) {
            var running = 0
            for r in 0...level {
                running += count[k - 1][r]
                count[k][r] = running
            }
        }
        func tuples(_ k: Int, _ r: Int) -> Int { r < 0 ? 0 : count[k][r] }
        // Lexicographic rank: tuples sharing a prefix and smaller in coordinate i number
        // Σ_{v < a_i} C(r_i - v + k - 1, k - 1) = C(r_i + k, k) - C(r_i - a_i + k, k)
        // (hockey stick), with k coordinates from i on and r_i the remaining budget.
        func rank(_ a: [Int]) -> Int {
            var result = 0
            var remaining = level
            for i in 0..<a.count {
                let k = a.count - i
                result += tuples(k, remaining) - tuples(k, remaining - a[i])
                remaining -= a[i]
            }
            return result
        }
        stateCount = count[dimension][level]
        var onHand = [Int32](repeating: 0, count: stateCount)
        var baseRank = [Int32](repeating: 0, count: stateCount)
        var a = [Int](repeating: 0, count: dimension)
        var successor = [Int](repeating: 0, count: dimension)
        var sum = 0
        var index = 0
        while true {
            let x = a[dimension - 1]
            let newest = level - sum
            // Successor's free coordinates (q_2, ..., q_{L-1}, q_L, x' = 0).
            if dimension >= 2 {
                for i in 0..<(dimension - 2) { successor[i] = a[i + 1] }
                successor[dimension - 2] = newest
            }
            successor[dimension - 1] = 0
            let arriving = dimension >= 2 ? a[0] : newest
            onHand[index] = Int32(x)
            baseRank[index] = Int32(rank(successor) + arriving)
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
        var start = [Int](repeating: 0, count: dimension)
        start[dimension - 1] = level
        startState = rank(start)
    }

    /// Certified bounds on the long-run average cost of a per-period cost `g(x)`.
    struct Bounds {
        var lower: Double
        var upper: Double
        var span: Double { upper - lower }
        var midpoint: Double { 0.5 * (lower + upper) }
    }

    /// Relative value iteration `v ← g + P v` with the Odoni bounds
    /// `min_i (Tv - v)_i <= g* <= max_i (Tv - v)_i`, which hold for every `v` because
    /// `g* = π (Tv - v)` for the stationary distribution `π` (A. R. Odoni, "On finding
    /// the maximal gain for Markov decision processes", Operations Research 17(5), 1969).
    ///
    /// This is the transpose of power iteration on `π`, and it certifies the cost itself.
    /// When the level is small against demand nearly every period sells out, the
    /// pipeline just rotates and the chain is periodic to within rounding; after
    /// `plainIterations` steps (immediately if `P(D = 0) = 0`) the lazy chain
    /// `(I + P) / 2`, which has the same stationary distribution and average cost, is
    /// iterated instead to damp the eigenvalues on the unit circle.
    /// - Parameters:
    ///   - pmf: Demand per period.
    ///   - stageCost: `g(x)` for `x = 0...level`.
    ///   - values: The relative values, carried between calls; start with zeros.
    ///   - iterationsDone: Iterations already performed on `values` (updated).
    ///   - relativeTolerance: Stop when `upper - lower <= tol × max(1, |lower|)`.
    ///   - maxIterations: Stop when `iterationsDone` reaches this.
    ///   - cutoff: Stop as soon as `lower > cutoff` (the level cannot be the best).
    /// - Returns: The last bounds.
    /// - Complexity: O(transitions) per iteration.
    func valueIteration(
        pmf: DiscretePMF, stageCost: [Double], values: inout [Double], iterationsDone: inout Int,
        relativeTolerance: Double, maxIterations: Int, cutoff: Double = .infinity
    ) -> Bounds {
        let plainIterations = pmf.probability(0) == 0 ? 0 : 200
        let demandTop = pmf.maxValue
        var tail = [Double](repeating: 0, count: level + 1)
        for x in 0...level { tail[x] = pmf.survival(atLeast: x) }
        var next = [Double](repeating: 0, count: stateCount)
        var bounds = Bounds(lower: -.infinity, upper: .infinity)
        let reference = startState
        while iterationsDone < maxIterations {
            let lazy = iterationsDone >= plainIterations
            bounds = pmf.probabilities.withUnsafeBufferPointer { p in
                tail.withUnsafeBufferPointer { tail in
                    onHand.withUnsafeBufferPointer { onHand in
                        baseRank.withUnsafeBufferPointer { baseRank in
                            stageCost.withUnsafeBufferPointer { g in
                                values.withUnsafeBufferPointer { v in
                                    next.withUnsafeMutableBufferPointer { out in
                                        var lower = Double.infinity
                                        var upper = -Double.infinity
                                        for i in 0..<v.count {
                                            let x = Int(onHand[i])
                                            let target = Int(baseRank[i]) + x
                                            // Sales σ = x when D >= x, else σ = d with probability p_d.
                                            var expected = tail[x] * v[target - x]
                                            let top = min(x - 1, demandTop)
                                            if top >= 0 {
                                                for d in 0...top { expected += p[d] * v[target - d] }
                                            }
                                            if lazy { expected = 0.5 * (expected + v[i]) }
                                            let value = g[x] + expected
                                            let delta = value - v[i]
                                            if delta < lower { lower = delta }
                                            if delta > upper { upper = delta }
                                            out[i] = value
                                        }
                                        // Keep the values bounded (relative value iteration).
                                        let shift = out[reference]
                                        for i in 0..<out.count { out[i] -= shift }
                                        return Bounds(lower: lower, upper: upper)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&values, &next)
            iterationsDone += 1
            if bounds.span <= relativeTolerance * max(1, abs(bounds.lower)) || bounds.lower > cutoff {
                break
            }
        }
        return bounds
    }

    /// Number of transitions visited per value iteration (for work budgets).
    func transitionsPerIteration(pmf: DiscretePMF) -> Int {
        var total = 0
        for x in onHand { total += min(Int(x), pmf.maxValue + 1) + 1 }
        return total
    }

    /// Exact average cost by a direct solve: the recurrent class (the states reachable
    /// from "everything on hand, empty pipeline") is extracted and its stationary
    /// distribution computed by the GTH algorithm (W. K. Grassmann, M. I. Taksar and
    /// D. P. Heyman, "Regenerative analysis and steady state distributions for Markov
    /// chains", Operations Research 33(5), 1985). GTH uses no subtractions, so it stays
    /// accurate for nearly decomposable chains whose coupling probabilities are far
    /// below rounding level, exactly where iteration stalls.
    /// - Parameters:
    ///   - pmf: Demand per period; must have `P(D = 0) > 0` so the start state is recurrent.
    ///   - stageCost: `g(x)` for `x = 0...level`.
    ///   - maxClassSize: Largest recurrent class solved (dense O(n^3) work, O(n^2) memory).
    /// - Returns: The average cost, or nil when not applicable.
    /// - Complexity: O(n^3) for a class of n states.
    func directAverageCost(pmf: DiscretePMF, stageCost: [Double], maxClassSize: Int) -> Double? {
        guard pmf.probability(0) > 0 else { return nil }
        let demandTop = pmf.maxValue
        // Breadth-first search over positive-probability transitions.
        var localIndex = [Int32](repeating: -1, count: stateCount)
        var members: [Int] = [startState]
        localIndex[startState] = 0
        var head = 0
        while head < members.count {
            let i = members[head]
            head += 1
            let x = Int(onHand[i])
            let target = Int(baseRank[i]) + x
            let top = min(x - 1, demandTop)
            var successors: [Int] = pmf.survival(atLeast: x) > 0 ? [target - x] : []
            if top >= 0 {
                for d in 0...top where pmf.probabilities[d] > 0 { successors.append(target - d) }
            }
            for j in successors where localIndex[j] < 0 {
                localIndex[j] = Int32(members.count)
                members.append(j)
                if members.count > maxClassSize { return nil }
            }
        }
        let n = members.count
        var matrix = [Double](repeating: 0, count: n * n)
        for (row, i) in members.enumerated() {
            let x = Int(onHand[i])
            let target = Int(baseRank[i]) + x
            matrix[row * n + Int(localIndex[target - x])] += pmf.survival(atLeast: x)
            let top = min(x - 1, demandTop)
            if top >= 0 {
                for d in 0...top where pmf.probabilities[d] > 0 {
                    matrix[row * n + Int(localIndex[target - d])] += pmf.probabilities[d]
                }
            }
        }
        let solved: [Double]? = matrix.withUnsafeMutableBufferPointer { m in
            // Eliminate states n-1, ..., 1 (censoring the chain on the remaining ones).
            for k in stride(from: n - 1, to: 0, by: -1) {
                var outflow = 0.0
                for j in 0..<k { outflow += m[k * n + j] }
                guard outflow > 0 else { return nil }
                for i in 0..<k {
                    let factor = m[i * n + k] / outflow
                    m[i * n + k] = factor
                    if factor == 0 { continue }
                    for j in 0..<k { m[i * n + j] += factor * m[k * n + j] }
                }
            }
            var pi = [Double](repeating: 0, count: n)
            pi[0] = 1
            var total = 1.0
            for j in 1..<max(n, 1) {
                var value = 0.0
                for i in 0..<j { value += pi[i] * m[i * n + j] }
                pi[j] = value
                total += value
            }
            return pi.map { $0 / total }
        }
        guard let pi = solved else { return nil }
        var cost = 0.0
        for (row, i) in members.enumerated() { cost += pi[row] * stageCost[Int(onHand[i])] }
        return cost
    }
}
