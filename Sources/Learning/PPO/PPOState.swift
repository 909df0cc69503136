// The state a PPO run saves in checkpoints (networks, optimisers, progress, best policy), and the
// statistics it records per update.

/// What one PPO update did (one row of the learning curve).
public struct PPOUpdateStatistics: Sendable, Equatable, Codable {
    /// Updates completed, counting this one (1-based).
    public var update: Int
    /// Environment periods played so far, all copies together.
    public var environmentSteps: Int
    /// Episodes finished so far (truncations), all copies together.
    public var episodes: Int
    /// Mean reward per period over this update's rollout.
    public var meanReward: Double
    /// Mean cost per period over this update's rollout, currency per period (while exploring).
    public var meanCostPerPeriod: Double
    /// Mean clipped surrogate loss over the update's minibatches.
    public var policyLoss: Double
    /// Mean value loss `½ (V − R)²` over the minibatches.
    public var valueLoss: Double
    /// Mean policy entropy over the minibatches, nats.
    public var entropy: Double
    /// Mean approximate KL divergence between the rollout policy and the updated one.
    public var approximateKL: Double
    /// Fraction of samples whose probability ratio was clipped.
    public var clipFraction: Double
    /// Wall-clock seconds of this update.
    public var seconds: Double
}

/// Everything needed to continue training exactly where it stopped (saved as a checkpoint).
public struct PPOState: Sendable, Equatable, Codable {
    /// Checkpoint format version.
    public var version: Int = PPOState.currentVersion
    /// The settings of the run.
    public var configuration: PPOConfiguration
    /// Copies in the environment batch (part of the run's identity: it fixes the rollouts).
    public var environmentCount: Int
    /// The policy network: features in, one logit per action out.
    public var policy: MultilayerPerceptron
    /// The value network: features in, one value out.
    public var value: MultilayerPerceptron
    /// Optimiser of the policy network.
    public var policyOptimizer: AdamOptimizer
    /// Optimiser of the value network.
    public var valueOptimizer: AdamOptimizer
    /// Updates completed.
    public var completedUpdates: Int
    /// Environment periods played.
    public var environmentSteps: Int
    /// Episodes finished (truncations).
    public var episodes: Int = 0
    /// One entry per completed update.
    public var history: [PPOUpdateStatistics]
    /// The best-scoring policy among those evaluated so far (`PPOTrainer.record(score:)`), if any.
    public var best: PPOSnapshot?

    /// The version this build writes and reads.
    public static let currentVersion = 1
}

/// A policy network kept because it scored best in an evaluation.
public struct PPOSnapshot: Sendable, Equatable, Codable {
    /// Updates completed when it was evaluated.
    public var update: Int
    /// Its score (lower is better, e.g. cost per period).
    public var score: Double
    /// The policy network.
    public var policy: MultilayerPerceptron
}
