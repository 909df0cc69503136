import Foundation
import Policies
import Scenario
import Simulation
import Testing

@Suite("Stepping the shipped forecast scenarios")
struct WorldStepperScenarioTests {
    /// Runs each of the scenario's policies on each replication, ordinarily and stepped with `sku` answered from
    /// outside by the same policy, and compares ledgers, event counts, observations and rewards.
    func expectSameNumbers(_ scenario: Scenario, sku: Int) {
        for definition in scenario.policies {
            let forecasters = definition.kind.usesForecasts ? scenario.forecasters : []
            var markedDown = false
            for replication in 0..<scenario.replications {
                var policies = definition.makePolicies(for: scenario.world)
                let recorder = ObservingPolicy(policies[sku])
                policies[sku] = recorder
                let run = InventorySimulator(configuration: scenario.world)
                    .run(policies: policies, replication: replication, seed: scenario.seed, forecasters: forecasters)

                let agent = definition.makePolicies(for: scenario.world)[sku]
                let stepper = WorldStepper(configuration: scenario.world, controlledSKU: sku,
                                           otherPolicies: definition.makePolicies(for: scenario.world), replication: replication,
                                           seed: scenario.seed, forecasters: forecasters)
                var observations: [Observation] = []
                var episodeReturn = 0.0
                while let observation = stepper.nextDecision() {
                    episodeReturn += stepper.periodProfit
                    observations.append(observation)
                    stepper.act(agent.decide(observation))
                }
                episodeReturn += stepper.periodProfit

                let label = "\(definition.name), replication \(replication)"
                #expect(stepper.ledgers == run.ledgers, "\(label)")
                #expect(stepper.processedEvents == run.processedEvents, "\(label)")
                #expect(observations == recorder.observations, "\(label)")
                #expect(observations.allSatisfy { ($0.forecast != nil) == definition.kind.usesForecasts }, "\(label)")
                let profit = run.ledgers[sku].profit
                #expect(abs(episodeReturn - profit) <= 1e-9 * max(1, abs(profit)), "\(label): \(episodeReturn) vs \(profit)")
                markedDown = markedDown || observations.contains { $0.price < scenario.world.products[sku].sellingPrice }
            }
            #expect(markedDown == definition.kind.setsPrices, "\(definition.name) changed the price: \(markedDown)")
        }
    }

    @Test("forecast-driven demand, three SKUs: stepping the middle one reproduces every policy's run")
    func ecommerceForecast() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("ecommerce-forecast.yaml").path,
                                               overrides: ["horizonDays=60", "warmupDays=7", "replications=2"])
        #expect(scenario.world.products.count == 3)
        expectSameNumbers(scenario, sku: 1)
    }

    @Test("the pricing season: stepping reproduces the markdown policies' runs, prices and salvage included")
    func pricingMarkdown() throws {
        let scenario = try ScenarioLoader.load(path: pricingScenarioPath, overrides: ["replications=2"])
        #expect(scenario.policies.contains { $0.kind.setsPrices })
        expectSameNumbers(scenario, sku: 0)
    }
}
