import Experiment
import Foundation
import Learning
import Policies
import Scenario
import Simulation
import Stochastics
import Testing

/// Training, tuning, evaluation and the report draw from disjoint replications (issue: an agent was
/// trained on the very hit-or-flop levels `restock run` reported on, because level factors and ETS paths
/// were drawn for the scenario's replication count and reused modulo that count).
@Suite("Replication purposes")
struct ReplicationPurposeTests {
    /// The training replication indices of `copies` copies over `episodes` episodes each, as
    /// `ScenarioEnvironment` numbers them after `reset(seed:)`.
    func trainingIndices(seed: UInt64, copies: Int, episodes: Int) -> [Int] {
        (0..<copies).flatMap { copy in
            (0..<episodes).map { ScenarioEnvironment.trainingReplication(seed: SplitMix64.mix(seed, UInt64(copy)), episode: $0) }
        }
    }

    @Test("no level factor of restock run's replications appears in training, tuning or evaluation")
    func levelFactorsAreDisjoint() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["replications=300"])
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast demand")
            return
        }
        func levels(_ purpose: ReplicationPurpose, _ indices: [Int]) -> Set<Double> {
            Set(indices.map { demand.forReplication($0, purpose: purpose).meanUnitsPerDay[20] / demand.meanUnitsPerDay[20] })
        }
        let report = levels(.report, Array(0..<scenario.replications))
        #expect(report.count == scenario.replications, "every reported replication has its own level, none reused")
        let train = levels(.train, trainingIndices(seed: 1, copies: 16, episodes: 40))
        let tune = levels(.tune, Array(0..<600))
        let evaluate = levels(.evaluate, Array(0..<600))
        #expect(train.count == 640 && tune.count == 600 && evaluate.count == 600)
        #expect(report.isDisjoint(with: train))
        #expect(report.isDisjoint(with: tune))
        #expect(report.isDisjoint(with: evaluate))
        #expect(train.isDisjoint(with: tune) && train.isDisjoint(with: evaluate) && tune.isDisjoint(with: evaluate))
        // The same index of another purpose is another season, also in the simulated sales.
        let simulator = InventorySimulator(configuration: scenario.world)
        let policies = scenario.policies[0].makePolicies(for: scenario.world)
        func sold(_ purpose: ReplicationPurpose) -> Double {
            simulator.run(policies: policies, replication: 3, purpose: purpose, seed: scenario.seed,
                          forecasters: scenario.forecasters).ledgers[0].demandUnits
        }
        #expect(sold(.report) != sold(.train) && sold(.report) != sold(.tune) && sold(.report) != sold(.evaluate))
        #expect(sold(.report) == sold(.report), "and each key replays exactly")
    }

    @Test("no ETS sample path of restock run's replications appears in training, tuning or evaluation")
    func samplePathsAreDisjoint() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/ecommerce-forecast.yaml").path,
                                               overrides: ["products.2.demand.model=ets", "replications=60", "horizonDays=56"])
        guard case .dailyMeans(let demand) = scenario.world.products[2].customers else {
            Issue.record("expected forecast demand")
            return
        }
        func paths(_ purpose: ReplicationPurpose, _ indices: [Int]) -> Set<[Double]> {
            Set(indices.map { demand.forReplication($0, purpose: purpose).meanUnitsPerDay })
        }
        let report = paths(.report, Array(0..<scenario.replications))
        #expect(report.count == scenario.replications)
        let train = paths(.train, trainingIndices(seed: 7, copies: 8, episodes: 20))
        let tune = paths(.tune, Array(0..<200))
        let evaluate = paths(.evaluate, Array(0..<200))
        #expect(train.count == 160 && tune.count == 200 && evaluate.count == 200)
        #expect(report.isDisjoint(with: train) && report.isDisjoint(with: tune) && report.isDisjoint(with: evaluate))
        #expect(train.isDisjoint(with: tune) && train.isDisjoint(with: evaluate) && tune.isDisjoint(with: evaluate))
    }

    @Test("the report purpose keeps the substreams of earlier versions; the other purposes differ")
    func reportKeysUnchanged() {
        let key = (seed: UInt64(2027), replication: 5, sku: 0)
        let report = RandomStream.substreamSeed(scenarioSeed: key.seed, replication: key.replication, sku: key.sku, purpose: .demand)
        #expect(report == RandomStream.substreamSeed(scenarioSeed: key.seed, replication: key.replication, sku: key.sku,
                                                    purpose: .demand, replicationPurpose: .report))
        // The derivation before purposes existed: seed ⊕ "RESTOCK1", then replication, SKU and role.
        var state = SplitMix64.mix(key.seed ^ 0x5245_5354_4F43_4B31)
        state = SplitMix64.mix(state ^ UInt64(key.replication))
        state = SplitMix64.mix(state ^ UInt64(key.sku))
        state = SplitMix64.mix(state ^ StreamPurpose.demand.rawValue)
        #expect(report == state)
        let others = [ReplicationPurpose.train, .tune, .evaluate].map {
            RandomStream.substreamSeed(scenarioSeed: key.seed, replication: key.replication, sku: key.sku, purpose: .demand, replicationPurpose: $0)
        }
        #expect(Set(others + [report]).count == 4)
    }
}

/// What an agent can learn about the season from its own sales (`Observation.seasonToDate`).
@Suite("Season to date")
struct SeasonToDateTests {
    @Test("sales so far against the pre-season forecast at the prices charged track the replication's level")
    func levelIsInferable() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path,
                                               overrides: ["horizonDays=42"])
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast demand")
            return
        }
        var estimates: [Double] = [], levels: [Double] = []
        for replication in 0..<24 {
            let stepper = WorldStepper(configuration: scenario.world, controlledSKU: 0, otherPolicies: [], replication: replication,
                                       purpose: .tune, seed: scenario.seed, generator: scenario.generator, forecasters: scenario.forecasters)
            var last: Observation? = nil
            while let observation = stepper.nextDecision() {
                let day = Int(observation.day)
                let toDate = try #require(observation.seasonToDate)
                // The forecast to date is the unvaried mean path at the price charged (full price until day 14, then 47).
                let expected = (0..<day).reduce(0.0) { $0 + demand.mean(day: $1, price: $1 < 14 ? 59 : 47) }
                #expect(abs(toDate.forecastUnits - expected) < 1e-9 * max(1, expected), "day \(day)")
                // Lost sales: what was observed is what was sold.
                #expect(toDate.observedUnits == stepper.ledger.shippedUnits, "day \(day)")
                var action = Action.order(day == 0 ? 100_000 : 0, from: 0)
                action.price = day < 14 ? 59 : 47
                stepper.act(action)
                last = observation
            }
            let toDate = try #require(last?.seasonToDate)
            #expect(toDate.daysInStock == 41, "stock never runs out with 100,000 units")
            estimates.append(toDate.levelEstimate(priorUnits: 1))
            levels.append(scenario.world.products[0].customers.dailyMeansVariation!.levelFactor(replication: replication, purpose: .tune))
        }
        // Six weeks of sales pin the level down: the estimate is close to the factor the replication drew.
        let errors = zip(estimates, levels).map { abs($0 / $1 - 1) }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.1, "mean relative error \(errors.reduce(0, +) / Double(errors.count))")
        let spread = levels.max()! / levels.min()!
        #expect(spread > 1.5, "the levels differ (\(spread)), so the match is not a coincidence of one level")
    }
}
