import Foundation
import Stochastics

/// Exact optimal (s,S) policies for periodic review with backorders, by the algorithm of
/// Y.-S. Zheng and A. Federgruen, "Finding optimal (s,S) policies is about as simple as
/// evaluating a single policy", Operations Research 39(4):654–665, 1991.
///
/// Setting: each period, if the inventory position is `<= s`, order up to `S` (fixed cost
/// `K` per order, no unit cost); the order arrives `L` periods later; demand occurs; at
/// the end of the period pay `h` per unit on hand and `p` per unit backordered.
/// With the standard lead-time shift, the period cost charged to an inventory position
/// `y` is `G(y) = E[h (y - D_{L+1})^+ + p (D_{L+1} - y)^+]` where `D_{L+1}` is the demand
/// over `L + 1` periods, and the long-run cost per period of `(s,S)` is
///
///     c(s,S) = [K + Σ_{j=0}^{S-s-1} m(j) G(S - j)] / M(S - s)
///
/// where `m(j)` is the expected number of periods the inventory position spends at
/// `S - j` during one cycle (the renewal function of one-period demand) and
/// `M(n) = Σ_{j<n} m(j)` is the expected cycle length
/// (Zheng & Federgruen 1991; Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., ch. 4).
public enum ZhengFedergruen {
    /// The optimal (s,S) policy and its long-run cost per period.
    ///
    /// Algorithm (Zheng & Federgruen 1991): find a minimiser `y*` of the convex `G`;
    /// lower `s` from `y*` until `c(s, y*) <= G(s)`; then raise `S` from `y*` while
    /// `G(S)` does not exceed the best cost found, and whenever `c(s, S)` improves, move
    /// `S` there and raise `s` while `c(s, S) <= G(s + 1)`.
    /// - Parameters:
    ///   - pmf: Demand per period (`P(D = 0) < 1`).
    ///   - holdingCost: `h` per unit on hand per period, `> 0`.
    ///   - backorderCost: `p` per unit backordered per period, `> 0`.
    ///   - fixedCostPerOrder: `K`, `>= 0`.
    ///   - leadTimePeriods: `L`, `>= 0`.
    /// - Returns: The reorder point `s`, order-up-to level `S > s` (either may be
    ///   negative), and the long-run expected cost per period.
    /// - Throws: `OptimizerError` for out-of-range inputs, or if the policy would span
    ///   more than ten million inventory positions.
    /// - Complexity: O(n^2) evaluations of `G` plus O(n × support) for the renewal
    ///   quantities, with n the final `S - s` range explored; O(n + L^2 support^2) to
    ///   build the lead-time demand.
    public static func optimize(
        pmf: DiscretePMF, holdingCost: Double, backorderCost: Double,
        fixedCostPerOrder: Double, leadTimePeriods: Int, maximumWork: Double = defaultMaximumWork
    ) throws -> (s: Int, S: Int, costPerPeriod: Double) {
        try OptimizerError.requirePositive(holdingCost, "holdingCost")
        try OptimizerError.requirePositive(backorderCost, "backorderCost")
        var model = try Model(
            pmf: pmf, holdingCost: holdingCost, backorderCost: backorderCost,
            fixedCostPerOrder: fixedCostPerOrder, leadTimePeriods: leadTimePeriods)
        model.maximumWork = maximumWork

        // G is convex, decreasing with slope -p below 0 and increasing with slope h
        // beyond the largest lead-time demand, so its minimiser lies in that range.
        var yStar = 0
        var gStar = model.G(0)
        for y in stride(from: 1, through: model.leadTimeDemand.maxValue, by: 1) {
            let g = model.G(y)
            if g < gStar { gStar = g; yStar = y }
        }

        // Step 1: s0 below y*. Lowering s by one adds the term m(y* - s - 1) G(s + 1),
        // so the numerator and cycle length are updated incrementally.
        var s = yStar - 1
        var numerator = fixedCostPerOrder + (try model.m(0)) * gStar
        var cycleLength = try model.m(0)
        while numerator / cycleLength > model.G(s) {
            s -= 1
            let weight = try model.m(yStar - s - 1)
            numerator += weight * model.G(s + 1)
            cycleLength += weight
        }
        var bestS = yStar
        var bestCost = numerator / cycleLength

        // Step 2: search S upward; by convexity of G, no S with G(S) > c* can improve
        // on c* (Zheng & Federgruen 1991), so the search ends there.
        var candidateS = yStar + 1
        while model.G(candidateS) <= bestCost {
            let candidateCost = try model.cost(s: s, S: candidateS)
            if candidateCost < bestCost {
                bestS = candidateS
                while try model.cost(s: s, S: bestS) <= model.G(s + 1) {
                    s += 1
                }
                bestCost = try model.cost(s: s, S: bestS)
            }
            candidateS += 1
        }
        return (s, bestS, bestCost)
    }

    /// The exact long-run expected cost per period of a given (s,S) policy.
    /// - Parameters:
    ///   - s: Reorder point (order when the inventory position is `<= s`); may be negative.
    ///   - S: Order-up-to level, `> s`.
    ///   - pmf: Demand per period (`P(D = 0) < 1`).
    ///   - holdingCost: `h`, `>= 0`.
    ///   - backorderCost: `p`, `>= 0`.
    ///   - fixedCostPerOrder: `K`, `>= 0`.
    ///   - leadTimePeriods: `L`, `>= 0`.
    /// - Returns: `c(s,S)`.
    /// - Throws: `OptimizerError` for out-of-range inputs or `S - s` above ten million.
    /// - Complexity: O((S - s) × support).
    public static func cost(
        s: Int, S: Int, pmf: DiscretePMF, holdingCost: Double, backorderCost: Double,
        fixedCostPerOrder: Double, leadTimePeriods: Int
    ) throws -> Double {
        guard S > s else {
            throw OptimizerError("S (order-up-to level) must exceed s (reorder point); got s = \(s), S = \(S).")
        }
        try OptimizerError.requireNonnegative(holdingCost, "holdingCost")
        try OptimizerError.requireNonnegative(backorderCost, "backorderCost")
        var model = try Model(
            pmf: pmf, holdingCost: holdingCost, backorderCost: backorderCost,
            fixedCostPerOrder: fixedCostPerOrder, leadTimePeriods: leadTimePeriods)
        return try model.cost(s: s, S: S)
    }

    /// Most elementary steps (renewal terms and cost terms) one search or evaluation may take by
    /// default: about ten seconds in a release build.
    public static let defaultMaximumWork = 4e9

    /// The pieces of c(s,S): G and the lazily extended renewal quantities.
    private struct Model {
        static let maxRange = 10_000_000
        /// Most elementary steps this model may take (``ZhengFedergruen/defaultMaximumWork``).
        var maximumWork = ZhengFedergruen.defaultMaximumWork

        /// Steps taken so far (``maximumWork`` bounds them).
        private(set) var work = 0.0

        mutating func spend(_ steps: Double) throws {
            work += steps
            guard work <= maximumWork else {
                throw OptimizerError("the (s,S) search needs more than \(String(format: "%.0e", maximumWork)) steps (S - s reached "
                    + "\(renewalDensity.count) units; the batch grows like √(2·K·mean demand / h)): write numbers instead of auto, "
                    + "or use a larger holding cost or a smaller fixed cost per order")
            }
        }

        let demand: DiscretePMF
        let leadTimeDemand: DiscretePMF
        let holdingCost: Double
        let backorderCost: Double
        let fixedCostPerOrder: Double
        private var renewalDensity: [Double] = []
        private let inverseNoZeroDemand: Double

        init(
            pmf: DiscretePMF, holdingCost: Double, backorderCost: Double,
            fixedCostPerOrder: Double, leadTimePeriods: Int
        ) throws {
            try OptimizerError.requireNonnegative(fixedCostPerOrder, "fixedCostPerOrder")
            try OptimizerError.requireNonnegative(leadTimePeriods, "leadTimePeriods")
            // With P(D = 0) = 1 the inventory position never moves, a cycle never ends
            // and m(0) = 1 / (1 - P(D = 0)) is infinite.
            guard pmf.probability(0) < 1 else {
                throw OptimizerError("pmf must give positive probability to positive demand; P(D = 0) = 1 makes (s,S) cycles infinite.")
            }
            demand = pmf
            leadTimeDemand = try OptimizerError.leadTimeDemand(pmf, periods: leadTimePeriods + 1)
            self.holdingCost = holdingCost
            self.backorderCost = backorderCost
            self.fixedCostPerOrder = fixedCostPerOrder
            inverseNoZeroDemand = 1 / (1 - pmf.probability(0))
        }

        func G(_ y: Int) -> Double {
            holdingCost * leadTimeDemand.expectedLeftover(stockLevel: y)
                + backorderCost * leadTimeDemand.expectedShortage(stockLevel: y)
        }

        /// m(j): m(0) = 1/(1 - p0), m(j) = Σ_{l=1}^{j} p_l m(j - l) / (1 - p0)
        /// (Zheng & Federgruen 1991): the position stays at S - j for a
        /// geometric number of zero-demand periods after being reached.
        mutating func m(_ j: Int) throws -> Double {
            guard j < Self.maxRange else {
                throw OptimizerError("S - s must stay below \(Self.maxRange) inventory positions; the costs make the policy range too wide to evaluate.")
            }
            if renewalDensity.count <= j {
                try spend(Double(j + 1 - renewalDensity.count) * Double(min(j, demand.maxValue) + 1))
            }
            while renewalDensity.count <= j {
                let n = renewalDensity.count
                var sum = n == 0 ? 1.0 : 0.0
                let top = min(n, demand.maxValue)
                if top >= 1 {
                    for l in 1...top { sum += demand.probabilities[l] * renewalDensity[n - l] }
                }
                renewalDensity.append(sum * inverseNoZeroDemand)
            }
            return renewalDensity[j]
        }

        mutating func cost(s: Int, S: Int) throws -> Double {
            let range = S - s
            _ = try m(range - 1)
            try spend(Double(range))
            var numerator = fixedCostPerOrder
            var cycleLength = 0.0
            for j in 0..<range {
                numerator += renewalDensity[j] * G(S - j)
                cycleLength += renewalDensity[j]
            }
            return numerator / cycleLength
        }
    }
}
