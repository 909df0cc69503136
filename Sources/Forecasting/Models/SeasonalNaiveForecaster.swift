/// The seasonal naive method: each forecast equals the observation one season earlier.
///
/// Point forecast ŷ(n+h) = y(n+h−m(k+1)) with k = ⌊(h−1)/m⌋, i.e. the last observed season is
/// repeated; predictive standard deviation σ̂√(k+1), where σ̂ is the root mean square of the
/// in-sample errors y(t) − y(t−m) (Hyndman & Athanasopoulos, *Forecasting: Principles and
/// Practice*, 3rd ed., §5.5, Table 5.2). The season length m is the series' `seasonLength`.
///
/// Fallback: when m = 1 or the series is shorter than one season (n < m) there is no season to
/// repeat, so the model behaves exactly like ``NaiveForecaster`` (and ``Fitted/period`` is 1).
public struct SeasonalNaiveForecaster: ConcreteForecaster {
    /// `seasonal-naive`.
    public let name = "seasonal-naive"

    /// Creates the method; the season length comes from each series.
    public init() {}


    /// Fits the method and returns the concrete model.
    /// - Parameter series: the history, oldest first (at least one finite value).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` for an empty series or a NaN/infinite value.
    /// - Complexity: O(n).
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(series, model: name)
        let values = series.values
        // Documented fallback: with less than one full season the naive method is the only option.
        let m = values.count >= series.seasonLength ? series.seasonLength : 1
        var residuals = [Double](repeating: .nan, count: values.count)
        for t in values.indices where t >= m {
            residuals[t] = values[t] - values[t - m]
        }
        return Fitted(
            name: m == series.seasonLength ? name : "\(name) [season \(series.seasonLength) longer than the history: naive]", period: m, lastSeason: Array(values.suffix(m)),
            sigma: SeriesValidation.rootMeanSquare(residuals), residuals: residuals)
    }

    /// A seasonal naive model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `seasonal-naive`.
        public let name: String
        /// The season length actually used (1 after the naive fallback).
        public let period: Int
        /// The last `period` observations, oldest first; repeated as the forecast.
        public let lastSeason: [Double]
        /// σ̂: root mean square of y(t) − y(t−m) (0 when n = m and there is no such error).
        public let sigma: Double
        /// y(t) − y(t−m); NaN for t < m.
        public let residuals: [Double]

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: the last season repeated, with standard deviation σ̂√(⌊(h−1)/m⌋+1).
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            guard !lastSeason.isEmpty else {
                return Forecast(mean: [], standardDeviation: [])
            }
            var mean: [Double] = []
            var sd: [Double] = []
            mean.reserveCapacity(h)
            sd.reserveCapacity(h)
            for step in 0..<h {
                mean.append(lastSeason[step % period])
                sd.append(sigma * Double(step / period + 1).squareRoot())
            }
            return Forecast(mean: mean, standardDeviation: sd)
        }
    }
}
