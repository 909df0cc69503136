/// A demand forecast as a policy sees it: issued on some day from what had been observed by then
/// (sales, which are censored when stock ran out under lost sales), never from the true future.
public struct DemandForecast: Sendable, Equatable {
    /// Day on which the forecast was issued.
    public var issuedDay: Int
    /// Mean units per day, from `issuedDay` on.
    public var meanUnitsPerDay: [Double]
    /// Standard deviation of each day's units.
    public var sdUnitsPerDay: [Double]

    /// Creates a forecast.
    public init(issuedDay: Int, meanUnitsPerDay: [Double], sdUnitsPerDay: [Double]) {
        self.issuedDay = issuedDay
        self.meanUnitsPerDay = meanUnitsPerDay
        self.sdUnitsPerDay = sdUnitsPerDay
    }

    /// Mean and standard deviation of total demand over `days` days starting on `day`, treating days as
    /// independent (past the forecast's end, its last day repeats).
    /// - Parameters:
    ///   - day: first day (≥ `issuedDay`).
    ///   - days: number of days.
    /// - Returns: (mean, sd) in units.
    public func total(fromDay day: Int, days: Int) -> (mean: Double, sd: Double) {
        guard !meanUnitsPerDay.isEmpty, days > 0 else { return (0, 0) }
        var mean = 0.0, variance = 0.0
        for d in 0..<days {
            let index = min(max(0, day - issuedDay + d), meanUnitsPerDay.count - 1)
            mean += meanUnitsPerDay[index]
            let sd = index < sdUnitsPerDay.count ? sdUnitsPerDay[index] : 0
            variance += sd * sd
        }
        return (mean, variance.squareRoot())
    }
}

/// Issues demand forecasts for one SKU during a simulation, from the demand observed so far.
///
/// Implementations must be safe to call from several replications at once (they are shared), so they
/// hold only immutable data (the history before the simulation starts and the fitted-model recipe).
public protocol DemandForecastProvider: Sendable {
    /// Days between refits; the world reuses the last forecast in between.
    var refreshEveryDays: Int { get }
    /// A forecast from the observed demand of the simulated days so far.
    /// - Parameters:
    ///   - observedUnitsPerDay: units observed on each simulated day (sales; censored under lost sales).
    ///   - issuedDay: the day the forecast is made (= observedUnitsPerDay.count).
    ///   - horizonDays: days to cover.
    /// - Returns: the forecast, or nil when none can be made.
    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int) -> DemandForecast?

    /// A forecast that knows the prices: those charged on the simulated days so far and the current one,
    /// which the forecast assumes from `issuedDay` on. Providers whose model has no price response need
    /// not implement it (the default ignores the prices).
    /// - Parameters:
    ///   - observedUnitsPerDay: units observed on each simulated day (sales; censored under lost sales).
    ///   - pricesPerDay: the selling price of each of those days, currency per unit.
    ///   - currentPrice: the price from `issuedDay` on, currency per unit.
    ///   - issuedDay: the day the forecast is made (= observedUnitsPerDay.count).
    ///   - horizonDays: days to cover.
    /// - Returns: the forecast, or nil when none can be made.
    func forecast(observedUnitsPerDay: [Double], pricesPerDay: [Double], currentPrice: Double, issuedDay: Int,
                  horizonDays: Int) -> DemandForecast?
}

extension DemandForecastProvider {
    /// Ignores the prices: the forecast of a model without a price response.
    public func forecast(observedUnitsPerDay: [Double], pricesPerDay: [Double], currentPrice: Double, issuedDay: Int,
                         horizonDays: Int) -> DemandForecast? {
        forecast(observedUnitsPerDay: observedUnitsPerDay, issuedDay: issuedDay, horizonDays: horizonDays)
    }
}
