/// ARIMA with fixed orders, estimated like R's `arima(method = "CSS-ML")`: conditional sum of
/// squares to get close, then exact Gaussian maximum likelihood through the Kalman filter on the
/// state-space form (Box, Jenkins & Reinsel, *Time Series Analysis*, ch. 7; Hyndman & Khandakar 2008,
/// §3; *FPP3* §9.6). See ``ARIMAEstimator`` for the details.
///
/// A constant is included as R's `forecast::Arima` does it: a mean when d + D = 0, a drift
/// (linear trend) when d + D = 1, and none when d + D ≥ 2 (it would be a quadratic trend).
/// Optional Fourier pairs for the series' season turn the model into a dynamic harmonic regression
/// (*FPP3* §10.5), the usual way to handle long seasons such as 52 weeks.
///
/// Fails with ``ForecastError`` on empty series, non-finite values (naming the period), too few
/// observations for the number of coefficients, or a seasonal order without a season.
public struct ARIMAForecaster: Forecaster {
    /// The orders to fit; `order.period` is the seasonal period of the seasonal terms.
    public var order: ARIMAOrder
    /// Whether to include the mean (d + D = 0) or drift (d + D = 1).
    public var includeConstant: Bool
    /// Fourier pairs K on the series' `seasonLength` (0: none).
    public var fourierPairs: Int

    /// Creates the forecaster.
    /// - Parameters:
    ///   - order: ARIMA orders.
    ///   - includeConstant: include the mean or drift where the differencing allows it.
    ///   - fourierPairs: Fourier pairs on the series' season (needs 2K ≤ season length).
    /// - Complexity: O(1).
    public init(order: ARIMAOrder, includeConstant: Bool = true, fourierPairs: Int = 0) {
        self.order = order
        self.includeConstant = includeConstant
        self.fourierPairs = max(0, fourierPairs)
    }

    /// `arima`.
    public var name: String { "arima" }

    /// Fits the model.
    /// - Parameter series: the history, oldest first.
    /// - Returns: a ``FittedARIMA``.
    /// - Throws: ``ForecastError`` when the model cannot be fitted to this series.
    /// - Complexity: as ``fitARIMA(_:)``.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitARIMA(series)
    }

    /// Fits the model and returns the concrete type, with coefficients and criteria.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when the model cannot be fitted to this series.
    /// - Complexity: O(iterations · k · n·r²) for k coefficients and r = max(p + mP, q + mQ + 1).
    public func fitARIMA(_ series: TimeSeries) throws -> FittedARIMA {
        try ARIMAInput.validate(series.values, model: order.description)
        if fourierPairs > 0 && (series.seasonLength < 2 || 2 * fourierPairs > series.seasonLength) {
            throw ForecastError("\(fourierPairs) Fourier pairs need a season length of at least \(2 * fourierPairs), "
                + "but the series has \(series.seasonLength)")
        }
        let total = order.totalDifferences
        let regression = ARIMARegression(intercept: includeConstant && total == 0, drift: includeConstant && total == 1,
                                         fourierPeriod: series.seasonLength, fourierPairs: fourierPairs)
        return try ARIMAEstimator(order: order, regression: regression).fit(series.values)
    }
}
