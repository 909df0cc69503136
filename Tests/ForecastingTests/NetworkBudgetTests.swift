@testable import Forecasting
import Testing

@Suite("auto's LSTM within a budget: epochs from the data's size, never from the clock")
struct NetworkBudgetTests {
    /// Weekly SKUs of `weeks` periods with a price and a promotion column (season 4 in the runs below), all
    /// ending on the same week.
    func history(skus: Int, weeks: Int) throws -> SalesHistory {
        var text = "date,sku,units,price,promo\n"
        let start = try #require(CalendarDay(year: 2024, month: 1, day: 1))
        for sku in 0..<skus {
            for week in (40 - weeks)..<40 {
                let promo = week % 5 == 2 ? 1 : 0
                text += "\(start.adding(days: 7 * week)),S\(sku + (weeks < 40 ? 9 : 0)),\(10 + sku + 3 * (week % 4) + 12 * promo),9.5,\(promo)\n"
            }
        }
        return try SalesHistory.parse(text: text, file: "h.csv")
    }

    /// The CSV text of some SKUs' histories (units, price, promo), for a file holding them together.
    static func text(_ skus: [SKUHistory]) -> String {
        var text = "date,sku,units,price,promo\n"
        for sku in skus {
            for period in 0..<sku.count {
                text += "\(sku.date(at: period)),\(sku.sku),\(Int(sku.units[period] ?? 0)),\(sku.prices?[period] ?? 1),\(Int(sku.promotions["promo"]?[period] ?? 0))\n"
            }
        }
        return text
    }

    @Test("one epoch's work grows with the training windows; the cap scales with the budget, stops at 200, and a budget too small leaves the LSTM out")
    func epochsFromWork() {
        // Weekly, season 52: lookback 26, so 156 weeks have 130 windows and 286 have 260.
        let short = NetworkBudget.workPerEpoch(periods: 156, seasonLength: 52, covariateColumns: 2)
        let long = NetworkBudget.workPerEpoch(periods: 286, seasonLength: 52, covariateColumns: 2)
        #expect(abs(long / short - 2) < 1e-12)
        #expect(NetworkBudget.workPerEpoch(periods: 30, seasonLength: 52, covariateColumns: 2) == 0, "too short for the network")
        #expect(NetworkBudget.workPerEpoch(periods: 156, seasonLength: 52, covariateColumns: 3) > short)
        let fits = Array(repeating: NetworkBudget.Fit(periods: 156, seasonLength: 52, covariateColumns: 2), count: 12 * 4)
        // The seconds that buy exactly 40 epochs per fit.
        let forty = 40 * 12 * 4 * short / NetworkBudget.workPerSecond
        #expect(NetworkBudget(seconds: forty * 1.000001).epochs(fits: fits) == 40)
        #expect(NetworkBudget(seconds: forty * 2.000001).epochs(fits: fits) == 80)
        #expect(NetworkBudget(seconds: forty * 0.999).epochs(fits: fits) == 39)
        #expect(NetworkBudget(seconds: forty * 100).epochs(fits: fits) == NetworkBudget.maximumEpochs)
        #expect(NetworkBudget(seconds: forty / 5).epochs(fits: fits) == nil, "8 epochs: below the minimum of 10")
        #expect(NetworkBudget(seconds: 0).epochs(fits: fits) == nil)
        #expect(NetworkBudget(seconds: 1e6).epochs(fits: []) == nil, "nothing to train")
        #expect(abs(NetworkBudget.plannedSeconds(fits: fits, epochs: 40) - forty) < 1e-9 * forty)
        // Ten times the fits: a tenth of the epochs for the same budget.
        #expect(NetworkBudget(seconds: forty * 10 * 1.000001).epochs(fits: fits + fits + fits + fits + fits + fits + fits + fits + fits + fits) == 40)
    }

    @Test("with a budget auto backtests the LSTM beside the other candidates, trained to the cap, the same results twice; a SKU too short for every fold does not get it")
    func autoWithNetwork() throws {
        var data = try history(skus: 2, weeks: 40)
        // Season 4: lookback 8, so each fit needs 16 periods; 3 folds and the final fit, each counted at 40 weeks.
        let fits = Array(repeating: NetworkBudget.Fit(periods: 40, seasonLength: 4, covariateColumns: 2), count: 8)
        func run(epochs: Double) -> ForecastRun {
            ForecastRun(horizon: 4, model: "auto", seasonLength: 4,
                        networkBudget: NetworkBudget(seconds: (epochs + 0.5) * NetworkBudget.plannedSeconds(fits: fits, epochs: 1)))
        }
        #expect(run(epochs: 12).autoNetworkPlan(data) == ForecastRun.NetworkPlan(eligible: [true, true], fits: fits, epochs: 12))
        let first = try run(epochs: 12).run(data), second = try run(epochs: 12).run(data)
        let longer = try run(epochs: 40).run(data)
        func lstm(_ result: ForecastRun.SKUResult) -> BacktestResult? { result.backtests.first { $0.model.hasPrefix("lstm") } }
        for ((a, b), c) in zip(zip(first, second), longer) {
            #expect(a.model == b.model && a.forecast.mean == b.forecast.mean)
            #expect(a.backtests == b.backtests)
            let twelve = try #require(lstm(a), "\(a.backtests.map(\.model))"), forty = try #require(lstm(c))
            // The cap reaches the training: 12 and 40 epochs score differently (uncapped, both would train 200).
            #expect(twelve.overall[.mase] != forty.overall[.mase])
        }
        let without = try ForecastRun(horizon: 4, model: "auto", seasonLength: 4).run(data)
        #expect(without.allSatisfy { lstm($0) == nil })
        // Other models never take the budget.
        #expect(ForecastRun(horizon: 4, model: "ets", networkBudget: NetworkBudget(seconds: 1e6)).autoNetworkPlan(data).epochs == nil)
        // A third SKU of 20 weeks: its first fold trains on fewer than 16 weeks, so the LSTM is not its candidate
        // (and the budget does not count it); the others keep theirs.
        let short = try history(skus: 1, weeks: 20).skus[0]
        data = try SalesHistory.parse(text: Self.text(data.skus + [short]), file: "h.csv")
        let plan = run(epochs: 12).autoNetworkPlan(data)
        #expect(plan.eligible == [true, true, false] && plan.fits.count == 8 && plan.epochs == 12)
        let results = try run(epochs: 12).run(data)
        #expect(lstm(results[0]) != nil && lstm(results[2]) == nil)
        #expect(!results[2].notes.contains { $0.contains("lstm") }, "\(results[2].notes)")
    }

    @Test("the global network takes half the budget when at least two SKUs can train it in every fold, and the LSTM the other half")
    func globalPlan() throws {
        var data = try history(skus: 2, weeks: 40)
        let series = Array(repeating: NetworkBudget.Fit(periods: 40, seasonLength: 4, covariateColumns: 2), count: 2)
        let perEpoch = NetworkBudget.globalWorkPerEpoch(ForecastRun.autoGlobalNetwork, series: series)
        // Windows: 2 × (40 − 8); inputs: lag, seasonal lag, level, price, promotion, 2 Fourier pairs, embedding 8.
        #expect(perEpoch == 64 * 8 * 24 * Double(3 + 2 + 4 + 8 + 24) * 4)
        // The seconds that buy 15.5 epochs for each of 3 folds + 1 final training out of half the budget.
        let seconds = 2 * 15.5 * 4 * perEpoch / NetworkBudget.workPerSecond
        let run = ForecastRun(horizon: 4, model: "auto", seasonLength: 4, networkBudget: NetworkBudget(seconds: seconds))
        let plan = run.autoGlobalPlan(data)
        #expect(plan.eligible == [true, true] && plan.epochs == 15)
        #expect(abs(plan.plannedSeconds - 15 * 4 * perEpoch / NetworkBudget.workPerSecond) < 1e-12)
        let lstmFits = Array(repeating: NetworkBudget.Fit(periods: 40, seasonLength: 4, covariateColumns: 2), count: 8)
        #expect(run.autoNetworkPlan(data).epochs == NetworkBudget(seconds: seconds / 2).epochs(fits: lstmFits))
        #expect(run.autoNetworkPlan(data).epochs != NetworkBudget(seconds: seconds).epochs(fits: lstmFits))
        // A budget that buys fewer than 10 epochs leaves it out, and the LSTM then has the whole budget.
        let small = ForecastRun(horizon: 4, model: "auto", seasonLength: 4, networkBudget: NetworkBudget(seconds: seconds / 2))
        #expect(small.autoGlobalPlan(data).epochs == nil)
        #expect(small.autoNetworkPlan(data).epochs == NetworkBudget(seconds: seconds / 2).epochs(fits: lstmFits))
        #expect(ForecastRun(horizon: 4, model: "auto", seasonLength: 4, networkBudget: NetworkBudget(seconds: 0)).autoGlobalPlan(data).epochs == nil)
        #expect(ForecastRun(horizon: 4, model: "ets", seasonLength: 4, networkBudget: NetworkBudget(seconds: 1e6)).autoGlobalPlan(data).epochs == nil)
        // A short third SKU is not a member; one long SKU alone is not enough for a global network.
        let short = try history(skus: 1, weeks: 20).skus[0]
        let three = try SalesHistory.parse(text: Self.text(data.skus + [short]), file: "h.csv")
        #expect(run.autoGlobalPlan(three).eligible == [true, true, false] && run.autoGlobalPlan(three).epochs == 15)
        data = try SalesHistory.parse(text: Self.text([data.skus[0], short]), file: "h.csv")
        #expect(run.autoGlobalPlan(data).epochs == nil)
        // A third SKU that ends a week earlier (its folds would start a week before the others': the others' sales
        // from inside its held-out weeks would train the network), or that has a price of 0 (which the network
        // cannot read: it would fail every training), is not a member.
        let lines = Self.text(try history(skus: 3, weeks: 40).skus).split(separator: "\n").map(String.init)
        let lastDay = try #require(lines.last?.split(separator: ",").first.map(String.init))
        let ended = lines.filter { !($0.hasPrefix(lastDay) && $0.contains(",S2,")) }.joined(separator: "\n") + "\n"
        #expect(run.autoGlobalPlan(try SalesHistory.parse(text: ended, file: "h.csv")).eligible == [true, true, false])
        var zeroed = false
        let zeroPrice = lines.map { line -> String in
            guard !zeroed, line.contains(",S2,") else { return line }
            zeroed = true
            return line.replacingOccurrences(of: ",9.5,", with: ",0,")
        }.joined(separator: "\n") + "\n"
        #expect(zeroed)
        let zeroPlan = run.autoGlobalPlan(try SalesHistory.parse(text: zeroPrice, file: "h.csv"))
        #expect(zeroPlan.eligible == [true, true, false] && zeroPlan.epochs == 15)
        // Windows per epoch are capped (2,048): 200 such SKUs cost what 2,048 windows cost, not 6,400.
        let many = Array(repeating: NetworkBudget.Fit(periods: 40, seasonLength: 4, covariateColumns: 2), count: 200)
        #expect(NetworkBudget.globalWorkPerEpoch(ForecastRun.autoGlobalNetwork, series: many) == perEpoch * 2048 / 64)
    }

    /// The global network in `auto`, trained for real (10 epochs, 2 SKUs): each SKU's backtest of it has the
    /// other candidates' fold origins, and it is chosen exactly where it beats the per-SKU winner by the rule.
    @Test("auto backtests the global network on each SKU's own folds and chooses it only where it wins")
    func globalInAuto() throws {
        let data = try history(skus: 2, weeks: 40)
        let series = Array(repeating: NetworkBudget.Fit(periods: 40, seasonLength: 4, covariateColumns: 2), count: 2)
        let seconds = 2 * 10.5 * 4 * NetworkBudget.globalWorkPerEpoch(ForecastRun.autoGlobalNetwork, series: series) / NetworkBudget.workPerSecond
        let results = try ForecastRun(horizon: 4, model: "auto", seasonLength: 4, networkBudget: NetworkBudget(seconds: seconds)).run(data)
        for result in results {
            let global = try #require(result.backtests.first { $0.model == "global-deepar" }, "\(result.backtests.map(\.model))")
            let others = result.backtests.filter { $0.model != "global-deepar" }
            let rival = try #require(others.first)
            #expect(global.folds.map(\.origin) == rival.folds.map(\.origin) && global.folds.count == 3)
            #expect(global.folds.allSatisfy { $0.forecast.samples != nil }, "sample paths")
            // The history has promotions, so the network needs only to beat the winner's plain score.
            if result.model == "global-deepar" {
                #expect(result.backtests.first?.model == "global-deepar" && global.meanMASE < rival.meanMASE)
                #expect(result.forecast.mean.count == 4 && result.forecast.mean.allSatisfy { $0.isFinite && $0 >= 0 })
            } else {
                #expect(global.meanMASE >= rival.meanMASE, "\(global.meanMASE) < \(rival.meanMASE) but \(result.model) kept")
                #expect(result.backtests.last?.model == "global-deepar")
            }
        }
    }
}
