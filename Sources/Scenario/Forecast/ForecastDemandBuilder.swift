import Forecasting
import Foundation
import Policies
import Simulation
import Stochastics

/// Turns `demand: {type: forecast, history: …, model: …}` into the simulator's demand process and the
/// forecaster that policies consult.
///
/// The model is fitted to the SKU's sales history; its mean forecast for the simulated horizon, spread
/// evenly over the days of each period, becomes the mean demand of each simulated day (day 0 is the day
/// after the history ends: the first day of the next week, month or quarter, whose days come from the
/// real calendar, see ``RunPeriods``). A monthly or quarterly history has no daily profile, so every day
/// of a month gets the same share; the scenario's note says so. Around it, a noise law fitted to the
/// model's in-sample errors (Poisson, negative binomial or gamma), scaled from periods to days (by the
/// average month or quarter: 30 or 91 days); and a price response with the elasticity the regression
/// model estimated (or the one given).
struct ForecastDemandBuilder {
    let builder: ScenarioBuilder

    /// Where the per-replication draws (level factors, ETS sample paths) come from: substreams of the
    /// scenario seed keyed by (replication purpose, replication, SKU), drawn when a replication starts.
    struct PathPlan {
        var seed: UInt64
        var sku: Int
    }

    /// ETS demand: each replication's mean path is a path of the fitted state-space model, in which
    /// level, trend and season move with the innovations (shocks persist), spread evenly over the days
    /// of each period.
    struct ETSPathSampler: DemandPathSampler {
        let model: FittedETS
        let periods: Int
        let runPeriods: RunPeriods
        let horizonDays: Int

        func samplePath(using stream: RandomStream) -> [Double] {
            runPeriods.spreadEvenly(model.simulatePath(horizon: periods, using: stream).map { max(0, $0) }).prefix(horizonDays).map { $0 }
        }

        var identity: String {
            let days: String
            switch runPeriods.layout {
            case .fixed(let step): days = "\(step) days"
            case .calendar(let calendar, let first): days = "periods \(first)… of \(calendar)"
            }
            return "\(model.spec) \(model.parameters) \(model.finalState) periods \(periods) × \(days), horizon \(horizonDays)"
        }
    }

    /// Global-network demand: each replication's mean path is the gamma-mixed Poisson rates of one
    /// ancestral sample path of the network (``NegativeBinomialLSTMFitted/samplePaths(horizon:future:count:stream:)``)
    /// under the planned prices and promotions, spread evenly over the days of each period; the days then
    /// draw Poisson counts around it, so a period's units are negative binomial given the path so far.
    struct NetworkPathSampler: DemandPathSampler {
        let view: NegativeBinomialLSTMFitted
        let future: Covariates
        let periods: Int
        let runPeriods: RunPeriods
        let horizonDays: Int

        func samplePath(using stream: RandomStream) -> [Double] {
            let rates = view.samplePaths(horizon: periods, future: future, count: 1, stream: stream).first?.rates ?? []
            return runPeriods.spreadEvenly(rates.map { $0.isFinite ? max(0, $0) : 0 }).prefix(horizonDays).map { $0 }
        }

        var identity: String {
            "\(view.name) row \(view.series) digest \(view.digest) plan \(future) periods \(periods) \(runPeriods.layout) horizon \(horizonDays)"
        }
    }

    /// Paths a policy's forecast draws from the global network at each refresh (its mean and variance
    /// are averaged over the paths' distributions, so few are needed; each refresh costs this many times
    /// the periods forecast).
    static let policyForecastPaths = 4

    /// Periods at the end of the observed history a refresh fine-tunes the global network on (a quarter
    /// of weeks): the refit's cost does not grow with the run.
    static let refreshWindows = 13

    /// The price the global network is trained and read with for a SKU whose history has no known price
    /// (in a file where other SKUs have prices): one value for training and for the plan, so that the
    /// network's relative price input stays 0 for that SKU.
    static let networkDefaultPrice = 1.0

    struct Result {
        var customers: CustomerModel
        var provider: any DemandForecastProvider
        var note: String
        var view: ForecastView
    }

    func build(_ raw: DemandFile, productSKU: String, sellingPrice: Double, path: String, horizonDays: Int,
               paths plan: PathPlan) throws -> Result {
        guard let historyPath = raw.history else {
            throw builder.error(path, "forecast demand needs 'history', the sales-history CSV",
                                allowed: "{type: forecast, history: data/ecommerce_weekly.csv, model: auto}")
        }
        let scenarioFolder = URL(fileURLWithPath: builder.file).deletingLastPathComponent()
        let file = historyPath.hasPrefix("/") ? historyPath : scenarioFolder.appendingPathComponent(historyPath).path
        var frequency: HistoryFrequency? = nil
        if let given = raw.frequency {
            guard let known = HistoryFrequency(rawValue: given) else {
                throw builder.error("\(path).frequency", "unknown frequency '\(given)'",
                                    allowed: HistoryFrequency.allCases.map(\.rawValue).joined(separator: ", ") + " (or leave it out to detect it from the dates)")
            }
            frequency = known
        }
        let history: SalesHistory
        do {
            history = try builder.histories.history(path: file, frequency: frequency) {
                try SalesHistory.load(path: file, options: HistoryOptions(frequency: frequency))
            }
        } catch let failure as DataError {
            throw builder.error("\(path).history", "the sales history cannot be used: \(failure.description)")
        }
        let sku = raw.sku ?? productSKU
        guard let series = history.skus.first(where: { $0.sku == sku }) else {
            let codes = history.skus.map(\.sku)
            var problem = "the history \(historyPath) has no SKU '\(sku)'"
            if let near = Spelling.nearest(to: sku, in: codes) { problem += " (did you mean '\(near)'?)" }
            throw builder.error(raw.sku == nil ? path : "\(path).sku", problem,
                                allowed: codes.prefix(12).joined(separator: ", ") + (codes.count > 12 ? ", …" : ""))
        }
        let seasonLength = raw.seasonLength ?? history.frequency.defaultSeasonLength
        guard (1...366).contains(seasonLength) else {
            throw builder.error("\(path).seasonLength", "the season length \(seasonLength) is out of range", allowed: "1…366 periods")
        }
        let refresh = raw.refreshDays ?? 7
        guard (1...3650).contains(refresh) else {
            throw builder.error("\(path).refreshDays", "the refresh interval \(refresh) is out of range", allowed: "1…3650 days")
        }
        let modelName = raw.model ?? "auto"
        let globalNetwork = ForecasterCatalog.globalNetworkModels.contains(modelName) ? ForecasterCatalog.network(modelName) : nil
        let globalNames = ForecasterCatalog.globalNetworkModels.joined(separator: " or ")
        let timeSeries = series.timeSeries(seasonLength: seasonLength)
        // The global network was trained with ``networkDefaultPrice`` for SKUs whose history has no known
        // price (its price input is relative to each SKU's median); it reads this SKU's history and plan the same way.
        let covariates = series.covariates(defaultPrice: globalNetwork != nil ? Self.networkDefaultPrice : sellingPrice)
        var elasticity = raw.priceElasticity
        var lift = raw.promotionLift
        var windows: [ClosedRange<Int>] = []
        for (index, window) in (raw.promotions ?? []).enumerated() {
            guard window.startDay >= 0, window.startDay <= 10_000_000, window.days >= 1, window.days <= 10_000_000 else {
                throw builder.error("\(path).promotions[\(index)]", "the promotion window starts on day \(window.startDay) and lasts \(window.days) days",
                                    allowed: "startDay >= 0 (day 0 is the day after the history) and days >= 1")
            }
            // Windows past the horizon simply do not happen in this run (e.g. with a shorter --set horizonDays).
            if window.startDay < horizonDays { windows.append(window.startDay...(window.startDay + window.days - 1)) }
        }
        let levelCV = raw.levelCV ?? 0
        guard levelCV.isFinite, levelCV >= 0, levelCV <= 2 else {
            throw builder.error("\(path).levelCV", "the level uncertainty \(levelCV) is out of range",
                                allowed: "a coefficient of variation from 0 (none) to 2, e.g. 0.3 for a season that often runs 30% above or below its forecast")
        }
        if let given = lift, !(given.isFinite && given > 0 && given <= 100) {
            throw builder.error("\(path).promotionLift", "the promotion lift \(given) is out of range", allowed: "a multiplier in (0, 100], e.g. 1.8")
        }
        if let given = elasticity, !(given.isFinite && abs(given) <= 20) {
            throw builder.error("\(path).priceElasticity", "the price elasticity \(given) is out of range",
                                allowed: "a finite number from -20 to 20, e.g. -1.5 (demand falls 1.5% per 1% of price)")
        }
        let runPeriods = RunPeriods(after: series.count, on: series.calendar)
        let periods = runPeriods.periodsCovering(days: horizonDays) + 1
        // Covariates run on past the history (last price, no promotion) so that causal models can also be
        // refitted on the history plus the simulated periods.
        let planned = Covariates.carriedForward(covariates, horizon: periods + 8)
        var plannedPromotions = planned.promotions
        if !plannedPromotions.isEmpty {
            // The planned promotion windows are known to the planner: the first promotion column of each
            // future period carries the share of its days on promotion.
            for period in plannedPromotions[0].indices {
                let days = runPeriods.startDay(ofPeriod: period)..<runPeriods.startDay(ofPeriod: period + 1)
                let onPromotion = days.filter { day in windows.contains { $0.contains(day) } }.count
                plannedPromotions[0][period] = Double(onPromotion) / Double(days.count)
            }
        }
        // The demand path comes from the forecast without promotions (the lift is applied on the exact
        // promotion days); the policies' forecaster knows the plan.
        let extended = Covariates(prices: covariates.prices.map { $0 + (planned.prices ?? []) },
                                  promotions: zip(covariates.promotions, planned.promotions).map { $0 + $1 })
        let extendedWithPlan = Covariates(prices: extended.prices,
                                          promotions: zip(covariates.promotions, plannedPromotions).map { $0 + $1 })
        var network: NegativeBinomialLSTMFitted? = nil
        for (key, value, range, defaultText) in [("trainingEpochs", raw.trainingEpochs, 1...1000, "default 200, early-stopped"),
                                                 ("refreshEpochs", raw.refreshEpochs, 0...50, "default 1; 0: condition on the observed demand without fine-tuning")] {
            guard let value else { continue }
            guard globalNetwork != nil else {
                throw builder.error("\(path).\(key)", "\(key) applies to the global networks (model: \(globalNames)) only, not '\(modelName)'",
                                    allowed: "leave \(key) out, or use model: \(globalNames)")
            }
            guard range.contains(value) else {
                throw builder.error("\(path).\(key)", "\(value) epochs is out of range", allowed: "\(range.lowerBound)…\(range.upperBound) (\(defaultText))")
            }
        }
        if var trainer = globalNetwork {
            if raw.promotionLift != nil {
                throw builder.error("\(path).promotionLift", "\(modelName) learns the promotion effect from the history and samples the planned promotions itself",
                                    allowed: "leave promotionLift out with model: \(modelName)")
            }
            if raw.noise != nil {
                throw builder.error("\(path).noise", "\(modelName) draws demand from its own negative binomial paths; a noise law does not apply",
                                    allowed: "leave noise out with model: \(modelName)")
            }
            do {
                if let epochs = raw.trainingEpochs { trainer.epochs = epochs }
                // Every SKU of the history long enough for the network's window takes part.
                let needed = trainer.minimumPeriods(seasonLengths: [seasonLength])
                let views = try builder.histories.globalFit(path: file, frequency: frequency, seasonLength: seasonLength,
                                                            model: "\(modelName) epochs \(trainer.epochs)") {
                    let long = history.skus.filter { $0.count >= needed }
                    guard !long.isEmpty else { return [:] }
                    let fitted = try trainer.fitGlobal(series: long.map { $0.timeSeries(seasonLength: seasonLength) },
                                                       covariates: long.map { $0.covariates(defaultPrice: Self.networkDefaultPrice) },
                                                       names: long.map(\.sku))
                    return Dictionary(uniqueKeysWithValues: zip(long.map(\.sku), fitted))
                }
                guard let view = views[sku] as? NegativeBinomialLSTMFitted else {
                    throw builder.error("\(path).model", "SKU '\(sku)' has \(series.count) \(history.frequency.rawValue) periods, and \(modelName) needs at least \(needed) (a \(needed - LSTMForecaster.minimumWindows)-period window and \(LSTMForecaster.minimumWindows) to train on)",
                                        allowed: "a per-SKU model for this product, e.g. model: auto")
                }
                network = view
            } catch let failure as ForecastError {
                throw builder.error("\(path).model", "the global network cannot be trained on \(historyPath): \(failure.message)")
            }
        }
        var forecaster: any Forecaster
        do {
            forecaster = try ForecasterCatalog.choose(modelName, series: timeSeries, covariates: extended)
            // `auto` chooses once, on the history; the simulation then refits the winner, not the contest.
            if let selector = forecaster as? ModelSelector {
                forecaster = selector.candidates[try selector.select(timeSeries).best.candidateIndex]
            }
        } catch let failure as ForecastError {
            throw builder.error("\(path).model", failure.message, allowed: (["auto"] + ForecasterCatalog.names).joined(separator: ", "))
        }
        let mean: [Double]
        var spread: [Double] = []
        let residuals: [Double]
        let fittedName: String
        var pathSampler: (any DemandPathSampler)? = nil
        var refitForm: (any Forecaster)? = nil
        if let network {
            // The plan the network samples: the last price carried forward, and the share of each
            // period's days in a planned promotion window in the first promotion column.
            let plan = Covariates(prices: planned.prices, promotions: plannedPromotions)
            // The base path and the report's band; each replication then draws its own path. Its mean and
            // variance average the paths' distributions, so 32 paths give them to a few per cent.
            let forecast = network.forecast(horizon: periods, future: plan, paths: 32)
            mean = forecast.mean
            spread = forecast.standardDeviation
            residuals = network.residuals
            fittedName = network.name
            if elasticity == nil { elasticity = network.priceElasticity }
            // Promotions are in the sampled paths already; the demand applies no lift on top.
            lift = 1
            refitForm = TrainedNetworkForecaster(view: network, samplePaths: Self.policyForecastPaths,
                                                 fineTuneEpochs: raw.refreshEpochs ?? 1, recentWindows: Self.refreshWindows)
            pathSampler = NetworkPathSampler(view: network, future: plan, periods: periods, runPeriods: runPeriods, horizonDays: horizonDays)
        } else { do {
            // Causal models come with the history's covariates bound; the future keeps the last price, no promotions.
            let fitted = try forecaster.fit(timeSeries)
            let forecast = fitted.forecast(horizon: periods)
            mean = forecast.mean
            spread = forecast.standardDeviation
            residuals = fitted.residuals
            fittedName = fitted.name
            if elasticity == nil { elasticity = fitted.priceElasticity }
            if lift == nil { lift = fitted.promotionLift }
            refitForm = fitted.sameFormForecaster
            // ETS demand is drawn from the model's own state-space form: one path per replication, in
            // which level, trend and season move with the innovations (the same paths for every policy).
            if let ets = fitted as? FittedETS {
                pathSampler = ETSPathSampler(model: ets, periods: periods, runPeriods: runPeriods, horizonDays: horizonDays)
            }
        } catch let failure as ForecastError {
            throw builder.error("\(path).model", "the model '\(modelName)' cannot be fitted to SKU '\(sku)': \(failure.message)")
        } }
        guard mean.allSatisfy({ $0.isFinite }) else {
            throw builder.error("\(path).model", "the model '\(modelName)' gave a non-finite forecast for SKU '\(sku)'")
        }
        var noise = NoiseLaw.fit(actuals: timeSeries.values, residuals: residuals)
        switch raw.noise ?? "auto" {
        case "auto": break
        case "poisson": noise = .poisson
        default:
            throw builder.error("\(path).noise", "unknown noise law '\(raw.noise ?? "")'", allowed: "auto (fitted to the model's errors), poisson")
        }
        // Around an ETS path the period-level noise is already in the path; days split it as Poisson counts.
        // Months and quarters split it by their average length over the horizon (30 or 91 days).
        let daily = pathSampler == nil ? noise.split(into: runPeriods.typicalDays(over: periods)) : .poisson
        let dailyMeans = runPeriods.spreadEvenly(mean.map { max(0, $0) })
        // The price the elasticity is relative to: the last known one, else the product's selling price.
        let referencePrice = series.covariates(defaultPrice: sellingPrice).prices?.last ?? sellingPrice
        let demand = DailyMeanDemand(meanUnitsPerDay: Array(dailyMeans.prefix(horizonDays)), noise: daily,
                                     priceElasticity: elasticity ?? 0, referencePrice: referencePrice > 0 ? referencePrice : 1,
                                     promotionDays: windows, promotionLift: lift ?? 1,
                                     variation: levelCV == 0 && pathSampler == nil ? nil
                                        // A hit or a flop: one lognormal factor (mean 1) per replication on the
                                        // whole mean path, from its own substream so that it moves no other draw.
                                        : ReplicationVariation(seed: plan.seed, sku: plan.sku, levelCV: levelCV, pathSampler: pathSampler))
        // During the run the chosen form is refitted (an AutoETS or AutoARIMA search is not repeated); the
        // global network reads the demand observed so far and is fine-tuned on its last periods.
        var policyForecaster = refitForm ?? forecaster
        if let trained = refitForm as? TrainedNetworkForecaster {
            policyForecaster = CovariateBoundForecaster(trained, covariates: extendedWithPlan)
        } else if let bound = forecaster as? CovariateBoundForecaster {
            policyForecaster = CovariateBoundForecaster(bound.base, covariates: extendedWithPlan)
        }
        var provider = HistoryForecastProvider(history: timeSeries.values, periods: runPeriods, seasonLength: seasonLength,
                                               forecaster: policyForecaster, refreshEveryDays: refresh)
        // The network read this SKU's missing prices as 1: the run's prices are read on that scale too
        // (the selling price is 1, a 30% markdown 0.7).
        if network != nil, series.prices != nil, series.prices?.contains(where: { $0 != nil }) == false, sellingPrice > 0 {
            provider.priceScale = Self.networkDefaultPrice / sellingPrice
        }
        let form = network != nil ? "sample paths (one per replication, negative binomial given the path so far) of the network"
            : pathSampler == nil ? "the mean forecast of" : "sample paths (one per replication) of the state-space model"
        let trainedOn = network != nil ? "trained on all \(history.skus.count) SKUs of \(historyPath), read for \(sku)" : "fitted to \(sku) in \(historyPath)"
        let note = "demand of \(productSKU) follows \(form) \(fittedName) \(trainedOn) (\(series.count) \(history.frequency.rawValue) periods): "
            + String(format: "mean %.2f units/day over the horizon, noise %@ per day, price elasticity %.2f at %.2f",
                     demand.averageUnitsPerDay, daily.description, elasticity ?? 0, demand.referencePrice)
            + (windows.isEmpty ? "" : network != nil ? ", \(windows.count) promotion window(s) as the share of each period's days the network reads"
                : String(format: ", %d promotion window(s) with lift %.2f", windows.count, lift ?? 1))
            + (levelCV == 0 ? "" : String(format: ", a level factor per replication (lognormal, mean 1, CV %.2f)", levelCV))
            // Weeks and days say nothing here, as before; a month's days are an assumption worth stating.
            + (runPeriods.isCalendar ? "; each \(history.frequency.periodName)'s forecast is spread evenly over its days "
                + "(\(history.frequency == .monthly ? "28–31" : "89–92") in the calendar from \(series.calendar.firstDay(ofPeriod: series.count))): "
                + "a \(history.frequency.rawValue) history has no daily profile" : "")
        // What the report shows: the last two years of history and the forecast with an 80% band.
        let shown = min(timeSeries.count, 104)
        let z = 1.2815515655446004
        let view = ForecastView(
            sku: productSKU, periodLabel: history.frequency.periodName,
            historyDates: (timeSeries.count - shown..<timeSeries.count).map { series.date(at: $0).description },
            history: Array(timeSeries.values.suffix(shown)),
            forecastDates: (0..<mean.count).map { series.date(at: timeSeries.count + $0).description },
            mean: mean.map { max(0, $0) },
            lower: zip(mean, spread).map { max(0, $0 - z * $1) }, upper: zip(mean, spread).map { max(0, $0 + z * $1) })
        return Result(customers: .dailyMeans(demand), provider: provider, note: note, view: view)
    }
}
