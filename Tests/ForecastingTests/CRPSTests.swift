import Foundation
import Testing
@testable import Forecasting

/// The continuous ranked probability score against analytic values.
@Suite("CRPS")
struct CRPSTests {
    /// The standard normal's CRPS at z, written out independently: ∫ (Φ(x) − 1{x ≥ z})² dx = z(2Φ(z) − 1) + 2φ(z) − 1/√π.
    static func standard(_ z: Double) -> Double {
        let cdf = 0.5 * (1 + erf(z / 2.0.squareRoot()))
        return z * (2 * cdf - 1) + 2 * exp(-z * z / 2) / (2 * Double.pi).squareRoot() - 1 / Double.pi.squareRoot()
    }

    @Test("the Gaussian closed form: 2φ(0) − 1/√π = 0.2336950 at the mean, scaled by σ, and known values off it")
    func gaussianClosedForm() throws {
        // 1/√(2π)·2 − 1/√π = (√2 − 1)/√π.
        #expect(close(try ForecastMetrics.crps(actual: [0], mean: [0], standardDeviation: [1]), (2.0.squareRoot() - 1) / Double.pi.squareRoot()))
        #expect(close(try ForecastMetrics.crps(actual: [0], mean: [0], standardDeviation: [1]), 0.233_694_977_255, 1e-10))
        #expect(close(try ForecastMetrics.crps(actual: [10], mean: [10], standardDeviation: [2]), 2 * 0.233_694_977_255, 1e-10))
        // z = 1.3 and z = −2.2 (values from Python's statistics.NormalDist).
        #expect(close(try ForecastMetrics.crps(actual: [11.3], mean: [10], standardDeviation: [1]), 0.826_866_340_625, 1e-9))
        #expect(close(try ForecastMetrics.crps(actual: [5.6], mean: [10], standardDeviation: [2]), 2 * 1.645_584_433_085, 1e-9))
        // Averaged over steps.
        let two = try ForecastMetrics.crps(actual: [0, 11.3], mean: [0, 10], standardDeviation: [1, 1])
        #expect(close(two, (Self.standard(0) + Self.standard(1.3)) / 2, 1e-12))
    }

    @Test("a point forecast (σ = 0) scores its absolute error, and a tiny σ comes close to it")
    func degenerate() throws {
        #expect(try ForecastMetrics.crps(actual: [7, 3], mean: [4, 3], standardDeviation: [0, 0]) == 1.5)
        let nearlyPoint = try ForecastMetrics.crps(actual: [7], mean: [4], standardDeviation: [1e-6])
        #expect(abs(nearlyPoint - 3) < 1e-5)
    }

    @Test("twice the pinball loss averaged over a quantile grid converges to the closed form", arguments: [0.0, 0.5, 1.3, -2.2])
    func quantileGridConverges(_ z: Double) throws {
        let (mean, sigma) = (50.0, 4.0)
        let y = mean + z * sigma
        let exact = try ForecastMetrics.crps(actual: [y], mean: [mean], standardDeviation: [sigma])
        let forecast = Forecast(mean: [mean], standardDeviation: [sigma])
        let errors = [9, 99, 999].map { levels in
            abs(ForecastMetrics.crps(actual: y, quantile: { forecast.quantile($0, step: 0) }, levels: levels) - exact) / exact
        }
        #expect(errors[0] < 0.03 && errors[1] < 1e-3 && errors[2] < 1e-5, "relative errors \(errors)")
        #expect(errors[2] < errors[1] && errors[1] < errors[0])
    }

    @Test("ForecastMetric.crps scores a Forecast with the closed form; a wider interval around a hit scores worse")
    func metric() throws {
        let training = TimeSeries([1, 2, 3])
        let sharp = Forecast(mean: [10, 10], standardDeviation: [1, 1])
        let wide = Forecast(mean: [10, 10], standardDeviation: [5, 5])
        let value = try ForecastMetric.crps.evaluate(sharp, actual: [10, 12], training: training)
        #expect(close(value, (Self.standard(0) + Self.standard(2)) / 2, 1e-12))
        #expect(try ForecastMetric.crps.evaluate(wide, actual: [10, 10], training: training)
                > ForecastMetric.crps.evaluate(sharp, actual: [10, 10], training: training))
        #expect(throws: ForecastError.self) { try ForecastMetrics.crps(actual: [1], mean: [1], standardDeviation: [-1]) }
    }

    /// Draws 0, 1, 2, 3 (given out of order) and y = 1: mean |x − y| = 1 and ½ mean |x − x'| = ½ · 20/16, so
    /// the empirical CRPS is 0.375, not the normal closed form of the same mean and deviation.
    @Test("ForecastMetric.crps scores a forecast's draws when it has them, sorting draws given out of order")
    func sampleForecasts() throws {
        let training = TimeSeries([1, 2, 3])
        var forecast = Forecast(mean: [1.5], standardDeviation: [(1.25).squareRoot()], samples: [[3, 0, 1, 2]])
        #expect(forecast.samples == [[0, 1, 2, 3]])
        #expect(close(try ForecastMetric.crps.evaluate(forecast, actual: [1], training: training), 0.375, 1e-12))
        #expect(close(try ForecastMetrics.crps(actual: [1], samples: [[2, 3, 1, 0]]), 0.375, 1e-12))
        let normal = Forecast(mean: [1.5], standardDeviation: [(1.25).squareRoot()])
        #expect(!close(try ForecastMetric.crps.evaluate(normal, actual: [1], training: training), 0.375, 1e-3))
        // Type-7 quantiles of the sorted draws; a probability that is not a number gives NaN, not a trap.
        #expect(forecast.quantile(0.5, step: 0) == 1.5)
        #expect(close(forecast.quantile(0.9, step: 0), 2.7, 1e-12))
        #expect(forecast.quantile(.nan, step: 0).isNaN)
        #expect(normal.quantile(.nan, step: 0).isNaN)
        // Draws set later are sorted as well.
        forecast.samples = [[9, 4, 7]]
        #expect(forecast.samples == [[4, 7, 9]])
    }
}
