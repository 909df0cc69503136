import Foundation
import Policies
import Stochastics

/// Hyper-parameters of `QLearningAgent`.
public struct QLearningParameters: Sendable, Equatable {
    /// States with more than this many units on hand (after the arrival) share the key of `onHandCap`; `>= 0`.
    public var onHandCap: Int
    /// `ω` in the learning rate `α_n = 1 / n^ω`, `n` = visits of the state-action pair
    /// including the current one; in `(0.5, 1]` (1 is the classic harmonic rate, slower).
    public var learningRateExponent: Double
    /// Exploration probability at step 0, in `[0, 1]`.
    public var epsilonStart: Double
    /// Exploration probability approached as training goes on, in `[0, epsilonStart]`.
    public var epsilonEnd: Double
    /// `d` of the schedule `ε_t = ε_end + (ε_start − ε_end) d / (d + t)` (`t` counts all
    /// training steps of the agent, across `train` calls); `> 0`.
    public var epsilonDecaySteps: Double
    /// Periods per learning-curve window in `QLearningReport`, `>= 1`.
    public var reportWindow: Int

    /// Creates parameters.
    public init(
        onHandCap: Int, learningRateExponent: Double = 0.7, epsilonStart: Double = 1, epsilonEnd: Double = 0.05,
        epsilonDecaySteps: Double = 500, reportWindow: Int = 10_000
    ) {
        self.onHandCap = onHandCap
        self.learningRateExponent = learningRateExponent
        self.epsilonStart = epsilonStart
        self.epsilonEnd = epsilonEnd
        self.epsilonDecaySteps = epsilonDecaySteps
        self.reportWindow = reportWindow
    }

    /// Defaults for an environment: `onHandCap = (L + 1) × maxOrderUnits` (at least 1).
    public static func defaults(for configuration: StationaryConfiguration) -> QLearningParameters {
        QLearningParameters(onHandCap: max(1, (configuration.leadTimePeriods + 1) * configuration.maxOrderUnits))
    }

    func validate() throws {
        guard onHandCap >= 0 else { throw QLearningError("onHandCap must be >= 0 units, got \(onHandCap).") }
        guard learningRateExponent > 0.5, learningRateExponent <= 1 else {
            throw QLearningError("learningRateExponent must lie in (0.5, 1], got \(learningRateExponent).")
        }
        guard (0...1).contains(epsilonStart), epsilonEnd >= 0, epsilonEnd <= epsilonStart else {
            throw QLearningError("need 0 <= epsilonEnd <= epsilonStart <= 1, got \(epsilonEnd) and \(epsilonStart).")
        }
        guard epsilonDecaySteps.isFinite, epsilonDecaySteps > 0 else {
            throw QLearningError("epsilonDecaySteps must be finite and > 0, got \(epsilonDecaySteps).")
        }
        guard reportWindow >= 1 else { throw QLearningError("reportWindow must be >= 1 period, got \(reportWindow).") }
    }
}

/// An invalid setting, a mismatched environment, or non-finite Q values (the message names the step).
public struct QLearningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Explanation.
    public let message: String
    /// The training step (0-based, counted over the agent's life) at which Q became non-finite, if that was the cause.
    public let step: Int?

    /// Creates an error.
    public init(_ message: String, step: Int? = nil) {
        self.message = message
        self.step = step
    }

    /// The message.
    public var description: String { message }
}

/// What one `train` call did: a learning curve and the final state of the schedule.
public struct QLearningReport: Sendable, Equatable {
    /// Steps played in this call.
    public var steps: Int
    /// Periods per window (the last window may be shorter, see `windowLengths`).
    public var window: Int
    /// Mean environment reward (`−cost / scale`) per window, in order: the learning curve.
    public var windowMeanRewards: [Double]
    /// Mean cost per period (currency) per window.
    public var windowMeanCosts: [Double]
    /// Periods in each window.
    public var windowLengths: [Int]
    /// Exploration probability used at the last step.
    public var finalEpsilon: Double
    /// States in the Q table after training.
    public var stateCount: Int
    /// `f(Q)` = mean of all Q entries: the agent's estimate of the optimal average cost per period.
    public var averageCostEstimate: Double
}

/// Tabular Q-learning (Watkins) for the long-run average cost of a `StationaryEnvironment`,
/// in its relative form: **RVI Q-learning** (Abounadi, Bertsekas & Borkar, "Learning
/// algorithms for Markov decision processes with average cost", SIAM J. Control Optim. 40(3),
/// 2001). No discount factor is used. After playing action `a` in state `s` with cost `c` and
/// landing in `s'`:
///
///     Q(s, a) ← Q(s, a) + α_n [c + min_b Q(s', b) − f(Q) − Q(s, a)],   α_n = 1 / n^ω,
///
/// with `f(Q)` the mean of all table entries (a valid ABB reference function: `f(Q + k) = f(Q) + k`),
/// so at the fixed point `f(Q*)` is the optimal average cost. `n` counts visits of `(s, a)`.
/// The minimum over `b` (and the greedy policy) only considers actions already tried in `s'`
/// (zero-initialised, untried entries would otherwise look cheapest); with none tried the
/// bootstrap value is 0.
///
/// Costs, not rewards, are learned (the environment's cost in currency, independent of its
/// reward normalisation), so lower Q is better.
///
/// State key (`QStateKey`): on hand after this period's arrival, capped at `onHandCap`, and the
/// orders still in transit. Actions: order quantities `0 ... maxOrderUnits`.
///
/// Exploration: ε-greedy with `ε_t = ε_end + (ε_start − ε_end) d / (d + t)`, drawn from the
/// agent's own `RandomStream` (GSL mt19937) seeded at `init`, so training is deterministic for a
/// seed and an identically seeded environment. The environment is stepped with `advance`; on
/// truncation the update still bootstraps from the final state (truncation is not a terminal
/// state of the continuing task) and the environment is `reset()` (continuing its stream).
public struct QLearningAgent {
    /// Hyper-parameters.
    public let parameters: QLearningParameters
    /// Lead time of the environment trained on, periods.
    public let leadTimePeriods: Int
    /// Largest order, units.
    public let maxOrderUnits: Int
    /// The learned table.
    public private(set) var table: QTable
    /// Training steps played so far (over all `train` calls).
    public private(set) var stepsTrained: Int
    private let stream: RandomStream
    /// Seed of the exploration stream.
    public let seed: UInt64

    /// Creates an agent for environments of `configuration`.
    /// - Parameters:
    ///   - configuration: The environment's configuration (lead time and action count are taken from it).
    ///   - parameters: Hyper-parameters; `QLearningParameters.defaults(for:)` when nil.
    ///   - seed: Seed of the exploration stream.
    /// - Throws: `QLearningError` for invalid parameters, `EnvironmentError` for an invalid configuration.
    public init(configuration: StationaryConfiguration, parameters: QLearningParameters? = nil, seed: UInt64 = 0) throws {
        try configuration.validate()
        let p = parameters ?? .defaults(for: configuration)
        try p.validate()
        self.parameters = p
        self.leadTimePeriods = configuration.leadTimePeriods
        self.maxOrderUnits = configuration.maxOrderUnits
        self.table = QTable(actionCount: configuration.maxOrderUnits + 1)
        self.stepsTrained = 0
        self.seed = seed
        self.stream = RandomStream(seed: seed)
    }

    /// The exploration probability at training step `t`.
    public func epsilon(atStep t: Int) -> Double {
        let p = parameters
        let d = p.epsilonDecaySteps
        return p.epsilonEnd + (p.epsilonStart - p.epsilonEnd) * d / (d + Double(t))
    }

    /// The key of the environment's current state: `(min(onHand + q_1, cap), [q_2 ... q_L])`.
    public func key(of environment: StationaryEnvironment) -> QStateKey {
        let pipeline = environment.pipelineUnits
        let stock = max(environment.stockUnits, 0)
        if pipeline.isEmpty { return QStateKey(onHandUnits: min(stock, parameters.onHandCap), pipeline: []) }
        return QStateKey(onHandUnits: min(stock + pipeline[0], parameters.onHandCap), pipeline: Array(pipeline.dropFirst()))
    }

    /// The cheapest tried action of a row, or nil when none was tried.
    func bestTried(row: Int) -> (action: Int, value: Double)? {
        let n = table.actionCount
        var best: (action: Int, value: Double)? = nil
        for a in 0..<n where table.visitCount(row: row, action: a) > 0 {
            let v = table.value(row: row, action: a)
            if best == nil || v < best!.value { best = (a, v) }
        }
        return best
    }

    /// Trains for `steps` periods from the environment's current state.
    /// - Parameters:
    ///   - environment: An environment of the configuration given at `init` (same lead time and
    ///     action count); it is stepped in place (reset at truncation, and first if truncated).
    ///   - steps: Periods to play, `>= 0`.
    /// - Returns: The learning curve and schedule state.
    /// - Throws: `QLearningError` for a mismatched environment or when a Q value becomes
    ///   non-finite (training stops there; the message and `step` give the step number).
    public mutating func train(environment: inout StationaryEnvironment, steps: Int) throws -> QLearningReport {
        guard steps >= 0 else { throw QLearningError("steps must be >= 0, got \(steps).") }
        guard environment.configuration.leadTimePeriods == leadTimePeriods,
              environment.actionSpace.count == table.actionCount else {
            throw QLearningError(
                "environment has lead time \(environment.configuration.leadTimePeriods) and \(environment.actionSpace.count) actions; the agent was built for \(leadTimePeriods) and \(table.actionCount).")
        }
        let scale = environment.dynamics.rewardScale
        let omega = parameters.learningRateExponent
        let window = parameters.reportWindow
        let actionCount = table.actionCount
        var rewards: [Double] = []
        var costs: [Double] = []
        var lengths: [Int] = []
        var windowCost = 0.0
        var windowCount = 0
        var eps = epsilon(atStep: stepsTrained)
        if environment.isTruncated { environment.reset() }
        var row = table.insert(key(of: environment))
        for _ in 0..<steps {
            if environment.isTruncated {
                environment.reset()
                row = table.insert(key(of: environment))
            }
            let t = stepsTrained
            eps = epsilon(atStep: t)
            let action: Int
            if stream.uniform() < eps {
                action = stream.uniformInt(below: actionCount)
            } else {
                // Untried actions are tried first in a state never acted in greedily.
                action = bestTried(row: row)?.action ?? stream.uniformInt(below: actionCount)
            }
            let cost = try environment.advance(action).cost
            let next = table.insert(key(of: environment))
            let n = table.visitCount(row: row, action: action) + 1
            let alpha = omega == 1 ? 1 / Double(n) : Foundation.pow(Double(n), -omega)
            let old = table.value(row: row, action: action)
            let target = cost + (bestTried(row: next)?.value ?? 0) - table.meanValue
            let updated = old + alpha * (target - old)
            guard updated.isFinite, table.valueSum.isFinite else {
                throw QLearningError(
                    "Q value became non-finite at training step \(t) (state \(table.keys[row]), action \(action), cost \(cost)); training stopped.",
                    step: t)
            }
            table.update(row: row, action: action, to: updated)
            row = next
            stepsTrained += 1
            windowCost += cost
            windowCount += 1
            if windowCount == window {
                costs.append(windowCost / Double(windowCount))
                rewards.append(-windowCost / Double(windowCount) / scale)
                lengths.append(windowCount)
                windowCost = 0
                windowCount = 0
            }
        }
        if windowCount > 0 {
            costs.append(windowCost / Double(windowCount))
            rewards.append(-windowCost / Double(windowCount) / scale)
            lengths.append(windowCount)
        }
        return QLearningReport(
            steps: steps, window: window, windowMeanRewards: rewards, windowMeanCosts: costs, windowLengths: lengths,
            finalEpsilon: eps, stateCount: table.stateCount, averageCostEstimate: table.meanValue)
    }

    /// The greedy policy of the current table.
    ///
    /// Each state with at least one tried action maps to its cheapest tried action. The
    /// fallback for states never acted in is a learned base-stock rule: level `S` = the
    /// visit-weighted mean, rounded, of the greedy post-order inventory position
    /// `position(s) + greedy(s)` over those states (0 before any training), i.e. order
    /// `clamp(S − position, 0, maxOrderUnits)`.
    /// - Parameter supplier: Supplier index used in the returned actions.
    public func policy(supplier: Int = 0) -> QLearningPolicy {
        var actions: [QStateKey: Int] = [:]
        var weighted = 0.0
        var weight = 0.0
        for (r, key) in table.keys.enumerated() {
            guard let best = bestTried(row: r) else { continue }
            actions[key] = best.action
            var visits = 0
            for a in 0..<table.actionCount { visits += table.visitCount(row: r, action: a) }
            weighted += Double(visits) * Double(key.inventoryPositionUnits + best.action)
            weight += Double(visits)
        }
        let level = weight > 0 ? Int((weighted / weight).rounded()) : 0
        return QLearningPolicy(
            actions: actions, fallbackBaseStockLevel: level, onHandCap: parameters.onHandCap,
            leadTimePeriods: leadTimePeriods, maxOrderUnits: maxOrderUnits, supplier: supplier)
    }
}
