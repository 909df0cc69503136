import Testing
@testable import Forecasting

@Suite("Forecast accuracy metrics")
struct MetricsTests {
    // errors a − f = −1, 0, 1, −2 → |e| = 1, 0, 1, 2; e² = 1, 0, 1, 4.
    let actual: [Double] = [1, 2, 3, 4]
    let forecast: [Double] = [2, 2, 2, 6]

    @Test func maeMseRmse() throws {
        // MAE = (1 + 0 + 1 + 2)/4 = 1; MSE = (1 + 0 + 1 + 4)/4 = 1.5; RMSE = √1.5.
        #expect(close(try ForecastMetrics.mae(actual: actual, forecast: forecast), 1))
        #expect(close(try ForecastMetrics.mse(actual: actual, forecast: forecast), 1.5))
        #expect(close(try ForecastMetrics.rmse(actual: actual, forecast: forecast), 1.5.squareRoot()))
    }

    @Test func rSquared() throws {
        // ā = 2.5; SST = 2.25 + 0.25 + 0.25 + 2.25 = 5; SSE = 6; R² = 1 − 6/5 = −0.2.
        #expect(close(try ForecastMetrics.rSquared(actual: actual, forecast: forecast), -0.2))
        #expect(close(try ForecastMetrics.rSquared(actual: actual, forecast: actual), 1))
        // Constant actuals: scikit-learn's finite convention, 1 if perfect else 0.
        #expect(try ForecastMetrics.rSquared(actual: [3, 3], forecast: [3, 3]) == 1)
        #expect(try ForecastMetrics.rSquared(actual: [3, 3], forecast: [3, 4]) == 0)
    }

    @Test func maseWithSeasonLengthFour() throws {
        let training: [Double] = [1, 3, 2, 5, 2, 5, 3, 7]
        // Lag-4 errors: |2−1| = 1, |5−3| = 2, |3−2| = 1, |7−5| = 2 → scale = 6/4 = 1.5.
        #expect(close(ForecastMetrics.maseScale(training: training, seasonLength: 4), 1.5))
        // Test errors |4−3| = 1, |6−6| = 0, |4−5| = 1, |8−5| = 3 → MAE = 5/4 = 1.25; MASE = 1.25/1.5.
        let mase = try ForecastMetrics.mase(
            actual: [4, 6, 4, 8], forecast: [3, 6, 5, 5], training: training, seasonLength: 4)
        #expect(close(mase, 1.25 / 1.5))
        // m = 1: lag-1 errors 2, 1, 3, 3, 3, 2, 4 → scale 18/7; MASE = 1.25·7/18.
        let nonSeasonal = try ForecastMetrics.mase(
            actual: [4, 6, 4, 8], forecast: [3, 6, 5, 5], training: training, seasonLength: 1)
        #expect(close(nonSeasonal, 1.25 * 7 / 18))
    }

    @Test func maseScaleFallbacks() throws {
        // n ≤ m: lag 1, errors 2, 1 → 1.5.
        #expect(close(ForecastMetrics.maseScale(training: [1, 3, 2], seasonLength: 4), 1.5))
        // Perfectly periodic with m = 2: lag-2 scale 0, so lag 1: every |Δ| = 1.
        #expect(close(ForecastMetrics.maseScale(training: [1, 2, 1, 2, 1, 2], seasonLength: 2), 1))
        // Constant training series: scale 0; MASE is 0 for a perfect forecast, +∞ otherwise.
        #expect(try ForecastMetrics.mase(actual: [5], forecast: [5], training: [5, 5], seasonLength: 1) == 0)
        #expect(try ForecastMetrics.mase(actual: [5], forecast: [6], training: [5, 5], seasonLength: 1) == .infinity)
    }

    @Test func smapeCountsZeroPairAsZero() throws {
        // Terms: (0, 0) → 0; 200·|100 − 50|/150 = 66.67; (50, 50) → 0. Mean = 66.67/3 = 22.22.
        let value = try ForecastMetrics.smape(actual: [0, 100, 50], forecast: [0, 50, 50])
        #expect(close(value, 200.0 * 50 / 150 / 3))
        // Opposite extremes hit the 200 ceiling: |a − 0|/(|a| + 0) = 1.
        #expect(close(try ForecastMetrics.smape(actual: [7], forecast: [0]), 200))
    }

    @Test func pinballLoss() throws {
        // p = 0.9: u = 10 − 12 = −2 → max(−1.8, 0.2) = 0.2; u = 20 − 15 = 5 → max(4.5, −0.5) = 4.5.
        // Mean = 2.35.
        #expect(close(try ForecastMetrics.pinball(actual: [10, 20], quantile: [12, 15], probability: 0.9), 2.35))
        // p = 0.5 is half the absolute error: (2 + 5)/2/2 = 1.75.
        #expect(close(try ForecastMetrics.pinball(actual: [10, 20], quantile: [12, 15], probability: 0.5), 1.75))
        #expect(throws: ForecastError.self) {
            try ForecastMetrics.pinball(actual: [1], quantile: [1], probability: 1)
        }
    }

    @Test func intervalCoverage() throws {
        // 1 ∈ [0, 2] yes; 5 ∈ [0, 4] no; 10 ∈ [0, 10] yes (closed); 3 ∈ [4, 6] no → 2/4.
        let value = try ForecastMetrics.coverage(actual: [1, 5, 10, 3], lower: [0, 0, 0, 4], upper: [2, 4, 10, 6])
        #expect(value == 0.5)
    }

    @Test func mismatchedOrEmptyInputsThrow() {
        #expect(throws: ForecastError.self) { try ForecastMetrics.mae(actual: [1, 2], forecast: [1]) }
        #expect(throws: ForecastError.self) { try ForecastMetrics.smape(actual: [], forecast: []) }
        #expect(throws: ForecastError.self) {
            try ForecastMetrics.mase(actual: [1], forecast: [1], training: [], seasonLength: 1)
        }
    }

    @Test func metricColumnNames() {
        #expect(ForecastMetric.all.map(\.name) == [
            "mae", "mse", "rmse", "r2", "mase", "smape",
            "pinball_05", "pinball_10", "pinball_50", "pinball_90", "pinball_95",
            "coverage_80", "coverage_90", "crps",
        ])
    }

    @Test func metricFromForecastUsesNormalQuantiles() throws {
        // Mean 10, sd 1: the 80% interval is 10 ± 1.2816; 11 is inside, 12 is not.
        let forecast = Forecast(mean: [10, 10], standardDeviation: [1, 1])
        let training = TimeSeries([1, 2, 3])
        #expect(try ForecastMetric.coverage(0.8).evaluate(forecast, actual: [11, 12], training: training) == 0.5)
        // Median = mean, so pinball at 0.5 is MAE/2 = (1 + 2)/2/2.
        #expect(close(try ForecastMetric.pinball(0.5).evaluate(forecast, actual: [11, 12], training: training), 0.75))
    }
}
