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
    public var samples: [[Double]]? {
        didSet { samples = samples.map(Self.ascending) }
    }

    /// Creates a forecast.
    /// - Parameters:
    ///   - mean: point forecasts.
    ///   - standardDeviation: predictive standard deviations, same length as `mean`.
    ///   - samples: draws per step (sorted here when they are not), or nil.
    public init(mean: [Double], standardDeviation: [Double], samples: [[Double]]? = nil) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.samples = samples.map(Self.ascending)
    }

    /// Each step's draws in ascending order (already sorted steps are kept as they are: O(n) to check), in
    /// IEEE total order, so that a NaN draw sorts last instead of landing anywhere.
    static func ascending(_ steps: [[Double]]) -> [[Double]] {
        steps.map { draws in
            zip(draws, draws.dropFirst()).allSatisfy { $0.isTotallyOrdered(belowOrEqualTo: $1) } ? draws
                : draws.sorted { !$1.isTotallyOrdered(belowOrEqualTo: $0) }
        }
    }

    /// Steps ahead covered.
    public var horizon: Int { mean.count }

    /// The p-quantile of the predictive distribution at one step: of the draws when there are
    /// ``samples`` (linear interpolation between order statistics, Hyndman & Fan's type 7), else of the
    /// normal approximation.
    /// - Parameters:
    ///   - p: probability in (0, 1) (values outside are clamped to the extreme draws).
    ///   - step: 0-based step ahead.
    /// - Returns: the quantile, in the series' units; NaN when `p` is not a finite number.
    public func quantile(_ p: Double, step: Int) -> Double {
        guard p.isFinite else { return .nan }
        if let samples, step < samples.count, !samples[step].isEmpty {
            let sorted = samples[step]
            let position = min(max(p, 0), 1) * Double(sorted.count - 1)
            let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }
        return mean[step] + standardDeviation[step] * StandardNormal.quantile(p)
    }
}
