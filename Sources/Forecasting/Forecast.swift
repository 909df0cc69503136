import Stochastics

/// A predictive distribution for the next `horizon` periods: a mean path and a standard deviation
/// per step (normal prediction intervals, as in Hyndman & Athanasopoulos, *Forecasting: Principles
/// and Practice*, §5.5).
public struct Forecast: Sendable, Equatable {
    /// Point forecasts, one per step ahead.
    public var mean: [Double]
    /// Predictive standard deviation per step (0 when the model has no noise estimate).
    public var standardDeviation: [Double]
    /// Draws from the predictive distribution of each step, sorted ascending (models that forecast by
    /// sampling paths); nil for the normal approximation. When present, quantiles, intervals and the CRPS
    /// are those of the draws.
    public var samples: [[Double]]?

    /// Creates a forecast.
    /// - Parameters:
    ///   - mean: point forecasts.
    ///   - standardDeviation: predictive standard deviations, same length as `mean`.
    ///   - samples: sorted draws per step, or nil.
    public init(mean: [Double], standardDeviation: [Double], samples: [[Double]]? = nil) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.samples = samples
    }

    /// Steps ahead covered.
    public var horizon: Int { mean.count }

    /// The p-quantile of the predictive distribution at one step: of the draws when there are
    /// ``samples`` (linear interpolation between order statistics, Hyndman & Fan's type 7), else of the
    /// normal approximation.
    /// - Parameters:
    ///   - p: probability in (0, 1).
    ///   - step: 0-based step ahead.
    /// - Returns: the quantile, in the series' units.
    public func quantile(_ p: Double, step: Int) -> Double {
        if let samples, step < samples.count, !samples[step].isEmpty {
            let sorted = samples[step]
            let position = min(max(p, 0), 1) * Double(sorted.count - 1)
            let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }
        return mean[step] + standardDeviation[step] * StandardNormal.quantile(p)
    }
}
