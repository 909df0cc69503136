import Dispatch
import Foundation

/// `restock forecast` as a library call: per SKU, backtest the candidate models, keep the best (or the
/// one asked for), refit it on the whole history and forecast; collect forecasts with quantiles and the
/// backtest accuracy of every model tried.
public struct ForecastRun: Sendable {
    /// Periods to forecast.
    public var horizon: Int
    /// `auto` or a catalog name.
    public var model: String
    /// Season length override (default: 7 for daily data, 52 for weekly, 12 for monthly, 4 for quarterly).
    public var seasonLength: Int?
    /// Folds of the rolling-origin backtest.
    public var folds: Int
    /// With `model: lstm`, train one network on all SKUs at once (a global model) instead of one per SKU.
    public var globalLSTM: Bool
    /// Cap on the training epochs of the networks (`lstm`, `global-deepar`); nil: their own (200, early-stopped).
    public var epochs: Int?
    /// With `auto`: the LSTM (one per SKU) joins the candidates, its epochs capped so that its training fits
    /// this budget (``NetworkBudget``); nil leaves it out.
    public var networkBudget: NetworkBudget?

    /// Creates a run.
    public init(horizon: Int, model: String = "auto", seasonLength: Int? = nil, folds: Int = 3, globalLSTM: Bool = false,
                epochs: Int? = nil, networkBudget: NetworkBudget? = nil) {
        self.networkBudget = networkBudget
        self.horizon = horizon
        self.model = model
        self.seasonLength = seasonLength
        self.folds = folds
        self.globalLSTM = globalLSTM
        self.epochs = epochs
    }

    /// One SKU's outcome.
    public struct SKUResult: Sendable {
        /// SKU code.
        public var sku: String
        /// Name of the fitted model used for the forecast.
        public var model: String
        /// Dates of the forecast periods, in the history's calendar (the next weeks on the same weekday, the
        /// next months on the same day of the month: month ends stay month ends).
        public var dates: [CalendarDay]
        /// The forecast.
        public var forecast: Forecast
        /// Backtest of each model tried (the chosen one first).
        public var backtests: [BacktestResult]
        /// Why a model or the SKU fell back (empty when nothing did); with a plan, which periods were
        /// carried forward and whether the model ignores the plan.
        public var notes: [String]
        /// The prices, promotions and features the forecast periods assume (plan or carried forward).
        public var future: PlannedCovariates
        /// Whether the forecasting model reads covariates (price, promotions): a causal model on a history
        /// with such columns. False: the forecast is the same whatever the plan.
        public var usesCovariates: Bool
    }

    /// Quantiles written next to the mean.
    public static let quantiles: [Double] = [0.05, 0.1, 0.5, 0.9, 0.95]

    /// Runs the forecast for every SKU of a history, in parallel, in SKU order.
    ///
    /// Causal models forecast for the plan (`plan`, else the history's own plan rows); their backtests
    /// still use the covariates that really happened in each held-out window.
    /// - Parameters:
    ///   - history: the cleaned history.
    ///   - plan: prices and promotions planned for the horizon (`nil`: ``SalesHistory/plan``).
    /// - Returns: one result per SKU.
    /// - Throws: ``ForecastError`` for an unknown model name.
    public func run(_ history: SalesHistory, plan: SalesPlan? = nil) throws -> [SKUResult] {
        if model != "auto", ForecasterCatalog.make(model, seasonLength: 1) == nil {
            _ = try ForecasterCatalog.choose(model, series: TimeSeries([]), covariates: .none)
        }
        let plan = plan ?? history.plan
        let skus = history.skus
        if !skus.isEmpty, let (network, label) = globalNetwork { return try runGlobal(history, plan: plan, network: network, label: label) }
        let results = ResultSlots<SKUResult>(count: skus.count)
        let global = autoGlobalPlan(history)
        let network = autoNetworkPlan(history, global: global)
        DispatchQueue.concurrentPerform(iterations: skus.count) { index in
            results.set(index, forecastSKU(skus[index], frequency: history.frequency, plan: plan,
                                           networkEpochs: network.eligible[index] ? network.epochs : nil))
        }
        return addingGlobalNetwork(results.values, history: history, plan: plan, globalPlan: global)
    }

    /// A SKU's series, the covariates of its history followed by those of the forecast periods, and the
    /// forecast periods' assumptions.
    func inputs(_ sku: SKUHistory, frequency: HistoryFrequency, plan: SalesPlan) -> (TimeSeries, Covariates, PlannedCovariates) {
        let history = sku.covariates(defaultPrice: 1)
        let future = PlannedCovariates(history: sku, plan: plan.skus[sku.sku], horizon: horizon)
        return (sku.timeSeries(seasonLength: seasonLength ?? frequency.defaultSeasonLength), future.appended(to: history), future)
    }

    /// The notes a plan adds to a SKU's result: carried-forward periods, and a model that ignores the plan.
    static func planNotes(_ future: PlannedCovariates, plan: SalesPlan, dates: [CalendarDay], model: String, usesCovariates: Bool) -> [String] {
        guard !plan.isEmpty else { return [] }
        var notes = future.notes(dates: dates)
        if !usesCovariates {
            notes.append(future.covariates.count == nil
                ? "\(model) ignores the plan: the history has no price or promo column for a model to learn from"
                : "\(model) ignores the plan (it uses no price or promotion)")
        }
        return notes
    }

    /// The network trained on all SKUs at once, and its label in the results: `global-deepar(-conv)` always, `lstm`
    /// with ``globalLSTM``; nil for per-SKU models.
    var globalNetwork: (LSTMForecaster, String)? {
        var network: LSTMForecaster, label: String
        if ForecasterCatalog.globalNetworkModels.contains(model), let global = ForecasterCatalog.network(model) {
            (network, label) = (global, model)
        } else if model == "lstm", globalLSTM {
            (network, label) = (LSTMForecaster(global: true), "lstm-global")
        } else {
            return nil
        }
        if let epochs { network.epochs = epochs }
        return (network, label)
    }

    /// One network trained on every SKU long enough for it: evaluated on a single held-out window at the end
    /// of each series (trained on the rest), then retrained on everything for the forecast. A SKU shorter
    /// than the network's window needs is forecast alone by seasonal naive, with a note.
    func runGlobal(_ history: SalesHistory, plan: SalesPlan, network: LSTMForecaster, label: String) throws -> [SKUResult] {
        let all = history.skus.map { inputs($0, frequency: history.frequency, plan: plan) }
        // The history's periods only; the plan enters the final forecast.
        let pairs = all.map { ($0.0, cut($0.1, $0.0.count)) }
        let needed = network.minimumPeriods(seasonLengths: pairs.map { $0.0.seasonLength })
        let usable = pairs.indices.filter { pairs[$0].0.count >= needed }
        let shortest = usable.map { pairs[$0].0.count }.min() ?? 0
        let holdout = min(horizon, max(1, shortest / 4))
        var backtests: [[BacktestResult]] = Array(repeating: [], count: pairs.count)
        var notes: [[String]] = Array(repeating: [], count: pairs.count)
        let holdable = usable.filter { pairs[$0].0.count - holdout >= needed }
        let training = holdable.map { (pairs[$0].0.prefix(pairs[$0].0.count - holdout), cut(pairs[$0].1, pairs[$0].0.count - holdout)) }
        if !holdable.isEmpty, let fitted = try? network.fitGlobal(series: training.map(\.0), covariates: training.map(\.1),
                                                                          names: holdable.map { history.skus[$0].sku }) {
            // Each SKU's forecast depends on its own view only (its paths are seeded by its row): in parallel.
            let scored = ResultSlots<[BacktestResult]>(count: holdable.count)
            DispatchQueue.concurrentPerform(iterations: holdable.count) { slot in
                let (series, covariates) = pairs[holdable[slot]]
                let origin = series.count - holdout
                let future = Covariates(prices: covariates.prices.map { Array($0.dropFirst(origin)) },
                                        promotions: covariates.promotions.map { Array($0.dropFirst(origin)) })
                let forecast = fitted[slot].forecast(horizon: holdout, future: future)
                let actual = Array(series.values[origin...])
                var scores: [ForecastMetric: Double] = [:]
                for metric in ForecastMetric.all {
                    scores[metric] = (try? metric.evaluate(forecast, actual: actual, training: training[slot].0)) ?? .nan
                }
                let fold = BacktestFold(index: 0, origin: origin, model: fitted[slot].name, actual: actual, forecast: forecast, scores: scores)
                scored.set(slot, [BacktestResult(model: label, configuration: Backtest(folds: 1, horizon: holdout),
                                                 metrics: ForecastMetric.all, folds: [fold])])
            }
            for (slot, index) in holdable.enumerated() { backtests[index] = scored.values[slot] }
            for index in Set(usable).subtracting(holdable) {
                notes[index].append("too short to hold out \(holdout) periods for the \(label) network (it needs \(needed) to train); no accuracy measured")
            }
        } else {
            for index in usable { notes[index].append("the \(label) network could not be trained on the shortened histories; no accuracy measured") }
        }
        let final = usable.isEmpty ? [] : try network.fitGlobal(series: usable.map { pairs[$0].0 }, covariates: usable.map { pairs[$0].1 },
                                                                          names: usable.map { history.skus[$0].sku })
        let views = Dictionary(uniqueKeysWithValues: zip(usable, final))
        let results = ResultSlots<SKUResult>(count: pairs.count)
        let skus = history.skus
        var fallback = self
        fallback.model = "seasonal-naive"
        DispatchQueue.concurrentPerform(iterations: pairs.count) { [backtests, notes, fallback] index in
            let sku = skus[index]
            guard let view = views[index] else {
                var result = fallback.forecastSKU(sku, frequency: history.frequency, plan: plan)
                result.notes.insert("\(sku.count) periods are too few for the \(label) network (it needs \(needed)): forecast alone by \(result.model)", at: 0)
                results.set(index, result)
                return
            }
            let future = all[index].2
            let dates = (0..<horizon).map { sku.date(at: sku.count + $0) }
            let uses = future.covariates.count != nil
            results.set(index, SKUResult(sku: sku.sku, model: label, dates: dates,
                                         forecast: view.forecast(horizon: horizon, future: future.covariates),
                                         backtests: backtests[index],
                                         notes: notes[index] + Self.planNotes(future, plan: plan, dates: dates, model: label, usesCovariates: uses),
                                         future: future, usesCovariates: uses))
        }
        return results.values
    }

    func cut(_ c: Covariates, _ n: Int) -> Covariates {
        Covariates(prices: c.prices.map { Array($0.prefix(n)) }, promotions: c.promotions.map { Array($0.prefix(n)) })
    }

    /// What `auto` does with the LSTM on a history: which SKUs can train it in every backtest fold (their
    /// first fold's training prefix holds the lookback and ``LSTMForecaster/minimumWindows``), every fit of
    /// theirs (one per fold and one on the whole history, each counted at the whole history's length) as the
    /// budget counts it, and the epochs per fit the
    /// budget allows them (nil when the LSTM is not a candidate: another model, no budget, no SKU long enough,
    /// or a budget too small for ``NetworkBudget/minimumEpochs``). The budget is shared by the SKUs of the
    /// file, so the cap depends on how many there are.
    public struct NetworkPlan: Sendable, Equatable {
        /// Per SKU, whether the LSTM is among its candidates (when ``epochs`` is not nil).
        public var eligible: [Bool]
        /// The fits the budget pays for: (periods, season length, price and promotion columns).
        public var fits: [NetworkBudget.Fit]
        /// Epochs per fit, or nil.
        public var epochs: Int?
    }

    /// ``NetworkPlan`` of `history` under ``networkBudget``: the whole budget, or half of it when the global
    /// network is a candidate too (``autoGlobalPlan(_:)``).
    /// - Parameters:
    ///   - history: the history.
    ///   - global: its ``GlobalNetworkPlan`` (nil: computed here).
    public func autoNetworkPlan(_ history: SalesHistory, global: GlobalNetworkPlan? = nil) -> NetworkPlan {
        let skus = history.skus
        guard model == "auto", var networkBudget else {
            return NetworkPlan(eligible: Array(repeating: false, count: skus.count), fits: [], epochs: nil)
        }
        let m = seasonLength ?? history.frequency.defaultSeasonLength
        let needed = LSTMForecaster.defaultLookback(seasonLength: m) + LSTMForecaster.minimumWindows
        var eligible: [Bool] = [], fits: [NetworkBudget.Fit] = []
        for sku in skus {
            let columns = (sku.prices == nil ? 0 : 1) + sku.promotions.count
            guard let origins = try? backtestPlan(seriesLength: sku.count).origins(seriesLength: sku.count),
                  let first = origins.first, first >= needed else {
                eligible.append(false)
                continue
            }
            eligible.append(true)
            // Each fit counted at the whole history's length: an upper bound on a fold's prefix.
            fits += Array(repeating: NetworkBudget.Fit(periods: sku.count, seasonLength: m, covariateColumns: columns), count: origins.count + 1)
        }
        if (global ?? autoGlobalPlan(history)).epochs != nil { networkBudget.seconds /= 2 }
        return NetworkPlan(eligible: eligible, fits: fits, epochs: fits.isEmpty ? nil : networkBudget.epochs(fits: fits))
    }

    /// The rolling-origin backtest of a SKU of `seriesLength` periods.
    func backtestPlan(seriesLength n: Int) -> Backtest {
        Backtest(folds: folds, horizon: min(horizon, max(1, n / 4)), step: min(horizon, max(1, n / 4)), minimumTrainingLength: max(2, n / 3))
    }

    /// Forecasts one SKU; never throws: a SKU whose models all fail falls back to seasonal naive, then
    /// to the mean of the last periods, with a note.
    func forecastSKU(_ sku: SKUHistory, frequency: HistoryFrequency, plan: SalesPlan, networkEpochs: Int? = nil) -> SKUResult {
        let m = seasonLength ?? frequency.defaultSeasonLength
        let (series, covariates, future) = inputs(sku, frequency: frequency, plan: plan)
        let dates = (0..<horizon).map { sku.date(at: sku.count + $0) }
        var notes: [String] = []
        var backtests: [BacktestResult] = []
        let config = backtestPlan(seriesLength: series.count)
        let selector: ModelSelector
        if model == "auto" {
            selector = ForecasterCatalog.autoSelector(series: series, covariates: covariates, backtest: config, networkEpochs: networkEpochs)
        } else {
            let named = ForecasterCatalog.make(model, seasonLength: m, covariates: covariates, epochs: epochs).map { [$0] } ?? []
            selector = ModelSelector(candidates: named, backtest: config)
        }
        let candidates = selector.candidates
        var chosen: (any Forecaster)? = candidates.count == 1 ? candidates[0] : nil
        if let selection = try? selector.select(series) {
            backtests = selection.ranking.map(\.result)
            chosen = candidates[selection.best.candidateIndex]
            notes += selection.skipped.map { "\($0.name) skipped: \($0.reason)" }
        } else {
            notes.append("history too short for a \(folds)-fold backtest (\(series.count) periods); no accuracy measured")
        }
        for forecaster in [chosen].compactMap({ $0 }) + [SeasonalNaiveForecaster()] {
            if let fitted = try? forecaster.fit(series) {
                let forecast = fitted.forecast(horizon: horizon)
                if forecast.mean.allSatisfy(\.isFinite), forecast.standardDeviation.allSatisfy(\.isFinite) {
                    let uses = forecaster is CovariateBoundForecaster && covariates.count != nil
                    return SKUResult(sku: sku.sku, model: fitted.name, dates: dates, forecast: forecast, backtests: backtests,
                                     notes: notes + Self.planNotes(future, plan: plan, dates: dates, model: fitted.name, usesCovariates: uses),
                                     future: future, usesCovariates: uses)
                }
            }
            notes.append("\(forecaster.name) could not be fitted; falling back")
        }
        let recent = series.values.suffix(max(1, m))
        let level = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
        notes.append("fell back to the mean of the last \(recent.count) periods")
        return SKUResult(sku: sku.sku, model: "mean", dates: dates,
                         forecast: Forecast(mean: Array(repeating: level, count: horizon),
                                            standardDeviation: Array(repeating: level.squareRoot(), count: horizon)),
                         backtests: backtests, notes: notes + Self.planNotes(future, plan: plan, dates: dates, model: "mean", usesCovariates: false),
                         future: future, usesCovariates: false)
    }
}

/// Result slots written by index from worker threads.
public final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]
    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }
    /// Fills slot `index` (from any thread).
    public func set(_ index: Int, _ value: Value) {
        lock.lock(); slots[index] = value; lock.unlock()
    }
    /// The slots, in order (nil where nothing was set).
    public var slotValues: [Value?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
    /// The filled slots, in order.
    public var values: [Value] { slotValues.compactMap { $0 } }
}
