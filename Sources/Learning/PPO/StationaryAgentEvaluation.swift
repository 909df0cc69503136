import Dispatch
import Policies

/// Trains and grades agents on single-SKU lost-sales (or backorder) instances whose optimum is
/// known by dynamic programming: the exact long-run cost of the optimum, of the best base-stock
/// level, and of the agent's greedy policy (by `RelativeValueIteration.evaluate` on the same
/// model), plus a simulated estimate of the agent's cost with a confidence interval.
public enum StationaryAgentEvaluation {
    /// One graded instance.
    public struct Result: Sendable {
        /// The instance.
        public var configuration: StationaryConfiguration
        /// Optimal cost per period (DP).
        public var optimalCost: Double
        /// Best base-stock level and its exact cost per period (instances without pricing).
        public var bestBaseStock: (level: Int, cost: Double)?
        /// With pricing: the optimal cost per period (minus profit) when one price is kept for ever, best price.
        public var bestFixedPriceCost: Double?
        /// The agent's exact cost per period.
        public var agentCost: Double
        /// Training seconds (grading excluded) until a graded greedy policy was first within 1% of the optimum.
        public var secondsToWithinOnePercent: Double?
        /// Simulated cost per period of the agent and its 99% half-width.
        public var simulated: RolloutEstimate?
        /// `(agentCost − optimalCost) / |optimalCost|`: the relative excess cost (or profit shortfall, with pricing).
        public var gap: Double { (agentCost - optimalCost) / abs(optimalCost) }
        /// Seconds spent training.
        public var trainingSeconds: Double
        /// Environment periods played in training.
        public var trainingSteps: Int
        /// The trained policy.
        public var policy: TrainedPolicy
        /// Learning curve.
        public var history: [PPOUpdateStatistics]
    }

    /// The exact model of a configuration (for a `TrainingModel`, of its `SingleSKUModel` through
    /// `StationaryConfiguration(model:)`), in cost terms, with orders limited to the agent's actions
    /// `0 ... maxOrderUnits` and a position cap above the backorder base-stock level (an upper bound on
    /// a lost-sales optimum's position) plus the single-SKU model's EOQ batch.
    public static func model(for c: StationaryConfiguration, margin: Int = 5) throws -> InventoryMDP {
        let pmfs = try c.demandLaws.map { try $0.resolved() }
        // Cap: the backorder base-stock level of the highest-demand level at a generous critical ratio.
        let widest = pmfs.max { $0.mean < $1.mean }!
        let bound = try BackorderBaseStock.optimize(
            pmf: widest, holdingCost: max(c.holdingCost, 1e-9),
            backorderCost: max(c.shortage.unitCost, c.priceLevels.map(\.revenuePerUnit).max() ?? 0, 1e-9),
            leadTimePeriods: c.leadTimePeriods).level
        let batch = SingleSKUModel.batchUnits(fixedCostPerOrder: c.fixedOrderCost, holdingCostPerUnitDay: c.holdingCost,
                                              meanDemandPerDay: widest.mean)
        let cap = max(bound + margin + batch, c.maxOrderUnits)
        if c.priceLevels.isEmpty {
            return try InventoryMDP(
                demand: pmfs[0], leadTimePeriods: c.leadTimePeriods, shortage: c.shortage, holdingCost: c.holdingCost,
                fixedOrderCost: c.fixedOrderCost, unitOrderCost: c.unitOrderCost, positionCap: cap, maxOrderQuantity: c.maxOrderUnits)
        }
        let levels = zip(c.priceLevels, pmfs).map {
            InventoryMDP.PriceLevel(price: $0.0.price, demand: $0.1, revenuePerUnit: $0.0.revenuePerUnit)
        }
        return try InventoryMDP(
            priceLevels: levels, leadTimePeriods: c.leadTimePeriods, shortage: c.shortage, holdingCost: c.holdingCost,
            fixedOrderCost: c.fixedOrderCost, unitOrderCost: c.unitOrderCost, positionCap: cap, maxOrderQuantity: c.maxOrderUnits)
    }

    /// The action mapping of a configuration: orders `0 ... maxOrderUnits`, times its prices.
    public static func actions(for c: StationaryConfiguration) -> ActionMapping {
        ActionMapping(orderQuantities: Array(0...c.maxOrderUnits), prices: c.priceLevels.map(\.price))
    }

    /// The best base-stock level and its exact cost per period, for instances without pricing or order
    /// costs (nil otherwise): lost sales by the exact Markov chain, backorders by the newsvendor.
    public static func bestBaseStock(for c: StationaryConfiguration) throws -> (level: Int, cost: Double)? {
        guard c.priceLevels.isEmpty, c.fixedOrderCost == 0, c.unitOrderCost == 0 else { return nil }
        let pmf = try c.demandLaws[0].resolved()
        switch c.shortage {
        case .lostSales(let p):
            let best = try LostSalesBaseStock.optimize(pmf: pmf, holdingCost: c.holdingCost, lostSalePenalty: p,
                                                       leadTimePeriods: c.leadTimePeriods)
            return (best.level, best.costPerPeriod)
        case .backorders(let b):
            let best = try BackorderBaseStock.optimize(pmf: pmf, holdingCost: c.holdingCost, backorderCost: b,
                                                       leadTimePeriods: c.leadTimePeriods)
            return (best.level, best.costPerPeriod)
        }
    }

    /// The exact average cost per period of any policy on the instance.
    public static func exactCost(of policy: some Policy, on mdp: InventoryMDP) throws -> Double {
        try RelativeValueIteration.evaluate(mdp, policy: mdp.policyTable(from: policy)).value
    }

    /// Trains PPO on the instance and grades it. The greedy policy is graded exactly at every segment
    /// boundary and the best one is kept (model selection on the exact cost, which is also the number
    /// reported: there is no selection bias in it).
    /// - Parameters:
    ///   - configuration: The instance (its `episodeLength` is the training episode length).
    ///   - ppo: PPO settings.
    ///   - environments: Copies stepped together.
    ///   - simulationPeriods: Periods of the simulated check (0: none).
    ///   - progress: Called after each update.
    public static func trainPPO(
        _ configuration: StationaryConfiguration, ppo: PPOConfiguration, environments: Int, simulationPeriods: Int = 0,
        progress: ((PPOUpdateStatistics) -> Void)? = nil
    ) throws -> Result {
        let mdp = try model(for: configuration)
        let optimum = try RelativeValueIteration.solve(mdp).value
        let pmf = try configuration.demandLaws[0].resolved()
        let bestBaseStock = try Self.bestBaseStock(for: configuration)
        var bestFixedPriceCost: Double?
        if !configuration.priceLevels.isEmpty {
            bestFixedPriceCost = try configuration.priceLevels.map { level -> Double in
                var single = configuration
                single.priceLevels = [level]
                return try RelativeValueIteration.solve(model(for: single)).value
            }.min()
        }
        let features = InventoryFeatures(leadTimePeriods: configuration.leadTimePeriods, meanDemandPerPeriod: pmf.mean)
        let environment = StationaryFeatureEnvironment(
            environments: try StationaryVectorEnvironment(configuration: configuration, count: environments), features: features)
        let start = DispatchTime.now().uptimeNanoseconds
        let trainer = try PPOTrainer(configuration: ppo, environment: environment)
        // Every `updatesPerSegment` updates the greedy policy is graded exactly; the best one is kept.
        let mapping = actions(for: configuration)
        var gradingNanoseconds: UInt64 = 0
        var withinOnePercent: Double?
        try PPOCheckpoint.train(trainer, checkpoint: nil, onUpdate: { progress?($0) }) { trainer in
            let graded = DispatchTime.now().uptimeNanoseconds
            let candidate = try TrainedPolicy(network: trainer.state.policy, features: features, actions: mapping)
            let cost = try exactCost(of: candidate, on: mdp)
            trainer.record(score: cost, halfWidth95: 0, isExact: true)
            if withinOnePercent == nil, (cost - optimum) / abs(optimum) <= 0.01 {
                withinOnePercent = Double(graded - start - gradingNanoseconds) / 1e9
            }
            gradingNanoseconds += DispatchTime.now().uptimeNanoseconds - graded
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let policy = try TrainedPolicy(network: trainer.state.best?.policy ?? trainer.state.policy, features: features, actions: mapping)
        let agentCost = try exactCost(of: policy, on: mdp)
        var simulated: RolloutEstimate?
        if simulationPeriods > 0 {
            var check = configuration
            check.episodeLength = simulationPeriods + 1000
            var env = try StationaryEnvironment(configuration: check)
            simulated = try PolicyRollout.estimateCost(of: policy, in: &env, seed: ppo.seed &+ 7919, warmUpPeriods: 1000,
                                                       batches: 20, periodsPerBatch: simulationPeriods / 20)
        }
        return Result(configuration: configuration, optimalCost: optimum, bestBaseStock: bestBaseStock,
                      bestFixedPriceCost: bestFixedPriceCost, agentCost: agentCost, secondsToWithinOnePercent: withinOnePercent,
                      simulated: simulated, trainingSeconds: seconds, trainingSteps: trainer.state.environmentSteps,
                      policy: policy, history: trainer.state.history)
    }
}
