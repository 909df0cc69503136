import Experiment
import Reporting
import Foundation
import Policies
import Scenario
import Simulation
import Testing

@Suite("Perfect-information bound")
struct PerfectInformationBoundTests {
    @Test("each replication's bound is the known-level program at that replication's level; a stationary scenario has none")
    func perReplication() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["horizonDays=28", "replications=3"])
        let result = ExperimentRunner.run(scenario)
        let bound = try #require(result.perfectInformationBound)
        let values = try #require(bound.profitBySKU[0])
        #expect(values.count == 3 && bound.totalProfit == values && bound.notes.isEmpty)
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast demand")
            return
        }
        let model = try MarkdownSeasonModel(world: scenario.world, skuIndex: 0)
        for r in 0..<3 {
            // The level as the simulator applies it: the replication's mean path over the forecast's.
            let level = demand.forReplication(r).meanUnitsPerDay[5] / demand.meanUnitsPerDay[5]
            #expect(abs(values[r] - (try MarkdownSeasonDP.solve(model, levelFactor: level)).expectedProfit) < 1e-6 * abs(values[r]))
        }
        #expect(Set(values).count == 3, "the levels differ, so do the bounds")
        let plain = ExperimentRunner.run(try shortScenario("quickstart"))
        #expect(plain.perfectInformationBound == nil)
        #expect(!ReportWriter.summary(plain).text.contains("bound"))
    }
}
