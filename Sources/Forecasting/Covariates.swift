/// What is known about each period besides the units sold: the selling price and promotion flags.
/// Causal models (``RegressionForecaster``) use them; for a forecast they need the planned values of
/// the future periods too.
public struct Covariates: Sendable, Equatable {
    /// Selling price per period, currency per unit (`nil`: no price information).
    public var prices: [Double]?
    /// Promotion indicators (or intensities), one array per promotion column, one value per period.
    public var promotions: [[Double]]

    /// Creates covariates.
    public init(prices: [Double]? = nil, promotions: [[Double]] = []) {
        self.prices = prices
        self.promotions = promotions
    }

    /// No covariates at all.
    public static let none = Covariates()

    /// Periods covered, when any covariate is present.
    public var count: Int? { prices?.count ?? promotions.first?.count }

    /// The covariates of `history` carried forward `horizon` periods: the last price, no promotion.
    /// - Parameters:
    ///   - history: covariates of the fitted periods.
    ///   - horizon: periods ahead.
    /// - Returns: a plan with the same columns.
    public static func carriedForward(_ history: Covariates, horizon: Int) -> Covariates {
        Covariates(prices: history.prices.map { Array(repeating: $0.last ?? 0, count: horizon) },
                   promotions: history.promotions.map { _ in Array(repeating: 0, count: horizon) })
    }
}

/// A forecaster that can use covariates (price, promotions).
public protocol CausalForecaster: Forecaster {
    /// Fits with covariates for the history's periods.
    /// - Parameters:
    ///   - series: units sold per period.
    ///   - covariates: prices and promotions for the same periods.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when the covariates do not match the series or the fit fails.
    func fit(_ series: TimeSeries, covariates: Covariates) throws -> any CausalFittedForecaster
}

/// A fitted causal model: forecasts need the planned covariates of the future periods.
public protocol CausalFittedForecaster: FittedForecaster {
    /// Forecasts `horizon` periods given their planned prices and promotions.
    /// - Parameters:
    ///   - horizon: steps ahead.
    ///   - future: covariates for those steps (the same columns as when fitting).
    /// - Returns: the forecast.
    func forecast(horizon: Int, future: Covariates) -> Forecast
}
