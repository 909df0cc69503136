import Policies
import Stochastics

/// `count` copies of a stationary dual-sourcing problem (`DualSourcingModel`) stepped together, as a
/// `BatchedEnvironment` for PPO: the features are the model's state (`InventoryFeatures` with the
/// regular lead time: net inventory after the arrivals, the pipeline by periods to arrival, the inventory
/// position, scaled by mean demand) and the action is an (expedited, regular) pair of `DualSourcingActions`.
///
/// A period is the model's, in the model's order: the orders due arrive (they are in the state's net
/// inventory already), the expedited and regular orders are placed (cut to the position cap), demand is
/// drawn from the model's pmf by inverse cdf (one `uniform()` of the copy's own stream), then
/// `c_e q_e + c_r q_r + G` is charged on the realised demand: `h` per unit left, the shortage cost per
/// unit short (backordered at the end of the period, or lost). Under backorders the net inventory is kept
/// at or above the model's floor, as in the model, so the environment is the Markov chain that
/// `RelativeValueIteration.evaluate` solves: the average cost of a fixed rule in it converges to the
/// rule's exact cost. The reward is `−cost / rewardScale`.
///
/// State is a struct of arrays; `step` allocates nothing.
public struct DualSourcingVectorEnvironment: BatchedEnvironment {
    /// Number of copies.
    public let count: Int
    /// The model.
    public let model: DualSourcingModel
    /// Action index → orders.
    public let actions: DualSourcingActions
    /// State → network input.
    public let features: InventoryFeatures
    /// Periods per episode (episodes are truncations of an ongoing process).
    public let episodeLength: Int
    /// Currency per period that one unit of reward stands for.
    public let rewardScale: Double
    /// Net inventory at the start of an episode (empty pipeline).
    public let initialNetInventory: Int

    private let sampler: DemandSampler
    private let slots: Int
    private var streams: [RandomStream]
    private var netInventory: [Int]
    /// `pipeline[i * slots + k]`: units of copy `i` arriving `k + 1` periods from now.
    private var pipeline: [Int]
    private var period: [Int]

    /// Builds `count` copies, seeded `0, 1, ..., count − 1` until `reset(seeds:)` is called.
    /// - Parameters:
    ///   - model: The dual-sourcing model.
    ///   - count: Number of copies, `>= 1`.
    ///   - actions: The action set; nil for the model's (`DualSourcingActions(model:)`).
    ///   - episodeLength: Periods per episode, `>= 1`.
    ///   - rewardScale: Divisor of the cost, currency per period; nil for `h` times the mean demand over
    ///     `lr + 1` periods (the cost of holding one protection interval's demand), which keeps rewards O(1).
    ///   - initialNetInventory: Start of each episode; nil for the mean demand over `lr + 1` periods.
    /// - Throws: `EnvironmentError` for an invalid count, length, scale or start.
    /// - Complexity: O(count × lr).
    public init(model: DualSourcingModel, count: Int, actions: DualSourcingActions? = nil, episodeLength: Int = 1280,
                rewardScale: Double? = nil, initialNetInventory: Int? = nil) throws {
        guard count >= 1 else { throw EnvironmentError("count must be at least 1 environment, got \(count).") }
        guard episodeLength >= 1 else { throw EnvironmentError("episodeLength must be at least 1 period, got \(episodeLength).") }
        let lr = model.regularLeadTimePeriods
        let protection = model.demand.mean * Double(lr + 1)
        let scale = rewardScale ?? max(model.holdingCostPerUnitPeriod, 1e-6) * max(protection, 1)
        guard scale.isFinite, scale > 0 else {
            throw EnvironmentError("rewardScale must be positive and finite (currency per period), got \(scale).")
        }
        let space = model.stateSpace
        let start = initialNetInventory ?? Int(protection.rounded())
        guard (space.netInventoryFloor...space.positionCap).contains(start) else {
            throw EnvironmentError("initialNetInventory must lie in the model's \(space.netInventoryFloor)...\(space.positionCap) units, got \(start).")
        }
        self.count = count
        self.model = model
        self.actions = actions ?? DualSourcingActions(model: model)
        self.features = InventoryFeatures(leadTimePeriods: lr, meanDemandPerPeriod: model.demand.mean)
        self.episodeLength = episodeLength
        self.rewardScale = scale
        self.initialNetInventory = start
        self.sampler = DemandSampler(pmf: model.demand)
        self.slots = lr - 1
        self.streams = (0..<count).map { RandomStream(seed: UInt64($0)) }
        self.netInventory = [Int](repeating: start, count: count)
        self.pipeline = [Int](repeating: 0, count: count * (lr - 1))
        self.period = [Int](repeating: 0, count: count)
    }

    public var featureCount: Int { features.count }
    public var actionCount: Int { actions.count }

    /// The state of copy `i`: net inventory after this period's arrivals and the pipeline.
    /// - Parameter i: A copy, `0 ..< count`.
    /// - Returns: The model state.
    /// - Complexity: O(lr).
    public func state(of i: Int) -> MDPState {
        MDPState(netInventory: netInventory[i], pipeline: Array(pipeline[(i * slots)..<((i + 1) * slots)]))
    }

    public mutating func reset(seeds: [UInt64]) throws {
        guard seeds.count == count else {
            throw EnvironmentError("reset(seeds:) needs exactly \(count) seeds (one per environment), got \(seeds.count).")
        }
        for i in 0..<count {
            streams[i] = RandomStream(seed: seeds[i])
            netInventory[i] = initialNetInventory
            for k in 0..<slots { pipeline[i * slots + k] = 0 }
            period[i] = 0
        }
    }

    public func writeFeatures(into output: UnsafeMutablePointer<Float>) {
        let f = features.count
        pipeline.withUnsafeBufferPointer { pipe in
            for i in 0..<count {
                let row = i * slots
                features.write(netInventory: netInventory[i], pipelineAt: { pipe[row + $0] }, into: output + i * f)
            }
        }
    }

    /// Plays one period in every copy; a copy whose episode ends writes its last features to
    /// `finalFeatures` and restarts (continuing its stream).
    /// - Throws: `EnvironmentError` (before any copy moves) for a wrong number of actions or an action
    ///   outside `0 ..< actionCount`.
    public mutating func step(actions chosen: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                              finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws {
        guard chosen.count == count else {
            throw EnvironmentError("step(actions:) needs exactly \(count) actions (one per environment), got \(chosen.count).")
        }
        for i in 0..<count where !(0..<actions.count).contains(chosen[i]) {
            throw EnvironmentError("actions[\(i)] = \(chosen[i]) is outside the action space: actions 0...\(actions.count - 1) are allowed (expedited orders \(actions.expeditedQuantities.first!)...\(actions.expeditedQuantities.last!) × regular orders \(actions.regularQuantities.first!)...\(actions.regularQuantities.last!) units).")
        }
        let le = model.expeditedLeadTimePeriods
        let ce = model.expeditedUnitCost
        let cr = model.regularUnitCost
        let h = model.holdingCostPerUnitPeriod
        let shortageCost = model.shortage.unitCost
        let lostSales = model.shortage.isLostSales
        let floor = model.stateSpace.netInventoryFloor
        let scale = 1 / rewardScale
        let slots = self.slots
        let f = features.count
        let mapping = actions
        let sampler = self.sampler
        streams.withUnsafeBufferPointer { streams in
        netInventory.withUnsafeMutableBufferPointer { net in
        pipeline.withUnsafeMutableBufferPointer { pipe in
        period.withUnsafeMutableBufferPointer { period in
            for i in 0..<count {
                let row = i * slots
                var position = net[i]
                for k in 0..<slots { position += pipe[row + k] }
                let (e, r) = mapping.orders(chosen[i], inventoryPosition: position)
                let stock = net[i] + (le == 0 ? e : 0)
                let arriving = pipe[row] + (le == 1 ? e : 0)
                for k in 0..<(slots - 1) { pipe[row + k] = pipe[row + k + 1] }
                pipe[row + slots - 1] = r
                if le >= 2 { pipe[row + le - 2] += e }
                let d = sampler.sample(streams[i].uniform())
                let left = stock - d
                let cost = ce * Double(e) + cr * Double(r) + (left >= 0 ? h * Double(left) : shortageCost * Double(-left))
                net[i] = lostSales ? max(left, 0) + arriving : max(left + arriving, floor)
                costs[i] = cost
                rewards[i] = -cost * scale
                period[i] += 1
                let ended = period[i] >= episodeLength
                truncated[i] = ended
                if ended {
                    features.write(netInventory: net[i], pipelineAt: { pipe[row + $0] }, into: finalFeatures + i * f)
                    net[i] = initialNetInventory
                    for k in 0..<slots { pipe[row + k] = 0 }
                    period[i] = 0
                }
            }
        }}}}
    }
}
