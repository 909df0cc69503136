import Dispatch
import Policies

/// Trains PPO on a dual-sourcing model (`DualSourcingVectorEnvironment`) and grades the agent exactly:
/// its greedy policy is a `TrainedPolicy` (a `Policy`), whose long-run cost per period
/// `RelativeValueIteration.evaluate(_:policy:regularSupplier:expeditedSupplier:)` computes on the
/// Markov chain of the states it reaches; the optimum comes from `RelativeValueIteration.solve`.
public enum DualSourcingAgentEvaluation {
    /// One trained and graded instance.
    public struct Result: Sendable {
        /// Optimal cost per period (DP).
        public var optimalCost: Double
        /// The kept agent's exact cost per period.
        public var agentCost: Double
        /// `(agentCost − optimalCost) / |optimalCost|`.
        public var gap: Double { (agentCost - optimalCost) / abs(optimalCost) }
        /// Training seconds (grading excluded) until a graded greedy policy was first within 1% of the optimum.
        public var secondsToWithinOnePercent: Double? { secondsToReach(cost: optimalCost + 0.01 * abs(optimalCost)) }
        /// Training seconds (grading excluded) at each of `evaluations`.
        public var evaluationSeconds: [Double]
        /// Seconds spent training, grading included.
        public var trainingSeconds: Double
        /// Environment periods played in training.
        public var trainingSteps: Int
        /// The update after which the kept policy was graded.
        public var selectedUpdate: Int
        /// The kept greedy policy (regular orders to supplier 0, expedited to supplier 1).
        public var policy: TrainedPolicy
        /// Learning curve.
        public var history: [PPOUpdateStatistics]
        /// Every grading: update and exact cost per period (infinite where the evaluation failed).
        public var evaluations: [PPOEvaluation]

        /// Training seconds (grading excluded) until a graded greedy policy first cost at most `cost` per period.
        /// - Parameter cost: The target cost per period.
        /// - Returns: The seconds, or nil when no graded policy reached it.
        /// - Complexity: O(evaluations).
        public func secondsToReach(cost: Double) -> Double? {
            zip(evaluations, evaluationSeconds).first { $0.0.score <= cost }?.1
        }
    }

    /// The exact long-run cost per period of a dual-sourcing policy on a model.
    /// - Parameters:
    ///   - policy: The policy (its `supplier` orders regular, its `expeditedSupplier` expedited).
    ///   - model: The model.
    /// - Returns: The cost per period, purchases included.
    /// - Throws: `OptimizerError` when the evaluation fails (see `RelativeValueIteration.evaluate`).
    /// - Complexity: O(reachable states × (demand support + one network evaluation)) per iteration.
    public static func exactCost(of policy: TrainedPolicy, on model: DualSourcingModel) throws -> Double {
        try RelativeValueIteration.evaluate(model, policy: policy, regularSupplier: policy.supplier,
                                            expeditedSupplier: policy.expeditedSupplier).value
    }

    /// Trains PPO on the model and grades it. The greedy policy is graded exactly at every segment
    /// boundary and the best is kept: model selection on the exact cost, which uses no random draws,
    /// so the reported cost of the kept policy carries no selection bias.
    /// - Parameters:
    ///   - model: The dual-sourcing model.
    ///   - optimalCost: Its optimal cost per period, if known (nil: solved here).
    ///   - ppo: PPO settings.
    ///   - environments: Copies stepped together.
    ///   - episodeLength: Training episode length, periods.
    ///   - rewardScale: Cost per unit of reward (nil: the environment's default).
    ///   - progress: Called after each update.
    /// - Returns: The kept policy, its exact cost and the training record.
    /// - Throws: `OptimizerError` when the DP fails, `PPOError` / `EnvironmentError` from training.
    public static func trainPPO(
        _ model: DualSourcingModel, optimalCost: Double? = nil, ppo: PPOConfiguration, environments: Int,
        episodeLength: Int = 1280, rewardScale: Double? = nil, progress: ((PPOUpdateStatistics) -> Void)? = nil
    ) throws -> Result {
        let optimum = try optimalCost ?? RelativeValueIteration.solve(model).value
        let environment = try DualSourcingVectorEnvironment(model: model, count: environments, episodeLength: episodeLength,
                                                            rewardScale: rewardScale)
        let start = DispatchTime.now().uptimeNanoseconds
        let trainer = try PPOTrainer(configuration: ppo, environment: environment)
        var gradingNanoseconds: UInt64 = 0
        var evaluationSeconds: [Double] = []
        func policy(_ network: MultilayerPerceptron) throws -> TrainedPolicy {
            try TrainedPolicy(network: network, features: environment.features, dualSourcing: environment.actions)
        }
        try PPOCheckpoint.train(trainer, checkpoint: nil, onUpdate: { progress?($0) }) { trainer in
            let graded = DispatchTime.now().uptimeNanoseconds
            // A policy whose chain the evaluation cannot settle (several recurrent classes) scores +∞.
            let cost = (try? exactCost(of: policy(trainer.state.policy), on: model)) ?? .infinity
            trainer.record(score: cost, halfWidth95: 0, isExact: true)
            evaluationSeconds.append(Double(graded - start - gradingNanoseconds) / 1e9)
            gradingNanoseconds += DispatchTime.now().uptimeNanoseconds - graded
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let kept = try policy(trainer.state.best?.policy ?? trainer.state.policy)
        let agentCost = try trainer.state.best?.score ?? exactCost(of: kept, on: model)
        return Result(optimalCost: optimum, agentCost: agentCost, evaluationSeconds: evaluationSeconds,
                      trainingSeconds: seconds, trainingSteps: trainer.state.environmentSteps,
                      selectedUpdate: trainer.state.best?.update ?? trainer.state.completedUpdates, policy: kept,
                      history: trainer.state.history, evaluations: trainer.state.evaluations)
    }
}
