import Policies
import Simulation
import Stochastics

/// A batch of full simulations of a scenario as a learning environment: each copy is one replication
/// of the scenario's world (`WorldStepper`), the agent decides for one SKU at its review epochs and
/// the other SKUs follow one of the scenario's policies. The agent sees `ObservationFeatures` (stock,
/// pipeline, forecast, price level, season and calendar) and picks among `CoverActions` (order up to a
/// multiple of the forecast, and a price level). The reward of a decision is the SKU's profit booked
/// until the next decision (`WorldStepper.periodProfit`) divided by `rewardScale`. An episode is one
/// run of the horizon (the season) and its end is terminal.
///
/// Episodes are replications of the `train` purpose and evaluations during training replications of
/// the `evaluate` purpose (``ReplicationPurpose``): their substreams — demand, lead times, level factors,
/// forecast sample paths — are disjoint from each other and from the `report` replications `restock run`
/// shows, so an agent is neither trained nor selected on the draws it is reported on.
public struct ScenarioEnvironment: BatchedEnvironment {
    /// The world every copy simulates (one replication each).
    public let world: WorldConfiguration
    /// Index of the controlled SKU.
    public let skuIndex: Int
    /// The scenario seed of all random substreams.
    public let seed: UInt64
    /// GSL generator algorithm.
    public let generator: GeneratorKind
    /// Per SKU, the forecasts shown in observations (nil: none).
    public let forecasters: [(any DemandForecastProvider)?]
    /// Fresh policies for every SKU (one replication's worth; the controlled SKU's entry is ignored).
    public let otherPolicies: @Sendable () -> [any Policy]
    /// Input map.
    public let features: ObservationFeatures
    /// Output map.
    public let actions: CoverActions
    /// Supplier of the agent's orders.
    public let supplier: Int
    /// Profit is divided by this (currency per review period).
    public let rewardScale: Double
    public let count: Int

    private var steppers: [WorldStepper?]
    private var pending: [Observation?]
    private var episodes: [Int]
    private var seeds: [UInt64]

    /// Builds `count` copies (started by `reset(seeds:)`).
    /// - Parameters:
    ///   - world: the world to simulate.
    ///   - skuIndex: the SKU the agent decides for.
    ///   - seed: the scenario seed.
    ///   - generator: GSL generator algorithm.
    ///   - forecasters: per SKU, the forecasts shown in observations.
    ///   - otherPolicies: makes one replication's policies for every SKU (the others follow them).
    ///   - features: input map.
    ///   - actions: output map.
    ///   - supplier: supplier of the agent's orders.
    ///   - rewardScale: profit is divided by this, currency per decision period.
    ///   - count: copies stepped together.
    public init(world: WorldConfiguration, skuIndex: Int, seed: UInt64, generator: GeneratorKind,
                forecasters: [(any DemandForecastProvider)?], otherPolicies: @escaping @Sendable () -> [any Policy],
                features: ObservationFeatures, actions: CoverActions, supplier: Int, rewardScale: Double, count: Int) {
        self.world = world
        self.skuIndex = skuIndex
        self.seed = seed
        self.generator = generator
        self.forecasters = forecasters
        self.otherPolicies = otherPolicies
        self.features = features
        self.actions = actions
        self.supplier = supplier
        self.rewardScale = rewardScale
        self.count = count
        steppers = Array(repeating: nil, count: count)
        pending = Array(repeating: nil, count: count)
        episodes = Array(repeating: 0, count: count)
        seeds = Array(repeating: 0, count: count)
    }

    public var featureCount: Int { features.count }
    public var actionCount: Int { actions.count }
    public var episodesTerminate: Bool { true }

    /// The `train` replication index of a copy's episode: it mixes the copy's seed and episode count.
    public static func trainingReplication(seed: UInt64, episode: Int) -> Int {
        Int(SplitMix64.mix(seed, UInt64(episode)) >> 2)
    }

    mutating func start(_ i: Int) {
        let replication = Self.trainingReplication(seed: seeds[i], episode: episodes[i])
        let stepper = WorldStepper(configuration: world, controlledSKU: skuIndex, otherPolicies: otherPolicies(),
                                   replication: replication, purpose: .train, seed: seed, generator: generator, forecasters: forecasters)
        steppers[i] = stepper
        // The first decision is on day 0, before anything is booked: no profit is lost here.
        var booked = 0.0
        pending[i] = advance(stepper, profit: &booked)
        episodes[i] += 1
    }

    /// The next observation at which the agent decides: other reviews are answered with "order
    /// nothing, keep the price", and their profit is added to `profit`.
    func advance(_ stepper: WorldStepper, profit: inout Double) -> Observation? {
        while let observation = stepper.nextDecision() {
            profit += stepper.periodProfit
            if actions.decides(at: observation) { return observation }
            stepper.act(.none)
        }
        profit += stepper.periodProfit
        return nil
    }

    public mutating func reset(seeds: [UInt64]) throws {
        precondition(seeds.count == count, "one seed per copy")
        self.seeds = seeds
        for i in 0..<count {
            episodes[i] = 0
            start(i)
        }
    }

    /// The observation at which copy `copy` waits for the agent's decision (nil before `reset`).
    public func pendingObservation(copy: Int) -> Observation? {
        pending.indices.contains(copy) ? pending[copy] : nil
    }

    public func writeFeatures(into output: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            if let observation = pending[i] { features.write(observation, into: output + i * features.count) }
        }
    }

    public mutating func step(actions chosen: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                              finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws {
        for i in 0..<count {
            guard let stepper = steppers[i], let observation = pending[i] else { continue }
            stepper.act(actions.action(chosen[i], observation: observation, features: features, supplier: supplier))
            var profit = 0.0
            pending[i] = advance(stepper, profit: &profit)
            truncated[i] = pending[i] == nil
            if pending[i] == nil { start(i) }
            rewards[i] = profit / rewardScale
            costs[i] = -profit
        }
    }

    /// Profit per day of a policy over the first `replications` replications of the `evaluate` purpose
    /// (the same ones every time: common random numbers; disjoint from the training episodes and from
    /// the replications `restock run` reports, so that choosing the best evaluated policy does not
    /// flatter it there), driving the controlled SKU with `policy` and the others with `others`; mean
    /// and 95% half-width.
    public func evaluate(_ policy: some Policy, replications: Int) -> (mean: Double, halfWidth95: Double) {
        var profits: [Double] = []
        for r in 0..<replications {
            let stepper = WorldStepper(configuration: world, controlledSKU: skuIndex, otherPolicies: otherPolicies(),
                                       replication: r, purpose: .evaluate, seed: seed, generator: generator, forecasters: forecasters)
            while let observation = stepper.nextDecision() { stepper.act(policy.decide(observation)) }
            profits.append(stepper.ledger.profit / Double(max(world.measuredDays, 1)))
        }
        let summary = SampleSummary(profits)
        return (summary.mean, summary.halfWidth.isFinite ? summary.halfWidth : 0)
    }
}

/// A scenario environment of one copy is a single ``Environment``: the observation is the
/// controlled SKU's ``ObservationFeatures`` at its next decision, the action an index of
/// ``CoverActions``, the reward the profit booked until the next decision over `rewardScale`. The end
/// of the horizon (the season) is terminal; as in Gymnasium's vector environments the copy then starts
/// a new replication at once, and the observation returned with `terminated` is its first decision's.
extension ScenarioEnvironment: Environment {
    public var observationSpace: ObservationSpace { ObservationSpace(unboundedNames: features.names) }

    public var actionSpace: ActionSpace {
        // CoverActions has at least one multiple and one price level, so the count is positive.
        ActionSpace(atLeastOne: actions.count)
    }

    public mutating func reset(seed: UInt64) throws -> [Double] {
        try reset(seeds: (0..<count).map { SplitMix64.mix(seed, UInt64($0)) })
        return currentFeatures(copy: 0)
    }

    public mutating func step(_ action: Int) throws -> StepResult {
        guard count == 1 else {
            throw EnvironmentError("step(_:) plays a single environment; this one has \(count) copies (use step(actions:rewards:truncated:finalFeatures:costs:)).")
        }
        try actionSpace.validate(action)
        var reward = 0.0, cost = 0.0
        var ended = false
        var finals = [Float](repeating: 0, count: features.count)
        try finals.withUnsafeMutableBufferPointer { finalBuffer in
            try step(actions: [action], rewards: &reward, truncated: &ended, finalFeatures: finalBuffer.baseAddress!, costs: &cost)
        }
        return StepResult(observation: currentFeatures(copy: 0), reward: reward, terminated: ended, truncated: false, info: ["cost": cost])
    }

    /// The features of one copy's pending decision.
    func currentFeatures(copy: Int) -> [Double] {
        var all = [Float](repeating: 0, count: count * features.count)
        all.withUnsafeMutableBufferPointer { writeFeatures(into: $0.baseAddress!) }
        return all[(copy * features.count)..<((copy + 1) * features.count)].map(Double.init)
    }
}
