import Foundation
import Stochastics

/// Demand whose mean changes from day to day — typically a forecaster's mean path — with a noise law
/// around it and a price response: the mean on day t at price p is
/// `meanUnitsPerDay[t] × (p / referencePrice)^priceElasticity`.
public struct DailyMeanDemand: Sendable, Equatable {
    /// Mean units per day from day 0; past the end the last value holds.
    public var meanUnitsPerDay: [Double]
    /// Noise around the mean.
    public var noise: NoiseLaw
    /// Price elasticity (0: price does not move demand; −1.5: a 10% price cut sells about 15% more).
    public var priceElasticity: Double
    /// The price at which the means hold, currency per unit.
    public var referencePrice: Double
    /// Days on promotion (ranges of day indices) and the demand multiplier they bring.
    public var promotionDays: [ClosedRange<Int>]
    public var promotionLift: Double
    /// Optional sample paths, one per replication (replication r uses path r mod count instead of
    /// `meanUnitsPerDay`): demand levels drawn from a state-space model, in which shocks persist.
    public var replicationPaths: [[Double]]
    /// Optional level factors, one per replication (replication r multiplies its mean path by factor
    /// r mod count): a season that runs above or below its forecast, the same for every policy.
    public var replicationLevels: [Double]

    /// Creates the demand model.
    public init(meanUnitsPerDay: [Double], noise: NoiseLaw, priceElasticity: Double = 0, referencePrice: Double = 1,
                promotionDays: [ClosedRange<Int>] = [], promotionLift: Double = 1, replicationPaths: [[Double]] = [],
                replicationLevels: [Double] = []) {
        self.replicationLevels = replicationLevels
        self.meanUnitsPerDay = meanUnitsPerDay
        self.promotionDays = promotionDays
        self.promotionLift = promotionLift
        self.noise = noise
        self.priceElasticity = priceElasticity
        self.referencePrice = referencePrice
        self.replicationPaths = replicationPaths
    }

    /// The demand of one replication: its sample path (when there are paths) in place of the mean path,
    /// times its level factor (when there are factors).
    public func forReplication(_ replication: Int) -> DailyMeanDemand {
        guard !replicationPaths.isEmpty || !replicationLevels.isEmpty else { return self }
        func pick<T>(_ items: [T]) -> T { items[((replication % items.count) + items.count) % items.count] }
        var copy = self
        if !replicationPaths.isEmpty { copy.meanUnitsPerDay = pick(replicationPaths) }
        if !replicationLevels.isEmpty {
            let level = levelFactor(replication: replication)
            copy.meanUnitsPerDay = copy.meanUnitsPerDay.map { $0 * level }
        }
        copy.replicationPaths = []
        copy.replicationLevels = []
        return copy
    }

    /// The level factor of replication `replication` (1 when the demand has none): the one place that
    /// knows how the factors are stored, for the simulator and for bounds that know the level.
    /// - Parameter replication: replication index.
    /// - Returns: the factor on the mean path.
    public func levelFactor(replication: Int) -> Double {
        guard !replicationLevels.isEmpty else { return 1 }
        let count = replicationLevels.count
        return replicationLevels[((replication % count) + count) % count]
    }

    /// Mean units on `day` at `price`.
    public func mean(day: Int, price: Double) -> Double {
        guard let last = meanUnitsPerDay.last else { return 0 }
        var base = day < meanUnitsPerDay.count ? meanUnitsPerDay[max(0, day)] : last
        if !promotionDays.isEmpty, promotionDays.contains(where: { $0.contains(day) }) { base *= promotionLift }
        guard priceElasticity != 0, price > 0, referencePrice > 0 else { return base }
        return base * pow(price / referencePrice, priceElasticity)
    }

    /// Average of the mean path.
    public var averageUnitsPerDay: Double {
        meanUnitsPerDay.isEmpty ? 0 : meanUnitsPerDay.reduce(0, +) / Double(meanUnitsPerDay.count)
    }
}
