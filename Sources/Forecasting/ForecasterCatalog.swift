/// The forecasting models a scenario (`demand: {model: …}`) or `restock forecast --model` can name.
public enum ForecasterCatalog {
    /// Names accepted besides `auto`.
    public static var names: [String] {
        ["naive", "seasonal-naive", "moving-average", "ses", "holt", "holt-damped", "holt-winters", "holt-winters-multiplicative",
         "ets", "ets-fast", "theta", "auto-theta", "arima", "arima-css", "combo", "combo-median", "combo-fast", "croston", "croston-sba", "tsb", "regression", "lstm", "global-deepar", "global-deepar-conv"]
    }

    /// The catalog names whose models read covariates (price and promotions, history and plan): the
    /// regression and the networks. `auto` reads them too, through its regression (and LSTM) candidates.
    public static let covariateModels = ["regression", "lstm"] + globalNetworkModels

    /// Whether `--model name` can use a plan: `auto` or one of ``covariateModels``.
    /// - Parameter name: `auto` or a catalog name.
    /// - Returns: whether a plan can change its forecast.
    public static func usesCovariates(_ name: String) -> Bool { name == "auto" || covariateModels.contains(name) }

    /// The forecaster for a catalog name.
    /// - Parameters:
    ///   - name: a catalog name.
    ///   - seasonLength: periods per cycle, for models that take it.
    ///   - covariates: prices and promotions of the series, bound to causal models.
    ///   - epochs: cap on the training epochs of the networks (`lstm`, `global-deepar`); nil: their own.
    /// - Returns: the forecaster, or nil for an unknown name.
    public static func make(_ name: String, seasonLength: Int, covariates: Covariates = .none, epochs: Int? = nil) -> (any Forecaster)? {
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
        case "ets-fast": return AutoETS(optimisesSeasonalStates: false)
        case "theta": return ThetaForecaster()
        case "auto-theta": return AutoThetaForecaster()
        case "arima", "auto-arima": return AutoARIMA()
        case "arima-css": return AutoARIMA.combinationMember
        case "combo": return CombinationForecaster.standard(rule: .mean)
        case "combo-median": return CombinationForecaster.standard(rule: .median)
        case "combo-fast": return CombinationForecaster.fast
        case "croston": return CrostonForecaster(variant: .classic, smoothing: .optimized)
        case "croston-sba": return CrostonForecaster(variant: .sba, smoothing: .optimized)
        case "tsb": return TSBForecaster(smoothing: .optimized)
        case "regression": return CovariateBoundForecaster(RegressionForecaster(), covariates: covariates)
        case "lstm", "global-deepar", "global-deepar-conv":
            guard var network = network(name) else { return nil }
            if let epochs { network.epochs = epochs }
            return CovariateBoundForecaster(network, covariates: covariates)
        default: return nil
        }
    }

    /// The catalog names that train a network (and take an epochs cap).
    public static let networkModels = ["lstm"] + globalNetworkModels

    /// The catalog names of the global probabilistic networks: trained on every SKU of a history at once,
    /// forecasting by sample paths (`global-deepar`: LSTM encoder; `global-deepar-conv`: dilated convolutions).
    public static let globalNetworkModels = ["global-deepar", "global-deepar-conv"]

    /// The network of a catalog name, before it is bound to covariates.
    /// - Parameter name: `lstm`, `global-deepar` or `global-deepar-conv`.
    /// - Returns: the untrained network, or nil for another name.
    public static func network(_ name: String) -> LSTMForecaster? {
        switch name {
        case "lstm": return LSTMForecaster(global: false)
        // Given one series, the DeepAR network is trained on it alone; `restock forecast` and scenarios
        // train it on every SKU of the history at once (``ForecastRun``, ``LSTMForecaster/fitGlobal(series:covariates:)``).
        case "global-deepar": return LSTMForecaster.deepAR
        case "global-deepar-conv": return LSTMForecaster.deepARConvolution
        default: return nil
        }
    }

    /// The candidates `auto` compares by backtest: seasonal and non-seasonal baselines, AutoETS, AutoTheta, the
    /// regression on the series' covariates, the intermittent-demand methods when at least a third of the
    /// periods sold nothing, AutoARIMA, and `combo`, the mean of AutoETS, AutoTheta and that AutoARIMA. The
    /// LSTM joins only within a training budget (``autoSelector(series:covariates:backtest:combinationMargin:networkEpochs:)``,
    /// `restock forecast --budget`); scenarios' `model: auto` leaves it out.
    public static func autoCandidates(series: TimeSeries, covariates: Covariates) -> [any Forecaster] {
        autoSelector(series: series, covariates: covariates,
                     backtest: autoBacktest(seriesLength: series.count, seasonLength: series.seasonLength)).candidates
    }

    /// How far a combination's backtest MASE may trail the best and still win `auto` (30%, relative).
    ///
    /// A few folds' MASE is a noisy estimate, and picking the smallest of eight noisy estimates favours
    /// whichever candidate was lucky. Measured with `benchmarks/forecast-vs-statsforecast` (held-out MASE,
    /// auto at margins 0.02 / 0.2 / 0.3, and the best single candidate): first 200 M3 monthly series
    /// 0.790 / 0.747 / 0.726 against 0.737 (auto-theta), where the margin was chosen; then, not tuned on,
    /// Tourism monthly 1.488 / 1.473 / 1.477 against 1.518 (ETS) and M1 monthly 1.098 / 1.068 / 1.064
    /// against 1.098 (ETS). A candidate still wins when its backtest beats the combination's by more than
    /// 30%: a regression on promotions or an intermittent-demand method where they fit far better.
    public static let autoCombinationMargin = 0.3

    /// The selector `auto` runs: ``autoCandidates(series:covariates:)`` with `combo`'s members shared with the
    /// single-model candidates (each fitted once per fold) and ties within ``autoCombinationMargin`` going to
    /// the combination.
    /// - Parameters:
    ///   - series: the history.
    ///   - covariates: its prices and promotions.
    ///   - backtest: the rolling-origin plan.
    ///   - combinationMargin: the relative margin a combination may trail by and still win.
    ///   - networkEpochs: with a number, the LSTM joins the candidates, its training capped at that many epochs
    ///     (``NetworkBudget``); nil leaves it out.
    /// - Returns: the selector.
    public static func autoSelector(series: TimeSeries, covariates: Covariates, backtest: Backtest,
                                    combinationMargin: Double = autoCombinationMargin, networkEpochs: Int? = nil) -> ModelSelector {
        let names = autoCandidateNames(series: series, network: networkEpochs != nil)
        let candidates = names.compactMap { make($0, seasonLength: series.seasonLength, covariates: covariates, epochs: networkEpochs) }
        // combo's members are the ets, auto-theta and arima-css candidates (the same forecasters).
        let members = ["ets", "auto-theta", "arima-css"].compactMap { names.firstIndex(of: $0) }
        // With promotions in the history, the regression on them beats the combination on its plain score.
        let promoted = covariates.promotions.contains { column in column.contains { $0 != column.first } }
        let exempt = promoted ? Set(names.indices.filter { covariateModels.contains(names[$0]) }) : []
        return ModelSelector(candidates: candidates, backtest: backtest, combinationMembers: [candidates.count - 1: members],
                             combinationMargin: combinationMargin, marginExempt: exempt)
    }

    /// The catalog names of ``autoSelector(series:covariates:backtest:combinationMargin:networkEpochs:)``'s candidates, in
    /// order: a candidate's position names it, so `restock init` can write the model `auto` chose.
    /// - Parameters:
    ///   - series: the history (intermittent-demand methods join when a third of its periods sold nothing).
    ///   - network: whether the LSTM (one per SKU) is a candidate (`restock forecast --budget`).
    /// - Returns: the names, `combo` last.
    public static func autoCandidateNames(series: TimeSeries, network: Bool = false) -> [String] {
        var names = ["seasonal-naive", "naive", "ets", "auto-theta", "regression"]
        let zeros = series.values.filter { $0 == 0 }.count
        if series.count > 0, Double(zeros) >= Double(series.count) / 3 { names += ["croston-sba", "tsb"] }
        if network { names.append("lstm") }
        // The cheaper AutoARIMA search (CSS ranking, at most 3 Fourier pairs), shared with `combo`.
        return names + ["arima-css", "combo"]
    }

    /// The rolling-origin backtest `auto` uses: folds of one season (at most 13 periods; less when the
    /// series is short), 3 of them, or 5 when the series holds at least 6 seasons (6 × 13 periods when
    /// m = 1), with origins closer than a season apart if 5 whole seasons do not fit after the first half.
    public static func autoBacktest(seriesLength n: Int, seasonLength m: Int) -> Backtest {
        let horizon = max(1, min(m > 1 ? min(m, 13) : 13, n / 6))
        let minimumTraining = max(4, n / 2)
        let seasons = n / (m > 1 ? m : 13)
        if seasons >= 6 {
            let step = min(horizon, (n - minimumTraining - horizon) / 4)
            if step >= 1 {
                return Backtest(folds: 5, horizon: horizon, step: step, minimumTrainingLength: minimumTraining)
            }
        }
        return Backtest(folds: 3, horizon: horizon, step: horizon, minimumTrainingLength: minimumTraining)
    }

    /// The forecaster for a `model:` value: a catalog name, or `auto` for the candidate with the lowest
    /// backtest MASE (a combination winning ties within ``autoCombinationMargin``).
    /// - Parameters:
    ///   - name: `auto` or a catalog name.
    ///   - series: the history.
    ///   - covariates: its prices and promotions.
    /// - Returns: the forecaster to fit.
    /// - Throws: ``ForecastError`` for an unknown name.
    public static func choose(_ name: String, series: TimeSeries, covariates: Covariates) throws -> any Forecaster {
        if name == "auto" {
            return autoSelector(series: series, covariates: covariates,
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
