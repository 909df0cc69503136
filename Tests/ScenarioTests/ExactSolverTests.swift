import Foundation
import Experiment
import Learning
import Policies
import Scenario
import Simulation
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

    @Test("solve and train build one SingleSKUModel: one lead-time range (0 to 8 days) and one message")
    func oneModel() throws {
        let path = scenarioFolder.appendingPathComponent("zheng-federgruen.yaml").path
        // 9 days: refused by the model, in the same words by solve and train.
        let long = try ScenarioLoader.load(path: path, overrides: ["products.0.suppliers.0.leadTimeDays=9"])
        let refusal = try #require(ExactSolver.solve(long).first?.reason)
        #expect(refusal.contains("lead time of 0 to \(SingleSKUModel.maxLeadTimeDays) days"))
        #expect(SingleSKUModel.maxLeadTimeDays == 8)
        do {
            _ = try TrainingModel(world: long.world, skuIndex: 0)
            Issue.record("a lead time of 9 days must be refused by the training model")
        } catch let error as TrainingModelError {
            #expect(error.message == "SKU 'ZF-10': \(refusal)")
        }
        // 6 days: inside the range, so train accepts it and solve refuses it only by the DP's state count.
        let six = try ScenarioLoader.load(path: path, overrides: ["products.0.suppliers.0.leadTimeDays=6"])
        let model = try SingleSKUModel(world: six.world, skuIndex: 0)
        let training = try TrainingModel(world: six.world, skuIndex: 0, episodeLength: 50)
        #expect(training.model == model)
        #expect(training.configuration == StationaryConfiguration(model: model, episodeLength: 50, rewardNormalization: .meanShortageCost))
        #expect(model.batchUnits == 36)  // ⌈√(2 · 64 · 10 / 1)⌉ = ⌈35.78⌉
        #expect(ExactSolver.solve(six).first?.reason?.contains("state space is too large") == true)
        // The solver's DP is the model's: the same optimum as `InventoryMDP(model:)` at 0 days.
        let zero = try ScenarioLoader.load(path: path)
        let direct = try RelativeValueIteration.solve(InventoryMDP(model: SingleSKUModel(world: zero.world, skuIndex: 0)))
        let solved = try #require(ExactSolver.solve(zero).first?.optimalProfitPerDay)
        #expect(solved == direct.profit)
    }

    @Test("restock solve names the scenario features its model leaves out")
    func leftOut() throws {
        let path = scenarioFolder.appendingPathComponent("zheng-federgruen.yaml").path
        let plain = try ScenarioLoader.load(path: path)
        let exact = try #require(ExactSolver.solve(plain).first)
        #expect(exact.leftOut.isEmpty)
        #expect(!ExactSolver.render([exact], scenario: plain).contains("leaves out"))
        let limited = try ScenarioLoader.load(path: path, overrides: [
            "storageCapacityUnits=500", "products.0.suppliers.0.minimumOrderUnits=20", "costAccounting=timeWeighted"])
        let result = try #require(ExactSolver.solve(limited).first)
        #expect(result.leftOut == ["time-weighted costs (the model charges end-of-day stock)", "storage capacity (500 units)",
                                   "minimum order (20 units)"])
        // The optimum is the model's, unchanged by what it leaves out; the output says so.
        #expect(result.optimalProfitPerDay == exact.optimalProfitPerDay)
        let text = ExactSolver.render([result], scenario: limited)
        #expect(text.contains("  model leaves out: time-weighted costs (the model charges end-of-day stock), storage capacity (500 units), minimum order (20 units)\n"))
    }
}
