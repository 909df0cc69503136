/// The moving-average method: every forecast is the mean of the last `window` observations.
///
/// This is the mean method of Hyndman & Athanasopoulos (*Forecasting: Principles and Practice*,
/// 3rd ed., §5.2, §5.5) applied to the most recent k = `window` observations, so its predictive
/// standard deviation is σ√(1 + 1/k) at every horizon. σ is the noise level around a locally
/// constant mean; it is estimated from the in-sample one-step errors
/// e(t) = y(t) − mean(y(t−k) … y(t−1)), whose variance under that model is σ²(1 + 1/k), as
/// σ̂² = mean(e²)/(1 + 1/k). When the series holds exactly k observations there are no such
/// errors and σ̂ falls back to the sample standard deviation of the window (the plain mean
/// method's estimate); for k = n = 1 it is 0.
public struct MovingAverageForecaster: ConcreteForecaster {
    /// `moving-average`.
    public let name = "moving-average"
    /// Number of most recent observations averaged (k ≥ 1 to fit).
    public let window: Int

    /// Creates the method.
    /// - Parameter window: how many recent observations to average; fitting throws when it is < 1.
    public init(window: Int) {
        self.window = window
    }


    /// Fits the method and returns the concrete model.
    /// - Parameter series: the history, oldest first (at least `window` finite values).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: O(n).
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        guard window >= 1 else {
            throw ForecastError("The moving-average window must be at least 1, but it is \(window).")
        }
        try SeriesValidation.check(
            series, minimumCount: window, model: name, requirement: "to fill its window of \(window)")
        let values = series.values
        let k = window
        var residuals = [Double](repeating: .nan, count: values.count)
        // Running window sum: each step adds the newest value and drops the oldest.
        var windowSum = values[0..<k].reduce(0, +)
        for t in k..<values.count {
            residuals[t] = values[t] - windowSum / Double(k)
            windowSum += values[t] - values[t - k]
        }
        let lastWindow = values.suffix(k)
        // Recomputed directly rather than from the running sum so the point forecast carries no
        // accumulated rounding from a long series.
        let mean = lastWindow.reduce(0, +) / Double(k)
        let inflation = 1 + 1 / Double(k)
        let sigma: Double
        if values.count > k {
            sigma = SeriesValidation.rootMeanSquare(residuals) / inflation.squareRoot()
        } else if k >= 2 {
            let ss = lastWindow.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            sigma = (ss / Double(k - 1)).squareRoot()
        } else {
            sigma = 0
        }
        return Fitted(name: name, window: k, level: mean, sigma: sigma, residuals: residuals)
    }

    /// A moving-average model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `moving-average`.
        public let name: String
        /// The window k.
        public let window: Int
        /// Mean of the last k observations: every point forecast.
        public let level: Double
        /// σ̂, the noise standard deviation around the local mean (see the type's discussion).
        public let sigma: Double
        /// One-step errors against the trailing mean; NaN for t < k.
        public let residuals: [Double]

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: a flat mean at ``level`` with standard deviation σ̂√(1 + 1/k) at every step.
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            let sd = sigma * (1 + 1 / Double(window)).squareRoot()
            return Forecast(
                mean: [Double](repeating: level, count: h),
                standardDeviation: [Double](repeating: sd, count: h))
        }
    }
}
