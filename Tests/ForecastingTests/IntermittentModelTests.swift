import Testing
@testable import Forecasting

@Suite("Croston, SBA and TSB")
struct IntermittentModelTests {
    // Demands at t = 1 (size 3, interval 2), t = 4 (5, 3), t = 6 (2, 2), t = 10 (4, 4).
    let series = TimeSeries([0, 3, 0, 0, 5, 0, 2, 0, 0, 0, 4])

    @Test func crostonHandComputed() throws {
        // α = 0.1. Start at t = 1: ẑ = 3, q̂ = 2.
        // t = 4: ẑ = 3 + 0.1(5 − 3) = 3.2;        q̂ = 2 + 0.1(3 − 2) = 2.1
        // t = 6: ẑ = 3.2 + 0.1(2 − 3.2) = 3.08;   q̂ = 2.1 + 0.1(2 − 2.1) = 2.09
        // t = 10: ẑ = 3.08 + 0.1(4 − 3.08) = 3.172; q̂ = 2.09 + 0.1(4 − 2.09) = 2.281
        // rate = 3.172/2.281 = 1.3906181… (statsforecast CrostonClassic gives 1.39061815).
        let model = try CrostonForecaster().fitModel(series)
        #expect(close(model.demandSize, 3.172, 1e-12))
        #expect(close(model.interval, 2.281, 1e-12))
        #expect(close(model.rate, 3.172 / 2.281))
        #expect(model.forecast(horizon: 3).mean.allSatisfy { close($0, 3.172 / 2.281) })
        // In-sample: no forecast at t ≤ 1; 3/2 during t = 2…4; 3.2/2.1 during t = 5, 6.
        #expect(model.residuals[0].isNaN && model.residuals[1].isNaN)
        #expect(close(model.residuals[2], -1.5))
        #expect(close(model.residuals[4], 5 - 1.5))
        #expect(close(model.residuals[5], -3.2 / 2.1))
        let finite = model.residuals.filter(\.isFinite)
        let rms = (finite.reduce(0) { $0 + $1 * $1 } / Double(finite.count)).squareRoot()
        #expect(close(model.sigma, rms))
        #expect(model.forecast(horizon: 2).standardDeviation == [rms, rms])
    }

    @Test func sbaIsCrostonTimesOneMinusHalfAlpha() throws {
        let classic = try CrostonForecaster(variant: .classic, smoothing: .fixed(0.2)).fitModel(series)
        let sba = try CrostonForecaster(variant: .sba, smoothing: .fixed(0.2)).fitModel(series)
        #expect(sba.name == "croston-sba")
        #expect(close(sba.rate, classic.rate * (1 - 0.2 / 2)))
        // Same smoothed states: the correction only scales the ratio.
        #expect(sba.demandSize == classic.demandSize && sba.interval == classic.interval)
    }

    @Test func optimizedAlphaBeatsTheGridInItsRange() throws {
        let model = try CrostonForecaster(smoothing: .optimized).fitModel(series)
        #expect(CrostonForecaster.optimizationRange.contains(model.alpha))
        func mse(_ alpha: Double) -> Double {
            CrostonForecaster.meanSquare(CrostonForecaster.smooth(series.values, alpha: alpha, variant: .classic).residuals)
        }
        let best = mse(model.alpha)
        for alpha in stride(from: 0.05, through: 0.3, by: 0.01) {
            #expect(best <= mse(alpha) + 1e-12, "α = \(alpha)")
        }
    }

    @Test func allZeroSeriesForecastsZero() throws {
        let zeros = TimeSeries([0, 0, 0, 0])
        let forecasters: [any Forecaster] = [
            CrostonForecaster(), CrostonForecaster(variant: .sba, smoothing: .optimized), TSBForecaster(),
            TSBForecaster(smoothing: .optimized),
        ]
        for forecaster in forecasters {
            let f = try forecaster.fit(zeros).forecast(horizon: 3)
            #expect(f.mean == [0, 0, 0], "\(forecaster.name)")
            #expect(f.standardDeviation == [0, 0, 0], "\(forecaster.name)")
        }
    }

    @Test func tsbHandComputed() throws {
        // α = β = 0.1 on [0, 3, 0, 0, 5]. First demand at t = 1: ẑ = 3, p̂ = 1/2.
        // t = 2 (forecast 1.5):   p̂ = 0.5 + 0.1(0 − 0.5) = 0.45
        // t = 3 (forecast 1.35):  p̂ = 0.45 − 0.045 = 0.405
        // t = 4 (forecast 1.215): p̂ = 0.405 + 0.1(1 − 0.405) = 0.4645; ẑ = 3 + 0.1(5 − 3) = 3.2
        // forecast = 0.4645 × 3.2 = 1.4864.
        let model = try TSBForecaster().fitModel(TimeSeries([0, 3, 0, 0, 5]))
        #expect(close(model.probability, 0.4645))
        #expect(close(model.demandSize, 3.2))
        #expect(close(model.rate, 1.4864))
        #expect(close(model.residuals[2], -1.5) && close(model.residuals[3], -1.35) && close(model.residuals[4], 3.785))
        let sigma = ((1.5 * 1.5 + 1.35 * 1.35 + 3.785 * 3.785) / 3).squareRoot()
        #expect(close(model.forecast(horizon: 1).standardDeviation[0], sigma))
    }

    @Test func tsbDecaysThroughZerosButCrostonDoesNot() throws {
        let ending = TimeSeries(series.values + [0, 0, 0, 0, 0, 0])
        #expect(try TSBForecaster().fitModel(ending).rate < TSBForecaster().fitModel(series).rate)
        #expect(try CrostonForecaster().fitModel(ending).rate == CrostonForecaster().fitModel(series).rate)
    }

    @Test func invalidInputsThrow() {
        #expect(throws: ForecastError.self) { try CrostonForecaster().fit(TimeSeries([0, 2, -1])) }
        #expect(throws: ForecastError.self) { try TSBForecaster().fit(TimeSeries([0, 2, -1])) }
        #expect(throws: ForecastError.self) { try CrostonForecaster(smoothing: .fixed(0)).fit(series) }
        #expect(throws: ForecastError.self) {
            try TSBForecaster(smoothing: .fixed(demand: 0.1, probability: 1.5)).fit(series)
        }
    }
}
