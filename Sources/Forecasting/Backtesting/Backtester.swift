/// Runs rolling-origin backtests (Tashman 2000; Hyndman & Athanasopoulos, *FPP* 3rd ed., §5.10).
public enum Backtester {
    /// Fits `forecaster` at each origin of `config`, forecasts `horizon` steps and scores the
    /// forecast against the held-out values with every metric in ``ForecastMetric/all``: MAE, MSE,
    /// RMSE, R², MASE (scaled by each fold's own training series), sMAPE, pinball loss at
    /// p = 0.05, 0.1, 0.5, 0.9, 0.95 and 80%/90% central-interval coverage.
    /// - Parameters:
    ///   - forecaster: the method to evaluate.
    ///   - series: the whole history; its season length is kept in every training prefix.
    ///   - config: the plan.
    /// - Returns: per-fold and fold-averaged scores.
    /// - Throws: ``ForecastError`` for an empty series, a NaN/infinite value (naming its index), a
    ///   plan the series is too short for, whatever the forecaster throws on a training prefix
    ///   (prefixed with the fold), or a forecast of the wrong length or with non-finite values.
    /// - Complexity: `folds` fits and forecasts plus O(folds × (n + h)) for the metrics.
    public static func evaluate(forecaster: any Forecaster, series: TimeSeries, config: Backtest) throws
        -> BacktestResult
    {
        try evaluate(name: forecaster.name, series: series, config: config) { _, training in
            try forecaster.fit(training)
        }
    }

    /// As ``evaluate(forecaster:series:config:)``, with the fit at each fold supplied by `fit` (fold
    /// index, training prefix): ``ModelSelector`` passes fits it shares between a combination and its
    /// members.
    static func evaluate(
        name: String, series: TimeSeries, config: Backtest,
        fit: (Int, TimeSeries) throws -> any FittedForecaster
    ) throws -> BacktestResult {
        guard !series.values.isEmpty else {
            throw ForecastError("A backtest needs a series with observations, but it is empty.")
        }
        try SeriesValidation.checkFinite(series.values)
        let origins = try config.origins(seriesLength: series.count)
        let metrics = ForecastMetric.all
        var folds: [BacktestFold] = []
        folds.reserveCapacity(origins.count)
        for (index, origin) in origins.enumerated() {
            let training = series.prefix(origin)
            let actual = Array(series.values[origin..<(origin + config.horizon)])
            let fitted: any FittedForecaster
            do {
                fitted = try fit(index, training)
            } catch let error as ForecastError {
                throw ForecastError(
                    "Fold \(index) (training on \(origin) observations): \(error.message)")
            }
            let forecast = fitted.forecast(horizon: config.horizon)
            guard forecast.mean.count == config.horizon, forecast.standardDeviation.count == config.horizon else {
                throw ForecastError(
                    "Fold \(index): \(fitted.name) returned \(forecast.mean.count) means and \(forecast.standardDeviation.count) standard deviations for a horizon of \(config.horizon).")
            }
            if let bad = (forecast.mean + forecast.standardDeviation).firstIndex(where: { !$0.isFinite }) {
                throw ForecastError(
                    "Fold \(index): \(fitted.name) returned a non-finite forecast value at step \(bad % config.horizon + 1); it cannot be scored.")
            }
            var scores: [ForecastMetric: Double] = [:]
            for metric in metrics {
                scores[metric] = try metric.evaluate(forecast, actual: actual, training: training)
            }
            folds.append(
                BacktestFold(
                    index: index, origin: origin, model: fitted.name, actual: actual, forecast: forecast,
                    scores: scores))
        }
        return BacktestResult(model: name, configuration: config, metrics: metrics, folds: folds)
    }
}
