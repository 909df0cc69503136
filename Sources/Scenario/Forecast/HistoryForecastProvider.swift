import Forecasting
import Policies

/// Issues a SKU's demand forecasts during a simulation: the model is refitted on the sales history
/// followed by the demand observed in the run so far (complete periods only), and its forecast is
/// spread evenly over the days of each period (7 for a week; 28–31 for a month and 89–92 for a quarter,
/// from the real calendar: see ``RunPeriods``).
///
/// If a refit fails (a degenerate stretch of censored sales, say), the forecast falls back to the mean
/// of the last four periods with Poisson spread, so that policies always get a forecast.
struct HistoryForecastProvider: DemandForecastProvider {
    /// Units per period of the history, oldest first.
    let history: [Double]
    /// The run's periods in days: day 0 starts the period after the history.
    let periods: RunPeriods
    /// Periods per seasonal cycle.
    let seasonLength: Int
    /// The model, refitted at each refresh.
    let forecaster: any Forecaster
    /// Days between refits.
    let refreshEveryDays: Int
    /// Factor from the run's prices to the prices the model was fitted with: 1, except for a global network
    /// and a SKU without price history, which it was trained at price 1 (so the selling price maps to 1).
    var priceScale: Double = 1

    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int) -> DemandForecast? {
        forecast(observedUnitsPerDay: observedUnitsPerDay, issuedDay: issuedDay, horizonDays: horizonDays, using: forecaster)
    }

    /// With a price covariate, the periods of the run carry the prices charged in them (the mean over
    /// their days) and the forecast assumes `currentPrice` from now on; so a refit sees a markdown's sales
    /// at the markdown price, and the forecast answers "what sells at the price charged now".
    func forecast(observedUnitsPerDay: [Double], pricesPerDay: [Double], currentPrice: Double, issuedDay: Int,
                  horizonDays: Int) -> DemandForecast? {
        let currentPrice = currentPrice * priceScale
        guard let bound = forecaster as? CovariateBoundForecaster, let planned = bound.covariates.prices,
              planned.count >= history.count, currentPrice > 0, pricesPerDay.count == observedUnitsPerDay.count else {
            return forecast(observedUnitsPerDay: observedUnitsPerDay, issuedDay: issuedDay, horizonDays: horizonDays)
        }
        var prices = Array(planned.prefix(history.count))
        for period in 0..<periods.completePeriods(inDays: pricesPerDay.count) {
            let days = pricesPerDay[periods.startDay(ofPeriod: period)..<periods.startDay(ofPeriod: period + 1)]
            // A price that held all period is kept exactly: a rounding difference would read as a price change.
            prices.append(priceScale * (days.allSatisfy { $0 == days.first } ? days[days.startIndex] : days.reduce(0, +) / Double(days.count)))
        }
        prices += Array(repeating: currentPrice, count: max(0, planned.count - prices.count))
        let priced = CovariateBoundForecaster(bound.base, covariates: Covariates(prices: prices, promotions: bound.covariates.promotions))
        return forecast(observedUnitsPerDay: observedUnitsPerDay, issuedDay: issuedDay, horizonDays: horizonDays, using: priced)
    }

    /// The most periods a refit sees: whole seasonal cycles, at least ``refitWindowMinimumPeriods``
    /// (ten years of weeks). Older periods are dropped from the front a whole cycle at a time, so the
    /// seasonal phase is kept; a refit then costs the same however long the run has been going.
    var refitWindowPeriods: Int {
        let season = max(1, seasonLength)
        return season * max(10, (Self.refitWindowMinimumPeriods + season - 1) / season)
    }

    /// Lower bound on ``refitWindowPeriods``.
    static let refitWindowMinimumPeriods = 520

    func forecast(observedUnitsPerDay: [Double], issuedDay: Int, horizonDays: Int, using forecaster: any Forecaster) -> DemandForecast? {
        let completePeriods = periods.completePeriods(inDays: observedUnitsPerDay.count)
        let total = history.count + completePeriods
        let window = refitWindowPeriods
        let season = max(1, seasonLength)
        // Periods dropped from the front: whole cycles, so the window holds at most `window` periods.
        let dropped = total > window ? (total - window + season - 1) / season * season : 0
        var values: [Double] = []
        values.reserveCapacity(total - dropped)
        if dropped < history.count { values += history[dropped...] }
        for period in max(0, dropped - history.count)..<completePeriods {
            values.append(observedUnitsPerDay[periods.startDay(ofPeriod: period)..<periods.startDay(ofPeriod: period + 1)].reduce(0, +))
        }
        var forecaster = forecaster
        if dropped > 0, let bound = forecaster as? CovariateBoundForecaster {
            let covariates = bound.covariates
            forecaster = CovariateBoundForecaster(bound.base, covariates: Covariates(
                prices: covariates.prices.map { Array($0.dropFirst(dropped)) },
                promotions: covariates.promotions.map { Array($0.dropFirst(dropped)) }))
        }
        // Days of the current period already behind us are dropped from the front.
        let offset = issuedDay - periods.startDay(ofPeriod: completePeriods)
        let horizon = periods.periodsCovering(days: issuedDay + horizonDays) - completePeriods
        var mean: [Double], sd: [Double]
        if let fitted = try? forecaster.fit(TimeSeries(values, seasonLength: seasonLength)) {
            let forecast = fitted.forecast(horizon: horizon)
            mean = forecast.mean
            sd = forecast.standardDeviation
        } else {
            let recent = values.suffix(4)
            let level = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
            mean = Array(repeating: level, count: horizon)
            sd = Array(repeating: level.squareRoot(), count: horizon)
        }
        guard mean.allSatisfy(\.isFinite) else { return nil }
        var dailyMean: [Double] = [], dailySD: [Double] = []
        for (period, (m, s)) in zip(mean, sd).enumerated() {
            let days = periods.days(inPeriod: completePeriods + period)
            let spread = Double(days)
            for _ in 0..<days {
                dailyMean.append(max(0, m) / spread)
                dailySD.append((s.isFinite ? max(0, s) : 0) / spread.squareRoot())
            }
        }
        let start = min(max(0, offset), dailyMean.count)
        return DemandForecast(issuedDay: issuedDay, meanUnitsPerDay: Array(dailyMean[start...]),
                              sdUnitsPerDay: Array(dailySD[start...]))
    }
}
