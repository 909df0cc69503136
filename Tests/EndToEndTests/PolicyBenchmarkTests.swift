import Experiment
import Reporting
import Foundation
import Scenario
import Simulation
import Testing

@Suite("Policy benchmark")
struct PolicyBenchmarkTests {
    @Test("the clairvoyant bound is above every policy's profit in every replication, and close to a policy that cannot run out")
    func clairvoyantBoundDominates() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/seasonal-lost-sales.yaml").path,
                                               overrides: ["horizonDays=70", "replications=6"])
        let result = ExperimentRunner.run(scenario)
        let bound = try #require(try PolicyBenchmark.clairvoyantBound(scenario, 0, scenario.replications).first)
        #expect(bound.profits.count == scenario.replications)
        for policy in scenario.policies.indices {
            let profits = result.values(.profit, policy: policy, sku: 0)
            for (r, profit) in profits.enumerated() {
                #expect(bound.profits[r] >= profit - 1e-6, "\(scenario.policies[policy].name), replication \(r): \(profit) above the bound \(bound.profits[r])")
            }
        }
        // Not vacuous: with demand known, the bound is within a plausible margin of the best policy
        // (which loses little here: its fill rate is near 1), not far above it.
        let best = scenario.policies.indices.map { result.values(.profit, policy: $0, sku: 0).reduce(0, +) }.max()!
        let total = bound.profits.reduce(0, +)
        #expect(total > best && total < 1.5 * best, "bound \(total), best policy \(best)")
        // restock run reports it as a reference row, with every policy's paired gap to it.
        #expect(result.bounds.map(\.name) == [PerfectInformationBound.pathRowName])
        let summary = ReportWriter.summary(result).text
        #expect(summary.contains("\(PerfectInformationBound.pathRowName),SUNGLASSES,profit,"))
        for policy in scenario.policies {
            #expect(summary.contains("\(policy.name),SUNGLASSES,profit_gap_to_clairvoyant_bound,"), "\(policy.name)")
        }
        // A SKU the bound does not model gets none (backorders).
        let backorders = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path)
        #expect(try PolicyBenchmark.clairvoyantBound(backorders, 0, 2).isEmpty)
    }
}
