/// The forecasting models a scenario (`demand: {model: …}`) or `restock forecast --model` can name.
public enum ForecasterCatalog {
    /// Names accepted besides `auto`.
    public static var names: [String] {
        ["naive", "seasonal-naive", "moving-average", "ses", "holt", "holt-damped", "holt-winters", "holt-winters-multiplicative",
         "ets", "theta", "auto-theta", "arima", "croston", "croston-sba", "tsb", "regression", "lstm"]
    }

    /// The forecaster for a catalog name.
    /// - Parameters:
    ///   - name: a catalog name.
    ///   - seasonLength: periods per cycle, for models that take it.
    ///   - covariates: prices and promotions of the series, bound to causal models.
    /// - Returns: the forecaster, or nil for an unknown name.
    public static func make(_ name: String, seasonLength: Int, covariates: Covariates = .none) -> (any Forecaster)? {
        switch name {
        case "naive": return NaiveForecaster()
        case "seasonal-naive": return SeasonalNaiveForecaster()
        case "moving-average": return MovingAverageForecaster(window: 4)
        case "ses": return ETSForecaster.simple
        case "holt": return ETSForecaster.holt(damped: false)
        case "holt-damped": return ETSForecaster.holt(damped: true)
        case "holt-winters": return ETSForecaster.holtWinters(multiplicative: false, seasonLength: seasonLength)
        case "holt-winters-multiplicative": return ETSForecaster.holtWinters(multiplicative: true, seasonLength: seasonLength)
        case "ets", "auto-ets": return AutoETS()
        case "theta": return ThetaForecaster()
        case "auto-theta": return AutoThetaForecaster()
        case "arima", "auto-arima": return AutoARIMA()
        case "croston": return CrostonForecaster(variant: .classic, smoothing: .optimized)
        case "croston-sba": return CrostonForecaster(variant: .sba, smoothing: .optimized)
        case "tsb": return TSBForecaster(smoothing: .optimized)
        case "regression": return CovariateBoundForecaster(RegressionForecaster(), covariates: covariates)
        case "lstm": return CovariateBoundForecaster(LSTMForecaster(global: false), covariates: covariates)
        default: return nil
        }
    }

    /// The candidates `auto` compares by backtest: seasonal and non-seasonal baselines, AutoETS, AutoTheta, the
    /// regression on the series' covariates, the intermittent-demand methods when at least a third of the
    /// periods sold nothing, and AutoARIMA. The LSTM is not in `auto` (training takes seconds per SKU);
    /// name it with `model: lstm`.
    public static func autoCandidates(series: TimeSeries, covariates: Covariates) -> [any Forecaster] {
        var names = ["seasonal-naive", "naive", "ets", "auto-theta", "regression"]
        let zeros = series.values.filter { $0 == 0 }.count
        if series.count > 0, Double(zeros) >= Double(series.count) / 3 { names += ["croston-sba", "tsb"] }
        // AutoARIMA with at most 3 Fourier pairs for long seasons: the full scan costs 60 ms a fit, and auto
        // fits each candidate once per backtest fold.
        return names.compactMap { make($0, seasonLength: series.seasonLength, covariates: covariates) } + [AutoARIMA(maxFourierPairs: 3)]
    }

    /// The rolling-origin backtest `auto` uses: 3 folds of one season (at most 13 periods) or less
    /// when the series is short.
    public static func autoBacktest(seriesLength n: Int, seasonLength m: Int) -> Backtest {
        let horizon = max(1, min(m > 1 ? min(m, 13) : 13, n / 6))
        return Backtest(folds: 3, horizon: horizon, step: horizon, minimumTrainingLength: max(4, n / 2))
    }

    /// The forecaster for a `model:` value: a catalog name, or `auto` for the candidate with the lowest
    /// backtest MASE.
    /// - Parameters:
    ///   - name: `auto` or a catalog name.
    ///   - series: the history.
    ///   - covariates: its prices and promotions.
    /// - Returns: the forecaster to fit.
    /// - Throws: ``ForecastError`` for an unknown name.
    public static func choose(_ name: String, series: TimeSeries, covariates: Covariates) throws -> any Forecaster {
        if name == "auto" {
            return ModelSelector(candidates: autoCandidates(series: series, covariates: covariates),
                                 backtest: autoBacktest(seriesLength: series.count, seasonLength: series.seasonLength))
        }
        if let model = make(name, seasonLength: series.seasonLength, covariates: covariates) { return model }
        var message = "unknown model '\(name)'"
        if let near = names.min(by: { editDistance($0, name) < editDistance($1, name) }), editDistance(near, name) <= 3 {
            message += " (did you mean '\(near)'?)"
        }
        throw ForecastError(message)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...y.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[y.count]
    }
}
