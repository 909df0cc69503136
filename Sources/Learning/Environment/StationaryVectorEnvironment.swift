import Stochastics

/// `count` independent copies of a `StationaryEnvironment` stepped together, with auto-reset on
/// truncation and results written into preallocated flat buffers (`batch`).
///
/// State is kept as a struct of arrays (stock, a shared-phase ring buffer of pipelines, period)
/// and each copy has its own seeded `RandomStream`, drawing one `uniform()` per step, exactly
/// like the single environment: copy `i` reset with `seeds[i]` follows the same trajectory as a
/// `StationaryEnvironment` reset with `seeds[i]` that calls `reset()` whenever it is truncated.
/// `step(actions:)` allocates nothing once `batch` is uniquely referenced.
public struct StationaryVectorEnvironment {
    /// Number of environments.
    public let count: Int
    /// The shared configuration.
    public let configuration: StationaryConfiguration
    /// Space of one observation row (`L + 3` components).
    public let observationSpace: ObservationSpace
    /// Space of one action (`Discrete(maxOrderUnits + 1)`).
    public let actionSpace: ActionSpace
    /// Outputs of the latest `reset` / `step`.
    public private(set) var batch: VectorBatch

    private let dynamics: StationaryDynamics
    private let leadTime: Int
    private let observationSize: Int
    private var streams: [RandomStream]
    private var stock: [Int]
    /// `pipeline[i * L + (head + j) % L]` is `q_{j+1}` of environment `i`; all copies step in
    /// lockstep, and a reset zeroes a row, so one `head` serves all of them.
    private var pipeline: [Int]
    private var head: Int
    private var pipelineTotal: [Int]
    private var period: [Int]

    /// Builds `count` copies, seeded `0, 1, ..., count − 1` until `reset(seeds:)` is called.
    /// - Parameters:
    ///   - configuration: Model parameters shared by all copies.
    ///   - count: Number of copies, `>= 1`.
    /// - Throws: `EnvironmentError` for an invalid configuration or count.
    public init(configuration: StationaryConfiguration, count: Int) throws {
        guard count >= 1 else {
            throw EnvironmentError("count must be at least 1 environment, got \(count).")
        }
        let single = try StationaryEnvironment(configuration: configuration)
        self.count = count
        self.configuration = configuration
        self.observationSpace = single.observationSpace
        self.actionSpace = single.actionSpace
        self.dynamics = single.dynamics
        self.leadTime = configuration.leadTimePeriods
        self.observationSize = single.observationSpace.count
        self.batch = VectorBatch(count: count, observationSize: single.observationSpace.count)
        self.streams = (0..<count).map { RandomStream(seed: UInt64($0)) }
        self.stock = [Int](repeating: configuration.initialOnHandUnits, count: count)
        self.pipeline = [Int](repeating: 0, count: count * configuration.leadTimePeriods)
        self.head = 0
        self.pipelineTotal = [Int](repeating: 0, count: count)
        self.period = [Int](repeating: 0, count: count)
        for i in 0..<count { writeObservation(i, into: &batch.observations) }
    }

    /// Reseeds and resets every copy.
    /// - Parameter seeds: One seed per copy (`seeds.count == count`).
    /// - Returns: The initial observations, row-major `count × (L + 3)` (also in `batch.observations`).
    /// - Throws: `EnvironmentError` if the number of seeds differs from `count`.
    @discardableResult
    public mutating func reset(seeds: [UInt64]) throws -> [Double] {
        guard seeds.count == count else {
            throw EnvironmentError("reset(seeds:) needs exactly \(count) seeds (one per environment), got \(seeds.count).")
        }
        for i in 0..<count {
            streams[i] = RandomStream(seed: seeds[i])
            resetState(i)
            batch.truncated[i] = false
            batch.terminated[i] = false
            batch.dones[i] = false
            batch.rewards[i] = 0
            batch.costs[i] = 0
        }
        return batch.observations
    }

    private mutating func resetState(_ i: Int) {
        stock[i] = configuration.initialOnHandUnits
        for j in 0..<leadTime { pipeline[i * leadTime + j] = 0 }
        pipelineTotal[i] = 0
        period[i] = 0
        writeObservation(i, into: &batch.observations)
    }

    private func writeObservation(_ i: Int, into buffer: inout [Double]) {
        let base = i * observationSize
        buffer[base] = Double(stock[i])
        for j in 0..<leadTime {
            var slot = head + j
            if slot >= leadTime { slot -= leadTime }
            buffer[base + 1 + j] = Double(pipeline[i * leadTime + slot])
        }
        buffer[base + leadTime + 1] = Double(stock[i] + pipelineTotal[i])
        buffer[base + leadTime + 2] = Double(period[i])
    }

    /// Plays one period in every copy; truncated copies are reset (continuing their streams) and
    /// their final observation is kept in `batch.finalObservations`.
    /// - Parameter actions: One order quantity per copy, units, each in `0 ... maxOrderUnits`.
    /// - Throws: `EnvironmentError` (before any copy moves) if the count is wrong or an action is
    ///   outside the space; the message names the allowed range.
    public mutating func step(actions: [Int]) throws {
        guard actions.count == count else {
            throw EnvironmentError("step(actions:) needs exactly \(count) actions (one per environment), got \(actions.count).")
        }
        let limit = actionSpace.count
        for i in 0..<count where actions[i] < 0 || actions[i] >= limit {
            throw EnvironmentError(
                "actions[\(i)] = \(actions[i]) is outside the action space: actions 0...\(limit - 1) are allowed (order quantities 0...\(configuration.maxOrderUnits) units\(configuration.priceLevels.isEmpty ? "" : " × \(configuration.priceLevels.count) price levels")).")
        }
        let l = leadTime
        let size = observationSize
        let horizon = configuration.episodeLength
        let reset0 = configuration.initialOnHandUnits
        let scale = 1 / dynamics.rewardScale
        let dyn = dynamics
        // Without pricing the action is the order and there is one demand law: no division per step.
        let priced = dyn.samplers.count > 1
        let sampler = dyn.samplers[0]
        let h = head
        let nextHead = l == 0 ? 0 : (h + 1 == l ? 0 : h + 1)
        streams.withUnsafeBufferPointer { streams in
        actions.withUnsafeBufferPointer { actions in
        stock.withUnsafeMutableBufferPointer { stock in
        pipeline.withUnsafeMutableBufferPointer { pipeline in
        pipelineTotal.withUnsafeMutableBufferPointer { total in
        period.withUnsafeMutableBufferPointer { period in
        batch.observations.withUnsafeMutableBufferPointer { obs in
        batch.rewards.withUnsafeMutableBufferPointer { rewards in
        batch.costs.withUnsafeMutableBufferPointer { costs in
        batch.truncated.withUnsafeMutableBufferPointer { truncated in
        batch.dones.withUnsafeMutableBufferPointer { dones in
        batch.finalObservations.withUnsafeMutableBufferPointer { finals in
            for i in 0..<count {
                let (action, level) = priced ? dyn.decode(actions[i]) : (actions[i], 0)
                let arriving: Int
                let row = i * l
                if l == 0 {
                    arriving = action
                } else {
                    arriving = pipeline[row + h]
                    pipeline[row + h] = action
                    total[i] += action - arriving
                }
                let demand = (priced ? dyn.samplers[level] : sampler).sample(streams[i].uniform())
                let outcome = dyn.period(stock: &stock[i], arriving: arriving, demand: demand, ordered: action, level: level)
                let cost = outcome.cost
                costs[i] = cost
                rewards[i] = -cost * scale
                period[i] += 1
                let isTruncated = period[i] >= horizon
                truncated[i] = isTruncated
                dones[i] = isTruncated
                // Observation after the step, with the head advanced.
                let base = i * size
                var target = obs
                if isTruncated { target = finals }
                target[base] = Double(stock[i])
                var slot = nextHead
                for j in 0..<l {
                    target[base + 1 + j] = Double(pipeline[row + slot])
                    slot += 1
                    if slot == l { slot = 0 }
                }
                target[base + l + 1] = Double(stock[i] + total[i])
                target[base + l + 2] = Double(period[i])
                if isTruncated {
                    stock[i] = reset0
                    for j in 0..<l { pipeline[row + j] = 0 }
                    total[i] = 0
                    period[i] = 0
                    obs[base] = Double(reset0)
                    for j in 0..<l { obs[base + 1 + j] = 0 }
                    obs[base + l + 1] = Double(reset0)
                    obs[base + l + 2] = 0
                }
            }
        }}}}}}}}}}}}
        head = nextHead
    }
}
