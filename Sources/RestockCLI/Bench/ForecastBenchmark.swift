import Dispatch
import Forecasting
import Foundation

/// Times a forecasting model on many series, the way `scripts/reference/statsforecast_ets.py` and
/// `benchmarks/forecast-vs-statsforecast/run.py` time statsforecast: fit and forecast each series of a
/// training file on one thread, then score the forecasts against a test file with sMAPE (0–200) and
/// MASE (scaled by each training series' seasonal naive in-sample error).
public enum ForecastBenchmark {
    /// The outcome.
    public struct Measurement: Sendable {
        /// Series timed.
        public var series: Int
        /// Mean wall time per series (fit + forecast, including `auto`'s backtests), milliseconds.
        public var millisecondsPerSeries: Double
        /// sMAPE over all test points.
        public var smape: Double
        /// Mean over series of each series' MASE (series whose scale is zero left out).
        public var mase: Double
        /// Series whose model could not be fitted (forecast by seasonal naive instead, still timed).
        public var failures: Int
        /// Each series' SKU, fitted model name and point forecasts, in file order.
        public var forecasts: [(sku: String, model: String, mean: [Double])]
        /// For a global network: the seconds training it on every series took (inside the timed total).
        public var trainingSeconds: Double? = nil
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - train: training history.
    ///   - test: held-out history (same SKUs; its length per SKU is the horizon).
    ///   - model: catalog name or `auto` (chosen per series by backtest, inside the timed region); a global
    ///     network (`global-deepar`, `global-deepar-conv`) trains one network on every series first (timed, and reported apart as well).
    ///   - seasonLength: periods per season.
    ///   - autoMargin: for `auto`, the relative margin a combination may trail by and still win (nil: the catalog's).
    /// - Returns: the measurement.
    /// - Throws: ``ForecastError`` for an unknown model.
    /// - Complexity: one fit (or one `auto` selection and fit) per series.
    public static func measure(train: SalesHistory, test: SalesHistory, model: String, seasonLength: Int,
                               autoMargin: Double? = nil) throws -> Measurement {
        let fixed = ForecasterCatalog.make(model, seasonLength: seasonLength)
        if fixed == nil { _ = try ForecasterCatalog.choose(model, series: TimeSeries([]), covariates: .none) }
        let actual = Dictionary(uniqueKeysWithValues: test.skus.map { ($0.sku, $0.units.map { $0 ?? 0 }) })
        var forecasts: [(sku: String, model: String, mean: [Double])] = [], actuals: [[Double]] = [], trainings: [[Double]] = []
        var failures = 0
        let start = DispatchTime.now()
        var trainingSeconds: Double? = nil
        if ForecasterCatalog.globalNetworkModels.contains(model), let network = ForecasterCatalog.network(model) {
            // One network for every series (one thread), then each series' sample-path forecast.
            let skus = train.skus.filter { !(actual[$0.sku] ?? []).isEmpty }
            let views = try network.fitGlobal(series: skus.map { $0.timeSeries(seasonLength: seasonLength) },
                                                            covariates: skus.map { $0.covariates(defaultPrice: 1) })
            trainingSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            for (sku, view) in zip(skus, views) {
                let truth = actual[sku.sku] ?? []
                forecasts.append((sku.sku, view.name, view.forecast(horizon: truth.count).mean))
                actuals.append(truth)
                trainings.append(sku.timeSeries(seasonLength: seasonLength).values)
            }
        }
        for sku in train.skus where trainingSeconds == nil {
            guard let truth = actual[sku.sku], !truth.isEmpty else { continue }
            let series = sku.timeSeries(seasonLength: seasonLength)
            let forecaster: any Forecaster
            if let fixed {
                forecaster = fixed
            } else if model == "auto", let autoMargin {
                forecaster = ForecasterCatalog.autoSelector(
                    series: series, covariates: .none,
                    backtest: ForecasterCatalog.autoBacktest(seriesLength: series.count, seasonLength: seasonLength),
                    combinationMargin: autoMargin)
            } else {
                forecaster = try ForecasterCatalog.choose(model, series: series, covariates: .none)
            }
            let fitted = (try? forecaster.fit(series)) ?? {
                failures += 1
                return try? SeasonalNaiveForecaster().fit(series)
            }()
            forecasts.append((sku.sku, fitted?.name ?? "none", fitted?.forecast(horizon: truth.count).mean ?? Array(repeating: 0, count: truth.count)))
            actuals.append(truth)
            trainings.append(series.values)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var total = 0.0, points = 0, maseTotal = 0.0, maseCount = 0
        for (forecast, (truth, training)) in zip(forecasts, zip(actuals, trainings)) {
            for (x, y) in zip(forecast.mean, truth) {
                let denominator = abs(x) + abs(y)
                total += denominator > 0 ? 200 * abs(y - x) / denominator : 0
                points += 1
            }
            if let mase = try? ForecastMetrics.mase(actual: truth, forecast: forecast.mean, training: training, seasonLength: seasonLength),
               mase.isFinite {
                maseTotal += mase
                maseCount += 1
            }
        }
        return Measurement(series: forecasts.count, millisecondsPerSeries: 1000 * seconds / Double(max(1, forecasts.count)),
                           smape: points > 0 ? total / Double(points) : .nan,
                           mase: maseCount > 0 ? maseTotal / Double(maseCount) : .nan, failures: failures, forecasts: forecasts,
                           trainingSeconds: trainingSeconds)
    }
}
