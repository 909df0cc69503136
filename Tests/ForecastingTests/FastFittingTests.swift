import Foundation
import Testing
@testable import Forecasting
import Stochastics

/// The shortcuts that make `auto`, `combo` and `combo-fast` cheap: each must give what the long way gives
/// (or what the model's definition says), not merely run faster.
@Suite("Fast fitting: K chosen first, white noise by OLS, decomposition seasonal states, combo-fast")
struct FastFittingTests {
    /// 100 + a 52-week season of two harmonics + AR(1) noise, 156 weeks.
    private static func twoHarmonicWeeks(seed: UInt64) -> [Double] {
        var rng = SplitMixNormal(state: seed)
        var noise = 0.0
        return (0..<156).map { t -> Double in
            noise = 0.5 * noise + 3 * rng.normal()
            let angle = 2 * Double.pi * Double(t) / 52
            return 100 + 20 * sin(angle) + 12 * cos(2 * angle) + noise
        }
    }

    @Test("choosing the Fourier pairs first finds the two harmonics that the search over every K finds")
    func fourierPreselection() throws {
        for seed in [52, 53, 54] as [UInt64] {
            let series = TimeSeries(Self.twoHarmonicWeeks(seed: seed), seasonLength: 52)
            let preselected = try AutoARIMA(approximation: true, maxFourierPairs: 3, preselectFourierPairs: true).fitARIMA(series)
            let scanned = try AutoARIMA(approximation: true, maxFourierPairs: 3, preselectFourierPairs: false).fitARIMA(series)
            #expect(preselected.fourierPairs == 2, "seed \(seed): \(preselected.name)")
            #expect(scanned.fourierPairs == 2, "seed \(seed): \(scanned.name)")
        }
        // One harmonic only: K = 1, not more.
        var rng = SplitMixNormal(state: 7)
        let single = (0..<156).map { t in 50 + 15 * sin(2 * Double.pi * Double(t) / 52) + 2 * rng.normal() }
        let fitted = try AutoARIMA.combinationMember.fitARIMA(TimeSeries(single, seasonLength: 52))
        #expect(fitted.fourierPairs == 1, "\(fitted.name)")
    }

    @Test("white noise around a mean is fitted in closed form: the sample mean, σ² = Σ(y − ȳ)²/n, the Gaussian likelihood")
    func whiteNoiseByOLS() throws {
        var rng = SplitMixNormal(state: 11)
        let y = (0..<60).map { _ in 20 + 4 * rng.normal() }
        let n = Double(y.count)
        let mean = y.reduce(0, +) / n
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let regression = ARIMARegression(intercept: true, drift: false, fourierPeriod: 1, fourierPairs: 0)
        let fitted = try ARIMAEstimator(order: ARIMAOrder(p: 0, d: 0, q: 0), regression: regression).fit(y)
        #expect(abs(fitted.beta[0] - mean) < 1e-9 * mean)
        #expect(abs(fitted.sigma2ML - variance) < 1e-9 * variance)
        let logLikelihood = -0.5 * n * (log(2 * Double.pi * variance) + 1)
        #expect(abs(fitted.logLikelihood - logLikelihood) < 1e-8 * abs(logLikelihood))
        // With a drift after one difference: the mean step.
        let walk = y.indices.map { 3 * Double($0) + y[$0] }
        var driftRegression = regression
        driftRegression.intercept = false
        driftRegression.drift = true
        let drift = try ARIMAEstimator(order: ARIMAOrder(p: 0, d: 1, q: 0), regression: driftRegression).fit(walk)
        let meanStep = (walk[walk.count - 1] - walk[0]) / Double(walk.count - 1)
        #expect(abs(drift.beta[0] - meanStep) < 1e-9 * meanStep)
    }

    @Test("ets-fast keeps the decomposition's seasonal states, and its same-form refit does too")
    func decompositionSeasonalStates() throws {
        var rng = SplitMixNormal(state: 12)
        let y = (0..<72).map { t in 200 + 0.5 * Double(t) + 30 * sin(2 * Double.pi * Double(t) / 12) + 5 * rng.normal() }
        let spec = ETSSpec(error: .additive, trend: .none, season: .additive)
        let start = ETSInitialization.start(y, spec: spec, seasonLength: 12)
        let kept = try ETSEstimator(spec: spec, seasonLength: 12, optimisesSeasonalStates: false).fit(y)
        #expect(kept.initialState.seasonal == start.seasonal)
        let searched = try ETSEstimator(spec: spec, seasonLength: 12).fit(y)
        #expect(searched.initialState.seasonal != start.seasonal)
        // The searched fit has 11 more coordinates to move, so its likelihood is at least as high.
        #expect(searched.logLikelihood >= kept.logLikelihood - 1e-6)
        #expect(searched.likelihoodEvaluations > kept.likelihoodEvaluations)

        let auto = try AutoETS(optimisesSeasonalStates: false).fitETS(TimeSeries(y, seasonLength: 12))
        #expect(auto.optimisesSeasonalStates == false && AutoETS(optimisesSeasonalStates: false).name == "ets-fast")
        let refit = try #require(auto.sameFormForecaster as? ETSForecaster)
        #expect(refit.optimisesSeasonalStates == false && refit.spec == auto.spec)
    }

    @Test("combo-fast forecasts the mean of Theta's and ets-fast's forecasts")
    func comboFast() throws {
        var rng = SplitMixNormal(state: 13)
        let y = (0..<96).map { t in 80 + 25 * sin(2 * Double.pi * Double(t) / 12) + 4 * rng.normal() }
        let series = TimeSeries(y, seasonLength: 12)
        let combo = try #require(ForecasterCatalog.make("combo-fast", seasonLength: 12))
        let mean = try combo.fit(series).forecast(horizon: 18).mean
        let theta = try ThetaForecaster().fit(series).forecast(horizon: 18).mean
        let ets = try AutoETS(optimisesSeasonalStates: false).fit(series).forecast(horizon: 18).mean
        for h in 0..<18 {
            #expect(abs(mean[h] - (theta[h] + ets[h]) / 2) < 1e-9 * abs(mean[h]), "step \(h + 1)")
        }
    }
}
