/// A batch of environments as a learning agent sees it: normalised `Float` features, a discrete
/// action per copy, and a reward per copy. `PPOTrainer` trains on any conforming batch.
public protocol BatchedEnvironment {
    /// Number of copies stepped together.
    var count: Int { get }
    /// Features per copy.
    var featureCount: Int { get }
    /// Discrete actions per copy (`0 ..< actionCount`).
    var actionCount: Int { get }
    /// Whether an episode's end is terminal (nothing follows: a season ends) rather than a truncation
    /// of an ongoing process (then the trainer bootstraps with the value of the last state).
    var episodesTerminate: Bool { get }
    /// Reseeds and resets every copy.
    mutating func reset(seeds: [UInt64]) throws
    /// Writes the current features, row-major `count × featureCount`.
    func writeFeatures(into output: UnsafeMutablePointer<Float>)
    /// Plays one period in every copy (auto-resetting finished episodes).
    /// - Parameters:
    ///   - actions: One action per copy.
    ///   - rewards: Receives one reward per copy.
    ///   - truncated: Receives whether each copy's episode ended (its features are then the new episode's).
    ///   - finalFeatures: Receives, for truncated copies, the features of the last state (row-major).
    ///   - costs: Receives each copy's period cost (currency, for reporting).
    mutating func step(actions: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                       finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws
}

extension BatchedEnvironment {
    /// Episodes are truncations of an ongoing process unless a conforming type says otherwise.
    public var episodesTerminate: Bool { false }
}

/// `StationaryVectorEnvironment` seen through `InventoryFeatures`: the features of the post-arrival model
/// state, so an agent trained here acts on the same state in the simulator.
public struct StationaryFeatureEnvironment: BatchedEnvironment {
    /// The environments.
    public private(set) var environments: StationaryVectorEnvironment
    /// The feature map.
    public let features: InventoryFeatures

    /// Wraps a vector environment.
    public init(environments: StationaryVectorEnvironment, features: InventoryFeatures) {
        precondition(features.leadTimePeriods == environments.configuration.leadTimePeriods, "feature map for another lead time")
        self.environments = environments
        self.features = features
    }

    public var count: Int { environments.count }
    public var featureCount: Int { features.count }
    public var actionCount: Int { environments.actionSpace.count }

    public mutating func reset(seeds: [UInt64]) throws { try environments.reset(seeds: seeds) }

    /// Raw observation row `[stock, q_1 ... q_L, position, period]` to features.
    @inline(__always)
    func write(row: UnsafePointer<Double>, into output: UnsafeMutablePointer<Float>) {
        let l = features.leadTimePeriods
        let y = l == 0 ? Int(row[0]) : Int(row[0]) + Int(row[1])
        features.write(netInventory: y, pipelineAt: { Int(row[2 + $0]) }, into: output)
    }

    public func writeFeatures(into output: UnsafeMutablePointer<Float>) {
        let size = environments.observationSpace.count
        let f = features.count
        environments.batch.observations.withUnsafeBufferPointer { obs in
            for i in 0..<count { write(row: obs.baseAddress! + i * size, into: output + i * f) }
        }
    }

    public mutating func step(actions: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                              finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws {
        try environments.step(actions: actions)
        let size = environments.observationSpace.count
        let f = features.count
        let batch = environments.batch
        batch.finalObservations.withUnsafeBufferPointer { finals in
            for i in 0..<count {
                rewards[i] = batch.rewards[i]
                costs[i] = batch.costs[i]
                truncated[i] = batch.truncated[i]
                if batch.truncated[i] { write(row: finals.baseAddress! + i * size, into: finalFeatures + i * f) }
            }
        }
    }
}
