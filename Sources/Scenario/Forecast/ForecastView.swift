/// A SKU's sales history and the forecast its simulated demand follows, per period of the history, with
/// an 80% prediction band: what a report plots as "demand vs forecast".
public struct ForecastView: Sendable, Equatable {
    /// The product's SKU in the scenario.
    public var sku: String
    /// `day`, `week`, `month` or `quarter`.
    public var periodLabel: String
    /// Dates (YYYY-MM-DD) and units of the history shown (up to the last 104 periods).
    public var historyDates: [String]
    public var history: [Double]
    /// Dates and mean forecast of the simulated periods, and the 80% band (units, cut at zero).
    public var forecastDates: [String]
    public var mean: [Double]
    public var lower: [Double]
    public var upper: [Double]
}
