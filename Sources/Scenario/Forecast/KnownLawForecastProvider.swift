import Policies
import Simulation

/// The forecast of a SKU whose demand is a known stationary law: its mean and standard deviation per
/// day, every day. Forecast-driven policies then reduce to base-stock on the true law, which makes them
/// a fair benchmark next to scenarios whose demand follows a fitted model.
struct KnownLawForecastProvider: DemandForecastProvider {
    let meanPerDay: Double
    let sdPerDay: Double
    var refreshEveryDays: Int { 100_000 }

    init(customers: CustomerModel) {
        switch customers {
        case .perDay(let law):
            meanPerDay = law.mean
            sdPerDay = law.standardDeviation
        case .poissonArrivals(let rate, let size):
            // Compound Poisson: variance = rate × E[size²].
            meanPerDay = rate * size.mean
            sdPerDay = (rate * (size.variance + size.mean * size.mean)).squareRoot()
        case .dailyMeans(let demand):
            meanPerDay = demand.averageUnitsPerDay
            sdPerDay = meanPerDay.squareRoot()
        }
    }

    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int) -> DemandForecast? {
        DemandForecast(issuedDay: issuedDay, meanUnitsPerDay: Array(repeating: meanPerDay, count: max(1, horizonDays)),
                       sdUnitsPerDay: Array(repeating: sdPerDay, count: max(1, horizonDays)))
    }
}
