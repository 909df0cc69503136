import Stochastics

/// A model that draws a whole path of mean demand per day for one replication — e.g. a state-space
/// forecast model, in which level, trend and season move with their innovations and shocks persist.
public protocol DemandPathSampler: Sendable {
    /// One sample path of mean units per day (`count` = the horizon in days), every value ≥ 0, drawn
    /// from `stream` only.
    func samplePath(using stream: RandomStream) -> [Double]
    /// Names the model and its parameters: two samplers with the same identity draw the same paths.
    var identity: String { get }
}

/// How a daily mean path differs from one replication to the next: a sample path of a forecast model
/// in place of the mean path, and/or a level factor on the whole path (a season that turns out a hit or
/// a flop). Both are drawn when a replication starts, from the replication's own substreams keyed by
/// (``ReplicationPurpose``, replication, SKU): any number of replications of any purpose, and no two
/// (purpose, replication) keys share a level or a path.
public struct ReplicationVariation: Sendable {
    /// The scenario seed the substreams derive from.
    public var seed: UInt64
    /// The SKU index (part of the substream key).
    public var sku: Int
    /// Coefficient of variation of the lognormal level factor (mean 1); 0 for none.
    public var levelCV: Double
    /// Draws each replication's mean path; nil to keep the mean path.
    public var pathSampler: (any DemandPathSampler)?

    /// Creates the variation.
    public init(seed: UInt64, sku: Int, levelCV: Double = 0, pathSampler: (any DemandPathSampler)? = nil) {
        self.seed = seed
        self.sku = sku
        self.levelCV = levelCV
        self.pathSampler = pathSampler
    }

    /// Whether replications differ at all.
    public var isEmpty: Bool { levelCV == 0 && pathSampler == nil }

    /// The level factor of one replication (1 without level uncertainty): lognormal with mean 1 and
    /// CV `levelCV`, from the replication's `demandLevel` substream.
    public func levelFactor(replication: Int, purpose: ReplicationPurpose) -> Double {
        guard levelCV > 0 else { return 1 }
        return Distribution.lognormal(mean: 1, sd: levelCV).sample(using: RandomStream(
            scenarioSeed: seed, replication: replication, sku: sku, purpose: .demandLevel, replicationPurpose: purpose))
    }

    /// The sample path of one replication (nil without a path sampler), from its `other` substream.
    public func samplePath(replication: Int, purpose: ReplicationPurpose) -> [Double]? {
        pathSampler?.samplePath(using: RandomStream(
            scenarioSeed: seed, replication: replication, sku: sku, purpose: .other, replicationPurpose: purpose))
    }
}

extension ReplicationVariation: Equatable {
    public static func == (lhs: ReplicationVariation, rhs: ReplicationVariation) -> Bool {
        lhs.seed == rhs.seed && lhs.sku == rhs.sku && lhs.levelCV == rhs.levelCV
            && lhs.pathSampler?.identity == rhs.pathSampler?.identity
    }
}

extension CustomerModel {
    /// How the replications of forecast-driven demand differ, when they do.
    public var dailyMeansVariation: ReplicationVariation? {
        if case .dailyMeans(let demand) = self { return demand.variation }
        return nil
    }
}
