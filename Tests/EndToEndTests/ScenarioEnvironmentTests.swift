import Experiment
import Foundation
import Learning
import Policies
import Scenario
import Simulation
import Testing

/// The scenario environment on the shipped pricing scenario (a 126-day season, one buy, 4 price levels).
@Suite("Scenario environment")
struct ScenarioEnvironmentTests {
    /// The action index of cover multiple `m` at full price.
    static func index(of m: Double) -> Int { CoverActions.defaultMultiples.firstIndex(of: m)! }

    func pricing() throws -> (Scenario, ScenarioTrainingModel) {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path)
        return (scenario, ScenarioTrainingModel(world: scenario.world, skuIndex: 0))
    }

    /// Plays one episode of any `Environment` with a fixed action; returns the rewards.
    func playEpisode<E: Environment>(_ environment: inout E, seed: UInt64, action: Int, limit: Int) throws -> [Double] {
        let first = try environment.reset(seed: seed)
        #expect(environment.observationSpace.count == first.count)
        var rewards: [Double] = []
        while rewards.count < limit {
            let result = try environment.step(action)
            #expect(result.observation.count == first.count)
            rewards.append(result.reward)
            if result.terminated || result.truncated { break }
        }
        return rewards
    }

    @Test("one Environment protocol: the scenario environment (one copy) and the stationary one play through the same code")
    func oneProtocol() throws {
        let (scenario, model) = try pricing()
        var simulated = ScenarioEnvironment(scenario: scenario, skuIndex: 0, others: scenario.policies[0], features: model.features,
                                            actions: model.actions, supplier: 0, rewardScale: model.rewardScale, count: 1)
        #expect(simulated.actionSpace.count == model.actions.count)
        // Cover 1× the forecast at full price. The season (126 days, weekly decisions) ends terminally.
        let one = Self.index(of: 1)
        let season = try playEpisode(&simulated, seed: 9, action: one, limit: 1000)
        #expect(season.count == 18, "126 days of weekly decisions")
        #expect(try playEpisode(&simulated, seed: 9, action: one, limit: 1000) == season, "the same seed replays the season")
        #expect(try playEpisode(&simulated, seed: 10, action: one, limit: 1000) != season, "another seed, another season")
        #expect(throws: EnvironmentError.self) { _ = try simulated.step(model.actions.count) }
        var batch = ScenarioEnvironment(scenario: scenario, skuIndex: 0, others: scenario.policies[0], features: model.features,
                                        actions: model.actions, supplier: 0, rewardScale: model.rewardScale, count: 2)
        _ = try batch.reset(seed: 1)
        #expect(throws: EnvironmentError.self) { _ = try batch.step(0) }

        var stationary = try StationaryEnvironment(configuration: StationaryConfiguration(
            demand: .poisson(mean: 5), leadTimePeriods: 2, holdingCost: 1, shortage: .lostSales(penaltyPerUnit: 9),
            maxOrderUnits: 20, episodeLength: 50))
        let periods = try playEpisode(&stationary, seed: 3, action: 5, limit: 1000)
        #expect(periods.count == 50, "truncated at the episode length")
        #expect(try playEpisode(&stationary, seed: 3, action: 5, limit: 1000) == periods)
    }

    @Test("weekly decisions; an episode's rewards add up to the season's profit; the season's end is terminal")
    func episode() throws {
        let (scenario, model) = try pricing()
        #expect(model.actions.decisionEveryDays == 7)
        #expect(model.actions.count == CoverActions.defaultMultiples.count * 4)
        var environment = ScenarioEnvironment(
            scenario: scenario, skuIndex: 0, others: scenario.policies[0], features: model.features, actions: model.actions,
            supplier: 0, rewardScale: model.rewardScale, count: 2)
        try environment.reset(seeds: [11, 12])
        #expect(environment.episodesTerminate)
        var rewards = [Double](repeating: 0, count: 2), costs = rewards
        var truncated = [Bool](repeating: false, count: 2)
        var finals = [Float](repeating: 0, count: 2 * model.features.count)
        var features = [Float](repeating: .nan, count: 2 * model.features.count)
        var total = [0.0, 0.0]
        var steps = 0
        // Copy 0 buys 1.5 × the season's forecast on day 0, then cuts one level every decision; copy 1 buys 1× and keeps full price.
        while true {
            features.withUnsafeMutableBufferPointer { environment.writeFeatures(into: $0.baseAddress!) }
            let finite = features.allSatisfy { $0.isFinite }
            #expect(finite)
            let level = min(steps, 3)
            let actions = [Self.index(of: 1.5) + CoverActions.defaultMultiples.count * level, Self.index(of: 1)]
            try rewards.withUnsafeMutableBufferPointer { r in
                try truncated.withUnsafeMutableBufferPointer { t in
                    try finals.withUnsafeMutableBufferPointer { f in
                        try costs.withUnsafeMutableBufferPointer { c in
                            try environment.step(actions: actions, rewards: r.baseAddress!, truncated: t.baseAddress!,
                                                 finalFeatures: f.baseAddress!, costs: c.baseAddress!)
                        }
                    }
                }
            }
            steps += 1
            for i in 0..<2 { total[i] += rewards[i] * model.rewardScale }
            if truncated[0] { break }
        }
        #expect(truncated[1], "both copies end the season together")
        #expect(steps == 18, "126 days, a decision every 7 days")
        // The same season played by a policy in the simulator books the same profit.
        for (i, multiple) in [(0, 1.5), (1, 1.0)] {
            let policy = ScriptedPolicy(model: model, multiple: multiple, cutsPrice: i == 0)
            let replication = ScenarioEnvironment.trainingReplication(seed: [11, 12][i], episode: 0)
            let stepper = WorldStepper(configuration: scenario.world, controlledSKU: 0, otherPolicies: [], replication: replication, purpose: .train,
                                       seed: scenario.seed, generator: scenario.generator, forecasters: scenario.forecasters)
            while let observation = stepper.nextDecision() { stepper.act(policy.decide(observation)) }
            #expect(abs(stepper.ledger.profit - total[i]) < 1e-6 * max(1, abs(total[i])), "copy \(i)")
        }
    }

    /// Plays what the test's actions mean, through `CoverActions` (so it also checks the cadence).
    struct ScriptedPolicy: Policy {
        let model: ScenarioTrainingModel
        let multiple: Double
        let cutsPrice: Bool
        func decide(_ o: Observation) -> Action {
            let decision = Int(o.day.rounded(.down)) / 7
            let level = cutsPrice ? min(decision, 3) : 0
            let index = ScenarioEnvironmentTests.index(of: multiple) + CoverActions.defaultMultiples.count * level
            return model.actions.action(index, observation: o, features: model.features, supplier: 0)
        }
    }

    @Test("off the decision cadence a cover policy orders nothing and keeps the price")
    func cadence() throws {
        let (_, model) = try pricing()
        let o = Observation(sku: 0, day: 3, onHandUnits: 10, backorderedUnits: 0, pipeline: [], price: 59,
                            priceLevels: [59, 47, 39, 29], seasonEndDay: 126, lastOrderDays: [0])
        #expect(model.actions.action(30, observation: o, features: model.features, supplier: 0) == .none)
        var weekly = o
        weekly.day = 7
        #expect(model.actions.action(CoverActions.defaultMultiples.count * 2, observation: weekly, features: model.features, supplier: 0).price == 39)
    }

    @Test("weekly decisions under a daily review: the forecast spans lead time + 1 day, or lead time + 7 with coverUntilNextDecision")
    func coverUntilNextDecision() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/seasonal-lost-sales.yaml").path)
        let plain = ScenarioTrainingModel(world: scenario.world, skuIndex: 0, decisionEveryDays: 7)
        let weekly = ScenarioTrainingModel(world: scenario.world, skuIndex: 0, decisionEveryDays: 7, coverUntilNextDecision: true)
        #expect(plain.features.protectionDays == 5 && weekly.features.protectionDays == 11)
        #expect(plain.actions == weekly.actions)
        // 10 units a day forecast, 30 on hand: cover 1× orders 50 − 30 by default, 110 − 30 over lead time + the week.
        let o = Observation(sku: 0, day: 14, onHandUnits: 30, backorderedUnits: 0, pipeline: [], price: 49,
                            forecast: DemandForecast(issuedDay: 14, meanUnitsPerDay: Array(repeating: 10, count: 40),
                                                     sdUnitsPerDay: Array(repeating: 3, count: 40)),
                            seasonEndDay: 364)
        #expect(plain.actions.action(Self.index(of: 1), observation: o, features: plain.features, supplier: 0).orderUnits.first == 20)
        #expect(weekly.actions.action(Self.index(of: 1), observation: o, features: weekly.features, supplier: 0).orderUnits.first == 80)
        // Files trained without the option keep their model hash; with it, the model is another one.
        #expect(!plain.description.contains("coverDays") && weekly.description.hasSuffix(";coverDays=11"))
    }
}

@Suite("Promotions in the observation")
struct PromotionObservationTests {
    @Test("the world shows a SKU's promotion plan; the agent's features flag today and the next week's share")
    func promotionFeatures() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/ecommerce-forecast.yaml").path,
                                               overrides: ["horizonDays=230", "replications=1"])
        let sku = try #require(scenario.world.products.firstIndex { $0.sku == "HEADPHONES-BT" })
        let stepper = WorldStepper(configuration: scenario.world, controlledSKU: sku,
                                   otherPolicies: scenario.policies[0].makePolicies(for: scenario.world), replication: 0,
                                   seed: scenario.seed, generator: scenario.generator, forecasters: scenario.forecasters)
        let observation = try #require(stepper.nextDecision())
        // The scenario's plan: 7 days from day 112, 7 from day 217, 4 from day 333 (past this horizon of 230 days).
        #expect(observation.promotionDays == [112...118, 217...223])
        let model = ScenarioTrainingModel(world: scenario.world, skuIndex: sku)
        var o = observation
        var x = [Float](repeating: .nan, count: model.features.count)
        let names = model.features.names
        let today = try #require(names.firstIndex(of: "promotionToday"))
        let week = try #require(names.firstIndex(of: "promotionDaysNextWeek"))
        for (day, flag, share) in [(111.0, Float(0), Float(6) / 7), (114, 1, Float(5) / 7), (119, 0, 0)] {
            o.day = day
            x.withUnsafeMutableBufferPointer { model.features.write(o, into: $0.baseAddress!) }
            #expect(x[today] == flag, "day \(day)")
            #expect(abs(x[week] - share) < 1e-6, "day \(day)")
        }
    }
}
