import Forecasting
import Foundation
import Stochastics
import Testing

/// Tests of ``LSTMForecaster``. Networks are small and epochs few so that the file runs in seconds in
/// debug builds; each assertion is one the model could fail.
@Suite("LSTM forecaster")
struct LSTMTests {
    // MARK: - Helpers

    static func meanAbsoluteError(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.reduce(0, +) / Double(min(a.count, b.count))
    }

    /// Weekly-style sales with a promotion that doubles demand about one period in eight.
    static func promotedSeries(periods: Int = 120, seed: UInt64 = 5) -> (TimeSeries, Covariates) {
        let stream = RandomStream(seed: seed)
        var units: [Double] = [], promo: [Double] = []
        for _ in 0..<periods {
            let onPromotion = stream.uniform() < 0.125
            let mean = 40.0 * (onPromotion ? 2 : 1)
            units.append(Distribution.negativeBinomial(mean: mean, dispersion: 60).sample(using: stream))
            promo.append(onPromotion ? 1 : 0)
        }
        return (TimeSeries(units, seasonLength: 1), Covariates(promotions: [promo]))
    }

    /// The shipped weekly history (regenerated, so no file is needed): one SKU's units and covariates.
    static func shippedWeekly(sku: String) throws -> (TimeSeries, Covariates) {
        let rows = SyntheticHistory.weekly(SyntheticHistory.daily(seed: 20230102)).filter { $0.sku == sku }
        try #require(rows.count == 156)
        return (TimeSeries(rows.map { Double($0.units) }, seasonLength: 52),
                Covariates(prices: rows.map(\.price), promotions: [rows.map { $0.promotion ? 1 : 0 }]))
    }

    // MARK: - Network

    /// Central finite differences against backpropagation through time on a tiny network.
    @Test("backpropagation matches finite differences", arguments: [1, 2])
    func gradientCheck(layers: Int) throws {
        let stream = RandomStream(seed: 11)
        let network = try LSTMNetwork(inputSize: 3, hiddenSize: 3, layers: layers, stream: stream)
        let count = 2, steps = 4
        let windows = (0..<(count * steps * 3)).map { _ in 2 * stream.uniform() - 1 }
        let targets = [0.7, -0.4]
        let (_, gradient) = try network.lossAndGradient(windows: windows, targets: targets, count: count, steps: steps)
        #expect(gradient.count == network.parameterCount)
        var worst = 0.0
        for j in 0..<network.parameterCount {
            var plus = network, minus = network
            let h = 1e-5
            plus.parameters[j] += h
            minus.parameters[j] -= h
            let lp = try plus.lossAndGradient(windows: windows, targets: targets, count: count, steps: steps).loss
            let lm = try minus.lossAndGradient(windows: windows, targets: targets, count: count, steps: steps).loss
            let numeric = (lp - lm) / (2 * h)
            // The floor keeps parameters with a (near-)zero gradient from dividing round-off by zero.
            worst = max(worst, abs(numeric - gradient[j]) / max(1e-6, abs(numeric) + abs(gradient[j])))
        }
        #expect(worst < 1e-5, "worst relative error \(worst)")
    }

    // MARK: - Forecaster

    @Test("the same seed gives the same forecasts, another seed different ones")
    func determinism() throws {
        let (series, covariates) = Self.promotedSeries(periods: 60)
        let future = Covariates(promotions: [[0, 1, 0, 0]])
        func run(_ seed: UInt64) throws -> Forecast {
            try LSTMForecaster(hiddenUnits: 4, lookback: 6, epochs: 4, seed: seed)
                .fit(series, covariates: covariates).forecast(horizon: 4, future: future)
        }
        let a = try run(7), b = try run(7), c = try run(8)
        #expect(a == b)
        #expect(a.mean != c.mean)
    }

    @Test("learns a noiseless sine wave far better than the naive forecast")
    func learnsSine() throws {
        // No seasonality declared, so no calendar features: the wave must be learned from the lags.
        let period = 16.0
        let values = (0..<176).map { 20 + 8 * sin(2 * Double.pi * Double($0) / period) }
        let history = TimeSeries(Array(values.prefix(160)), seasonLength: 1)
        let actual = Array(values.suffix(16))
        let fitted = try LSTMForecaster(hiddenUnits: 8, lookback: 12, epochs: 60, learningRate: 1e-2, seed: 3, patience: 60)
            .fit(history)
        let forecast = fitted.forecast(horizon: 16)
        let lstm = Self.meanAbsoluteError(forecast.mean, actual)
        let naive = Self.meanAbsoluteError(Array(repeating: history.values.last ?? 0, count: 16), actual)
        #expect(lstm * 3 <= naive, "LSTM MAE \(lstm) vs naive \(naive)")
        // The warm-start linear head alone cannot oscillate; the kept weights must be trained ones.
        let model = try #require(fitted as? LSTMFittedForecaster)
        #expect(model.trainingReport.bestEpoch > 0)
    }

    @Test("a planned promotion raises the forecast of its period")
    func usesPromotions() throws {
        let (series, covariates) = Self.promotedSeries()
        let fitted = try LSTMForecaster(hiddenUnits: 6, lookback: 8, epochs: 30, seed: 2).fit(series, covariates: covariates)
        let plain = fitted.forecast(horizon: 3, future: Covariates(promotions: [[0, 0, 0]]))
        let promoted = fitted.forecast(horizon: 3, future: Covariates(promotions: [[0, 1, 0]]))
        let lift = promoted.mean[1] / plain.mean[1]
        // The simulated promotion doubles demand; a model that ignored the flag would give a lift of 1.
        #expect(lift > 1.5 && lift < 2.6, "lift \(lift)")
        #expect(promoted.mean[0] == plain.mean[0], "an identical first period must get an identical forecast")
    }

    @Test("beats seasonal naive and exponential smoothing on the shipped HEADPHONES-BT history")
    func shippedPromotionSKU() throws {
        let (series, covariates) = try Self.shippedWeekly(sku: "HEADPHONES-BT")
        let holdout = 13, n = series.count - holdout
        let history = series.prefix(n)
        let past = Covariates(prices: covariates.prices.map { Array($0.prefix(n)) }, promotions: covariates.promotions.map { Array($0.prefix(n)) })
        let planned = Covariates(prices: covariates.prices.map { Array($0.suffix(holdout)) },
                                 promotions: covariates.promotions.map { Array($0.suffix(holdout)) })
        let actual = Array(series.values.suffix(holdout))

        let fitted = try LSTMForecaster(seed: 1).fit(history, covariates: past)
        let lstm = Self.meanAbsoluteError(fitted.forecast(horizon: holdout, future: planned).mean, actual)
        let seasonalNaive = Self.meanAbsoluteError((0..<holdout).map { history.values[n - 52 + $0] }, actual)
        var level = history.values[0]
        for y in history.values.dropFirst() { level += 0.3 * (y - level) }
        let smoothing = Self.meanAbsoluteError(Array(repeating: level, count: holdout), actual)
        let regression = Self.meanAbsoluteError(
            try RegressionForecaster().fit(history, covariates: past).forecast(horizon: holdout, future: planned).mean, actual)
        print("HEADPHONES-BT 13-week holdout MAE: LSTM \(lstm), seasonal naive \(seasonalNaive), SES(0.3) \(smoothing), regression \(regression)")
        #expect(lstm < seasonalNaive, "LSTM \(lstm) vs seasonal naive \(seasonalNaive)")
        #expect(lstm < smoothing, "LSTM \(lstm) vs SES \(smoothing)")
    }

    @Test("a diverging run keeps its last good weights and forecasts finite numbers")
    func divergence() throws {
        let (series, covariates) = Self.promotedSeries(periods: 60)
        // A step size of 1e200 throws the weights to ±1e200 on the first step, so the next loss overflows.
        let fitted = try LSTMForecaster(hiddenUnits: 4, lookback: 6, epochs: 5, learningRate: 1e200, batchSize: 8)
            .fit(series, covariates: covariates)
        let model = try #require(fitted as? LSTMFittedForecaster)
        #expect(model.trainingReport.stopReason == .diverged)
        #expect(model.trainingReport.bestEpoch == 0)
        #expect(model.network.parameters.allSatisfy { $0.isFinite })
        let forecast = fitted.forecast(horizon: 5, future: Covariates(promotions: [[1, 0, 0, 0, 0]]))
        #expect(forecast.mean.allSatisfy(\.isFinite) && forecast.standardDeviation.allSatisfy(\.isFinite))
        #expect(model.residuals.dropFirst(6).allSatisfy { $0.isFinite })
    }

    @Test("bad data and options throw ForecastError")
    func rejectsBadInput() {
        let (series, covariates) = Self.promotedSeries(periods: 40)
        let small = LSTMForecaster(hiddenUnits: 2, lookback: 4, epochs: 1)
        #expect(throws: ForecastError.self) { try small.fit(TimeSeries([1, 2, -3] + series.values), covariates: .none) }
        #expect(throws: ForecastError.self) { try small.fit(TimeSeries([.nan] + series.values)) }
        #expect(throws: ForecastError.self) { try small.fit(series, covariates: Covariates(promotions: [[1, 0]])) }
        #expect(throws: ForecastError.self) {
            try small.fit(series, covariates: Covariates(prices: Array(repeating: 0, count: series.count)))
        }
        #expect(throws: ForecastError.self) { try LSTMForecaster(lookback: 35).fit(series, covariates: covariates) }
        #expect(throws: ForecastError.self) { try LSTMForecaster(layers: 3).fit(series) }
        #expect(throws: ForecastError.self) { try LSTMForecaster(learningRate: .nan).fit(series) }
        #expect(throws: ForecastError.self) { try small.fitGlobal(series: [series, series], covariates: [covariates]) }
        #expect(throws: ForecastError.self) { try small.fitGlobal(series: [], covariates: []) }
    }

    @Test("a global fit shares one network across the series and forecasts each from its own end")
    func globalFit() throws {
        let (a, ca) = Self.promotedSeries(periods: 50, seed: 1)
        let (b, cb) = Self.promotedSeries(periods: 70, seed: 2)
        let scaled = TimeSeries(b.values.map { $0 * 10 }, seasonLength: 1)
        let forecaster = LSTMForecaster(hiddenUnits: 4, lookback: 6, epochs: 3)
        let views = try forecaster.fitGlobal(series: [a, scaled], covariates: [ca, cb])
        let models = views.compactMap { $0 as? LSTMFittedForecaster }
        try #require(models.count == 2)
        #expect(models[0].network == models[1].network)
        #expect(models[0].residuals.count == 50 && models[1].residuals.count == 70)
        #expect(models[0].name.contains("global"))
        // Each series keeps its own scale: the tenfold series gets a forecast of about ten times the size.
        let fa = views[0].forecast(horizon: 4, future: .none).mean, fb = views[1].forecast(horizon: 4, future: .none).mean
        #expect(fb[0] > 4 * fa[0], "\(fa) vs \(fb)")
        // One network per series when `global` is off.
        var local = forecaster
        local.global = false
        let separate = try local.fitGlobal(series: [a, scaled], covariates: [ca, cb]).compactMap { $0 as? LSTMFittedForecaster }
        #expect(separate.count == 2 && separate[0].network != separate[1].network)
    }

    @Test("predictive standard deviation is the one-step residual sd growing with the square root of the horizon")
    func predictiveSpread() throws {
        let (series, covariates) = Self.promotedSeries(periods: 60)
        let fitted = try LSTMForecaster(hiddenUnits: 4, lookback: 6, epochs: 3).fit(series, covariates: covariates)
        let model = try #require(fitted as? LSTMFittedForecaster)
        let forecast = fitted.forecast(horizon: 4)
        let residuals = model.residuals.filter(\.isFinite)
        let rms = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        #expect(residuals.count == 60 - 6)
        #expect(abs(forecast.standardDeviation[0] - rms) < 1e-9 * rms)
        #expect(abs(forecast.standardDeviation[3] - 2 * rms) < 1e-9 * rms)
        #expect(forecast.mean.count == 4 && fitted.forecast(horizon: 0).mean.isEmpty)
    }
}
