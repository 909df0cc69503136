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
