import Foundation

/// `auto`'s global candidate in `restock forecast`: the global DeepAR-style network (``LSTMForecaster/deepAR``),
/// trained on every eligible SKU at once, once per backtest fold and once on the whole history, within half of
/// ``ForecastRun/networkBudget`` (the per-SKU LSTM gets the other half).
extension ForecastRun {
    /// What `auto` does with the global network on a history.
    public struct GlobalNetworkPlan: Sendable, Equatable {
        /// Per SKU, whether the global network is among its candidates (when ``epochs`` is not nil): it ends on
        /// the history's last date and its backtest folds are whole horizons (at least 4 × horizon periods), so
        /// that every member's k-th fold starts on the same date and no fold trains on another SKU's sales from
        /// inside this SKU's held-out periods; its first fold holds the network's lookback plus
        /// ``LSTMForecaster/minimumWindows`` periods; and the network can read it (finite non-negative sales,
        /// positive prices).
        public var eligible: [Bool]
        /// Epochs per training (folds + 1 trainings), or nil when the network is not a candidate: another model,
        /// no budget, fewer than two eligible SKUs, or a budget below ``NetworkBudget/minimumEpochs``.
        public var epochs: Int?
        /// The planned seconds of one core at ``epochs`` (0 without).
        public var plannedSeconds: Double
    }

    /// The network `auto` compares across SKUs.
    static var autoGlobalNetwork: LSTMForecaster { LSTMForecaster.deepAR }

    /// ``GlobalNetworkPlan`` of `history` under ``networkBudget``: half the budget, over `folds + 1` trainings.
    public func autoGlobalPlan(_ history: SalesHistory) -> GlobalNetworkPlan {
        let skus = history.skus
        let none = GlobalNetworkPlan(eligible: Array(repeating: false, count: skus.count), epochs: nil, plannedSeconds: 0)
        guard model == "auto", let networkBudget, networkBudget.seconds > 0 else { return none }
        let m = seasonLength ?? history.frequency.defaultSeasonLength
        let network = Self.autoGlobalNetwork
        let needed = network.minimumPeriods(seasonLengths: [m])
        var eligible: [Bool] = [], fits: [NetworkBudget.Fit] = []
        let latest = skus.filter { $0.count > 0 }.map { $0.date(at: $0.count - 1) }.max()
        for sku in skus {
            let config = backtestPlan(seriesLength: sku.count)
            guard sku.count > 0, sku.date(at: sku.count - 1) == latest, config.horizon == horizon,
                  let origins = try? config.origins(seriesLength: sku.count), let first = origins.first, first >= needed,
                  (try? LSTMSeriesEncoding(series: sku.timeSeries(seasonLength: m), covariates: sku.covariates(defaultPrice: 1))) != nil else {
                eligible.append(false)
                continue
            }
            eligible.append(true)
            fits.append(NetworkBudget.Fit(periods: sku.count, seasonLength: m, covariateColumns: (sku.prices == nil ? 0 : 1) + sku.promotions.count))
        }
        guard fits.count >= 2 else { return GlobalNetworkPlan(eligible: eligible, epochs: nil, plannedSeconds: 0) }
        let half = NetworkBudget(seconds: networkBudget.seconds / 2)
        guard let epochs = half.globalEpochs(network, series: fits, trainings: folds + 1) else {
            return GlobalNetworkPlan(eligible: eligible, epochs: nil, plannedSeconds: 0)
        }
        let seconds = NetworkBudget.globalWorkPerEpoch(network, series: fits) * Double((folds + 1) * epochs) / NetworkBudget.workPerSecond
        return GlobalNetworkPlan(eligible: eligible, epochs: epochs, plannedSeconds: seconds)
    }

    /// Adds the global network to the per-SKU results of `auto`: trains it on the eligible SKUs' prefixes before
    /// each backtest fold (each SKU's own origins, the fold's real prices and promotions in the held-out
    /// periods), scores it like the per-SKU candidates, and where it wins by the selector's rule (against
    /// `combo`: by more than ``ForecasterCatalog/autoCombinationMargin``, or on its plain score when the SKU's
    /// history has promotions) replaces the forecast with the network's, trained once more on every eligible
    /// SKU's whole history. Its backtest joins every eligible SKU's `backtests`.
    /// - Parameters:
    ///   - results: the per-SKU results, in SKU order.
    ///   - history: the history.
    ///   - plan: the plan of the forecast periods.
    ///   - globalPlan: ``autoGlobalPlan(_:)`` of the history (with epochs).
    /// - Returns: the results, with the network's backtests and forecasts where it won.
    func addingGlobalNetwork(_ results: [SKUResult], history: SalesHistory, plan: SalesPlan, globalPlan: GlobalNetworkPlan) -> [SKUResult] {
        guard let epochs = globalPlan.epochs else { return results }
        var options = Self.autoGlobalNetwork
        options.epochs = epochs
        let network = options
        let label = "global-deepar"
        let members = globalPlan.eligible.indices.filter { globalPlan.eligible[$0] }
        let skus = history.skus
        let all = members.map { inputs(skus[$0], frequency: history.frequency, plan: plan) }
        let pairs = all.map { ($0.0, cut($0.1, $0.0.count)) }
        let configs = pairs.map { backtestPlan(seriesLength: $0.0.count) }
        let origins = zip(pairs, configs).map { (try? $1.origins(seriesLength: $0.0.count)) ?? [] }
        guard origins.allSatisfy({ $0.count == folds }) else { return results }
        let names = members.map { skus[$0].sku }
        // One training per fold, each deterministic for its data: in parallel.
        let trained = ResultSlots<[any CausalFittedForecaster]>(count: folds), failures = ResultSlots<String>(count: folds)
        DispatchQueue.concurrentPerform(iterations: folds) { fold in
            let training = pairs.indices.map { i in (pairs[i].0.prefix(origins[i][fold]), cut(pairs[i].1, origins[i][fold])) }
            do {
                trained.set(fold, try network.fitGlobal(series: training.map(\.0), covariates: training.map(\.1), names: names))
            } catch {
                failures.set(fold, (error as? ForecastError)?.message ?? String(describing: error))
            }
        }
        let foldViews = trained.slotValues
        if let failure = failures.values.first {
            var noted = results
            for index in members { noted[index].notes.append("the global network could not be trained for the backtest (\(failure)); auto chose among the others") }
            return noted
        }
        // Each SKU's backtest of the network: its forecast of each fold's window from that fold's training.
        let scored = ResultSlots<BacktestResult>(count: members.count)
        DispatchQueue.concurrentPerform(iterations: members.count) { slot in
            let (series, covariates) = pairs[slot]
            let horizon = configs[slot].horizon
            var backtestFolds: [BacktestFold] = []
            for fold in 0..<folds {
                guard let view = foldViews[fold]?[slot] else { return }
                let origin = origins[slot][fold]
                let future = Covariates(prices: covariates.prices.map { Array($0[origin..<(origin + horizon)]) },
                                        promotions: covariates.promotions.map { Array($0[origin..<(origin + horizon)]) })
                let forecast = view.forecast(horizon: horizon, future: future)
                let actual = Array(series.values[origin..<(origin + horizon)])
                let training = series.prefix(origin)
                var scores: [ForecastMetric: Double] = [:]
                for metric in ForecastMetric.all {
                    scores[metric] = (try? metric.evaluate(forecast, actual: actual, training: training)) ?? .nan
                }
                backtestFolds.append(BacktestFold(index: fold, origin: origin, model: view.name, actual: actual, forecast: forecast, scores: scores))
            }
            scored.set(slot, BacktestResult(model: label, configuration: configs[slot], metrics: ForecastMetric.all, folds: backtestFolds))
        }
        let backtests = scored.slotValues
        let combination = ForecasterCatalog.make("combo", seasonLength: 1)?.name
        let wins = members.indices.filter { slot in
            guard let global = backtests[slot], let chosen = results[members[slot]].backtests.first else { return false }
            let mase = global.meanMASE, rival = chosen.meanMASE
            guard mase.isFinite else { return false }
            guard rival.isFinite else { return true }
            if chosen.model == combination {
                // As ``ForecasterCatalog/autoSelector(series:covariates:backtest:combinationMargin:networkEpochs:)`` decides it: on the
                // covariates the SKU's selector was given (its history's and the forecast periods').
                let promoted = all[slot].1.promotions.contains { column in column.contains { $0 != column.first } }
                return promoted ? mase < rival : mase < rival / (1 + ForecasterCatalog.autoCombinationMargin)
            }
            return mase < rival
        }
        var updated = results
        for (slot, index) in members.enumerated() {
            guard let global = backtests[slot] else { continue }
            updated[index].backtests.append(global)
        }
        guard !wins.isEmpty else { return updated }
        let final: [any CausalFittedForecaster]
        do {
            final = try network.fitGlobal(series: pairs.map(\.0), covariates: pairs.map(\.1), names: names)
        } catch {
            let failure = (error as? ForecastError)?.message ?? String(describing: error)
            for slot in wins { updated[members[slot]].notes.append("the global network won the backtest but could not be trained on the whole history (\(failure)); kept \(updated[members[slot]].model)") }
            return updated
        }
        let finals = ResultSlots<SKUResult>(count: wins.count)
        DispatchQueue.concurrentPerform(iterations: wins.count) { [updated] position in
            let slot = wins[position], index = members[slot]
            let old = updated[index], future = all[slot].2
            let forecast = final[slot].forecast(horizon: horizon, future: future.covariates)
            guard forecast.mean.allSatisfy(\.isFinite), forecast.standardDeviation.allSatisfy(\.isFinite) else { return }
            let uses = future.covariates.count != nil
            let oldPlanNotes = Self.planNotes(future, plan: plan, dates: old.dates, model: old.model, usesCovariates: old.usesCovariates)
            var backtests = old.backtests
            if let global = backtests.popLast() { backtests.insert(global, at: 0) }
            finals.set(position, SKUResult(sku: old.sku, model: label, dates: old.dates, forecast: forecast, backtests: backtests,
                                           notes: old.notes.filter { !oldPlanNotes.contains($0) }
                                               + Self.planNotes(future, plan: plan, dates: old.dates, model: label, usesCovariates: uses),
                                           future: future, usesCovariates: uses))
        }
        for (position, result) in finals.slotValues.enumerated() {
            if let result { updated[members[wins[position]]] = result }
        }
        return updated
    }
}
