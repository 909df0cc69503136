/// Equally spaced observations of one quantity (units sold per day or per week), oldest first.
public struct TimeSeries: Sendable, Equatable {
    /// The observations.
    public var values: [Double]
    /// Periods per seasonal cycle (7 for daily data with a weekly cycle, 52 for weekly data with a
    /// yearly one, 12 for monthly); 1 means no seasonality.
    public var seasonLength: Int

    /// Creates a series.
    /// - Parameters:
    ///   - values: observations, oldest first.
    ///   - seasonLength: periods per cycle (≥ 1).
    public init(_ values: [Double], seasonLength: Int = 1) {
        self.values = values
        self.seasonLength = max(1, seasonLength)
    }

    /// Number of observations.
    public var count: Int { values.count }

    /// The first `n` observations (for holding out the rest).
    /// - Parameter n: how many to keep.
    /// - Returns: a series with the same season length.
    public func prefix(_ n: Int) -> TimeSeries { TimeSeries(Array(values.prefix(n)), seasonLength: seasonLength) }
}
