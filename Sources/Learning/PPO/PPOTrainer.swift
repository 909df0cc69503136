// The PPO trainer: the update loop (rollout, advantages, epochs of shuffled minibatches with Adam),
// resuming from a checkpoint, and tracking the best evaluated policy. The checkpointed state is in
// PPOState.swift, the rollout storage and GAE in RolloutBuffer.swift, the loss in PPOLoss.swift.

import Dispatch
import Foundation
import Stochastics

/// Proximal policy optimisation for a discrete action space, on a `BatchedEnvironment` batch:
/// rollouts of `rolloutLength` periods from every copy, generalised advantage estimates
/// (truncated episodes are bootstrapped with the value of their last state; terminal ones, when
/// `episodesTerminate`, with 0), then `epochs`
/// passes of shuffled minibatches minimising the clipped surrogate loss minus an entropy bonus
/// (policy network) and the squared error of the value network, each with Adam and
/// global-norm gradient clipping.
///
/// Determinism: every random draw comes from streams seeded by `configuration.seed` and the
/// segment index, and minibatch gradients are computed in a fixed number of chunks (summed in
/// order), so a run is the same on any number of cores and a resumed run (from a segment
/// boundary) repeats the uninterrupted one exactly.
public final class PPOTrainer<Batch: BatchedEnvironment> {
    /// The training state (networks, optimisers, progress).
    public private(set) var state: PPOState
    /// The environment batch.
    public private(set) var environment: Batch

    private let n: Int
    private let t: Int
    private let f: Int
    private let a: Int
    private var agentStream: RandomStream
    /// Rollout storage and the advantages computed from it.
    private var rollout: RolloutBuffer
    // One step of the batch: the actions handed to it and what it hands back.
    private var stepActions: [Int]
    private var stepRewards: [Double]
    private var stepCosts: [Double]
    private var stepTruncated: [Bool]
    private var stepFinalFeatures: [Float]
    private let rolloutPolicy: MLPWorkspace
    private let rolloutValue: MLPWorkspace
    private let chunks: [MinibatchChunk]

    /// Number of chunks a minibatch's gradient is split into (fixed, so results do not depend on cores).
    public static var gradientChunks: Int { 2 }

    /// Starts a new run with freshly initialised networks.
    /// - Parameters:
    ///   - configuration: Settings (validated).
    ///   - environment: The batch to train on.
    ///   - runSettings: What else fixes the run (saved in `state.runSettings`, for checks on resume).
    /// - Throws: `PPOError` for invalid settings.
    public convenience init(configuration: PPOConfiguration, environment: Batch, runSettings: [PPORunSetting] = []) throws {
        try configuration.validate()
        let initStream = RandomStream(seed: SplitMix64.mix(configuration.seed, 0x1A17))
        let f = environment.featureCount
        let policy = MultilayerPerceptron(sizes: [f] + configuration.hiddenSizes + [environment.actionCount],
                                          outputGain: 0.01, uniform: initStream.uniform)
        let value = MultilayerPerceptron(sizes: [f] + configuration.hiddenSizes + [1], outputGain: 1, uniform: initStream.uniform)
        var state = PPOState(
            configuration: configuration, environmentCount: environment.count, policy: policy, value: value,
            policyOptimizer: AdamOptimizer(count: policy.parameters.count, learningRate: configuration.policyLearningRate,
                                           maxGradientNorm: configuration.maxGradientNorm),
            valueOptimizer: AdamOptimizer(count: value.parameters.count, learningRate: configuration.valueLearningRate,
                                          maxGradientNorm: configuration.maxGradientNorm),
            completedUpdates: 0, environmentSteps: 0, history: [])
        state.runSettings = runSettings
        try self.init(resuming: state, environment: environment)
    }

    /// Continues a run from a checkpoint taken at a segment boundary.
    /// - Parameters:
    ///   - state: The saved state.
    ///   - environment: A batch of the same shape as the one the run started with.
    /// - Throws: `PPOError` when the checkpoint's version, sizes or progress do not fit.
    public init(resuming state: PPOState, environment: Batch) throws {
        guard state.format == PPOState.formatName, state.version == PPOState.currentVersion else {
            throw PPOError("checkpoint format '\(state.format)' version \(state.version) is not supported (this build reads '\(PPOState.formatName)' version \(PPOState.currentVersion)).")
        }
        try state.configuration.validate()
        let c = state.configuration
        guard state.environmentCount == environment.count, state.policy.inputCount == environment.featureCount,
              state.policy.outputCount == environment.actionCount, state.value.inputCount == environment.featureCount,
              state.value.outputCount == 1 else {
            throw PPOError(
                "the checkpoint was made for \(state.environmentCount) environments with \(state.policy.inputCount) features and \(state.policy.outputCount) actions; this environment has \(environment.count), \(environment.featureCount) and \(environment.actionCount).")
        }
        // A mismatch would stop the first Adam step on a precondition.
        guard state.policyOptimizer.firstMoment.count == state.policy.parameters.count,
              state.valueOptimizer.firstMoment.count == state.value.parameters.count else {
            throw PPOError("the checkpoint's optimiser state does not fit its networks (\(state.policyOptimizer.firstMoment.count) and \(state.valueOptimizer.firstMoment.count) moments for \(state.policy.parameters.count) and \(state.value.parameters.count) parameters).")
        }
        guard state.completedUpdates % c.updatesPerSegment == 0 || state.completedUpdates == c.totalUpdates else {
            throw PPOError("the checkpoint was not taken at a segment boundary (update \(state.completedUpdates)).")
        }
        self.state = state
        self.environment = environment
        n = environment.count
        t = c.rolloutLength
        f = environment.featureCount
        a = environment.actionCount
        agentStream = RandomStream(seed: 0)
        let samples = n * t
        rollout = RolloutBuffer(copies: n, steps: t, featureCount: f)
        stepActions = [Int](repeating: 0, count: n)
        stepRewards = [Double](repeating: 0, count: n)
        stepCosts = [Double](repeating: 0, count: n)
        stepTruncated = [Bool](repeating: false, count: n)
        stepFinalFeatures = [Float](repeating: 0, count: n * f)
        rolloutPolicy = MLPWorkspace(sizes: state.policy.sizes, capacity: n)
        rolloutValue = MLPWorkspace(sizes: state.value.sizes, capacity: n)
        let minibatch = min(c.minibatchSize, samples)
        let chunkCapacity = (minibatch + Self.gradientChunks - 1) / Self.gradientChunks
        chunks = (0..<Self.gradientChunks).map { _ in
            MinibatchChunk(policySizes: state.policy.sizes, valueSizes: state.value.sizes, capacity: chunkCapacity,
                           policyParameters: state.policy.parameters.count, valueParameters: state.value.parameters.count)
        }
    }

    /// Whether all `totalUpdates` are done.
    public var isFinished: Bool { state.completedUpdates >= state.configuration.totalUpdates }

    /// Whether the next update starts a segment (a good moment for a checkpoint has just passed).
    public var isAtSegmentBoundary: Bool { state.completedUpdates % state.configuration.updatesPerSegment == 0 }

    /// Plays one rollout and improves both networks on it.
    /// - Returns: The update's statistics (also appended to `state.history`).
    /// - Throws: `PPOError` when a reward, loss or gradient is NaN or infinite (the state is left
    ///   as it was before the offending step; keep the last checkpoint), or environment errors.
    @discardableResult
    public func update() throws -> PPOUpdateStatistics {
        precondition(!isFinished, "training is finished")
        let c = state.configuration
        if isAtSegmentBoundary {
            let segment = UInt64(state.completedUpdates / c.updatesPerSegment)
            let base = SplitMix64.mix(c.seed, 0x5E6 &+ segment)
            try environment.reset(seeds: (0..<n).map { SplitMix64.mix(base, UInt64($0)) })
            agentStream = RandomStream(seed: SplitMix64.mix(base, 0xA6E47))
        }
        let stepsBefore = state.environmentSteps
        let (meanReward, meanCost) = try collectRollout()
        rollout.computeAdvantages(discount: c.discount, gaeLambda: c.gaeLambda)
        let progress = Float(state.completedUpdates) / Float(c.totalUpdates)
        let rateFactor: Float = c.annealLearningRate ? 1 - progress : 1
        state.policyOptimizer.learningRate = c.policyLearningRate * rateFactor
        state.valueOptimizer.learningRate = c.valueLearningRate * rateFactor
        let entropyCoefficient = c.entropyCoefficient + (c.finalEntropyCoefficient - c.entropyCoefficient) * progress
        let totals = try optimise(entropyCoefficient: entropyCoefficient, environmentStep: stepsBefore + n * t)
        state.completedUpdates += 1
        let statistics = PPOUpdateStatistics(
            update: state.completedUpdates, environmentSteps: state.environmentSteps, episodes: state.episodes,
            meanReward: meanReward,
            meanCostPerPeriod: meanCost, policyLoss: totals.policyLoss, valueLoss: totals.valueLoss,
            entropy: totals.entropy, approximateKL: totals.kl, clipFraction: totals.clipFraction)
        state.history.append(statistics)
        return statistics
    }

    private func collectRollout() throws -> (meanReward: Double, meanCost: Double) {
        var rewardSum = 0.0
        var costSum = 0.0
        let policy = state.policy
        let value = state.value
        for step in 0..<t {
            let base = step * n
            rollout.features.withUnsafeMutableBufferPointer { buffer in
                let rows = buffer.baseAddress! + base * f
                environment.writeFeatures(into: rows)
                policy.forward(rows, batch: n, workspace: rolloutPolicy)
                value.forward(rows, batch: n, workspace: rolloutValue)
            }
            rolloutValue.withOutput { v in
                for i in 0..<n { rollout.values[base + i] = v[i] }
            }
            rolloutPolicy.withOutput { logits in
                for i in 0..<n {
                    let row = logits.baseAddress! + i * a
                    let (action, logp) = Self.sample(row, count: a, uniform: agentStream.uniform())
                    stepActions[i] = action
                    rollout.actions[base + i] = Int32(action)
                    rollout.oldLogProbabilities[base + i] = logp
                }
            }
            try stepRewards.withUnsafeMutableBufferPointer { r in
                try stepTruncated.withUnsafeMutableBufferPointer { tr in
                    try stepFinalFeatures.withUnsafeMutableBufferPointer { ff in
                        try stepCosts.withUnsafeMutableBufferPointer { co in
                            try environment.step(actions: stepActions, rewards: r.baseAddress!, truncated: tr.baseAddress!,
                                                 finalFeatures: ff.baseAddress!, costs: co.baseAddress!)
                        }
                    }
                }
            }
            state.environmentSteps += n
            var anyTruncated = false
            for i in 0..<n {
                let r = stepRewards[i]
                guard r.isFinite else {
                    throw PPOError("reward of environment \(i) is \(r) at environment step \(state.environmentSteps); training stopped.",
                                   environmentStep: state.environmentSteps)
                }
                rollout.rewards[base + i] = r
                rewardSum += r
                costSum += stepCosts[i]
                rollout.truncated[base + i] = stepTruncated[i]
                if stepTruncated[i] {
                    anyTruncated = true
                    state.episodes += 1
                }
            }
            if anyTruncated && environment.episodesTerminate {
                for i in 0..<n where stepTruncated[i] { rollout.finalValues[base + i] = 0 }
            } else if anyTruncated {
                stepFinalFeatures.withUnsafeBufferPointer { ff in
                    value.forward(ff.baseAddress!, batch: n, workspace: rolloutValue)
                }
                rolloutValue.withOutput { v in
                    for i in 0..<n where stepTruncated[i] { rollout.finalValues[base + i] = v[i] }
                }
            }
        }
        // Values of the states after the rollout, for bootstrapping.
        var scratch = [Float](repeating: 0, count: n * f)
        scratch.withUnsafeMutableBufferPointer { environment.writeFeatures(into: $0.baseAddress!) }
        scratch.withUnsafeBufferPointer { value.forward($0.baseAddress!, batch: n, workspace: rolloutValue) }
        rolloutValue.withOutput { v in
            for i in 0..<n { rollout.bootstrap[i] = v[i] }
        }
        let count = Double(n * t)
        return (rewardSum / count, costSum / count)
    }

    /// Samples an action from the softmax of `logits`; returns it with its log-probability.
    static func sample(_ logits: UnsafePointer<Float>, count: Int, uniform: Double) -> (Int, Float) {
        var top = logits[0]
        for j in 1..<count where logits[j] > top { top = logits[j] }
        var total = 0.0
        for j in 0..<count { total += exp(Double(logits[j] - top)) }
        let target = uniform * total
        var cumulative = 0.0
        var chosen = count - 1
        for j in 0..<count {
            cumulative += exp(Double(logits[j] - top))
            if target < cumulative { chosen = j; break }
        }
        return (chosen, Float(Double(logits[chosen] - top) - log(total)))
    }

    struct Totals {
        var policyLoss = 0.0, valueLoss = 0.0, entropy = 0.0, kl = 0.0, clipFraction = 0.0
    }

    private func optimise(entropyCoefficient: Float, environmentStep: Int) throws -> Totals {
        let c = state.configuration
        let samples = n * t
        let minibatch = min(c.minibatchSize, samples)
        var order = Array(0..<samples)
        var totals = Totals()
        var minibatches = 0
        var policyGradient = [Float](repeating: 0, count: state.policy.parameters.count)
        var valueGradient = [Float](repeating: 0, count: state.value.parameters.count)
        for _ in 0..<c.epochs {
            for i in stride(from: samples - 1, to: 0, by: -1) {
                order.swapAt(i, agentStream.uniformInt(below: i + 1))
            }
            var start = 0
            while start + minibatch <= samples {
                let batch = Array(order[start..<(start + minibatch)])
                start += minibatch
                // Advantage normalisation over the minibatch.
                var mean = 0.0
                for k in batch { mean += Double(rollout.advantages[k]) }
                mean /= Double(minibatch)
                var variance = 0.0
                for k in batch { variance += (Double(rollout.advantages[k]) - mean) * (Double(rollout.advantages[k]) - mean) }
                let sd = (variance / Double(max(minibatch - 1, 1))).squareRoot()
                let context = ChunkContext(
                    policy: state.policy, value: state.value, features: rollout.features, featureCount: f, actionCount: a,
                    actions: rollout.actions, oldLogProbabilities: rollout.oldLogProbabilities,
                    advantages: rollout.advantages, returns: rollout.returns,
                    advantageMean: Float(mean), advantageScale: Float(1 / (sd + 1e-8)), clip: c.clipRange,
                    entropyCoefficient: entropyCoefficient, minibatchSize: minibatch)
                let per = (minibatch + chunks.count - 1) / chunks.count
                let chunks = self.chunks
                DispatchQueue.concurrentPerform(iterations: chunks.count) { j in
                    let lower = min(j * per, minibatch)
                    let upper = min(lower + per, minibatch)
                    chunks[j].run(indices: batch[lower..<upper], context: context)
                }
                for j in policyGradient.indices { policyGradient[j] = 0 }
                for j in valueGradient.indices { valueGradient[j] = 0 }
                for chunk in chunks {
                    for j in policyGradient.indices { policyGradient[j] += chunk.policyGradient[j] }
                    for j in valueGradient.indices { valueGradient[j] += chunk.valueGradient[j] }
                    totals.policyLoss += chunk.policyLoss
                    totals.valueLoss += chunk.valueLoss
                    totals.entropy += chunk.entropy
                    totals.kl += chunk.kl
                    totals.clipFraction += chunk.clipped
                }
                minibatches += 1
                do {
                    var policyParameters = state.policy.parameters
                    var valueParameters = state.value.parameters
                    try state.policyOptimizer.step(parameters: &policyParameters, gradient: policyGradient)
                    try state.valueOptimizer.step(parameters: &valueParameters, gradient: valueGradient)
                    state.policy.parameters = policyParameters
                    state.value.parameters = valueParameters
                } catch {
                    throw PPOError(
                        "a gradient became NaN or infinite in update \(state.completedUpdates + 1) (environment step \(environmentStep)); training stopped.",
                        environmentStep: environmentStep)
                }
            }
        }
        let scale = 1 / Double(max(minibatches, 1) * minibatch)
        totals.policyLoss *= scale
        totals.valueLoss *= scale
        totals.entropy *= scale
        totals.kl *= scale
        totals.clipFraction *= scale
        guard totals.policyLoss.isFinite, totals.valueLoss.isFinite else {
            throw PPOError("a loss became NaN or infinite in update \(state.completedUpdates + 1) (environment step \(environmentStep)); training stopped.",
                           environmentStep: environmentStep)
        }
        return totals
    }

    /// Records an evaluation of the current policy (lower is better) in `state.evaluations`, and keeps
    /// the policy as `state.best` when its finite score beats every earlier one: training then delivers
    /// the best policy it evaluated, not merely the last.
    /// - Parameters:
    ///   - score: The policy's score, e.g. its long-run cost per period.
    ///   - halfWidth95: Half-width of the score's 95% confidence interval (0 when exact).
    ///   - isExact: Whether the score is exact rather than simulated.
    public func record(score: Double, halfWidth95: Double, isExact: Bool) {
        state.evaluations.append(PPOEvaluation(update: state.completedUpdates, score: score, halfWidth95: halfWidth95,
                                               isExact: isExact))
        guard score.isFinite else { return }
        if let best = state.best, best.score <= score { return }
        state.best = PPOSnapshot(update: state.completedUpdates, score: score, policy: state.policy)
    }

    /// The greedy action (largest logit) of a feature vector.
    public func greedyAction(_ features: [Float]) -> Int {
        PPOTrainer.argmax(state.policy.evaluate(features))
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for j in 1..<values.count where values[j] > values[best] { best = j }
        return best
    }
}
