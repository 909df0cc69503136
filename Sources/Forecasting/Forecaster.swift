/// A forecasting method: fits to a series and returns a fitted model.
///
/// One conforming type per model family (naive, ETS, Croston, Theta, …). Fitting never traps on user
/// data: a series that is too short or degenerate throws ``ForecastError`` with a sentence saying why.
public protocol Forecaster: Sendable {
    /// Short name used in reports and `model:` keys (e.g. `naive`, `ets`, `croston`).
    var name: String { get }

    /// Fits the method to `series`.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when the method cannot be fitted to this series.
    func fit(_ series: TimeSeries) throws -> any FittedForecaster
}

/// A forecaster whose fit returns a concrete model type (for inspecting parameters); `fit(_:)` comes free.
public protocol ConcreteForecaster: Forecaster {
    /// The fitted model type.
    associatedtype Fitted: FittedForecaster
    /// Fits and returns the concrete model.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when the method cannot be fitted to this series.
    func fitModel(_ series: TimeSeries) throws -> Fitted
}

extension ConcreteForecaster {
    /// Fits via ``fitModel(_:)``.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster { try fitModel(series) }
}

/// A model fitted to one series.
public protocol FittedForecaster: Sendable {
    /// Name of the fitted model, with its chosen form where it has one (e.g. `ETS(A,Ad,N)`).
    var name: String { get }
    /// One-step-ahead in-sample forecast errors (actual − fitted), oldest first; `nan` where the
    /// model had no forecast yet.
    var residuals: [Double] { get }
    /// Forecast `horizon` steps past the end of the fitted series.
    /// - Parameter horizon: steps ahead (≥ 1).
    /// - Returns: mean path and predictive standard deviations.
    func forecast(horizon: Int) -> Forecast
    /// The price elasticity the model estimated, for models that estimate one (nil otherwise).
    var priceElasticity: Double? { get }
    /// The sales multiplier of a promotion the model estimated, for models that estimate one (nil otherwise).
    var promotionLift: Double? { get }
    /// A forecaster that refits this model's chosen form (e.g. the ETS spec or ARIMA order an automatic
    /// search settled on) without searching again: for cheap refits on growing data. Nil: refit from scratch.
    var sameFormForecaster: (any Forecaster)? { get }
}

extension FittedForecaster {
    /// Most models do not estimate a price response.
    public var priceElasticity: Double? { nil }
    /// Most models do not estimate a promotion effect.
    public var promotionLift: Double? { nil }
    /// Most models have no search to skip.
    public var sameFormForecaster: (any Forecaster)? { nil }
}

/// Why a model could not be fitted or a forecast could not be made.
public struct ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A full sentence: what is wrong and what would work.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
