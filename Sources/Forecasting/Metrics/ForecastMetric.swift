/// One accuracy measure, as reported per fold and overall by ``Backtester`` and as a CSV column.
public enum ForecastMetric: Sendable, Hashable, CustomStringConvertible {
    /// Mean absolute error.
    case mae
    /// Mean squared error.
    case mse
    /// Root mean squared error.
    case rmse
    /// Coefficient of determination.
    case rSquared
    /// Mean absolute scaled error (seasonal scaling by the series' season length).
    case mase
    /// Symmetric MAPE, 0–200.
    case smape
    /// Pinball loss of the p-quantile, p in (0, 1).
    case pinball(Double)
    /// Coverage of the central prediction interval at this level in (0, 1), e.g. 0.8 for
    /// [q(0.1), q(0.9)].
    case coverage(Double)
    /// Continuous ranked probability score of the whole predictive distribution, in the series' units
    /// (lower is better; a point forecast's CRPS is its absolute error). Every ``Forecast`` is a normal
    /// distribution (its mean and standard deviation), so the closed form is exact for every model:
    /// ``ForecastMetrics/crps(actual:mean:standardDeviation:)``.
    case crps

    /// Point-forecast metrics, in column order.
    public static let pointMetrics: [ForecastMetric] = [.mae, .mse, .rmse, .rSquared, .mase, .smape]
    /// The probabilities whose pinball loss a backtest reports.
    public static let standardQuantiles: [Double] = [0.05, 0.1, 0.5, 0.9, 0.95]
    /// The central-interval levels whose coverage a backtest reports.
    public static let standardCoverageLevels: [Double] = [0.8, 0.9]
    /// Everything a backtest reports, in column order: point metrics, pinball losses, coverages, CRPS.
    public static let all: [ForecastMetric] =
        pointMetrics + standardQuantiles.map { .pinball($0) } + standardCoverageLevels.map { .coverage($0) } + [.crps]

    /// Column name: `mae`, `mse`, `rmse`, `r2`, `mase`, `smape`, `pinball_05` … `pinball_95`,
    /// `coverage_80`, `coverage_90` (percentages; a non-integer percentage keeps its decimals, e.g.
    /// `pinball_2.5`), `crps`.
    public var name: String {
        switch self {
        case .mae: return "mae"
        case .mse: return "mse"
        case .rmse: return "rmse"
        case .rSquared: return "r2"
        case .mase: return "mase"
        case .smape: return "smape"
        case .pinball(let p): return "pinball_" + Self.percent(p)
        case .coverage(let level): return "coverage_" + Self.percent(level)
        case .crps: return "crps"
        }
    }

    /// Same as ``name``.
    public var description: String { name }

    /// Scores a forecast against held-out actuals.
    ///
    /// Pinball and coverage use the quantiles of ``Forecast/quantile(_:step:)`` (of the draws, or normal);
    /// the central interval at level L is [q((1 − L)/2), q((1 + L)/2)]; CRPS the empirical form for the
    /// draws (``ForecastMetrics/crps(actual:samples:)``) or the closed form for the normal, averaged over the steps.
    /// - Parameters:
    ///   - forecast: the predictive distribution (at least `actual.count` steps).
    ///   - actual: held-out values.
    ///   - training: the training series (MASE scale and season length).
    /// - Returns: the metric's value.
    /// - Throws: ``ForecastError`` when the forecast is shorter than the actuals, for an empty
    ///   input, or a pinball/coverage parameter outside (0, 1).
    /// - Complexity: O(h + training count).
    public func evaluate(_ forecast: Forecast, actual: [Double], training: TimeSeries) throws -> Double {
        let h = actual.count
        guard forecast.mean.count >= h, forecast.standardDeviation.count >= h else {
            throw ForecastError(
                "The forecast covers \(Swift.min(forecast.mean.count, forecast.standardDeviation.count)) steps but \(h) actual values were given.")
        }
        let point = Array(forecast.mean.prefix(h))
        switch self {
        case .mae: return try ForecastMetrics.mae(actual: actual, forecast: point)
        case .mse: return try ForecastMetrics.mse(actual: actual, forecast: point)
        case .rmse: return try ForecastMetrics.rmse(actual: actual, forecast: point)
        case .rSquared: return try ForecastMetrics.rSquared(actual: actual, forecast: point)
        case .mase:
            return try ForecastMetrics.mase(
                actual: actual, forecast: point, training: training.values, seasonLength: training.seasonLength)
        case .smape: return try ForecastMetrics.smape(actual: actual, forecast: point)
        case .pinball(let p):
            guard p > 0, p < 1 else {
                throw ForecastError("The pinball loss needs a probability strictly between 0 and 1, but got \(p).")
            }
            let q = (0..<h).map { forecast.quantile(p, step: $0) }
            return try ForecastMetrics.pinball(actual: actual, quantile: q, probability: p)
        case .coverage(let level):
            guard level > 0, level < 1 else {
                throw ForecastError("Interval coverage needs a level strictly between 0 and 1, but got \(level).")
            }
            let lower = (0..<h).map { forecast.quantile((1 - level) / 2, step: $0) }
            let upper = (0..<h).map { forecast.quantile((1 + level) / 2, step: $0) }
            return try ForecastMetrics.coverage(actual: actual, lower: lower, upper: upper)
        case .crps:
            if let samples = forecast.samples, samples.count >= h {
                return try ForecastMetrics.crps(actual: actual, samples: Array(samples.prefix(h)))
            }
            return try ForecastMetrics.crps(actual: actual, mean: point, standardDeviation: Array(forecast.standardDeviation.prefix(h)))
        }
    }

    // 0.05 → "05", 0.9 → "90", 0.025 → "2.5": two digits keep the columns sortable.
    private static func percent(_ p: Double) -> String {
        let scaled = p * 100
        let rounded = scaled.rounded()
        if abs(scaled - rounded) < 1e-9, abs(rounded) < 1e6 {
            let whole = Int(rounded)
            return whole < 10 && whole >= 0 ? "0\(whole)" : "\(whole)"
        }
        return "\(scaled)"
    }
}
