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
    // No wall-clock time: the statistics are saved in checkpoints, which the same run must write byte
    // for byte on any machine. Callers time updates themselves (e.g. between `onUpdate` calls).
}

/// Everything needed to continue training exactly where it stopped (saved as a checkpoint), and
/// nothing that depends on the machine or the clock: the same run writes the same checkpoint.
///
/// Version 2 added `format`, `evaluations` and `runSettings` and dropped the per-update seconds;
/// `PPOCheckpoint.load` refuses version 1 checkpoints with a message to train afresh.
public struct PPOState: Sendable, Equatable, Codable {
    /// Always `"restock-ppo-checkpoint"`, so that another JSON file is recognised as foreign.
    public var format: String = PPOState.formatName
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
    /// The best-scoring policy among those evaluated so far (`PPOTrainer.record(score:halfWidth95:isExact:)`), if any.
    public var best: PPOSnapshot?
    /// Every evaluation recorded so far, in order, at full precision (a resumed run continues from
    /// these numbers, not from a rounded report of them).
    public var evaluations: [PPOEvaluation] = []
    /// What fixes the run besides `configuration` and `environmentCount` (e.g. the environment and its
    /// options), as the caller names it; kept as given, so that a resume can be checked against it.
    public var runSettings: [PPORunSetting] = []

    /// The name in `format`.
    public static let formatName = "restock-ppo-checkpoint"
    /// The version this build writes and reads.
    public static let currentVersion = 2
}

/// One evaluation of the policy during training (`PPOTrainer.record(score:halfWidth95:isExact:)`).
public struct PPOEvaluation: Sendable, Equatable, Codable {
    /// Updates completed when it was made.
    public var update: Int
    /// The score (lower is better, e.g. cost per period); not finite when the evaluation failed.
    public var score: Double
    /// Half-width of the score's 95% confidence interval (0 when exact).
    public var halfWidth95: Double
    /// Whether the score is exact (e.g. by dynamic programming) rather than estimated by simulation.
    public var isExact: Bool

    /// Creates an evaluation.
    public init(update: Int, score: Double, halfWidth95: Double, isExact: Bool) {
        self.update = update
        self.score = score
        self.halfWidth95 = halfWidth95
        self.isExact = isExact
    }
}

/// A setting that fixes a training run, by the name its caller gives it (e.g. `--decision-days`) and
/// its value as text.
public struct PPORunSetting: Sendable, Equatable, Codable {
    /// The setting's name.
    public var name: String
    /// Its value.
    public var value: String

    /// Creates a setting.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
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
