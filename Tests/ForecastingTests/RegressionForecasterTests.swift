import Forecasting
import Foundation
import Stochastics
import Testing

@Suite("Regression with price and promotions")
struct RegressionForecasterTests {
    /// Weekly sales with a 52-week cycle, elasticity −1.8 and a promotion doubling sales.
    static func simulated(periods: Int = 312, seed: UInt64 = 3) -> (TimeSeries, Covariates) {
        let stream = RandomStream(seed: seed)
        var units: [Double] = [], prices: [Double] = [], promo: [Double] = []
        let levels = [20.0, 17, 14, 23, 26, 20, 15]
        var price = 20.0
        for t in 0..<periods {
            // A new list price every 4 weeks, drawn independently of the season.
            if t % 4 == 0 { price = levels[stream.uniformInt(below: levels.count)] }
            let onPromotion = stream.uniform() < 0.12
            let season = 1 + 0.3 * sin(2 * Double.pi * Double(t) / 52)
            let mean = 50 * season * pow(price / 20, -1.8) * (onPromotion ? 2 : 1)
            units.append(Distribution.negativeBinomial(mean: mean, dispersion: 40).sample(using: stream))
            prices.append(price)
            promo.append(onPromotion ? 1 : 0)
        }
        return (TimeSeries(units, seasonLength: 52), Covariates(prices: prices, promotions: [promo]))
    }

    @Test("recovers the price elasticity and the promotion lift")
    func recovery() throws {
        let (series, covariates) = Self.simulated()
        let fitted = try RegressionForecaster().fit(series, covariates: covariates)
        let model = try #require(fitted as? FittedRegression)
        let elasticity = try #require(model.priceElasticity)
        // Noise on the log scale is about √(1/50 + 1/40) ≈ 0.21 and log prices vary with sd ≈ 0.18 over
        // 312 weeks, so the slope's standard error is about 0.21 / (0.18 · √312) ≈ 0.07: ±0.25 is 3.5 SE.
        #expect(abs(elasticity + 1.8) < 0.25, "elasticity \(elasticity)")
        let lift = try #require(model.promotionMultipliers.first)
        #expect(lift > 1.8 && lift < 2.2, "lift \(lift)")
        #expect(model.name == "regression(trend+fourier6+price+promo)")
    }

    @Test("forecasts respond to the planned price and promotion")
    func plannedCovariates() throws {
        let (series, covariates) = Self.simulated()
        let fitted = try RegressionForecaster().fit(series, covariates: covariates)
        let base = fitted.forecast(horizon: 4, future: Covariates(prices: [20, 20, 20, 20], promotions: [[0, 0, 0, 0]]))
        let cut = fitted.forecast(horizon: 4, future: Covariates(prices: [16, 16, 16, 16], promotions: [[0, 1, 0, 0]]))
        // A 20% price cut at elasticity −1.8 sells (0.8)^−1.8 ≈ 1.49× as much; the promotion doubles it again.
        let priceRatio = cut.mean[0] / base.mean[0]
        #expect(priceRatio > 1.3 && priceRatio < 1.7)
        #expect(cut.mean[1] / cut.mean[0] > 1.6)
        #expect(base.mean.allSatisfy { $0.isFinite && $0 >= 0 } && base.standardDeviation.allSatisfy { $0 > 0 })
    }

    @Test("without covariates it is a trend + Fourier model; bad input is an error")
    func plain() throws {
        let (series, _) = Self.simulated()
        let fitted = try RegressionForecaster().fit(series)
        #expect(fitted.forecast(horizon: 52).mean.count == 52)
        #expect(throws: ForecastError.self) { try RegressionForecaster().fit(TimeSeries([1, 2, 3], seasonLength: 52)) }
        #expect(throws: ForecastError.self) { try RegressionForecaster().fit(TimeSeries([1, .nan, 3, 4, 5, 6, 7])) }
        #expect(throws: ForecastError.self) {
            try RegressionForecaster().fit(TimeSeries(Array(repeating: 1, count: 20)), covariates: Covariates(prices: [1, 2]))
        }
    }

    /// 44 weeks of a 52-week season (the short Complete Journey histories of benchmarks/promotions): Fourier
    /// terms over part of one cycle made the forecast explode to 10^29 units. With fewer than two seasons
    /// the season is left out, and the forecast stays near the data.
    @Test("with fewer than two seasons of history the season is not modelled and the forecast stays bounded")
    func shortHistory() throws {
        let (series, covariates) = Self.simulated(periods: 44, seed: 8)
        let fitted = try RegressionForecaster().fit(series, covariates: covariates)
        #expect(!fitted.name.contains("fourier"))
        #expect(fitted.name.contains("not modelled"))
        let plan = Covariates(prices: Array(repeating: 20, count: 8), promotions: [[0, 0, 1, 0, 0, 0, 0, 0]])
        let forecast = fitted.forecast(horizon: 8, future: plan)
        let largest = series.values.max() ?? 0
        #expect(forecast.mean.allSatisfy { $0.isFinite && $0 >= 0 && $0 < 2 * largest }, "\(forecast.mean) against a largest week of \(largest)")
        // Two seasons and more: the Fourier terms are back.
        #expect(try RegressionForecaster().fit(Self.simulated(periods: 104).0).name.contains("fourier6"))
    }
}
