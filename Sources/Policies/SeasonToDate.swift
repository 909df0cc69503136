/// Demand so far against its forecast: what a policy can learn about the level of a season from its
/// own sales (see ``Observation/seasonToDate``).
public struct SeasonToDate: Sendable, Equatable {
    /// Units of demand observed on the days so far (sales under lost sales: censored when out of stock).
    public var observedUnits: Double
    /// Units the pre-run forecast expected on those days at the prices charged, with planned promotions.
    public var forecastUnits: Double
    /// Days with at least one unit on hand at their close, among the days so far: under lost sales,
    /// sales on the other days say little about demand.
    public var daysInStock: Int

    /// Creates the record.
    public init(observedUnits: Double, forecastUnits: Double, daysInStock: Int) {
        self.observedUnits = observedUnits
        self.forecastUnits = forecastUnits
        self.daysInStock = daysInStock
    }

    /// The demand level relative to the forecast, shrunk toward 1 by `priorUnits` of pseudo-observations
    /// (a gamma prior of mean 1 with shape `priorUnits`, updated by Poisson sales): 1 before any sale is
    /// expected, the observed ratio once the forecast to date dwarfs the prior.
    /// - Parameter priorUnits: the prior's weight in units of expected demand (> 0).
    public func levelEstimate(priorUnits: Double) -> Double {
        let prior = max(priorUnits, 1e-9)
        return (observedUnits + prior) / (forecastUnits + prior)
    }
}
