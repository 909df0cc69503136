import Dispatch
import Foundation
import Testing
@testable import Forecasting
import RestockTestSupport

@Suite("Forecast combinations and auto's choice among them")
struct CombinationTests {
    /// The shampoo series (Tests/Fixtures/shampoo_monthly.csv): 36 months, short enough for debug builds.
    func shampoo() throws -> TimeSeries { TimeSeries(try loadSeries("shampoo_monthly.csv"), seasonLength: 12) }

    @Test("combo's mean is the mean of AutoETS's, AutoTheta's and AutoARIMA's forecasts")
    func meanOfMembers() throws {
        let series = try shampoo()
        let combo = try #require(ForecasterCatalog.make("combo", seasonLength: 12) as? CombinationForecaster)
        #expect(combo.members.map(\.name) == ["auto-ets", "auto-theta", "auto-arima"])
        let forecast = try combo.fit(series).forecast(horizon: 6)
        let members = try combo.members.map { try $0.fit(series).forecast(horizon: 6) }
        for step in 0..<6 {
            let mean = members.reduce(0) { $0 + $1.mean[step] } / 3
            #expect(close(forecast.mean[step], mean), "step \(step)")
        }
    }

    @Test("the median rule takes the middle member, and the mean of the middle two for an even count")
    func median() throws {
        let series = TimeSeries([3, 5, 4, 6, 8, 7, 9, 11, 10, 12, 14, 13], seasonLength: 3)
        let members: [any Forecaster] = [NaiveForecaster(), SeasonalNaiveForecaster(), MovingAverageForecaster(window: 3)]
        let odd = try CombinationForecaster(name: "c", members: members, rule: .median).fit(series).forecast(horizon: 3)
        let singles = try members.map { try $0.fit(series).forecast(horizon: 3).mean }
        for step in 0..<3 {
            #expect(odd.mean[step] == singles.map { $0[step] }.sorted()[1])
        }
        let even = try CombinationForecaster(name: "c", members: Array(members.prefix(2)), rule: .median).fit(series)
            .forecast(horizon: 3)
        #expect(even.mean == zip(singles[0], singles[1]).map { ($0 + $1) / 2 })
    }

    @Test("the spread is the members' mean standard deviation scaled by the combination's residual RMSE ratio")
    func spreadRule() throws {
        let series = TimeSeries([3, 5, 4, 6, 8, 7, 9, 11, 10, 12, 14, 13, 15, 17, 16], seasonLength: 3)
        let members: [any Forecaster] = [NaiveForecaster(), SeasonalNaiveForecaster()]
        let fitted = try CombinationForecaster(name: "c", members: members).fit(series)
        let combination = try #require(fitted as? CombinationForecaster.Fitted)
        #expect(combination.spreadRatio > 0 && combination.spreadRatio <= 1)
        let singles = try members.map { try $0.fit(series).forecast(horizon: 4) }
        let forecast = fitted.forecast(horizon: 4)
        for step in 0..<4 {
            let spread = (singles[0].standardDeviation[step] + singles[1].standardDeviation[step]) / 2
            #expect(close(forecast.standardDeviation[step], combination.spreadRatio * spread))
        }
        // Residuals are the combined residuals where every member has one.
        let naive = try NaiveForecaster().fit(series).residuals, seasonal = try SeasonalNaiveForecaster().fit(series).residuals
        #expect(combination.residuals[2].isNaN)
        #expect(close(combination.residuals[5], (naive[5] + seasonal[5]) / 2))
    }

    @Test("members that fail are left out; all failing throws")
    func failingMembers() throws {
        let series = TimeSeries([4, 6, 5, 7, 6, 8])
        let fitted = try CombinationForecaster(name: "c", members: [MovingAverageForecaster(window: 50), NaiveForecaster()])
            .fit(series)
        #expect(fitted.forecast(horizon: 2).mean == [8, 8])
        #expect(fitted.name == "c(naive)")
        #expect(throws: ForecastError.self) {
            try CombinationForecaster(name: "c", members: [MovingAverageForecaster(window: 50)]).fit(series)
        }
        #expect(throws: ForecastError.self) { try CombinationForecaster(name: "c", members: []).fit(series) }
    }

    @Test("a combination within the margin wins the selection; without the margin list order decides")
    func tiesGoToTheCombination() throws {
        let series = TimeSeries([1, 4, 2, 8, 5, 7, 3, 6, 9, 4, 7, 5])
        // The combination of naive with itself is naive: identical scores.
        let candidates: [any Forecaster] = [NaiveForecaster(), CombinationForecaster(name: "twice", members: [NaiveForecaster(), NaiveForecaster()])]
        let plan = Backtest(folds: 3, horizon: 2, minimumTrainingLength: 4)
        let plain = try ModelSelector(candidates: candidates, backtest: plan).select(series)
        #expect(plain.ranking[0].meanMASE == plain.ranking[1].meanMASE)
        #expect(plain.best.name == "naive")
        let favoured = try ModelSelector(candidates: candidates, backtest: plan, combinationMargin: 0.02).select(series)
        #expect(favoured.best.name == "twice")
        // A combination clearly worse than the margin still loses.
        let worse: [any Forecaster] = [SeasonalNaiveForecaster(), CombinationForecaster(name: "mixed", members: [NaiveForecaster(), MovingAverageForecaster(window: 3)])]
        let periodic = TimeSeries((0..<24).map { [1.0, 5, 9][$0 % 3] }, seasonLength: 3)
        let strict = try ModelSelector(candidates: worse, backtest: Backtest(folds: 3, horizon: 3, minimumTrainingLength: 6),
                                       combinationMargin: 0.02).select(periodic)
        #expect(strict.best.name == "seasonal-naive")
    }

    @Test("sharing the members' fits gives the scores of backtesting the combination itself")
    func sharedFitsMatch() throws {
        let values: [Double] = (0..<30).map { t in
            let season = Double(t % 5) * 2, trend = Double(t) / 3, bump: Double = t % 7 == 0 ? 3 : 0
            return 10 + season + trend + bump
        }
        let series = TimeSeries(values, seasonLength: 5)
        let members: [any Forecaster] = [NaiveForecaster(), SeasonalNaiveForecaster(), ThetaForecaster()]
        let combination = CombinationForecaster(name: "c", members: members)
        let plan = Backtest(folds: 4, horizon: 3, step: 2, minimumTrainingLength: 12)
        let shared = try ModelSelector(candidates: members + [combination], backtest: plan, combinationMembers: [3: [0, 1, 2]])
            .select(series)
        let alone = try Backtester.evaluate(forecaster: combination, series: series, config: plan)
        let entry = try #require(shared.ranking.first { $0.candidateIndex == 3 })
        #expect(entry.result == alone)
    }

    @Test("auto offers combo, built from the same AutoETS, AutoTheta and AutoARIMA it backtests alone")
    func autoIncludesTheCombination() throws {
        let series = try shampoo()
        let selector = ForecasterCatalog.autoSelector(series: series, covariates: .none,
                                                      backtest: ForecasterCatalog.autoBacktest(seriesLength: 36, seasonLength: 12))
        let index = try #require(selector.candidates.firstIndex { $0.name == "combo" })
        #expect(selector.candidates[index] is CombinationForecaster)
        #expect(selector.combinationMembers[index].map { $0.map { selector.candidates[$0].name } } == ["auto-ets", "auto-theta", "auto-arima"])
        #expect(selector.combinationMargin > 0)
        #expect(ForecasterCatalog.autoCandidates(series: series, covariates: .none).contains { $0.name == "combo" })
    }

    @Test("auto backtests with 5 folds once the series holds 6 seasons, 3 before")
    func moreFolds() throws {
        #expect(ForecasterCatalog.autoBacktest(seriesLength: 60, seasonLength: 12).folds == 3)
        for n in [72, 100, 126, 300] {
            let plan = ForecasterCatalog.autoBacktest(seriesLength: n, seasonLength: 12)
            #expect(plan.folds == 5 && plan.horizon == 12, "n = \(n)")
            #expect(try plan.origins(seriesLength: n).first.map { $0 >= n / 2 } == true)
        }
        #expect(ForecasterCatalog.autoBacktest(seriesLength: 104, seasonLength: 52).folds == 3)
        #expect(ForecasterCatalog.autoBacktest(seriesLength: 80, seasonLength: 1).folds == 5)
    }

    @Test("the same bytes whether fitted alone or on many threads at once")
    func deterministic() throws {
        let series = try shampoo()
        let combo = CombinationForecaster.standard()
        let reference = try combo.fit(series).forecast(horizon: 12)
        let results = Results(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            results.set(index, try? combo.fit(series).forecast(horizon: 12))
        }
        for forecast in results.values {
            #expect(forecast?.mean.map(\.bitPattern) == reference.mean.map(\.bitPattern))
            #expect(forecast?.standardDeviation.map(\.bitPattern) == reference.standardDeviation.map(\.bitPattern))
        }
    }
}

/// Forecasts written from worker threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Forecast?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Forecast?) {
        lock.lock(); slots[index] = value; lock.unlock()
    }
    var values: [Forecast?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
