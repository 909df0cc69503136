import Testing
@testable import Forecasting

@Suite("Naive, seasonal naive and moving-average forecasters")
struct BaselineModelTests {
    @Test func naiveRepeatsLastValueWithRandomWalkSpread() throws {
        // Residuals 5−3 = 2, 4−5 = −1, 8−4 = 4 → σ² = (4 + 1 + 16)/3 = 7.
        let model = try NaiveForecaster().fitModel(TimeSeries([3, 5, 4, 8], seasonLength: 4))
        #expect(close(model.sigma, 7.0.squareRoot()))
        let f = model.forecast(horizon: 5)
        #expect(f.mean == [8, 8, 8, 8, 8])
        // σ√h at h = 1, 2 and m + 1 = 5.
        #expect(close(f.standardDeviation[0], 7.0.squareRoot()))
        #expect(close(f.standardDeviation[1], 14.0.squareRoot()))
        #expect(close(f.standardDeviation[4], 35.0.squareRoot()))
        #expect(model.residuals[0].isNaN)
        #expect(Array(model.residuals.dropFirst()) == [2, -1, 4])
    }

    @Test func seasonalNaiveRepeatsLastSeason() throws {
        let series = TimeSeries([10, 20, 30, 40, 12, 22, 28, 44], seasonLength: 4)
        let model = try SeasonalNaiveForecaster().fitModel(series)
        // Residuals 12−10 = 2, 22−20 = 2, 28−30 = −2, 44−40 = 4 → σ² = (4 + 4 + 4 + 16)/4 = 7.
        #expect(close(model.sigma, 7.0.squareRoot()))
        let f = model.forecast(horizon: 9)
        #expect(f.mean == [12, 22, 28, 44, 12, 22, 28, 44, 12])
        // σ√(⌊(h−1)/m⌋ + 1): h = 1 → √7, h = 2 → √7, h = m + 1 = 5 → √14, h = 9 → √21.
        #expect(close(f.standardDeviation[0], 7.0.squareRoot()))
        #expect(close(f.standardDeviation[1], 7.0.squareRoot()))
        #expect(close(f.standardDeviation[3], 7.0.squareRoot()))
        #expect(close(f.standardDeviation[4], 14.0.squareRoot()))
        #expect(close(f.standardDeviation[8], 21.0.squareRoot()))
    }

    @Test func seasonalNaiveFallsBackToNaiveBelowOneSeason() throws {
        let series = TimeSeries([3, 5, 4], seasonLength: 12)
        let seasonal = try SeasonalNaiveForecaster().fitModel(series)
        #expect(seasonal.period == 1)
        #expect(try seasonal.forecast(horizon: 3) == NaiveForecaster().fitModel(series).forecast(horizon: 3))
    }

    @Test func movingAverage() throws {
        // Window 2 over [2, 4, 6, 8]: forecast (6 + 8)/2 = 7. One-step errors 6 − 3 = 3, 8 − 5 = 3, so
        // RMS = 3 = σ̂√(1 + 1/2), i.e. σ̂ = 3/√1.5.
        let model = try MovingAverageForecaster(window: 2).fitModel(TimeSeries([2, 4, 6, 8]))
        #expect(close(model.sigma, 3 / 1.5.squareRoot()))
        let f = model.forecast(horizon: 3)
        #expect(f.mean == [7, 7, 7])
        #expect(f.standardDeviation.allSatisfy { close($0, 3) })
        #expect(throws: ForecastError.self) { try MovingAverageForecaster(window: 5).fit(TimeSeries([1, 2, 3])) }
        #expect(throws: ForecastError.self) { try MovingAverageForecaster(window: 0).fit(TimeSeries([1, 2, 3])) }
    }

    @Test func emptySeriesThrows() {
        let forecasters: [any Forecaster] = [
            NaiveForecaster(), SeasonalNaiveForecaster(), MovingAverageForecaster(window: 1),
            CrostonForecaster(), TSBForecaster(), ThetaForecaster(),
        ]
        for forecaster in forecasters {
            #expect(throws: ForecastError.self, "\(forecaster.name)") { try forecaster.fit(TimeSeries([])) }
        }
    }

    @Test func nonFiniteValuesThrowNamingTheIndex() {
        let forecasters: [any Forecaster] = [
            NaiveForecaster(), SeasonalNaiveForecaster(), MovingAverageForecaster(window: 1),
            CrostonForecaster(), TSBForecaster(), ThetaForecaster(),
        ]
        for forecaster in forecasters {
            for bad in [Double.nan, .infinity] {
                let error = #expect(throws: ForecastError.self) {
                    try forecaster.fit(TimeSeries([1, 2, bad, 4, 5]))
                }
                #expect(error?.message.contains("index 2") == true, "\(forecaster.name): \(error?.message ?? "")")
            }
        }
    }
}
