/// The forecasting models a scenario or `restock forecast` can name, by their `model:` key.
public enum ForecasterCatalog {
    /// Names accepted in `model:` (besides `auto`).
    public static var names: [String] { ["regression"] }

    /// The forecaster for a name.
    /// - Parameters:
    ///   - name: a catalog name.
    ///   - seasonLength: periods per cycle, for models that take it.
    /// - Returns: the forecaster, or nil for an unknown name.
    public static func make(_ name: String, seasonLength: Int) -> (any Forecaster)? {
        switch name {
        case "regression": return RegressionForecaster()
        default: return nil
        }
    }

    /// The forecaster for a `model:` value: a catalog name, or `auto` for the best by backtest.
    /// - Parameters:
    ///   - name: `auto` or a catalog name.
    ///   - series: the history (for `auto` and for the season length).
    ///   - covariates: its prices and promotions (for causal models in `auto`).
    /// - Returns: the forecaster to fit.
    /// - Throws: ``ForecastError`` for an unknown name.
    public static func choose(_ name: String, series: TimeSeries, covariates: Covariates) throws -> any Forecaster {
        if let model = make(name, seasonLength: series.seasonLength) { return model }
        throw ForecastError("unknown model '\(name)'")
    }
}
