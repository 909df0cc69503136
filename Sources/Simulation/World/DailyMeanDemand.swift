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
    /// How replications differ (a sample path of a forecast model, a level factor); nil when every
    /// replication has the mean path.
    public var variation: ReplicationVariation?

    /// Creates the demand model.
    public init(meanUnitsPerDay: [Double], noise: NoiseLaw, priceElasticity: Double = 0, referencePrice: Double = 1,
                promotionDays: [ClosedRange<Int>] = [], promotionLift: Double = 1, variation: ReplicationVariation? = nil) {
        self.meanUnitsPerDay = meanUnitsPerDay
        self.promotionDays = promotionDays
        self.promotionLift = promotionLift
        self.noise = noise
        self.priceElasticity = priceElasticity
        self.referencePrice = referencePrice
        self.variation = variation
    }

    /// The demand of one replication of a purpose: its sample path (when there is a path sampler) in
    /// place of the mean path, times its level factor (when the level varies). Drawn from the
    /// replication's own substreams, so any replication index of any purpose has its own draws.
    public func forReplication(_ replication: Int, purpose: ReplicationPurpose = .report) -> DailyMeanDemand {
        guard let variation, !variation.isEmpty else { return self }
        var copy = self
        if let path = variation.samplePath(replication: replication, purpose: purpose) { copy.meanUnitsPerDay = path }
        let level = variation.levelFactor(replication: replication, purpose: purpose)
        if level != 1 { copy.meanUnitsPerDay = copy.meanUnitsPerDay.map { $0 * level } }
        copy.variation = nil
        return copy
    }

    /// The level factor of one replication of a purpose (1 when the demand has none), for bounds that
    /// know the level.
    /// - Parameters:
    ///   - replication: replication index.
    ///   - purpose: which set of replications.
    /// - Returns: the factor on the mean path.
    public func levelFactor(replication: Int, purpose: ReplicationPurpose = .report) -> Double {
        variation?.levelFactor(replication: replication, purpose: purpose) ?? 1
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
