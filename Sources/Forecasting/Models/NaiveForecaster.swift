/// The naive (random-walk) method: every forecast equals the last observation.
///
/// Point forecast ŷ(n+h) = y(n); predictive standard deviation σ̂√h, where σ̂ is the root mean
/// square of the one-step residuals y(t) − y(t−1) (Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice*, 3rd ed., §5.5, Table 5.2). The benchmark every other model must beat,
/// and the scale of MASE when the data are not seasonal.
public struct NaiveForecaster: ConcreteForecaster {
    /// `naive`.
    public let name = "naive"

    /// Creates the method; it has no parameters.
    public init() {}


    /// Fits the method and returns the concrete model (for inspecting σ̂ and the last value).
    /// - Parameter series: the history, oldest first (at least one finite value).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` for an empty series or a NaN/infinite value.
    /// - Complexity: O(n).
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(series, model: name)
        let values = series.values
        var residuals = [Double](repeating: .nan, count: values.count)
        for t in values.indices.dropFirst() {
            residuals[t] = values[t] - values[t - 1]
        }
        // `check` guarantees at least one value, so `last` exists; the default is never used.
        return Fitted(
            name: name, lastValue: values.last ?? 0, sigma: SeriesValidation.rootMeanSquare(residuals),
            residuals: residuals)
    }

    /// A naive model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `naive`.
        public let name: String
        /// The last observation, which is every point forecast.
        public let lastValue: Double
        /// σ̂: root mean square of the one-step residuals (0 for a single observation, where there
        /// is no residual to estimate it from).
        public let sigma: Double
        /// y(t) − y(t−1); NaN at t = 0.
        public let residuals: [Double]

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: a flat mean at the last value with standard deviation σ̂√h at step h.
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            return Forecast(
                mean: [Double](repeating: lastValue, count: h),
                standardDeviation: (0..<h).map { sigma * Double($0 + 1).squareRoot() })
        }
    }
}
