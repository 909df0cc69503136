import Foundation
import Scenario
import Testing

@Suite("restock solve on two suppliers")
struct DualSourcingSolveTests {
    /// scenarios/dual-sourcing-exact.yaml is the instance lr = 4, c_e − c_r = 10 of Gijsbrechts et al. (2022),
    /// whose published gaps (Tests/Fixtures/dual_sourcing_gijsbrechts.csv) are 0.49% (dual index) and 0.11%
    /// (capped dual index) of the optimal cost per day. The binary prints the exact grades and the best levels.
    @Test("restock solve grades the DI and CDI policies of dual-sourcing-exact.yaml as published")
    func solveDualSourcing() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/dual-sourcing-exact.yaml").path
        let scenario = try ScenarioLoader.load(path: path)
        let result = try #require(ExactSolver.solve(scenario).first)
        let optimum = try #require(result.optimalProfitPerDay)
        let revenue = 150.0 * 2  // selling price × mean demand: profit = revenue − cost
        func costGap(_ name: String) throws -> Double {
            let profit = try #require(result.policies.first { $0.name == name }?.profitPerDay)
            #expect(profit <= optimum + 1e-9, "\(name)")
            return ((revenue - profit) - (revenue - optimum)) / (revenue - optimum) * 100
        }
        #expect(abs(try costGap("dual-index") - 0.49) <= 0.01)
        #expect(abs(try costGap("capped-dual-index") - 0.11) <= 0.01)
        #expect(try costGap("regular-only") > 1 && costGap("expedited-only") > 1)
        // The scenario's levels are the best the search finds, and no better levels exist in its grid.
        #expect(result.bestDualIndex.count == 2)
        for (found, policy) in zip(result.bestDualIndex, ["dual-index", "capped-dual-index"]) {
            let graded = try #require(result.policies.first { $0.name == policy }?.profitPerDay)
            #expect(abs(found.profitPerDay - graded) < 1e-6, "\(policy)")
        }
        let run = try restock(["solve", path], in: repositoryRoot)
        #expect(run.status == 0)
        #expect(run.stdout.contains("best capped dual index (Se="), "\(run.stdout)")
        #expect(!run.stdout.contains("not solved"))
    }
}
