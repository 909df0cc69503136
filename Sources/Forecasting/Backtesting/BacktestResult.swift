/// The outcome of a rolling-origin backtest of one forecaster on one series.
public struct BacktestResult: Sendable, Equatable {
    /// The forecaster's name.
    public let model: String
    /// The plan that was run.
    public let configuration: Backtest
    /// The metrics computed, in column order.
    public let metrics: [ForecastMetric]
    /// One record per origin, oldest first.
    public let folds: [BacktestFold]
    /// Each metric averaged over the folds with equal weight (NaN if any fold's value is NaN, so a
    /// broken fold is never hidden).
    public let overall: [ForecastMetric: Double]

    /// Creates a result, averaging the fold scores.
    /// - Parameters:
    ///   - model: forecaster name.
    ///   - configuration: the plan.
    ///   - metrics: metrics in column order.
    ///   - folds: per-fold records.
    /// - Complexity: O(folds × metrics).
    public init(model: String, configuration: Backtest, metrics: [ForecastMetric], folds: [BacktestFold]) {
        self.model = model
        self.configuration = configuration
        self.metrics = metrics
        self.folds = folds
        var overall: [ForecastMetric: Double] = [:]
        for metric in metrics {
            let values = folds.map { $0.score(metric) }
            overall[metric] = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        self.overall = overall
    }

    /// The fold-averaged value of `metric`.
    /// - Parameter metric: a metric.
    /// - Returns: its mean over folds, or NaN when it was not computed.
    /// - Complexity: O(1).
    public func score(_ metric: ForecastMetric) -> Double { overall[metric] ?? .nan }

    /// Mean MASE over folds: the model-selection criterion.
    public var meanMASE: Double { score(.mase) }
}
