import Foundation
import Learning
import Policies
import Stochastics
import Testing
import RestockTestSupport

// The dual-sourcing environment and agent: the environment is the exact model's chain (a fixed rule's
// simulated cost agrees with its exact cost), the trained policy reads the same state in the environment
// and through an `Observation`, its file round-trips and refuses mismatches, and a short training beats a
// random policy, all graded by `RelativeValueIteration.evaluate`.

/// Gijsbrechts et al.'s instance with demand uniform on 0...4, h = 5, b = 495, c_r = 0.
private func gijsbrechts(lr: Int = 2, ce: Double = 5) throws -> DualSourcingModel {
    try DualSourcingModel(
        demand: DiscretePMF(probabilities: [Double](repeating: 0.2, count: 5)), regularLeadTimePeriods: lr,
        expeditedLeadTimePeriods: 0, regularUnitCost: 0, expeditedUnitCost: ce, holdingCostPerUnitPeriod: 5,
        shortage: .backorders(costPerUnitDay: 495))
}

/// A network with fixed pseudo-random weights.
private func randomNetwork(inputs: Int, outputs: Int, seed: UInt64 = 99) -> MultilayerPerceptron {
    var state = seed
    return MultilayerPerceptron(sizes: [inputs, 8, outputs], outputGain: 1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

/// Steps every copy with the action `choose` picks from its state.
private func play(_ environment: inout DualSourcingVectorEnvironment, periods: Int,
                  choose: (MDPState) throws -> Int) throws -> [[Double]] {
    let n = environment.count
    var costs = [[Double]](repeating: [], count: n)
    var rewards = [Double](repeating: 0, count: n)
    var truncated = [Bool](repeating: false, count: n)
    var finals = [Float](repeating: 0, count: n * environment.featureCount)
    var step = [Double](repeating: 0, count: n)
    for _ in 0..<periods {
        let actions = try (0..<n).map { try choose(environment.state(of: $0)) }
        try environment.step(actions: actions, rewards: &rewards, truncated: &truncated, finalFeatures: &finals, costs: &step)
        for i in 0..<n { costs[i].append(step[i]) }
    }
    return costs
}

@Suite("Dual-sourcing environment and agent")
struct DualSourcingAgentTests {
    /// The best dual-index levels of lr = 2, c_e = 5 (Se = 4, Sr = 7) played in 32 copies for 3,000
    /// periods after a warm-up of 100: the mean of the copies' average costs covers the rule's exact cost
    /// (relative value iteration on the model) in its 99.9% confidence interval.
    @Test("a dual-index rule's simulated cost covers its exact DP cost")
    func dualIndexMatchesExactCost() throws {
        let model = try gijsbrechts()
        let levels = try DualIndexSearch.bestDualIndex(model).levels
        let exact = try RelativeValueIteration.evaluate(model, levels: levels).value
        var environment = try DualSourcingVectorEnvironment(model: model, count: 32, episodeLength: 1_000_000)
        try environment.reset(seeds: (0..<32).map { SplitMix64.mix(7, UInt64($0)) })
        let actions = environment.actions
        let costs = try play(&environment, periods: 3_100) { state in
            let (e, r) = levels.orders(in: state, expeditedLeadTimePeriods: 0)
            return try #require(actions.index(expedited: e, regular: r), "orders (\(e), \(r)) in \(state) outside the grid")
        }
        let means = costs.map { $0.dropFirst(100).reduce(0, +) / 3_000 }
        let summary = SampleSummary(means, confidenceLevel: 0.999)
        #expect(summary.covers(exact), "simulated \(summary.mean) ± \(summary.halfWidth), exact \(exact)")
        #expect(summary.halfWidth < 0.05 * exact, "the check should be tight: ± \(summary.halfWidth)")
    }

    /// One expedited and one regular order, then 2 regular units a period (the mean demand), so the net
    /// inventory stays well above the model's floor, where the demand is what the net inventory lost.
    @Test("the environment follows the model: orders arrive after lr periods, the expedited one at once, costs as charged")
    func dynamics() throws {
        let model = try gijsbrechts(lr: 3, ce: 10)
        var environment = try DualSourcingVectorEnvironment(model: model, count: 1, episodeLength: 1_000_000,
                                                            initialNetInventory: 4)
        try environment.reset(seeds: [3])
        let actions = environment.actions
        let first = try #require(actions.index(expedited: 2, regular: 3))
        let steady = try #require(actions.index(expedited: 0, regular: 2))
        var net = 4
        var pipeline = [0, 0]
        var demands = Set<Int>()
        for period in 0..<20 {
            let (e, r) = period == 0 ? (2, 3) : (0, 2)
            let before = environment.state(of: 0)
            #expect(before == MDPState(netInventory: net, pipeline: pipeline))
            let costs = try play(&environment, periods: 1) { _ in period == 0 ? first : steady }
            let after = environment.state(of: 0)
            #expect(after.netInventory > model.stateSpace.netInventoryFloor, "the check assumes the floor does not bind")
            // The demand is what the net inventory lost, given the arrival.
            let demand = net + e + pipeline[0] - after.netInventory
            #expect((0...4).contains(demand))
            demands.insert(demand)
            let left = net + e - demand
            let expected = 10 * Double(e) + (left >= 0 ? 5 * Double(left) : 495 * Double(-left))
            #expect(abs(costs[0][0] - expected) < 1e-9, "period \(period)")
            net = after.netInventory
            pipeline = [pipeline[1], r]
        }
        #expect(demands.count >= 3, "the demand should vary: \(demands)")
    }

    @Test("actions round-trip between index and orders, and orders stop at the position cap")
    func actionsRoundTrip() throws {
        let model = try gijsbrechts()
        let actions = DualSourcingActions(model: model)
        #expect(actions.count == 25)
        #expect(actions.positionCapUnits == model.stateSpace.positionCap)
        for k in 0..<actions.count {
            let (e, r) = actions.quantities(k)
            #expect(actions.index(expedited: e, regular: r) == k)
            #expect(actions.orders(k, inventoryPosition: 0) == (e, r))
        }
        let cap = actions.positionCapUnits
        let both = try #require(actions.index(expedited: 3, regular: 4))
        #expect(actions.orders(both, inventoryPosition: cap - 5) == (3, 2))
        #expect(actions.orders(both, inventoryPosition: cap - 2) == (2, 0))
        #expect(actions.orders(both, inventoryPosition: cap + 1) == (0, 0))
        #expect(actions.index(expedited: 5, regular: 0) == nil)
        #expect(throws: NeuralNetworkError.self) { try DualSourcingActions(expeditedQuantities: [], regularQuantities: [0], positionCapUnits: 9) }
        #expect(throws: NeuralNetworkError.self) { try DualSourcingActions(maxExpeditedUnits: -1, maxRegularUnits: 2, positionCapUnits: 9) }
    }

    /// The environment's features of a state and the policy's features of that state's `Observation`
    /// give the same network input, so the policy orders the same in both.
    @Test("features agree between the environment and the policy's observation, and the policy orders what the network picks")
    func featuresRoundTrip() throws {
        let model = try gijsbrechts(lr: 4, ce: 10)
        var environment = try DualSourcingVectorEnvironment(model: model, count: 16)
        try environment.reset(seeds: (0..<16).map { UInt64($0) + 40 })
        var picks = 0
        _ = try play(&environment, periods: 30) { _ in picks = (picks * 7 + 3) % 25; return picks }
        let network = randomNetwork(inputs: environment.featureCount, outputs: environment.actionCount)
        let policy = try TrainedPolicy(network: network, features: environment.features, dualSourcing: environment.actions,
                                       regularSupplier: 1, expeditedSupplier: 0)
        var rows = [Float](repeating: 0, count: 16 * environment.featureCount)
        rows.withUnsafeMutableBufferPointer { environment.writeFeatures(into: $0.baseAddress!) }
        var distinct = Set<[Int]>()
        for i in 0..<16 {
            let state = environment.state(of: i)
            let row = Array(rows[(i * environment.featureCount)..<((i + 1) * environment.featureCount)])
            let scores = network.evaluate(row)
            let k = scores.indices.max { scores[$0] < scores[$1] }!
            let (e, r) = environment.actions.orders(k, inventoryPosition: state.inventoryPosition)
            let action = policy.decide(model.stateSpace.observation(for: state))
            #expect(action.orderUnits == [e, r], "state \(state)")
            #expect(policy.actionIndex(netInventory: state.netInventory, pipeline: state.pipeline) == k)
            distinct.insert(action.orderUnits)
        }
        #expect(distinct.count > 1, "a random network should not order the same everywhere")
        #expect(throws: NeuralNetworkError.self) {
            try TrainedPolicy(network: network, features: environment.features, dualSourcing: environment.actions,
                              regularSupplier: 0, expeditedSupplier: 0)
        }
    }

    @Test("a dual-sourcing policy file round-trips and refuses an inconsistent action section")
    func policyFile() throws {
        let model = try gijsbrechts(lr: 3)
        let environment = try DualSourcingVectorEnvironment(model: model, count: 1)
        let network = randomNetwork(inputs: environment.featureCount, outputs: environment.actionCount, seed: 5)
        let policy = try TrainedPolicy(network: network, features: environment.features, dualSourcing: environment.actions)
        let identity = TrainedPolicyFile.ModelIdentity(sku: "PART", leadTimePeriods: 3, periodLengthDays: 1,
                                                       description: "hand-made", scenario: "test")
        let file = TrainedPolicyFile(agent: "ppo", model: identity, policy: policy,
                                     training: .init(seed: 1, updates: 0, environmentSteps: 0))
        #expect(file.isDualSourcing)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dual-\(getpid()).policy.json")
        defer { try? FileManager.default.removeItem(at: url) }
        try file.encoded().write(to: url)
        let loaded = try TrainedPolicyFile.load(url)
        #expect(loaded == file)
        let acting = try loaded.policy(supplier: 0, expeditedSupplier: 1)
        for net in -3...12 {
            for r1 in [0, 3] {
                let observation = model.stateSpace.observation(for: MDPState(netInventory: net, pipeline: [r1, 1]))
                #expect(acting.decide(observation) == policy.decide(observation))
            }
        }
        // The same file with its dual-sourcing section removed, with a negative quantity, or with an
        // unknown action kind.
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("missing section", { $0["dualSourcing"] = nil }),
            ("negative quantity", { section in
                var dual = section["dualSourcing"] as? [String: Any] ?? [:]
                dual["expeditedQuantities"] = [-1, 0, 1]
                section["dualSourcing"] = dual
            }),
            ("unknown kind", { $0["kind"] = "twoSuppliers" }),
        ]
        for (label, edit) in edits {
            var json = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
            var section = try #require(json["actions"] as? [String: Any])
            edit(&section)
            json["actions"] = section
            try JSONSerialization.data(withJSONObject: json).write(to: url)
            #expect(throws: TrainedPolicyFileError.self, "\(label)") { try TrainedPolicyFile.load(url) }
        }
    }

    /// lr = 2, c_e = 5 (optimum 16.77): a short training (30 updates of 16 copies × 64 periods, graded every
    /// 5) keeps a greedy policy whose exact cost is at least 25% below the best of 5 random networks' (which
    /// cost 62 to 78 per period); it is far from the optimum yet (about 36): the full training is the bench's.
    @Test("a short training beats random policies, graded exactly")
    func shortTrainingBeatsRandom() throws {
        let model = try gijsbrechts()
        let optimum = try RelativeValueIteration.solve(model).value
        let environment = try DualSourcingVectorEnvironment(model: model, count: 16)
        var randomCosts: [Double] = []
        for seed in 1...5 as ClosedRange<UInt64> {
            let network = randomNetwork(inputs: environment.featureCount, outputs: environment.actionCount, seed: seed)
            let policy = try TrainedPolicy(network: network, features: environment.features, dualSourcing: environment.actions)
            randomCosts.append((try? DualSourcingAgentEvaluation.exactCost(of: policy, on: model)) ?? .infinity)
        }
        var ppo = PPOConfiguration()
        ppo.hiddenSizes = [32, 32]
        ppo.rolloutLength = 64
        ppo.minibatchSize = 256
        ppo.policyLearningRate = 1e-3
        ppo.totalUpdates = 30
        ppo.updatesPerSegment = 5
        ppo.seed = 1
        let result = try DualSourcingAgentEvaluation.trainPPO(model, optimalCost: optimum, ppo: ppo, environments: 16,
                                                              episodeLength: 320)
        #expect(result.evaluations.count == 6)
        #expect(result.agentCost >= optimum - 1e-6)
        #expect(result.agentCost < 0.75 * randomCosts.min()!, "agent \(result.agentCost), random \(randomCosts)")
        #expect(abs(try DualSourcingAgentEvaluation.exactCost(of: result.policy, on: model) - result.agentCost) < 1e-9)
    }
}
