import Stochastics
import Testing
@testable import Forecasting

/// A test-only model that knows the series is y(t) = 5 + 3t and forecasts it exactly.
fileprivate struct LinearOracle: Forecaster {
    let name = "oracle"
    struct Fitted: FittedForecaster {
        let name = "oracle"
        let count: Int
        var residuals: [Double] { [Double](repeating: 0, count: count) }
        func forecast(horizon: Int) -> Forecast {
            Forecast(
                mean: (0..<horizon).map { 5 + 3 * Double(count + $0) },
                standardDeviation: [Double](repeating: 0, count: horizon))
        }
    }
    func fit(_ series: TimeSeries) throws -> any FittedForecaster { Fitted(count: series.count) }
}

/// A test-only model that always fails.
fileprivate struct Failing: Forecaster {
    let name = "failing"
    func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        throw ForecastError("This model never fits.")
    }
}

@Suite("Rolling-origin backtest and model selection")
struct BacktestTests {
    /// Period 4, pattern 3, 7, 1, 5, repeated 6 times.
    let periodic = TimeSeries((0..<24).map { [3.0, 7, 1, 5][$0 % 4] }, seasonLength: 4)

    @Test func originsFollowTheConfiguration() throws {
        // n = 20, 3 folds, h = 4, step 2: last origin 20 − 4 = 16, then 14, 12.
        let plan = Backtest(folds: 3, horizon: 4, step: 2, minimumTrainingLength: 12)
        #expect(try plan.origins(seriesLength: 20) == [12, 14, 16])
        #expect(plan.requiredLength == 20)
        // One observation short of the minimum training length.
        #expect(throws: ForecastError.self) { try plan.origins(seriesLength: 19) }
        #expect(throws: ForecastError.self) { try Backtest(folds: 0, horizon: 4).origins(seriesLength: 50) }
        // An absurd plan is rejected, not an integer overflow trap.
        #expect(throws: ForecastError.self) {
            try Backtest(folds: Int.max, horizon: 1, step: Int.max).origins(seriesLength: 50)
        }
        // Step defaults to the horizon: non-overlapping windows.
        #expect(try Backtest(folds: 2, horizon: 5).origins(seriesLength: 30) == [20, 25])

        let series = TimeSeries((0..<20).map(Double.init))
        let result = try Backtester.evaluate(forecaster: NaiveForecaster(), series: series, config: plan)
        #expect(result.folds.map(\.origin) == [12, 14, 16])
        #expect(result.folds.map(\.actual) == [[12, 13, 14, 15], [14, 15, 16, 17], [16, 17, 18, 19]])
        // Naive on 0, 1, …: forecast origin − 1, errors 1…4 → MAE 2.5 on every fold; scale 1.
        #expect(result.folds.allSatisfy { $0.score(.mae) == 2.5 && $0.score(.mase) == 2.5 })
        #expect(result.score(.mase) == 2.5)
        // Median = mean, so pinball at 0.5 is half the MAE.
        #expect(abs(result.score(.pinball(0.5)) - 1.25) < 1e-12)
        #expect(result.metrics == ForecastMetric.all)
        #expect(result.overall.count == ForecastMetric.all.count)
    }

    @Test func exactModelsScoreZeroMASE() throws {
        let linear = TimeSeries((0..<30).map { 5 + 3 * Double($0) })
        let plan = Backtest(folds: 4, horizon: 3, step: 2, minimumTrainingLength: 10)
        let oracle = try Backtester.evaluate(forecaster: LinearOracle(), series: linear, config: plan)
        #expect(oracle.folds.allSatisfy { $0.score(.mase) == 0 && $0.score(.smape) == 0 })
        #expect(oracle.score(.coverage(0.8)) == 1)
        #expect(oracle.score(.rSquared) == 1)
        let seasonal = try Backtester.evaluate(forecaster: SeasonalNaiveForecaster(), series: periodic, config: plan)
        #expect(seasonal.meanMASE == 0)
    }

    @Test func selectorPicksSeasonalNaiveOnPeriodicSeries() throws {
        // Seasonal naive is listed last so it cannot win by tie-breaking; the window-100 moving
        // average cannot fit and must be reported as skipped.
        let selector = ModelSelector(
            candidates: [
                NaiveForecaster(), MovingAverageForecaster(window: 4), MovingAverageForecaster(window: 100),
                ThetaForecaster(), SeasonalNaiveForecaster(),
            ],
            backtest: Backtest(folds: 3, horizon: 4, minimumTrainingLength: 8))
        let selection = try selector.select(periodic)
        #expect(selection.best.name == "seasonal-naive")
        #expect(selection.best.meanMASE == 0)
        #expect(selection.ranking.count == 4)
        #expect(selection.ranking.map(\.meanMASE) == selection.ranking.map(\.meanMASE).sorted())
        #expect(selection.skipped.map(\.candidateIndex) == [2])
        #expect(try selector.fit(periodic).name == "seasonal-naive")
    }

    /// A random walk: naive is the best forecaster, and the mean of naive and a 4-period moving average
    /// trails it by less than 30%. With the 30% margin the combination wins; when naive is exempt from
    /// the margin (as `auto` makes the regression when the history has promotions), naive wins on its
    /// plain score, and a candidate that scores worse than the combination never jumps ahead.
    @Test func marginExemptCandidatesWinOnTheirPlainScore() throws {
        let stream = RandomStream(seed: 12)
        var level = 100.0
        let series = TimeSeries((0..<120).map { _ in level += 4 * StandardNormal.quantile(stream.uniformPositive()); return level })
        let combination = CombinationForecaster(name: "pair", members: [NaiveForecaster(), MovingAverageForecaster(window: 4)])
        let candidates: [any Forecaster] = [combination, NaiveForecaster(), MovingAverageForecaster(window: 12)]
        let backtest = Backtest(folds: 4, horizon: 6, step: 6, minimumTrainingLength: 60)
        let plain = try ModelSelector(candidates: candidates, backtest: backtest, combinationMargin: 0.3).select(series)
        let scores = Dictionary(uniqueKeysWithValues: plain.ranking.map { ($0.candidateIndex, $0.meanMASE) })
        try #require(scores[1]! < scores[0]! && scores[0]! < 1.3 * scores[1]!, "the instance needs naive within 30% below the pair: \(scores)")
        #expect(plain.best.candidateIndex == 0)
        let exempt = try ModelSelector(candidates: candidates, backtest: backtest, combinationMargin: 0.3, marginExempt: [1, 2]).select(series)
        #expect(exempt.best.candidateIndex == 1)
        #expect(exempt.ranking.count == 3)
        // The 12-period average scores worse than the pair: exemption does not lift it.
        #expect(scores[2]! > scores[0]!)
        #expect(exempt.ranking[1].candidateIndex == 0)
    }

    @Test func tiesGoToTheFirstCandidate() throws {
        let selection = try ModelSelector(
            candidates: [MovingAverageForecaster(window: 1), NaiveForecaster()],
            backtest: Backtest(folds: 2, horizon: 2)
        ).select(TimeSeries([1, 4, 2, 8, 5, 7, 3]))
        // A window-1 moving average is the naive method: same scores, so list order decides.
        #expect(selection.ranking[0].meanMASE == selection.ranking[1].meanMASE)
        #expect(selection.best.candidateIndex == 0)
    }

    @Test func selectorThrowsWhenEveryCandidateThrows() {
        let selector = ModelSelector(
            candidates: [Failing(), MovingAverageForecaster(window: 50)], backtest: Backtest(folds: 2, horizon: 2))
        let error = #expect(throws: ForecastError.self) { try selector.select(periodic) }
        #expect(error?.message.contains("every candidate") == true)
        #expect(throws: ForecastError.self) {
            try ModelSelector(candidates: [], backtest: Backtest(horizon: 1)).select(periodic)
        }
    }

    @Test func badSeriesThrow() {
        let plan = Backtest(folds: 2, horizon: 2)
        #expect(throws: ForecastError.self) {
            try Backtester.evaluate(forecaster: NaiveForecaster(), series: TimeSeries([]), config: plan)
        }
        let error = #expect(throws: ForecastError.self) {
            try Backtester.evaluate(
                forecaster: NaiveForecaster(), series: TimeSeries([1, 2, 3, .nan, 5, 6, 7]), config: plan)
        }
        #expect(error?.message.contains("index 3") == true)
        #expect(throws: ForecastError.self) {
            try ModelSelector(candidates: [NaiveForecaster()], backtest: plan).select(TimeSeries([1, .infinity, 3, 4, 5]))
        }
    }
}

/// Records which training lengths a search and its same-form refits saw (test-only).
fileprivate final class FitLog: @unchecked Sendable {
    var searches: [Int] = []
    var refits: [Int] = []
}

/// A test-only "automatic" model: its search is logged, and its fit offers a same-form refit, also logged,
/// that carries the form (the training length the search saw) into later fits.
fileprivate struct SearchingModel: Forecaster {
    let name = "searching"
    let log: FitLog
    struct Fitted: FittedForecaster {
        let name: String
        let count: Int
        let log: FitLog
        let formFrom: Int
        var residuals: [Double] { [Double](repeating: 0, count: count) }
        func forecast(horizon: Int) -> Forecast {
            Forecast(mean: [Double](repeating: 1, count: horizon), standardDeviation: [Double](repeating: 0, count: horizon))
        }
        var sameFormForecaster: (any Forecaster)? { SameForm(log: log, formFrom: formFrom) }
    }
    struct SameForm: Forecaster {
        let name = "searching"
        let log: FitLog
        let formFrom: Int
        func fit(_ series: TimeSeries) throws -> any FittedForecaster {
            log.refits.append(series.count)
            return Fitted(name: "form@\(formFrom)", count: series.count, log: log, formFrom: formFrom)
        }
    }
    func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        log.searches.append(series.count)
        return Fitted(name: "form@\(series.count)", count: series.count, log: log, formFrom: series.count)
    }
}

@Suite("Model selection searches a form once")
struct FormReuseTests {
    @Test func laterFoldsRefitTheFirstFoldsForm() throws {
        let series = TimeSeries((0..<40).map { Double($0 % 5) })
        let plan = Backtest(folds: 3, horizon: 4, step: 4, minimumTrainingLength: 20)
        let origins = try plan.origins(seriesLength: 40)
        let log = FitLog()
        let selection = try ModelSelector(candidates: [SearchingModel(log: log)], backtest: plan).select(series)
        // One search, on the earliest prefix (no later data), then refits of that form on the longer prefixes.
        #expect(log.searches == [origins[0]])
        #expect(log.refits == Array(origins.dropFirst()))
        #expect(selection.best.result.folds.map(\.model) == Array(repeating: "form@\(origins[0])", count: 3))
        // The winner's final fit searches again, on the whole series.
        let final = try ModelSelector(candidates: [SearchingModel(log: log)], backtest: plan).fit(series)
        #expect(final.name == "form@40")

        let fresh = FitLog()
        _ = try ModelSelector(candidates: [SearchingModel(log: fresh)], backtest: plan, reusesFormAcrossFolds: false)
            .select(series)
        #expect(fresh.searches == origins)
        #expect(fresh.refits.isEmpty)
    }
}
