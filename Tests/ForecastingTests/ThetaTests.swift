import Foundation
import Testing
@testable import Forecasting

@Suite("Theta method")
struct ThetaTests {
    // Reference numbers: Tests/Fixtures/README.md (statsforecast 2.1.1, last 12 held out).
    @Test func benchmarksReproduceReferenceMASE() throws {
        let airline = try loadSeries("airline_monthly.csv")
        let shampoo = try loadSeries("shampoo_monthly.csv")
        #expect(airline.count == 144 && shampoo.count == 36)
        #expect(abs(try holdoutMASE(NaiveForecaster(), airline) - 2.496) < 5e-4)
        #expect(abs(try holdoutMASE(SeasonalNaiveForecaster(), airline) - 1.571) < 5e-4)
        #expect(abs(try holdoutMASE(NaiveForecaster(), shampoo) - 1.546) < 5e-4)
        #expect(abs(try holdoutMASE(SeasonalNaiveForecaster(), shampoo) - 2.364) < 5e-4)
    }

    @Test func airline() throws {
        let values = try loadSeries("airline_monthly.csv")
        let model = try ThetaForecaster().fitModel(TimeSeries(Array(values.dropLast(12)), seasonLength: 12))
        #expect(model.isSeasonal)
        let mase = try holdoutMASE(ThetaForecaster(), values)
        // Measured: 0.8648. The reference 0.636 is AutoTheta, which also searches optimised and
        // dynamic theta lines (Fiorucci et al. 2016); the standard Theta method cannot reach it
        // here: statsforecast 2.1.1's own standard `Theta(season_length=12)` scores 0.8637 on this
        // split. So this asserts within 2% of that standard-Theta figure instead of 10% of
        // AutoTheta, and that it clearly beats seasonal naive (1.571).
        #expect(mase <= 0.8637 * 1.02, "airline Theta MASE \(mase)")
        #expect(mase < 1.571)
    }

    @Test func shampoo() throws {
        let values = try loadSeries("shampoo_monthly.csv")
        let model = try ThetaForecaster().fitModel(TimeSeries(Array(values.dropLast(12)), seasonLength: 12))
        // 24 points = 2m, so the seasonality test runs; the lag-12 autocorrelation is not significant.
        #expect(!model.isSeasonal)
        let mase = try holdoutMASE(ThetaForecaster(), values)
        // Measured: 1.561, within 10% of AutoTheta's 1.435 (limit 1.5785).
        #expect(mase <= 1.435 * 1.10, "shampoo Theta MASE \(mase)")
    }

    @Test func driftIsHalfTheTrendSlope() throws {
        // y = 10 + 2t: OLS slope 2, so the drift is 1 (Hyndman & Billah 2003). SES tracks a trend
        // best with α at its upper bound, which leaves (1 − (1−α)ⁿ)/α ≈ 1: ŷ(n+h) ≈ y(n) + h.
        let values = (0..<20).map { 10 + 2 * Double($0) }
        let model = try ThetaForecaster().fitModel(TimeSeries(values))
        #expect(close(model.drift, 1, 1e-12))
        #expect(!model.isSeasonal)
        #expect(close(model.alpha, ThetaForecaster.alphaRange.upperBound, 1e-6))
        let f = model.forecast(horizon: 3)
        for h in 1...3 {
            #expect(abs(f.mean[h - 1] - (values[19] + Double(h))) < 1e-3)
        }
    }

    @Test func standardDeviationFollowsSESFormula() throws {
        let values = try loadSeries("airline_monthly.csv")
        let model = try ThetaForecaster().fitModel(TimeSeries(values, seasonLength: 12))
        let f = model.forecast(horizon: 14)
        for step in [0, 1, 12, 13] {
            let index = model.seasonalIndices[(model.count + step) % 12]
            let expected = index * model.sigma * (1 + Double(step) * model.alpha * model.alpha).squareRoot()
            #expect(close(f.standardDeviation[step], expected))
        }
        // σ̂² = SSE/(n − 2) of the SES errors on the adjusted scale = Σ(residual/index)²/(n − 2).
        let sse = model.residuals.enumerated().reduce(0.0) { acc, pair in
            let e = pair.element / model.seasonalIndices[pair.offset % 12]
            return acc + e * e
        }
        #expect(close(model.sigma, (sse / Double(values.count - 2)).squareRoot(), 1e-10))
        // Seasonal indices of a multiplicative decomposition average 1.
        #expect(close(model.seasonalIndices.reduce(0, +) / 12, 1, 1e-12))
    }

    @Test func tooShortSeriesThrows() {
        #expect(throws: ForecastError.self) { try ThetaForecaster().fit(TimeSeries([1, 2])) }
    }

    @Test func seasonLongerThanHalfTheSeriesIsNotSeasonal() throws {
        // Fewer than two cycles (and an absurd m) must fall back to the non-seasonal method.
        for m in [12, Int.max] {
            let model = try ThetaForecaster().fitModel(TimeSeries([5, 7, 6, 9, 8, 11, 10, 12], seasonLength: m))
            #expect(!model.isSeasonal)
        }
    }
}
