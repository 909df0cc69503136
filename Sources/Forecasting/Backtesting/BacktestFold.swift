/// The outcome of one forecast origin in a rolling-origin backtest.
public struct BacktestFold: Sendable, Equatable {
    /// 0-based fold number, oldest origin first.
    public let index: Int
    /// Training length: the fold trained on observations 0..<origin and forecast origin..<origin+h.
    public let origin: Int
    /// Name of the fitted model (may carry its chosen form).
    public let model: String
    /// The held-out values.
    public let actual: [Double]
    /// The forecast made at this origin.
    public let forecast: Forecast
    /// Every metric's value on this fold.
    public let scores: [ForecastMetric: Double]

    /// Creates a fold record.
    /// - Parameters:
    ///   - index: fold number.
    ///   - origin: training length.
    ///   - model: fitted model name.
    ///   - actual: held-out values.
    ///   - forecast: the forecast.
    ///   - scores: metric values.
    public init(
        index: Int, origin: Int, model: String, actual: [Double], forecast: Forecast,
        scores: [ForecastMetric: Double]
    ) {
        self.index = index
        self.origin = origin
        self.model = model
        self.actual = actual
        self.forecast = forecast
        self.scores = scores
    }

    /// The value of `metric` on this fold.
    /// - Parameter metric: a metric.
    /// - Returns: its value, or NaN when it was not computed.
    /// - Complexity: O(1).
    public func score(_ metric: ForecastMetric) -> Double { scores[metric] ?? .nan }
}
