import Foundation
import Policies
import Simulation
import Stochastics
import Testing

/// The optimisers' answers, simulated: the published optimal costs must fall inside the simulation's
/// 95% confidence interval, and the interval must be tight enough to mean something.
@Suite("Reference instances, simulated")
struct ReferenceInstanceTests {
    struct SSInstance: CustomStringConvertible, Sendable {
        var mean: Double, h: Double, p: Double, k: Double, s: Int, bigS: Int, cost: Double
        var description: String { "Poisson \(mean), h=\(h), p=\(p), K=\(k)" }
    }

    static func ssInstances() throws -> [SSInstance] {
        let published = try Benchmarks.rows("zheng_federgruen_sS.csv").map {
            SSInstance(mean: $0["mean_demand"]!, h: $0["holding_cost"]!, p: $0["stockout_cost"]!, k: $0["fixed_cost"]!,
                       s: Int($0["s"]!), bigS: Int($0["S"]!), cost: $0["optimal_cost"]!)
        }
        // Snyder & Shen, Example 4.7 and Problem 4.31.
        return published + [
            SSInstance(mean: 6, h: 1, p: 4, k: 5, s: 4, bigS: 10, cost: 8.034111561471644),
            SSInstance(mean: 4, h: 40, p: 125, k: 150, s: 2, bigS: 7, cost: 223.5748295669688),
        ]
    }

    @Test("Zheng–Federgruen (s,S): optimiser matches the published policy and simulation covers the cost",
          arguments: try ssInstances())
    func zhengFedergruen(_ instance: SSInstance) throws {
        let pmf = try DiscretePMF.poisson(mean: instance.mean)
        let best = try ZhengFedergruen.optimize(pmf: pmf, holdingCost: instance.h, backorderCost: instance.p,
                                                fixedCostPerOrder: instance.k, leadTimePeriods: 0)
        #expect(best.s == instance.s && best.S == instance.bigS)
        #expect(abs(best.costPerPeriod - instance.cost) < 5e-4)

        let world = TestWorld.single(demand: .poisson(mean: instance.mean), leadTimeDays: 0, holding: instance.h,
                                     shortage: .backorders(costPerUnitDay: instance.p), fixedCost: instance.k,
                                     initial: best.S, horizonDays: 2100, warmupDays: 100)
        let costs = TestWorld.operatingCostPerDay(world, policy: { SSPolicy(reorderPointUnits: best.s, orderUpToUnits: best.S) },
                                                  replications: 12, seed: 4)
        let summary = SampleSummary(costs)
        #expect(summary.covers(instance.cost), "simulated \(summary.mean) ± \(summary.halfWidth), published \(instance.cost)")
        #expect(summary.halfWidth < 0.02 * instance.cost)
    }

    struct LostSalesInstance: CustomStringConvertible, Sendable {
        var lead: Int, p: Double, level: Int, cost: Double
        var description: String { "L=\(lead), p=\(p)" }
    }

    static func lostSalesInstances() throws -> [LostSalesInstance] {
        try Benchmarks.rows("lost_sales_zipkin.csv").map {
            LostSalesInstance(lead: Int($0["lead_time_periods"]!), p: $0["lost_sale_penalty"]!,
                              level: Int($0["best_base_stock_level"]!), cost: $0["best_base_stock_cost"]!)
        }
    }

    @Test("Zipkin lost sales: exact best base-stock level and cost, confirmed by simulation",
          arguments: try lostSalesInstances())
    func lostSales(_ instance: LostSalesInstance) throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        let best = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: 1, lostSalePenalty: instance.p,
                                                   leadTimePeriods: instance.lead)
        #expect(best.level == instance.level)
        #expect(abs(best.costPerPeriod - instance.cost) <= 0.005 + 1e-9)

        let world = TestWorld.single(demand: .poisson(mean: 5), leadTimeDays: Double(instance.lead), holding: 1,
                                     shortage: .lostSales(penaltyPerUnit: instance.p), initial: best.level,
                                     horizonDays: 6100, warmupDays: 100)
        let costs = TestWorld.operatingCostPerDay(world, policy: { BaseStockPolicy(orderUpToUnits: best.level) },
                                                  replications: 12, seed: 8)
        // All eight instances are simulated on the same demand stream (common random numbers), so their
        // errors move together; a Bonferroni interval keeps the family-wise confidence at 95%.
        let summary = SampleSummary(costs, confidenceLevel: 1 - 0.05 / 8)
        #expect(summary.covers(best.costPerPeriod), "simulated \(summary.mean) ± \(summary.halfWidth), exact \(best.costPerPeriod)")
        #expect(summary.halfWidth < 0.03 * best.costPerPeriod)
    }

    @Test("backorder base-stock with lead time: simulation covers the newsvendor cost on lead-time demand")
    func backorderBaseStock() throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        let best = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: 1, backorderCost: 9, leadTimePeriods: 2)
        let world = TestWorld.single(demand: .poisson(mean: 5), leadTimeDays: 2, holding: 1,
                                     shortage: .backorders(costPerUnitDay: 9), initial: best.level,
                                     horizonDays: 2100, warmupDays: 100)
        let costs = TestWorld.operatingCostPerDay(world, policy: { BaseStockPolicy(orderUpToUnits: best.level) },
                                                  replications: 12, seed: 15)
        let summary = SampleSummary(costs)
        #expect(summary.covers(best.costPerPeriod), "simulated \(summary.mean) ± \(summary.halfWidth), exact \(best.costPerPeriod)")
    }
}
