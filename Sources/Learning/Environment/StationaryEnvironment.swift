import Policies
import Stochastics

/// A Gymnasium-like single-SKU periodic-review inventory environment with lost sales (or
/// backorders) and a lead time, following Zipkin (2008) timing (see `StationaryConfiguration`).
///
/// Observation (length `L + 3`, see `observationSpace`), read at a decision epoch before the
/// period's arrival:
/// `[onHand, q_1, ..., q_L, inventoryPosition, period]` where `onHand` is the stock left at the
/// end of the previous period (net inventory, possibly negative, under backorders), `q_1` is the
/// order arriving at the start of this period and `q_L` the most recent one (units),
/// `inventoryPosition = onHand + Σ q_i` (units) and `period` is the index of the period about to
/// be played within the episode (0 after `reset`).
///
/// Action: the order quantity in units, `0 ... maxOrderUnits`; with joint pricing (`priceLevels`)
/// the index `order + (maxOrderUnits + 1) × level` (see `StationaryConfiguration.priceLevels`).
/// Reward: `−(h × on hand at period end + p × units lost + K × 1{order > 0}) / scale` (or `b × backlog`).
///
/// Randomness: the environment owns a seeded GSL `RandomStream` (mt19937) and draws exactly one
/// `uniform()` per step, turned into demand by an exact inverse-cdf table. `reset(seed:)`
/// reseeds; `reset()` keeps the stream going (as after auto-reset). The stream is a class, so
/// copies of an environment value share it; create one environment per copy you step.
public struct StationaryEnvironment {
    /// The configuration this environment was built from.
    public let configuration: StationaryConfiguration
    /// Box space of the observation vector (`L + 3` components).
    public let observationSpace: ObservationSpace
    /// `Discrete(maxOrderUnits + 1)`: order quantities in units.
    public let actionSpace: ActionSpace
    /// The demand pmf actually sampled (units per period).
    public let demandPMF: DiscretePMF

    let dynamics: StationaryDynamics
    private var stream: RandomStream
    /// On hand (lost sales) or net inventory (backorders), units.
    private var stock: Int
    /// Ring buffer of the `L` outstanding orders; `pipeline[(head + i) % L]` is `q_{i+1}`.
    private var pipeline: [Int]
    private var head: Int
    private var pipelineTotal: Int
    /// Index of the period about to be played.
    public private(set) var period: Int

    /// Builds the environment and seeds it with `seed`.
    /// - Parameters:
    ///   - configuration: Model parameters.
    ///   - seed: Seed of the environment's random stream; 0 by default.
    /// - Throws: `EnvironmentError` for an invalid configuration.
    public init(configuration: StationaryConfiguration, seed: UInt64 = 0) throws {
        try configuration.validate()
        let (dynamics, pmfs) = try StationaryDynamics.make(configuration)
        self.configuration = configuration
        self.demandPMF = pmfs[0]
        self.dynamics = dynamics
        self.observationSpace = try Self.makeObservationSpace(configuration)
        self.actionSpace = try ActionSpace(count: configuration.actionCount)
        self.stream = RandomStream(seed: seed)
        self.stock = configuration.initialOnHandUnits
        self.pipeline = [Int](repeating: 0, count: configuration.leadTimePeriods)
        self.head = 0
        self.pipelineTotal = 0
        self.period = 0
    }

    static func makeObservationSpace(_ c: StationaryConfiguration) throws -> ObservationSpace {
        let stockLow = c.shortage.isBackorder ? -Double.infinity : 0
        var low = [stockLow]
        var high = [Double.infinity]
        var names = [c.shortage.isBackorder ? "netInventory[units]" : "onHand[units]"]
        for i in 0..<c.leadTimePeriods {
            low.append(0)
            high.append(Double(c.maxOrderUnits))
            names.append("pipeline_q\(i + 1)[units]")
        }
        low.append(stockLow)
        high.append(.infinity)
        names.append("inventoryPosition[units]")
        low.append(0)
        high.append(Double(c.episodeLength))
        names.append("period[periods]")
        return try ObservationSpace(low: low, high: high, names: names)
    }

    /// Starts a new episode with a freshly seeded stream.
    /// - Parameter seed: Seed of the random stream (GSL folds it to 32 bits).
    /// - Returns: The initial observation.
    public mutating func reset(seed: UInt64) -> [Double] {
        stream = RandomStream(seed: seed)
        return reset()
    }

    /// Starts a new episode, continuing the current random stream.
    /// - Returns: The initial observation: `initialOnHandUnits` on hand, empty pipeline, period 0.
    @discardableResult
    public mutating func reset() -> [Double] {
        stock = configuration.initialOnHandUnits
        for i in pipeline.indices { pipeline[i] = 0 }
        head = 0
        pipelineTotal = 0
        period = 0
        return observation()
    }

    /// The current observation (see the type's documentation for its layout).
    /// - Returns: A vector of `L + 3` values.
    public func observation() -> [Double] {
        var result = [Double](repeating: 0, count: observationSpace.count)
        result[0] = Double(stock)
        let l = pipeline.count
        for i in 0..<l { result[1 + i] = Double(pipeline[(head + i) % l]) }
        result[l + 1] = Double(stock + pipelineTotal)
        result[l + 2] = Double(period)
        return result
    }

    /// Units on hand (net inventory under backorders) before this period's arrival.
    public var stockUnits: Int { stock }

    /// The outstanding orders `q_1 ... q_L` by arrival order, units.
    public var pipelineUnits: [Int] {
        let l = pipeline.count
        return (0..<l).map { pipeline[(head + $0) % l] }
    }

    /// On hand (or net inventory) plus everything on order, units.
    public var inventoryPositionUnits: Int { stock + pipelineTotal }

    /// Whether the episode has reached its length and must be `reset` before stepping again.
    public var isTruncated: Bool { period >= configuration.episodeLength }

    /// Plays one period without building an observation or info dictionary (allocation-free).
    /// - Parameter action: Order quantity in units, `0 ... maxOrderUnits`.
    /// - Returns: What happened in the period.
    /// - Throws: `EnvironmentError` for an action outside the space or stepping a truncated episode.
    public mutating func advance(_ action: Int) throws -> PeriodOutcome {
        try actionSpace.validate(action)
        guard !isTruncated else {
            throw EnvironmentError(
                "the episode was truncated after \(configuration.episodeLength) periods; call reset() before stepping again.")
        }
        let (order, level) = dynamics.decode(action)
        let arriving: Int
        let l = pipeline.count
        if l == 0 {
            arriving = order
        } else {
            arriving = pipeline[head]
            pipeline[head] = order
            head = head + 1 == l ? 0 : head + 1
            pipelineTotal += order - arriving
        }
        let demand = dynamics.samplers[level].sample(stream.uniform())
        period += 1
        return dynamics.period(stock: &stock, arriving: arriving, demand: demand, ordered: order, level: level)
    }

    /// Plays one period, Gymnasium-style.
    /// - Parameter action: Order quantity in units, `0 ... maxOrderUnits`.
    /// - Returns: Next observation, reward `−cost / scale`, `terminated = false`, `truncated` when
    ///   the episode length is reached, and diagnostics in `info`.
    /// - Throws: `EnvironmentError` for an action outside the space (the message names the
    ///   allowed range) or stepping a truncated episode.
    public mutating func step(_ action: Int) throws -> StepResult {
        let played = period
        let outcome = try advance(action)
        return StepResult(
            observation: observation(),
            reward: -outcome.cost / dynamics.rewardScale,
            terminated: false,
            truncated: isTruncated,
            info: [
                "cost": outcome.cost, "holdingCost": outcome.holdingCost, "shortageCost": outcome.shortageCost,
                "orderingCost": outcome.orderingCost,
                "demand": Double(outcome.demandUnits), "sales": Double(outcome.salesUnits),
                "shortage": Double(outcome.shortageUnits), "arrived": Double(outcome.arrivedUnits),
                "order": Double(dynamics.decode(action).order), "priceLevel": Double(dynamics.decode(action).level),
                "revenue": outcome.revenue, "period": Double(played),
            ])
    }
}
