import Experiment
import Foundation
import Reporting
import Reports
import Stochastics
import Scenario
import Testing

@Suite("plan.csv: parameters, service, stock, cost and today's order per SKU and policy")
struct PlanTableTests {
    static let yaml = """
        name: plan
        seed: 3
        horizonDays: 30
        replications: 4
        products:
          - sku: A
            sellingPrice: 10
            holdingCostPerUnitDay: 0.1
            shortage: {type: lostSales, penaltyPerUnit: 1}
            initialOnHandUnits: 20
            openOrders: [{units: 10, dueDay: 1}]
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 5}}
            suppliers:
              - {name: main, leadTimeDays: 2, unitCost: 5}
          - sku: B
            sellingPrice: 10
            holdingCostPerUnitDay: 0.1
            shortage: {type: lostSales, penaltyPerUnit: 1}
            initialOnHandUnits: 70
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 5}}
            suppliers:
              - {name: main, leadTimeDays: 2, unitCost: 5}
        policies:
          - {name: base, type: baseStock, orderUpToUnits: 50}
          - {name: ss, type: sS, reorderPointUnits: 25, orderUpToUnits: 60}
        """

    @Test("today's order is what each rule orders from the day-0 position (stock + open orders), and the KPIs are summary.csv's")
    func todaysOrder() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml, file: "plan.yaml")
        let result = ExperimentRunner.run(scenario, threads: 1)
        let table = ReportWriter.plan(result)
        let rows = table.text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func row(_ policy: String, _ sku: String) throws -> [String] { try #require(rows.first { $0[0] == policy && $0[1] == sku }) }
        // Base stock 50: A's position is 20 + 10 on order → 20; B's 70 is above 50 → nothing.
        #expect(try row("base", "A")[12] == "20" && row("base", "B")[12] == "0")
        // (s,S) = (25, 60): A's position 30 > 25 → nothing; B's 70 → nothing.
        #expect(try row("ss", "A")[12] == "0")
        #expect(try row("base", "A")[3] == "orderUpToUnits=50" && row("ss", "A")[3] == "orderUpToUnits=60; reorderPointUnits=25")
        #expect(try row("base", "A")[2] == "main")
        // The fill rate is the per-SKU mean that summary.csv reports.
        let fill = SampleSummary(result.values(.fillRate, policy: 0, sku: 0))
        #expect(try Double(row("base", "A")[4]) == Double(CSVTable.number(fill.mean)))
    }

    @Test("trace.csv is bounded by SKUs: the first N in product order, the ledgers unchanged")
    func tracedSKUs() throws {
        var scenario = try ScenarioLoader.parse(yaml: Self.yaml, file: "plan.yaml")
        let all = ExperimentRunner.run(scenario, threads: 1)
        scenario.tracedSKUs = 1
        let one = ExperimentRunner.run(scenario, threads: 1)
        #expect(Set(all.traces[0].map(\.sku)) == [0, 1] && Set(one.traces[0].map(\.sku)) == [0])
        #expect(one.traces[0] == all.traces[0].filter { $0.sku == 0 })
        #expect(one.values(.profit, policy: 1) == all.values(.profit, policy: 1))
    }
}
