import Foundation
import Testing
import Stochastics
@testable import Policies
import RestockTestSupport

// Reference values come from Tests/Fixtures (README.md there lists the sources:
// Zheng & Federgruen 1991, Zipkin 2008, Snyder & Shen 2nd ed.). The optimisers compute
// them; the tests only compare.

/// Rows of a reference table in Tests/Fixtures.
private func readCSV(_ name: String) throws -> [[String: Double]] { try Fixtures.numericRows(name) }

private func normalCDF(mean: Double, sd: Double) -> @Sendable (Double) -> Double {
    { x in 0.5 * erfc(-(x - mean) / (sd * 2.0.squareRoot())) }
}

// MARK: - Published benchmarks

@Test func zhengFedergruenPublishedTable() throws {
    let rows = try readCSV("zheng_federgruen_sS.csv")
    #expect(rows.count == 5)
    for row in rows {
        let pmf = try DiscretePMF.poisson(mean: row["mean_demand"]!)
        let result = try ZhengFedergruen.optimize(
            pmf: pmf, holdingCost: row["holding_cost"]!, backorderCost: row["stockout_cost"]!,
            fixedCostPerOrder: row["fixed_cost"]!, leadTimePeriods: 0)
        print("ZF mean \(row["mean_demand"]!): s=\(result.s) S=\(result.S) cost=\(result.costPerPeriod)")
        #expect(result.s == Int(row["s"]!), "row \(row)")
        #expect(result.S == Int(row["S"]!), "row \(row)")
        #expect(abs(result.costPerPeriod - row["optimal_cost"]!) <= 0.0005 + 1e-9,
                "row \(row): got \(result.costPerPeriod)")
    }
}

@Test func lostSalesPublishedTable() throws {
    let rows = try readCSV("lost_sales_zipkin.csv")
    #expect(rows.count == 8)
    for row in rows {
        let pmf = try DiscretePMF.poisson(mean: row["mean_demand"]!)
        let clock = ContinuousClock()
        var result = (level: -1, costPerPeriod: Double.nan)
        let elapsed = try clock.measure {
            result = try LostSalesBaseStock.optimize(
                pmf: pmf, holdingCost: row["holding_cost"]!, lostSalePenalty: row["lost_sale_penalty"]!,
                leadTimePeriods: Int(row["lead_time_periods"]!))
        }
        print("lost sales L=\(Int(row["lead_time_periods"]!)) p=\(Int(row["lost_sale_penalty"]!)): S=\(result.level) cost=\(result.costPerPeriod) in \(elapsed)")
        #expect(result.level == Int(row["best_base_stock_level"]!), "row \(row)")
        #expect((result.costPerPeriod * 100).rounded() / 100 == row["best_base_stock_cost"]!,
                "row \(row): got \(result.costPerPeriod)")
        // The best base-stock policy cannot beat the published optimal policy.
        #expect(result.costPerPeriod >= row["optimal_cost"]! - 0.005)
    }
}

@Test func lostSalesLeadTimeTwoIsFast() throws {
    let pmf = try DiscretePMF.poisson(mean: 5)
    let clock = ContinuousClock()
    let single = try clock.measure {
        _ = try LostSalesBaseStock.cost(level: 22, pmf: pmf, holdingCost: 1, lostSalePenalty: 39, leadTimePeriods: 2)
    }
    let search = try clock.measure {
        _ = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: 39, leadTimePeriods: 2)
    }
    print("lost sales L=2: cost(S=22) \(single), full optimize \(search)")
    #expect(single < .milliseconds(200))
    #expect(search < .seconds(5))
}

// MARK: - Textbook instances (Snyder & Shen, 2nd ed.)

@Test func example4_7_sS() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    let result = try ZhengFedergruen.optimize(
        pmf: pmf, holdingCost: 1, backorderCost: 4, fixedCostPerOrder: 5, leadTimePeriods: 0)
    #expect(result.s == 4)
    #expect(result.S == 10)
    #expect(abs(result.costPerPeriod - 8.034111561471644) <= 1e-6)
}

@Test func problem4_31_sS() throws {
    let pmf = try DiscretePMF.poisson(mean: 4)
    let result = try ZhengFedergruen.optimize(
        pmf: pmf, holdingCost: 40, backorderCost: 125, fixedCostPerOrder: 150, leadTimePeriods: 0)
    #expect(result.s == 2)
    #expect(result.S == 7)
    #expect(abs(result.costPerPeriod - 223.5748295669688) <= 1e-6)
}

@Test func discreteNewsvendorPoisson() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    let result = try Newsvendor.discrete(pmf: pmf, holdingCost: 1, shortageCost: 4)
    #expect(result.orderUpTo == 8)
    #expect(abs(result.expectedCost - 3.570106945770946) <= 1e-9)
    let baseStock = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 4, leadTimePeriods: 0)
    #expect(baseStock.level == 8)
    #expect(abs(baseStock.costPerPeriod - result.expectedCost) <= 1e-12)
}

@Test func example4_3_normalNewsvendor() throws {
    let closed = try Newsvendor.normal(mean: 50, sd: 8, holdingCost: 0.18, shortageCost: 0.7)
    #expect(abs(closed.orderUpTo - 56.603955927433887) <= 1e-6)
    #expect(abs(closed.expectedCost - 1.997605193176645) <= 1e-6)

    let numeric = try Newsvendor.continuous(
        cdf: normalCDF(mean: 50, sd: 8), quantile: { 50 + 8 * StandardNormal.quantile($0) },
        holdingCost: 0.18, shortageCost: 0.7)
    #expect(abs(numeric.orderUpTo - 56.603955927433887) <= 1e-6)
    #expect(abs(numeric.expectedCost - 1.997605193176645) <= 1e-6)
    // The quadrature must agree with the closed form to 1e-9 relative.
    #expect(abs(numeric.expectedCost - closed.expectedCost) <= 1e-9 * closed.expectedCost)
    // With an explicit lower bound at zero demand the answer is the same to 1e-9.
    let fromZero = try Newsvendor.continuous(
        cdf: normalCDF(mean: 50, sd: 8), quantile: { 50 + 8 * StandardNormal.quantile($0) },
        holdingCost: 0.18, shortageCost: 0.7, lowerBound: 0)
    #expect(abs(fromZero.expectedCost - closed.expectedCost) <= 1e-9 * closed.expectedCost)
}

@Test func example3_1_EOQ() throws {
    let result = try EOQ.optimal(fixedCostPerOrder: 8, holdingCostPerUnitPeriod: 0.225, demandPerPeriod: 1300)
    #expect(abs(result.orderQuantity - 304.0467800264368) <= 1e-9)
    #expect(abs(result.costPerPeriod - 68.410525505948272) <= 1e-9)
    #expect(abs(result.cycleLengthPeriods - 304.0467800264368 / 1300) <= 1e-12)
}

@Test func example3_9_wagnerWhitin() throws {
    let result = try WagnerWhitin.solve(demands: [90, 120, 80, 70], fixedCostPerOrder: 500, holdingCostPerUnitPeriod: 2)
    #expect(result.orders == [210, 0, 150, 0])
    #expect(abs(result.cost - 1380) <= 1e-9)
}

// MARK: - Consistency checks

@Test func zhengFedergruenCostAtOptimumMatches() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    for lead in [0, 2] {
        let best = try ZhengFedergruen.optimize(
            pmf: pmf, holdingCost: 1, backorderCost: 4, fixedCostPerOrder: 5, leadTimePeriods: lead)
        let evaluated = try ZhengFedergruen.cost(
            s: best.s, S: best.S, pmf: pmf, holdingCost: 1, backorderCost: 4,
            fixedCostPerOrder: 5, leadTimePeriods: lead)
        #expect(abs(evaluated - best.costPerPeriod) <= 1e-12)
    }
}

@Test func zhengFedergruenBeatsBruteForce() throws {
    let pmf = try DiscretePMF.poisson(mean: 3)
    for (lead, fixed) in [(0, 5.0), (1, 20.0), (0, 0.0)] {
        let best = try ZhengFedergruen.optimize(
            pmf: pmf, holdingCost: 1, backorderCost: 9, fixedCostPerOrder: fixed, leadTimePeriods: lead)
        var gridBest = Double.infinity
        for s in -5...25 {
            for bigS in (s + 1)...40 {
                let c = try ZhengFedergruen.cost(
                    s: s, S: bigS, pmf: pmf, holdingCost: 1, backorderCost: 9,
                    fixedCostPerOrder: fixed, leadTimePeriods: lead)
                gridBest = min(gridBest, c)
                #expect(c >= best.costPerPeriod - 1e-10, "L=\(lead) K=\(fixed): (\(s),\(bigS)) costs \(c) < \(best)")
            }
        }
        // The optimum lies inside the grid, so the grid attains it.
        #expect(abs(gridBest - best.costPerPeriod) <= 1e-10)
    }
}

@Test func zeroFixedCostIsBaseStock() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    for lead in [0, 1, 3] {
        let baseStock = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 4, leadTimePeriods: lead)
        let sS = try ZhengFedergruen.cost(
            s: baseStock.level - 1, S: baseStock.level, pmf: pmf, holdingCost: 1, backorderCost: 4,
            fixedCostPerOrder: 0, leadTimePeriods: lead)
        #expect(abs(sS - baseStock.costPerPeriod) <= 1e-10)
        let optimum = try ZhengFedergruen.optimize(
            pmf: pmf, holdingCost: 1, backorderCost: 4, fixedCostPerOrder: 0, leadTimePeriods: lead)
        #expect(optimum.S == baseStock.level)
        #expect(abs(optimum.costPerPeriod - baseStock.costPerPeriod) <= 1e-10)
    }
}

@Test func lostSalesWithoutLeadTimeIsNewsvendor() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    let newsvendor = try Newsvendor.discrete(pmf: pmf, holdingCost: 1, shortageCost: 4)
    let lostSales = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: 4, leadTimePeriods: 0)
    #expect(lostSales.level == newsvendor.orderUpTo)
    #expect(abs(lostSales.costPerPeriod - newsvendor.expectedCost) <= 1e-12)
}

/// For L = 1 the on-hand stock after ordering is x' = S - min(x, D): a one-dimensional
/// chain, solved here independently by dense power iteration.
@Test func lostSalesLeadTimeOneMatchesDirectChain() throws {
    let pmf = try DiscretePMF.poisson(mean: 5)
    let level = 12
    var pi = [Double](repeating: 1 / Double(level + 1), count: level + 1)
    for _ in 0..<5000 {
        var next = [Double](repeating: 0, count: level + 1)
        for x in 0...level {
            for d in 0..<x { next[level - d] += pi[x] * pmf.probability(d) }
            next[level - x] += pi[x] * (1 - pmf.cdf(x - 1))
        }
        pi = next
    }
    var expected = 0.0
    for x in 0...level {
        expected += pi[x] * (pmf.expectedLeftover(stockLevel: x) + 4 * pmf.expectedShortage(stockLevel: x))
    }
    let computed = try LostSalesBaseStock.cost(level: level, pmf: pmf, holdingCost: 1, lostSalePenalty: 4, leadTimePeriods: 1)
    #expect(abs(computed - expected) <= 1e-9)
}

/// A pmf without mass at zero makes the chain potentially periodic; the lazy iteration
/// must still converge, and the cost must match the L = 1 formula above.
@Test func lostSalesHandlesPeriodicChains() throws {
    let pmf = try DiscretePMF(probabilities: [0, 0, 1])  // demand is always 2
    // S = 3, L = 1: on hand alternates deterministically between 3 and 1 (1 lost every other period).
    let cost = try LostSalesBaseStock.cost(level: 3, pmf: pmf, holdingCost: 1, lostSalePenalty: 10, leadTimePeriods: 1)
    // x = 3: 1 left over (cost 1), next x = 3 - 2 = 1; x = 1: 1 lost (cost 10), next x = 3 - 1 = 2;
    // x = 2: nothing left, next x = 3 - 2 = 1. Stationary: x alternates 1, 2 → (10 + 0) / 2.
    #expect(abs(cost - 5) <= 1e-9)
}

@Test func lostSalesLongerLeadTimesAreConsistent() throws {
    let pmf = try DiscretePMF.poisson(mean: 2)
    var previousCost = 0.0
    for lead in 1...4 {
        let best = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: 9, leadTimePeriods: lead)
        let backorder = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 9, leadTimePeriods: lead)
        // Ordering nothing loses every unit, so the best cost is below p E[D].
        #expect(best.costPerPeriod > 0 && best.costPerPeriod < 9 * pmf.mean)
        // A longer lead time cannot help.
        #expect(best.costPerPeriod > previousCost)
        previousCost = best.costPerPeriod
        // In these instances a lost unit need not be made up, so less stock is needed
        // than with backorders at the same per-unit penalty.
        #expect(best.level <= backorder.level)
        let evaluated = try LostSalesBaseStock.cost(
            level: best.level, pmf: pmf, holdingCost: 1, lostSalePenalty: 9, leadTimePeriods: lead)
        #expect(abs(evaluated - best.costPerPeriod) <= 1e-12 * best.costPerPeriod)
    }
}

/// The two exact solvers (value iteration with Odoni bounds, direct GTH solve) agree.
@Test func lostSalesSolversAgree() throws {
    let pmf = try DiscretePMF.poisson(mean: 5)
    for (lead, level) in [(1, 9), (2, 10), (3, 8), (4, 6)] {
        let stageCost = LostSalesBaseStock.stageCosts(upTo: level, pmf: pmf, holdingCost: 1, lostSalePenalty: 9)
        let chain = try LostSalesChain(level: level, leadTimePeriods: lead, maxStates: 1_000_000)
        var values = [Double](repeating: 0, count: chain.stateCount)
        var iterations = 0
        let bounds = chain.valueIteration(
            pmf: pmf, stageCost: stageCost, values: &values, iterationsDone: &iterations,
            relativeTolerance: 1e-13, maxIterations: 200_000)
        let direct = try #require(chain.directAverageCost(pmf: pmf, stageCost: stageCost, maxClassSize: 1_000))
        #expect(bounds.lower <= direct + 1e-9 && direct <= bounds.upper + 1e-9, "L=\(lead) S=\(level)")
        #expect(abs(bounds.midpoint - direct) <= 1e-10 * direct, "L=\(lead) S=\(level)")
    }
}

/// Large demand against small levels makes the chain nearly decomposable (almost every
/// period sells out); the search must still work and the cost stay certified.
@Test func lostSalesLargeMeanIsRobust() throws {
    let pmf = try DiscretePMF.poisson(mean: 50)
    let best = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: 39, leadTimePeriods: 1)
    let backorder = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 39, leadTimePeriods: 1)
    #expect(best.level <= backorder.level && best.level > 90)
    for level in [best.level - 1, best.level + 1] {
        let c = try LostSalesBaseStock.cost(level: level, pmf: pmf, holdingCost: 1, lostSalePenalty: 39, leadTimePeriods: 1)
        #expect(c > best.costPerPeriod)
    }
    // Level 30 sells out almost surely: on-hand alternates x, 30 - x, so x averages 15
    // and nearly all of the 35 missing units are lost: cost ≈ 39 × (50 - 15).
    let low = try LostSalesBaseStock.cost(level: 30, pmf: pmf, holdingCost: 1, lostSalePenalty: 39, leadTimePeriods: 1)
    #expect(abs(low - 39 * 35) <= 1e-3)
}

@Test func lostSalesStateSpaceLimitThrows() throws {
    let pmf = try DiscretePMF.poisson(mean: 5)
    #expect(throws: OptimizerError.self) {
        _ = try LostSalesBaseStock.cost(level: 200, pmf: pmf, holdingCost: 1, lostSalePenalty: 4, leadTimePeriods: 4)
    }
}

// MARK: - Building blocks

@Test func poissonPMF() throws {
    let pmf = try DiscretePMF.poisson(mean: 6)
    #expect(abs(pmf.mean - 6) <= 1e-9)
    // Renormalising the 1e-12 truncation moves each probability by ~1e-12 relative.
    #expect(abs(pmf.probability(0) - exp(-6)) <= 1e-11 * exp(-6))
    #expect(abs(pmf.probabilities.reduce(0, +) - 1) <= 1e-14)
    #expect(abs(pmf.cdf(6) - 0.6063027824125914) <= 1e-12)
    let big = try DiscretePMF.poisson(mean: 2000)
    #expect(abs(big.mean - 2000) <= 1e-6)
    let mode = exp(-2000 + 2000 * log(2000.0) - lgamma(2001))
    #expect(abs(big.probability(2000) - mode) <= 1e-11 * mode)
    let zero = try DiscretePMF.poisson(mean: 0)
    #expect(zero.probabilities == [1])
}

@Test func convolutionAndPower() throws {
    let a = try DiscretePMF.poisson(mean: 2)
    let b = try DiscretePMF.poisson(mean: 3)
    let sum = a.convolved(with: b)
    let direct = try DiscretePMF.poisson(mean: 5)
    for k in 0...20 { #expect(abs(sum.probability(k) - direct.probability(k)) <= 1e-12) }
    let cubed = try a.power(3)
    let six = try DiscretePMF.poisson(mean: 6)
    for k in 0...25 { #expect(abs(cubed.probability(k) - six.probability(k)) <= 1e-12) }
    #expect(try a.power(0).probabilities == [1])
    #expect(try a.power(1) == a)
}

@Test func lossFunctions() throws {
    let pmf = try DiscretePMF(probabilities: [0.2, 0.5, 0.3])  // mean 1.1
    #expect(abs(pmf.mean - 1.1) <= 1e-15)
    for y in -3...5 {
        var shortage = 0.0
        var leftover = 0.0
        for k in 0...2 {
            shortage += Double(max(k - y, 0)) * pmf.probability(k)
            leftover += Double(max(y - k, 0)) * pmf.probability(k)
        }
        #expect(abs(pmf.expectedShortage(stockLevel: y) - shortage) <= 1e-14, "y = \(y)")
        #expect(abs(pmf.expectedLeftover(stockLevel: y) - leftover) <= 1e-14, "y = \(y)")
    }
    #expect(pmf.cdf(-1) == 0)
    #expect(abs(pmf.cdf(1) - 0.7) <= 1e-15)
    #expect(pmf.cdf(2) == 1)
    // Renormalisation within 1e-6.
    let nearly = try DiscretePMF(probabilities: [0.5, 0.5000005])
    #expect(abs(nearly.probabilities.reduce(0, +) - 1) <= 1e-15)
}

@Test func standardNormalQuantile() {
    for p in [1e-300, 1e-12, 0.001, 0.02425, 0.1, 0.5, 0.7954545454545454, 0.975, 1 - 1e-12] {
        let z = StandardNormal.quantile(p)
        let back = StandardNormal.cdf(z)
        // Phi(z) has relative slope |z| in the lower tail, so one ulp in z is ~|z|^2 ulp in Phi.
        let tolerance = p <= 0.5 ? 1e-12 * p : 1e-15
        #expect(abs(back - p) <= tolerance, "p = \(p)")
    }
    #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) <= 1e-14)
    #expect(StandardNormal.quantile(0.5) == 0)
}

@Test func gaussKronrodIsExactForPolynomials() {
    let value = GaussKronrod.integrate({ pow($0, 20) }, from: -1, to: 1)
    #expect(abs(value - 2.0 / 21.0) <= 1e-15)
    let smooth = GaussKronrod.integrate({ exp($0) }, from: 0, to: 3)
    #expect(abs(smooth - (exp(3) - 1)) <= 1e-12)
}

@Test func wagnerWhitinEdgeCases() throws {
    let empty = try WagnerWhitin.solve(demands: [], fixedCostPerOrder: 10, holdingCostPerUnitPeriod: 1)
    #expect(empty.orders.isEmpty && empty.cost == 0)
    let zeros = try WagnerWhitin.solve(demands: [0, 5, 0, 5], fixedCostPerOrder: 100, holdingCostPerUnitPeriod: 1)
    #expect(zeros.orders == [0, 10, 0, 0])
    #expect(abs(zeros.cost - 110) <= 1e-12)
}

// MARK: - Invalid input

@Test func invalidInputThrows() throws {
    let pmf = try DiscretePMF.poisson(mean: 4)
    #expect(throws: DistributionError.self) { _ = try DiscretePMF(probabilities: []) }
    #expect(throws: DistributionError.self) { _ = try DiscretePMF(probabilities: [0.5, -0.1, 0.6]) }
    #expect(throws: DistributionError.self) { _ = try DiscretePMF(probabilities: [0.5, 0.4]) }
    #expect(throws: DistributionError.self) { _ = try DiscretePMF.poisson(mean: -1) }
    #expect(throws: DistributionError.self) { _ = try pmf.power(-1) }
    #expect(throws: OptimizerError.self) { _ = try Newsvendor.discrete(pmf: pmf, holdingCost: -1, shortageCost: 4) }
    #expect(throws: OptimizerError.self) { _ = try Newsvendor.normal(mean: 50, sd: -8, holdingCost: 1, shortageCost: 4) }
    #expect(throws: OptimizerError.self) {
        _ = try Newsvendor.continuous(cdf: normalCDF(mean: 0, sd: 1), quantile: StandardNormal.quantile,
                                      holdingCost: 1, shortageCost: -4)
    }
    #expect(throws: OptimizerError.self) {
        _ = try EOQ.optimal(fixedCostPerOrder: -8, holdingCostPerUnitPeriod: 0.2, demandPerPeriod: 100)
    }
    #expect(throws: OptimizerError.self) {
        _ = try WagnerWhitin.solve(demands: [1, -2], fixedCostPerOrder: 1, holdingCostPerUnitPeriod: 1)
    }
    #expect(throws: OptimizerError.self) {
        _ = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: 1, backorderCost: -4, fixedCostPerOrder: 5, leadTimePeriods: 0)
    }
    #expect(throws: OptimizerError.self) {
        _ = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: 1, backorderCost: 4, fixedCostPerOrder: 5, leadTimePeriods: -1)
    }
    #expect(throws: OptimizerError.self) {
        _ = try ZhengFedergruen.cost(s: 5, S: 5, pmf: pmf, holdingCost: 1, backorderCost: 4, fixedCostPerOrder: 5, leadTimePeriods: 0)
    }
    #expect(throws: OptimizerError.self) {
        _ = try ZhengFedergruen.optimize(pmf: try DiscretePMF(probabilities: [1]), holdingCost: 1, backorderCost: 4,
                                         fixedCostPerOrder: 5, leadTimePeriods: 0)
    }
    #expect(throws: OptimizerError.self) {
        _ = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 4, leadTimePeriods: -2)
    }
    #expect(throws: OptimizerError.self) {
        _ = try LostSalesBaseStock.cost(level: 5, pmf: pmf, holdingCost: 1, lostSalePenalty: 4, leadTimePeriods: -1)
    }
    #expect(throws: OptimizerError.self) {
        _ = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: -1, lostSalePenalty: 4, leadTimePeriods: 1)
    }
    // The message names the parameter.
    let error = #expect(throws: OptimizerError.self) {
        _ = try LostSalesBaseStock.cost(level: 5, pmf: pmf, holdingCost: 1, lostSalePenalty: 4, leadTimePeriods: -1)
    }
    #expect(error?.message.contains("leadTimePeriods") == true)
}
