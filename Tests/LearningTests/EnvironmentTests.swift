import Learning
import Policies
import Testing
import Stochastics

/// The Zipkin (2008) instance of the benchmarks: Poisson(5) demand, L = 2, h = 1, p = 9.
private func zipkinConfiguration(
    episodeLength: Int = 200, maxOrder: Int = 30, shortage: ShortageRule = .lostSales(penaltyPerUnit: 9),
    leadTime: Int = 2
) -> StationaryConfiguration {
    StationaryConfiguration(
        demand: .poisson(mean: 5), leadTimePeriods: leadTime, holdingCost: 1, shortage: shortage,
        maxOrderUnits: maxOrder, episodeLength: episodeLength)
}

@Suite("StationaryEnvironment")
struct EnvironmentTests {
    @Test("base-stock S = 19 run through the environment matches the exact Markov-chain cost")
    func baseStockMatchesExactCost() throws {
        let pmf = try DiscretePMF.poisson(mean: 5)
        let exact = try LostSalesBaseStock.cost(
            level: 19, pmf: pmf, holdingCost: 1, lostSalePenalty: 9, leadTimePeriods: 2)
        #expect(abs(exact - 6.316) < 0.001)
        var environment = try StationaryEnvironment(
            configuration: zipkinConfiguration(episodeLength: 101_000), seed: 0)
        let estimate = try PolicyRollout.estimateCost(
            of: BaseStockPolicy(orderUpToUnits: 19), in: &environment, seed: 20_261_129,
            warmUpPeriods: 1_000, batches: 20, periodsPerBatch: 5_000)
        #expect(estimate.covers(exact), "simulated \(estimate.meanCost) ± \(estimate.halfWidth99), exact \(exact)")
        // The interval must be informative, not just wide.
        #expect(estimate.halfWidth99 < 0.1)
    }

    @Test("the same seed gives the same trajectory; different seeds differ")
    func determinism() throws {
        func trajectory(seed: UInt64) throws -> [StepResult] {
            var environment = try StationaryEnvironment(configuration: zipkinConfiguration())
            _ = environment.reset(seed: seed)
            var results: [StepResult] = []
            for t in 0..<150 { results.append(try environment.step((t * 7) % 31)) }
            return results
        }
        #expect(try trajectory(seed: 42) == trajectory(seed: 42))
        #expect(try trajectory(seed: 42) != trajectory(seed: 43))
    }

    @Test("a vector of 4 equals 4 single environments with the same seeds, through auto-resets")
    func vectorMatchesSingles() throws {
        let configuration = zipkinConfiguration(episodeLength: 37)
        let seeds: [UInt64] = [1, 2, 3, 99]
        var vector = try StationaryVectorEnvironment(configuration: configuration, count: 4)
        let start = try vector.reset(seeds: seeds)
        var singles = try seeds.map { _ in try StationaryEnvironment(configuration: configuration) }
        let size = vector.observationSpace.count
        for i in 0..<4 {
            #expect(Array(start[i * size..<(i + 1) * size]) == singles[i].reset(seed: seeds[i]))
        }
        var truncations = 0
        for t in 0..<100 {
            let actions = (0..<4).map { (t * 3 + $0 * 5) % 31 }
            try vector.step(actions: actions)
            let batch = vector.batch
            for i in 0..<4 {
                let single = try singles[i].step(actions[i])
                let row = Array(batch.observations[i * size..<(i + 1) * size])
                #expect(batch.rewards[i] == single.reward)
                #expect(batch.costs[i] == single.info["cost"])
                #expect(batch.truncated[i] == single.truncated)
                #expect(batch.dones[i] == (single.truncated || single.terminated))
                if single.truncated {
                    truncations += 1
                    #expect(Array(batch.finalObservations[i * size..<(i + 1) * size]) == single.observation)
                    #expect(row == singles[i].reset())
                } else {
                    #expect(row == single.observation)
                }
            }
        }
        #expect(truncations == 8)  // episodes end at steps 37 and 74 in each of the 4 copies
    }

    @Test("invalid actions throw with the allowed range; the vector env rejects before moving")
    func invalidAction() throws {
        var environment = try StationaryEnvironment(configuration: zipkinConfiguration(maxOrder: 30))
        _ = environment.reset(seed: 1)
        #expect(throws: EnvironmentError.self) { try environment.step(31) }
        #expect(throws: EnvironmentError.self) { try environment.step(-1) }
        let error = #expect(throws: EnvironmentError.self) { try environment.step(31) }
        #expect(error?.message.contains("0...30") == true)
        #expect(environment.period == 0)
        var vector = try StationaryVectorEnvironment(configuration: zipkinConfiguration(), count: 3)
        try vector.reset(seeds: [1, 2, 3])
        let before = vector.batch.observations
        #expect(throws: EnvironmentError.self) { try vector.step(actions: [1, 40, 2]) }
        #expect(throws: EnvironmentError.self) { try vector.step(actions: [1, 2]) }
        #expect(vector.batch.observations == before)
        #expect(throws: EnvironmentError.self) {
            try StationaryEnvironment(configuration: zipkinConfiguration(leadTime: 9))
        }
    }

    @Test("episodes truncate after episodeLength steps and must be reset")
    func truncation() throws {
        var environment = try StationaryEnvironment(configuration: zipkinConfiguration(episodeLength: 10))
        _ = environment.reset(seed: 7)
        for t in 1...10 {
            let result = try environment.step(5)
            #expect(result.truncated == (t == 10))
            #expect(!result.terminated)
            #expect(result.observation.last == Double(t))
        }
        #expect(throws: EnvironmentError.self) { try environment.step(5) }
        let restarted = environment.reset()
        #expect(restarted.last == 0)
        #expect(try !environment.step(5).truncated)
    }

    @Test("observations match the declared space, and the dynamics follow Zipkin's timing", arguments: [0, 1, 2, 8])
    func observationShape(leadTime: Int) throws {
        for shortage in [ShortageRule.lostSales(penaltyPerUnit: 9), .backorders(costPerUnitDay: 9)] {
            let configuration = zipkinConfiguration(episodeLength: 60, shortage: shortage, leadTime: leadTime)
            var environment = try StationaryEnvironment(configuration: configuration)
            #expect(environment.observationSpace.shape == [leadTime + 3])
            #expect(environment.actionSpace.count == 31)
            var observation = environment.reset(seed: 3)
            #expect(environment.observationSpace.contains(observation))
            var orders: [Int] = []
            for t in 0..<60 {
                let action = (t * 11) % 31
                orders.append(action)
                let stockBefore = observation[0]
                let result = try environment.step(action)
                observation = result.observation
                #expect(environment.observationSpace.contains(observation))
                // Pipeline q_1 ... q_L holds the last L orders, oldest first.
                let expectedPipeline = (0..<leadTime).map { j -> Double in
                    let index = orders.count - leadTime + j
                    return index >= 0 ? Double(orders[index]) : 0
                }
                #expect(Array(observation[1..<(1 + leadTime)]) == expectedPipeline)
                #expect(observation[leadTime + 1] == observation[0] + expectedPipeline.reduce(0, +))
                // Balance: stock + arrival − sales (− backlog growth) = new stock, and the cost.
                let info = result.info
                let arrived = info["arrived"] ?? .nan
                let demand = info["demand"] ?? .nan
                #expect(arrived == (leadTime == 0 ? Double(action) : (orders.count > leadTime ? Double(orders[orders.count - 1 - leadTime]) : 0)))
                if shortage.isBackorder {
                    #expect(observation[0] == stockBefore + arrived - demand)
                    #expect(result.reward == -(max(observation[0], 0) + 9 * max(-observation[0], 0)))
                } else {
                    let lost = max(0, demand - (stockBefore + arrived))
                    #expect(observation[0] == stockBefore + arrived - (demand - lost))
                    #expect(result.reward == -(observation[0] + 9 * lost))
                }
            }
        }
    }
}
