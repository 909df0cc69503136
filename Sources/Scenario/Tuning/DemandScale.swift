import Foundation
import Simulation

/// The size of one SKU's demand, for starting values and default search ranges of tuned parameters:
/// the mean and variance of a day's demand (for forecast demand, of its busiest day, so that ranges
/// cover the peak) and a normal approximation of demand over a number of days.
public struct DemandScale: Sendable, Equatable {
    /// Mean units a day (forecast demand: the highest daily mean of the path).
    public var meanUnitsPerDay: Double
    /// Variance of a day's units (forecast demand: as Poisson at the peak mean).
    public var varianceUnitsPerDay: Double

    /// The scale of a product's demand.
    /// - Parameter product: the SKU.
    public init(_ product: ProductConfiguration) {
        switch product.customers {
        case .perDay(let law):
            meanUnitsPerDay = law.mean
            varianceUnitsPerDay = law.variance
        case .poissonArrivals(let rate, let size):
            meanUnitsPerDay = rate * size.mean
            varianceUnitsPerDay = rate * (size.variance + size.mean * size.mean)
        case .dailyMeans(let demand):
            let peak = demand.meanUnitsPerDay.max() ?? demand.averageUnitsPerDay
            meanUnitsPerDay = max(peak, demand.averageUnitsPerDay)
            varianceUnitsPerDay = meanUnitsPerDay
        }
        if !meanUnitsPerDay.isFinite || meanUnitsPerDay < 0 { meanUnitsPerDay = 0 }
        if !varianceUnitsPerDay.isFinite || varianceUnitsPerDay < 0 { varianceUnitsPerDay = meanUnitsPerDay }
    }

    /// Mean + z standard deviations of demand over `days` days (independent days), in whole units ≥ 0.
    /// - Parameters:
    ///   - days: the protection interval in days (fractions allowed for mean lead times).
    ///   - z: standard deviations above the mean.
    /// - Returns: the level in units.
    public func level(days: Double, z: Double) -> Int {
        let d = max(0, days)
        let value = meanUnitsPerDay * d + z * (varianceUnitsPerDay * d).squareRoot()
        return Int(min(1e12, max(0, value)).rounded(.up))
    }

    /// The economic order quantity for a fixed cost per order and a holding cost per unit-day, at least 1.
    public func batchUnits(fixedCostPerOrder: Double, holdingCostPerUnitDay: Double) -> Int {
        guard fixedCostPerOrder > 0, holdingCostPerUnitDay > 0, meanUnitsPerDay > 0 else {
            return max(1, Int(min(1e12, meanUnitsPerDay).rounded(.up)))
        }
        let eoq = (2 * fixedCostPerOrder * meanUnitsPerDay / holdingCostPerUnitDay).squareRoot()
        return max(1, Int(min(1e12, eoq).rounded()))
    }
}
