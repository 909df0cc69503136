@testable import Forecasting
import Testing

@Suite("auto's LSTM within a budget: epochs from the data's size, never from the clock")
struct NetworkBudgetTests {
    /// Weekly SKUs of `weeks` periods with a promotion column (season 4 in the runs below).
    func history(skus: Int, weeks: Int) throws -> SalesHistory {
        var text = "date,sku,units,price,promo\n"
        let start = try #require(CalendarDay(year: 2024, month: 1, day: 1))
        for sku in 0..<skus {
            for week in 0..<weeks {
                let promo = week % 5 == 2 ? 1 : 0
                text += "\(start.adding(days: 7 * week)),S\(sku),\(10 + sku + 3 * (week % 4) + 12 * promo),9.5,\(promo)\n"
            }
        }
        return try SalesHistory.parse(text: text, file: "h.csv")
    }

    @Test("one epoch's work grows with the training windows; the cap scales with the budget, stops at 200, and a budget too small leaves the LSTM out")
    func epochsFromWork() {
        // Weekly, season 52: lookback 26, so 156 weeks have 130 windows and 286 have 260.
        let short = NetworkBudget.workPerEpoch(periods: 156, seasonLength: 52, covariateColumns: 2)
        let long = NetworkBudget.workPerEpoch(periods: 286, seasonLength: 52, covariateColumns: 2)
        #expect(abs(long / short - 2) < 1e-12)
        #expect(NetworkBudget.workPerEpoch(periods: 30, seasonLength: 52, covariateColumns: 2) == 0, "too short for the network")
        #expect(NetworkBudget.workPerEpoch(periods: 156, seasonLength: 52, covariateColumns: 3) > short)
        let series = Array(repeating: (periods: 156, seasonLength: 52, covariateColumns: 2), count: 12)
        // The seconds that buy exactly 40 epochs per fit, 4 fits per series.
        let forty = 40 * 12 * 4 * short / NetworkBudget.workPerSecond
        #expect(NetworkBudget(seconds: forty * 1.000001).epochs(series: series, fitsPerSeries: 4) == 40)
        #expect(NetworkBudget(seconds: forty * 2.000001).epochs(series: series, fitsPerSeries: 4) == 80)
        #expect(NetworkBudget(seconds: forty * 0.999).epochs(series: series, fitsPerSeries: 4) == 39)
        #expect(NetworkBudget(seconds: forty * 100).epochs(series: series, fitsPerSeries: 4) == NetworkBudget.maximumEpochs)
        #expect(NetworkBudget(seconds: forty / 5).epochs(series: series, fitsPerSeries: 4) == nil, "8 epochs: below the minimum of 10")
        #expect(NetworkBudget(seconds: 0).epochs(series: series, fitsPerSeries: 4) == nil)
        #expect(abs(NetworkBudget.plannedSeconds(series: series, fitsPerSeries: 4, epochs: 40) - forty) < 1e-9 * forty)
        // Ten times the SKUs: a tenth of the epochs for the same budget.
        let many = Array(repeating: series[0], count: 120)
        #expect(NetworkBudget(seconds: forty * 10 * 1.000001).epochs(series: many, fitsPerSeries: 4) == 40)
    }

    @Test("with a budget auto backtests the LSTM beside the other candidates, the same results twice; without, it does not")
    func autoWithNetwork() throws {
        let data = try history(skus: 2, weeks: 40)
        // Season 4: lookback 8, 32 windows a SKU; a budget for 12 epochs per fit (3 folds + the final fit).
        let series = data.skus.map { (periods: $0.count, seasonLength: 4, covariateColumns: 2) }
        let seconds = 12.5 * NetworkBudget.plannedSeconds(series: series, fitsPerSeries: 4, epochs: 1)
        let run = ForecastRun(horizon: 4, model: "auto", seasonLength: 4, networkBudget: NetworkBudget(seconds: seconds))
        #expect(run.autoNetworkEpochs(data) == 12)
        let first = try run.run(data), second = try run.run(data)
        for (a, b) in zip(first, second) {
            #expect(a.model == b.model && a.forecast.mean == b.forecast.mean)
            #expect(a.backtests.map(\.model) == b.backtests.map(\.model))
            #expect(a.backtests.contains { $0.model.hasPrefix("lstm") }, "\(a.backtests.map(\.model))")
        }
        let without = try ForecastRun(horizon: 4, model: "auto", seasonLength: 4).run(data)
        #expect(without.allSatisfy { !$0.backtests.contains { $0.model.hasPrefix("lstm") } })
        // Other models never take the budget.
        #expect(ForecastRun(horizon: 4, model: "ets", networkBudget: NetworkBudget(seconds: 1e6)).autoNetworkEpochs(data) == nil)
    }
}
