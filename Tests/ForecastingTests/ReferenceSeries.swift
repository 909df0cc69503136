import Foundation
import Testing
@testable import Forecasting

/// Whether `a` equals `b` to a relative tolerance (absolute near zero).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(1, abs(b))
}

/// Reads a `t,value` CSV from shared/data: beside the package root in a checkout (as in CI), else /work/shared.
func loadSeries(_ file: String) throws -> [Double] {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [
        root.appendingPathComponent("../shared/data/\(file)").standardizedFileURL.path,
        "/work/shared/data/\(file)",
    ]
    guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        throw ForecastError("Test data \(file) not found in \(candidates).")
    }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
        line.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// MASE of `forecaster` on the last 12 points, trained on the rest, m = 12 (the shared/data README's protocol).
func holdoutMASE(_ forecaster: any Forecaster, _ values: [Double]) throws -> Double {
    let training = TimeSeries(Array(values.dropLast(12)), seasonLength: 12)
    let forecast = try forecaster.fit(training).forecast(horizon: 12)
    return try ForecastMetrics.mase(
        actual: Array(values.suffix(12)), forecast: forecast.mean, training: training.values, seasonLength: 12)
}
