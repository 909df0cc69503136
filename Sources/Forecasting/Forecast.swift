import Stochastics

/// A predictive distribution for the next `horizon` periods: a mean path and a standard deviation
/// per step (normal prediction intervals, as in Hyndman & Athanasopoulos, *Forecasting: Principles
/// and Practice*, §5.5).
public struct Forecast: Sendable, Equatable {
    /// Point forecasts, one per step ahead.
    public var mean: [Double]
    /// Predictive standard deviation per step (0 when the model has no noise estimate).
    public var standardDeviation: [Double]

    /// Creates a forecast.
    /// - Parameters:
    ///   - mean: point forecasts.
    ///   - standardDeviation: predictive standard deviations, same length as `mean`.
    public init(mean: [Double], standardDeviation: [Double]) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Steps ahead covered.
    public var horizon: Int { mean.count }

    /// The p-quantile of the predictive distribution at one step (normal approximation).
    /// - Parameters:
    ///   - p: probability in (0, 1).
    ///   - step: 0-based step ahead.
    /// - Returns: the quantile, in the series' units.
    public func quantile(_ p: Double, step: Int) -> Double {
        mean[step] + standardDeviation[step] * StandardNormal.quantile(p)
    }
}
