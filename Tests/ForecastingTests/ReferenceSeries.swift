import Foundation
import Testing
@testable import Forecasting
import RestockTestSupport

/// Whether `a` equals `b` to a relative tolerance (absolute near zero).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(1, abs(b))
}

/// Reads a `t,value` series from Tests/Fixtures.
func loadSeries(_ file: String) throws -> [Double] { try Fixtures.series(file) }

/// MASE of `forecaster` on the last 12 points, trained on the rest, m = 12 (the protocol of Tests/Fixtures/README.md).
func holdoutMASE(_ forecaster: any Forecaster, _ values: [Double]) throws -> Double {
    let training = TimeSeries(Array(values.dropLast(12)), seasonLength: 12)
    let forecast = try forecaster.fit(training).forecast(horizon: 12)
    return try ForecastMetrics.mase(
        actual: Array(values.suffix(12)), forecast: forecast.mean, training: training.values, seasonLength: 12)
}
