import Foundation
import Experiment
import Scenario
import Testing

@Suite("restock solve")
struct ExactSolverTests {
    @Test("the lost-sales scenario: the optimum is Zipkin's 6.09 per period and beats the best base-stock level (6.32)")
    func lostSales() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("lost-sales.yaml").path)
        let result = try #require(ExactSolver.solve(scenario).first)
        let optimum = try #require(result.optimalProfitPerDay)
        // Price and unit cost are 0 in this scenario, so profit per day is minus the cost per period.
        #expect(abs(-optimum - 6.09) < 0.005)
        let baseStock = try #require(result.policies.first { $0.name == "best-base-stock" }?.profitPerDay)
        #expect(abs(-baseStock - 6.32) < 0.005)
        #expect(result.policies.compactMap(\.profitPerDay).allSatisfy { $0 <= optimum + 1e-9 })
    }

    /// The shipped PPO policy (scenarios/policies, made by `restock train scenarios/lost-sales.yaml`) in
    /// lost-sales-agent.yaml, graded exactly: within 1% of the optimum and better than the best base-stock level.
    @Test("the shipped PPO policy is within 1% of the optimum and beats the best base-stock level")
    func shippedAgent() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("lost-sales-agent.yaml").path, registry: .standard)
        let result = try #require(ExactSolver.solve(scenario).first)
        let optimum = try #require(result.optimalProfitPerDay)
        let baseStock = try #require(result.policies.first { $0.name == "best-base-stock" }?.profitPerDay)
        let agent = try #require(result.policies.first { $0.name == "ppo" }?.profitPerDay)
        #expect((agent - optimum) / optimum < 0.01, "agent \(-agent) vs optimum \(-optimum)")
        #expect(agent > baseStock)
        #expect(scenario.policies.first { $0.name == "ppo" }?.warnings.isEmpty == true, "trained on exactly this SKU")
        // A lead-time what-if cannot feed the network (another state shape): refused with the key path.
        do {
            _ = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("lost-sales-agent.yaml").path,
                                        overrides: ["products.0.suppliers.0.leadTimeDays=4"], registry: .standard)
            Issue.record("a lead time of 4 days must be refused for a policy trained at 2")
        } catch let error as ScenarioError {
            #expect(error.keyPath == "policies[4].file")
        }
        // Another penalty keeps the shape: it loads, with a warning.
        let other = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("lost-sales-agent.yaml").path,
                                            overrides: ["products.0.shortage.penaltyPerUnit=19"], registry: .standard)
        #expect(other.policies[4].warnings.count == 1)
    }

    @Test("the Zheng–Federgruen scenario: the auto (s,S) policy is optimal")
    func sS() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("zheng-federgruen.yaml").path)
        let result = try #require(ExactSolver.solve(scenario).first)
        let optimum = try #require(result.optimalProfitPerDay)
        #expect(abs(-optimum - 35.022) < 0.0005)
        let best = try #require(result.policies.first { $0.name == "optimal-sS" }?.profitPerDay)
        #expect(abs(best - optimum) < 1e-6)
    }

    @Test("too large or unsuitable SKUs say why")
    func unsuitable() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("quickstart.yaml").path)
        let results = ExactSolver.solve(scenario)
        #expect(results.allSatisfy { $0.optimalProfitPerDay == nil && !($0.reason ?? "").isEmpty })
        #expect(results[0].reason?.contains("lead time") == true)
    }
}
