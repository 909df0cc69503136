import Reporting
import ArgumentParser
import Experiment
import Forecasting
import Foundation
import Reports

/// `restock forecast`: fit models per SKU to a sales history, pick the best by backtest, forecast.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Fit forecasting models per SKU to a sales history (CSV: date,sku,units[,price,promo…]), pick the best by rolling-origin backtest, and write forecasts.csv and accuracy.csv.")

    @Argument(help: "Sales history CSV (long format: date, sku, units; optional price, promo*, numeric features). Rows after a SKU's last sale with empty units are its plan.")
    var history: String

    @Option(help: "Plan CSV for the horizon: date, sku and the history's price, promo* or feature columns, one row per SKU and future date. Needs a model that uses covariates (auto, \(ForecasterCatalog.covariateModels.joined(separator: ", "))).")
    var plan: String?

    @Option(help: "Periods to forecast (days, weeks, months or quarters, as the history).") var horizon = 13
    @Option(help: "auto (best backtest MASE) or one of: \(ForecasterCatalog.names.joined(separator: ", ")).") var model = "auto"
    @Option(help: "daily, weekly, monthly or quarterly (default: detected from the dates); dates off its grid are an error.") var frequency: String?
    @Option(help: "Periods per season (default: 7 for daily, 52 for weekly, 12 for monthly, 4 for quarterly).") var seasonLength: Int?
    @Option(help: "Dates without a row: zero (no sales) or missing (unknown).") var missing = "zero"
    @Option(help: "Two rows for one SKU and date: sum or reject.") var duplicates = "sum"
    @Option(help: "Folds of the rolling-origin backtest (default 3; global networks hold out one window per SKU instead).") var folds: Int?
    @Flag(help: "With --model lstm: train one global network on all SKUs instead of one per SKU.") var global = false
    @Option(help: "With --model lstm, global-deepar or global-deepar-conv: cap on training epochs (1…1000; default 200, early-stopped). Fewer epochs train faster and usually fit worse.") var epochs: Int?
    @Option(help: ArgumentHelp("With --model auto: seconds of one core that auto's networks may train, over all SKUs, backtest folds "
                               + "and final fits: the LSTM (one network per SKU) and, with 2 or more SKUs long enough, the global network "
                               + "(global-deepar), half each (default \(Int(NetworkBudget.defaultSeconds)); 0 leaves them out). Turned into "
                               + "an epochs cap from the history's size, never from the clock: the output does not depend on the machine (it is "
                               + "shared by the file's SKUs, so it depends on how many there are).",
                               valueName: "SECONDS")) var budget: Double?
    @Option(help: "Output folder (default: reports/forecast-<history file name>).") var out: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        guard horizon >= 1, horizon <= 10_000 else { throw ValidationError("--horizon must be 1…10000 periods") }
        if let folds, folds < 1 || folds > 50 { throw ValidationError("--folds must be 1…50") }
        if let seasonLength, seasonLength < 1 || seasonLength > 366 { throw ValidationError("--season-length must be 1…366") }
        if let frequency, HistoryFrequency(rawValue: frequency) == nil { throw ValidationError("--frequency must be daily, weekly, monthly or quarterly") }
        guard HistoryOptions.MissingDates(rawValue: missing) != nil else { throw ValidationError("--missing must be zero or missing") }
        guard HistoryOptions.DuplicateRows(rawValue: duplicates) != nil else { throw ValidationError("--duplicates must be sum or reject") }
        if global, model != "lstm" {
            throw ValidationError("--global applies to --model lstm only (\(ForecasterCatalog.globalNetworkModels.joined(separator: " and ")) are always trained on all SKUs), not '\(model)'")
        }
        if folds != nil, ForecasterCatalog.globalNetworkModels.contains(model) || global {
            throw ValidationError("--folds does not apply to a global network: it is trained once on all SKUs and scored on one held-out "
                                  + "window at the end of each SKU. Allowed: leave --folds out, or a per-SKU model (auto, \(ForecasterCatalog.names.filter { !ForecasterCatalog.globalNetworkModels.contains($0) }.joined(separator: ", ")))")
        }
        // An unknown model name is left to the run, which names the nearest one.
        if let epochs, model == "auto" || ForecasterCatalog.names.contains(model) {
            guard ForecasterCatalog.networkModels.contains(model) else {
                let why = model == "auto" ? "auto's LSTM candidate is capped by --budget" : "'\(model)' trains no network"
                throw ValidationError("--epochs applies to the networks named with --model only, not '\(model)': \(why). "
                                      + "Allowed: --epochs with --model \(ForecasterCatalog.networkModels.joined(separator: " or ")); --budget with auto")
            }
            guard (1...1000).contains(epochs) else { throw ValidationError("--epochs must be 1…1000, not \(epochs)") }
        }
        if let budget, model == "auto" || ForecasterCatalog.names.contains(model) {
            guard model == "auto" else {
                throw ValidationError("--budget applies to --model auto only (the time auto's LSTM candidate may train), not '\(model)'. "
                                      + "Allowed: --budget with --model auto; --epochs caps a named network")
            }
            guard budget.isFinite, (0...86_400).contains(budget) else {
                throw ValidationError("--budget must be 0…86400 seconds, not \(budget)")
            }
        }
        if plan != nil, !ForecasterCatalog.usesCovariates(model) {
            throw ValidationError("--plan: the model '\(model)' uses no price or promotion, so it would ignore the plan. "
                                  + "Allowed: --plan with --model auto, \(ForecasterCatalog.covariateModels.joined(separator: ", "))")
        }
    }

    func run() throws {
        try exitForUserInput {
            let options = HistoryOptions(frequency: frequency.flatMap(HistoryFrequency.init(rawValue:)),
                                         missingDates: HistoryOptions.MissingDates(rawValue: missing) ?? .zero,
                                         duplicates: HistoryOptions.DuplicateRows(rawValue: duplicates) ?? .sum, planRows: true)
            let name = URL(fileURLWithPath: history).deletingPathExtension().lastPathComponent
            let folder = try outputFolder(out, default: "reports/forecast-\(reportFolderName(for: name))")
            let data: SalesHistory
            do {
                data = try SalesHistory.load(path: history, options: options)
            } catch let error as DataError {
                throw UserInputFailure(message: error.description)
            }
            var salesPlan = data.plan
            if let plan {
                if let line = data.plan.skus.values.flatMap({ $0.periods.values.map(\.line) }).min() {
                    throw UserInputFailure(message: "--plan \(plan): \(history):\(line) already holds plan rows (rows after a SKU's last sale with empty units). "
                                           + "Allowed: a plan in the history or in --plan, not both")
                }
                do {
                    salesPlan = try SalesPlan.load(path: plan, history: data)
                } catch let error as DataError {
                    throw UserInputFailure(message: error.description)
                }
            }
            try checkOutputFolder(folder)
            let results: [ForecastRun.SKUResult]
            let forecastRun = ForecastRun(horizon: horizon, model: model, seasonLength: seasonLength, folds: folds ?? 3, globalLSTM: global,
                                          epochs: epochs, networkBudget: model == "auto" ? NetworkBudget(seconds: budget ?? NetworkBudget.defaultSeconds) : nil)
            do {
                results = try forecastRun.run(data, plan: salesPlan)
            } catch let error as ForecastError {
                throw UserInputFailure(message: "--model: \(error.message). Allowed: auto, \(ForecasterCatalog.names.joined(separator: ", ")).")
            }
            let files: [URL]
            do {
                files = try ForecastReportWriter.write(results, to: folder)
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            }
            guard !quiet else { return }
            for warning in data.warnings { print("note: \(warning)") }
            for note in networkNotes(forecastRun, data) { print("note: \(note)") }
            for result in results { for note in result.notes { print("note: \(result.sku): \(note)") } }
            if !salesPlan.isEmpty, !salesPlan.featureNames.isEmpty {
                print("note: the plan's feature column(s) \(salesPlan.featureNames.joined(separator: ", ")) are echoed in forecasts.csv; no model uses features")
            }
            if !salesPlan.isEmpty {
                let planned = results.filter { $0.future.planned.contains(true) }.count
                print("note: forecast for the plan of \(salesPlan.file) (\(planned) of \(results.count) SKU(s) planned); forecasts.csv shows each period's price and promotions")
            }
            print("\(data.skus.count) SKU(s), \(data.frequency.rawValue) history, horizon \(horizon) periods, model \(model)\n")
            print(ForecastReportWriter.summary(results, frequency: data.frequency), terminator: "")
            print("\nWrote " + files.map(\.path).joined(separator: ", "))
        }
    }

    /// What `auto` did with its networks under the budget: a line for the per-SKU LSTM and one for the global
    /// network (none for other models).
    func networkNotes(_ run: ForecastRun, _ data: SalesHistory) -> [String] {
        guard let networkBudget = run.networkBudget else { return [] }
        guard networkBudget.seconds > 0 else { return ["auto leaves the LSTM and the global network out (--budget 0)"] }
        let global = run.autoGlobalPlan(data)
        let plan = run.autoNetworkPlan(data, global: global)
        let share = global.epochs == nil ? "--budget \(CSVTable.number(networkBudget.seconds)) s"
            : "half of --budget \(CSVTable.number(networkBudget.seconds)) s (the global network has the other)"
        var notes: [String] = []
        let eligible = plan.eligible.filter { $0 }.count
        func skus(_ count: Int, others: String = "are too short for it") -> String {
            count == data.skus.count ? "\(count) SKU(s)" : "\(count) of \(data.skus.count) SKU(s) (the others \(others))"
        }
        if eligible == 0 {
            notes.append("auto leaves the LSTM out: no SKU is long enough to train it in every backtest fold (its first fold needs the "
                         + "lookback plus \(LSTMForecaster.minimumWindows) periods)")
        } else if let epochs = plan.epochs {
            let planned = NetworkBudget.plannedSeconds(fits: plan.fits, epochs: epochs)
            notes.append("auto compares the LSTM too on \(skus(eligible)): at most \(epochs) epochs per fit (early-stopped), about "
                         + String(format: "%.0f", planned.rounded(.up)) + " s of one core planned within \(share) (shared by the file's SKUs); "
                         + "--budget 0 leaves it out")
        } else {
            let needed = NetworkBudget.plannedSeconds(fits: plan.fits, epochs: NetworkBudget.minimumEpochs)
            notes.append("auto leaves the LSTM out: \(share) of one core is less than the " + String(format: "%.0f", needed.rounded(.up))
                         + " s that \(NetworkBudget.minimumEpochs) epochs per fit would take on \(skus(eligible)) × \(run.folds + 1) fits; "
                         + "a larger --budget includes it")
        }
        let members = global.eligible.filter { $0 }.count
        if let epochs = global.epochs {
            let others = "are too short for it, end before the history's last date, or hold sales or prices it cannot read"
            notes.append("auto compares the global network (global-deepar) too on \(skus(members, others: others)): one network for them all, trained "
                         + "\(run.folds + 1) times (once per backtest fold, once on the whole history) for at most \(epochs) epochs each, about "
                         + String(format: "%.0f", global.plannedSeconds.rounded(.up)) + " s of one core planned within half of --budget "
                         + "\(CSVTable.number(networkBudget.seconds)) s")
        } else if members < 2 {
            notes.append("auto leaves the global network out: it needs at least 2 SKUs that end on the history's last date, are long "
                         + "enough to train it in every backtest fold (4 horizons and its window) and hold sales and prices it can read, "
                         + "and \(members == 0 ? "none does" : "only 1 does")")
        } else {
            notes.append("auto leaves the global network out: half of --budget \(CSVTable.number(networkBudget.seconds)) s of one core buys fewer than "
                         + "\(NetworkBudget.minimumEpochs) epochs per training on \(skus(members)) × \(run.folds + 1) trainings; a larger --budget includes it")
        }
        return notes
    }
}
