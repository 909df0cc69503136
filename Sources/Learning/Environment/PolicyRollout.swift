import Policies
import Stochastics

/// Average period cost of a simulated run, with a batch-means confidence interval.
public struct RolloutEstimate: Sendable, Equatable {
    /// Mean cost per period over all measured periods, currency per period.
    public var meanCost: Double
    /// Mean cost of each batch, currency per period.
    public var batchMeans: [Double]
    /// Half-width of the two-sided 99% Student-t interval from the batch means, currency per period.
    public var halfWidth99: Double

    /// Whether `value` lies in `meanCost ± halfWidth99`.
    /// - Parameter value: A cost per period.
    /// - Returns: `true` when inside the interval.
    public func covers(_ value: Double) -> Bool { abs(value - meanCost) <= halfWidth99 }
}

/// Runs a `Policy` (e.g. `BaseStockPolicy`) through a `StationaryEnvironment` — the bridge used to
/// check the environment against exact Markov-chain costs.
public enum PolicyRollout {
    /// The policy's order for the environment's current state, clamped to the action space.
    ///
    /// The policy sees `Observation(sku: 0, day: period, onHandUnits: max(stock, 0),
    /// backorderedUnits: max(−stock, 0), pipeline: q_1 ... q_L from supplier 0 due on days
    /// `period ... period + L − 1`, price: 0)`; the action is the total ordered from all
    /// suppliers, clamped to `0 ... maxOrderUnits`; with pricing, combined with the level whose
    /// price is nearest to the policy's (the first level when it sets none).
    /// - Parameters:
    ///   - policy: Any policy.
    ///   - environment: The environment, at a decision epoch.
    /// - Returns: An action in the environment's action space.
    public static func action(for policy: some Policy, in environment: StationaryEnvironment) -> Int {
        let stock = environment.stockUnits
        let day = Double(environment.period)
        let pipeline = environment.pipelineUnits.enumerated().map {
            PipelineOrder(supplier: 0, quantityUnits: $0.element, dueDay: day + Double($0.offset))
        }
        let observation = Observation(
            sku: 0, day: day, onHandUnits: max(stock, 0), backorderedUnits: max(-stock, 0), pipeline: pipeline, price: 0)
        let decision = policy.decide(observation)
        let c = environment.configuration
        let ordered = min(max(decision.totalOrderUnits, 0), c.maxOrderUnits)
        guard !c.priceLevels.isEmpty else { return ordered }
        // The nearest price level to the policy's price (the first level when it sets none).
        let level = decision.price.flatMap { PriceLevels.nearestIndex(to: $0, in: c.priceLevels.map(\.price)) } ?? 0
        return ordered + c.orderChoices * level
    }

    /// Runs one long episode under `policy` and estimates its cost per period by batch means.
    /// - Parameters:
    ///   - policy: The policy to evaluate.
    ///   - environment: The environment (its `episodeLength` must cover `warmUpPeriods + batches × periodsPerBatch`).
    ///   - seed: Seed passed to `reset(seed:)`.
    ///   - warmUpPeriods: Periods played and discarded first, `>= 0`.
    ///   - batches: Number of batches, `>= 2`.
    ///   - periodsPerBatch: Periods per batch, `>= 1`.
    /// - Returns: Mean cost (currency per period), batch means and a 99% half-width.
    /// - Throws: `EnvironmentError` for invalid counts or a too-short episode.
    public static func estimateCost(
        of policy: some Policy, in environment: inout StationaryEnvironment, seed: UInt64,
        warmUpPeriods: Int, batches: Int, periodsPerBatch: Int
    ) throws -> RolloutEstimate {
        guard warmUpPeriods >= 0, batches >= 2, periodsPerBatch >= 1 else {
            throw EnvironmentError(
                "need warmUpPeriods >= 0, batches >= 2 and periodsPerBatch >= 1; got \(warmUpPeriods), \(batches), \(periodsPerBatch).")
        }
        let needed = warmUpPeriods + batches * periodsPerBatch
        guard environment.configuration.episodeLength >= needed else {
            throw EnvironmentError(
                "episodeLength \(environment.configuration.episodeLength) is shorter than the \(needed) periods of the run.")
        }
        _ = environment.reset(seed: seed)
        for _ in 0..<warmUpPeriods {
            _ = try environment.advance(action(for: policy, in: environment))
        }
        var means: [Double] = []
        for _ in 0..<batches {
            var sum = 0.0
            for _ in 0..<periodsPerBatch {
                sum += try environment.advance(action(for: policy, in: environment)).cost
            }
            means.append(sum / Double(periodsPerBatch))
        }
        let mean = means.reduce(0, +) / Double(batches)
        let variance = means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(batches - 1)
        let half = StudentT.quantile(0.995, degreesOfFreedom: Double(batches - 1)) * (variance / Double(batches)).squareRoot()
        return RolloutEstimate(meanCost: mean, batchMeans: means, halfWidth99: half)
    }
}
