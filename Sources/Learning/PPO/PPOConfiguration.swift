/// Hyper-parameters of `PPOTrainer` (proximal policy optimisation with a clipped objective,
/// Schulman et al. 2017, and generalised advantage estimation, Schulman et al. 2016).
///
/// The defaults are the ones tested on the Zipkin lost-sales instances (Poisson demand with
/// mean 5 units per period, see README).
public struct PPOConfiguration: Sendable, Equatable, Codable {
    /// Units of each hidden layer of the policy and the value network.
    public var hiddenSizes: [Int] = [64, 64]
    /// Periods played by each environment copy per update.
    public var rolloutLength: Int = 128
    /// Passes over each rollout.
    public var epochs: Int = 4
    /// Samples per gradient step (a divisor of `environments × rolloutLength` is best).
    public var minibatchSize: Int = 1024
    /// Adam step size of the policy network at the start (annealed linearly to 0 when `annealLearningRate`).
    public var policyLearningRate: Float = 3e-4
    /// Adam step size of the value network at the start.
    public var valueLearningRate: Float = 1e-3
    /// Whether step sizes fall linearly to 0 over `totalUpdates`.
    public var annealLearningRate: Bool = true
    /// PPO clip range `ε` of the probability ratio.
    public var clipRange: Float = 0.2
    /// Entropy bonus coefficient at the start.
    public var entropyCoefficient: Float = 0.01
    /// Entropy bonus coefficient at the end (linear schedule between the two).
    public var finalEntropyCoefficient: Float = 0
    /// Discount factor `γ` per period.
    public var discount: Double = 0.99
    /// GAE parameter `λ`.
    public var gaeLambda: Double = 0.95
    /// Largest global gradient norm per network (clipped above).
    public var maxGradientNorm: Float = 0.5
    /// Number of updates (each `environments × rolloutLength` periods).
    public var totalUpdates: Int = 200
    /// Updates per segment: at each segment start the environments are reseeded and reset, and a
    /// checkpoint may be written, so a resumed run repeats the uninterrupted one exactly.
    public var updatesPerSegment: Int = 10
    /// Seed of everything random in training (environments, sampling, initial weights, shuffling).
    public var seed: UInt64 = 1

    /// Creates the default configuration.
    public init() {}

    /// Checks every field.
    /// - Throws: `PPOError` naming the field and its allowed range.
    public func validate() throws {
        func require(_ ok: Bool, _ message: String) throws { if !ok { throw PPOError(message) } }
        try require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { (1...4096).contains($0) },
                    "hiddenSizes must list 1 or more layer sizes in 1...4096, got \(hiddenSizes).")
        try require((1...100_000).contains(rolloutLength), "rolloutLength must lie in 1...100000 periods, got \(rolloutLength).")
        try require((1...100).contains(epochs), "epochs must lie in 1...100, got \(epochs).")
        try require(minibatchSize >= 2, "minibatchSize must be at least 2 samples, got \(minibatchSize).")
        try require(policyLearningRate.isFinite && policyLearningRate > 0, "policyLearningRate must be positive, got \(policyLearningRate).")
        try require(valueLearningRate.isFinite && valueLearningRate > 0, "valueLearningRate must be positive, got \(valueLearningRate).")
        try require(clipRange.isFinite && clipRange > 0 && clipRange < 1, "clipRange must lie in (0, 1), got \(clipRange).")
        try require(entropyCoefficient.isFinite && entropyCoefficient >= 0 && finalEntropyCoefficient.isFinite
                        && finalEntropyCoefficient >= 0, "entropy coefficients must be finite and >= 0.")
        try require(discount > 0 && discount < 1, "discount must lie in (0, 1), got \(discount).")
        try require(gaeLambda >= 0 && gaeLambda <= 1, "gaeLambda must lie in [0, 1], got \(gaeLambda).")
        try require(maxGradientNorm.isFinite && maxGradientNorm > 0, "maxGradientNorm must be positive, got \(maxGradientNorm).")
        try require(totalUpdates >= 1, "totalUpdates must be at least 1, got \(totalUpdates).")
        try require(updatesPerSegment >= 1, "updatesPerSegment must be at least 1, got \(updatesPerSegment).")
    }
}

/// A PPO failure: invalid settings, a mismatched checkpoint, or non-finite values during training
/// (the message names the update and environment step at which they appeared).
public struct PPOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Explanation.
    public let message: String
    /// Environment steps taken when non-finite values appeared, if that was the cause.
    public let environmentStep: Int?

    /// Creates an error.
    public init(_ message: String, environmentStep: Int? = nil) {
        self.message = message
        self.environmentStep = environmentStep
    }

    /// The message.
    public var description: String { message }
}
