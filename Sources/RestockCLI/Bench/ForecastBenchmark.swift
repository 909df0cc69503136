import Dispatch
import Forecasting
import Foundation

/// Times a forecasting model on many series, the way `scripts/reference/statsforecast_ets.py` times
/// statsforecast: fit and forecast each series of a training file on one thread, then score the
/// forecasts against a test file with sMAPE (0–200).
public enum ForecastBenchmark {
    /// The outcome.
    public struct Measurement: Sendable {
        /// Series timed.
        public var series: Int
        /// Mean wall time per series (fit + forecast), milliseconds.
        public var millisecondsPerSeries: Double
        /// sMAPE over all test points.
        public var smape: Double
        /// Series whose model could not be fitted (forecast by seasonal naive instead, still timed).
        public var failures: Int
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - train: training history.
    ///   - test: held-out history (same SKUs; its length per SKU is the horizon).
    ///   - model: catalog name.
    ///   - seasonLength: periods per season.
    /// - Returns: the measurement.
    /// - Throws: ``ForecastError`` for an unknown model.
    public static func measure(train: SalesHistory, test: SalesHistory, model: String, seasonLength: Int) throws -> Measurement {
        guard let forecaster = ForecasterCatalog.make(model, seasonLength: seasonLength) else {
            _ = try ForecasterCatalog.choose(model, series: TimeSeries([]), covariates: .none)
            throw ForecastError("unknown model '\(model)'")
        }
        let actual = Dictionary(uniqueKeysWithValues: test.skus.map { ($0.sku, $0.units.map { $0 ?? 0 }) })
        var forecasts: [[Double]] = [], actuals: [[Double]] = []
        var failures = 0
        let start = DispatchTime.now()
        for sku in train.skus {
            guard let truth = actual[sku.sku], !truth.isEmpty else { continue }
            let series = sku.timeSeries(seasonLength: seasonLength)
            let fitted = (try? forecaster.fit(series)) ?? {
                failures += 1
                return try? SeasonalNaiveForecaster().fit(series)
            }()
            forecasts.append(fitted?.forecast(horizon: truth.count).mean ?? Array(repeating: 0, count: truth.count))
            actuals.append(truth)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var total = 0.0, points = 0
        for (f, a) in zip(forecasts, actuals) {
            for (x, y) in zip(f, a) {
                let denominator = abs(x) + abs(y)
                total += denominator > 0 ? 200 * abs(y - x) / denominator : 0
                points += 1
            }
        }
        return Measurement(series: forecasts.count, millisecondsPerSeries: 1000 * seconds / Double(max(1, forecasts.count)),
                           smape: points > 0 ? total / Double(points) : .nan, failures: failures)
    }
}
