import Foundation

/// Point and probabilistic forecast-accuracy measures, as pure functions on arrays.
///
/// Definitions follow Hyndman & Koehler (2006, "Another look at measures of forecast accuracy",
/// *IJF* 22(4):679–688) and Hyndman & Athanasopoulos (*FPP* 3rd ed., §5.8–5.9). Every function
/// throws ``ForecastError`` when its arrays are empty or of different lengths (a caller's mistake
/// that must not pass silently); NaN inputs propagate to a NaN result.
public enum ForecastMetrics {
    /// Mean absolute error, mean |a − f|.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - forecast: point forecasts, same length.
    /// - Returns: the MAE.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func mae(actual: [Double], forecast: [Double]) throws -> Double {
        try checkPair(actual, forecast, "forecast")
        return mean(zip(actual, forecast).map { abs($0 - $1) })
    }

    /// Mean squared error, mean (a − f)².
    /// - Parameters:
    ///   - actual: observed values.
    ///   - forecast: point forecasts, same length.
    /// - Returns: the MSE.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func mse(actual: [Double], forecast: [Double]) throws -> Double {
        try checkPair(actual, forecast, "forecast")
        return mean(zip(actual, forecast).map { ($0 - $1) * ($0 - $1) })
    }

    /// Root mean squared error, √MSE.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - forecast: point forecasts, same length.
    /// - Returns: the RMSE.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func rmse(actual: [Double], forecast: [Double]) throws -> Double {
        try mse(actual: actual, forecast: forecast).squareRoot()
    }

    /// Coefficient of determination, 1 − Σ(a − f)² / Σ(a − ā)².
    ///
    /// When the actuals are constant the ratio is 0/0 or x/0; following scikit-learn's `r2_score`
    /// (`force_finite=True`) the result is then 1 for a perfect forecast and 0 otherwise, so a
    /// one-step fold still yields a finite number.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - forecast: point forecasts, same length.
    /// - Returns: R² (can be negative: worse than the mean of the actuals).
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func rSquared(actual: [Double], forecast: [Double]) throws -> Double {
        try checkPair(actual, forecast, "forecast")
        let centre = mean(actual)
        let residual = zip(actual, forecast).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let total = actual.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
        guard total > 0 else { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }

    /// The MASE denominator: in-sample mean absolute error of the seasonal naive method,
    /// mean |y(t) − y(t−m)| over the training series.
    ///
    /// Lag m is used when m > 1 and n > m; otherwise lag 1 (the naive method), as Hyndman & Koehler
    /// define it for non-seasonal data. If the lag-m scale is exactly zero (a perfectly periodic
    /// training series) it falls back to lag 1, so a periodic series still has a finite scale.
    /// - Parameters:
    ///   - training: the series the model was fitted to.
    ///   - seasonLength: m ≥ 1.
    /// - Returns: the scale; 0 when the training series is constant or has one value.
    /// - Complexity: O(n).
    public static func maseScale(training: [Double], seasonLength: Int) -> Double {
        func scale(lag: Int) -> Double {
            guard training.count > lag else { return 0 }
            var sum = 0.0
            for t in lag..<training.count {
                sum += abs(training[t] - training[t - lag])
            }
            return sum / Double(training.count - lag)
        }
        let lag = seasonLength > 1 && training.count > seasonLength ? seasonLength : 1
        let seasonal = scale(lag: lag)
        if seasonal == 0, lag != 1 {
            return scale(lag: 1)
        }
        return seasonal
    }

    /// Mean absolute scaled error: MAE / ``maseScale(training:seasonLength:)``.
    ///
    /// Below 1 means better out of sample than the (seasonal) naive method was in sample. When the
    /// scale is 0 (a constant or one-point training series) the result is 0 for a perfect forecast
    /// and +∞ otherwise.
    /// - Parameters:
    ///   - actual: held-out values.
    ///   - forecast: point forecasts, same length.
    ///   - training: the training series (at least one value).
    ///   - seasonLength: m ≥ 1 for the scaling lag.
    /// - Returns: the MASE.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays or an empty training series.
    /// - Complexity: O(n + training count).
    public static func mase(actual: [Double], forecast: [Double], training: [Double], seasonLength: Int) throws
        -> Double
    {
        let error = try mae(actual: actual, forecast: forecast)
        guard !training.isEmpty else {
            throw ForecastError("MASE needs the training series for its scale, but it is empty.")
        }
        let scale = maseScale(training: training, seasonLength: seasonLength)
        guard scale > 0 else { return error == 0 ? 0 : .infinity }
        return error / scale
    }

    /// Symmetric MAPE on the 0–200 scale: mean of 200·|a − f| / (|a| + |f|).
    ///
    /// A term with |a| + |f| = 0 (both zero: a perfect forecast of no demand) counts as 0 instead of
    /// 0/0, as statsforecast/M4 practice does.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - forecast: point forecasts, same length.
    /// - Returns: sMAPE in [0, 200].
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func smape(actual: [Double], forecast: [Double]) throws -> Double {
        try checkPair(actual, forecast, "forecast")
        return mean(
            zip(actual, forecast).map { a, f in
                let denominator = abs(a) + abs(f)
                return denominator == 0 ? 0 : 200 * abs(a - f) / denominator
            })
    }

    /// Pinball (quantile) loss of a p-quantile forecast: mean of max(p(a − q), (p − 1)(a − q))
    /// (Koenker & Bassett 1978; Gneiting & Raftery 2007). Lower is better; at p = 0.5 it is half
    /// the MAE of the median.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - quantile: forecast p-quantiles, same length.
    ///   - probability: p in (0, 1).
    /// - Returns: the mean loss.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays or p outside (0, 1).
    /// - Complexity: O(n).
    public static func pinball(actual: [Double], quantile: [Double], probability: Double) throws -> Double {
        try checkPair(actual, quantile, "quantile")
        guard probability > 0, probability < 1 else {
            throw ForecastError("The pinball loss needs a probability strictly between 0 and 1, but got \(probability).")
        }
        return mean(
            zip(actual, quantile).map { a, q in
                let u = a - q
                return Swift.max(probability * u, (probability - 1) * u)
            })
    }

    /// Interval coverage: the share of actuals with lower ≤ a ≤ upper.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - lower: interval lower ends, same length.
    ///   - upper: interval upper ends, same length.
    /// - Returns: a fraction in [0, 1]; compare it with the nominal level.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays.
    /// - Complexity: O(n).
    public static func coverage(actual: [Double], lower: [Double], upper: [Double]) throws -> Double {
        try checkPair(actual, lower, "lower bound")
        try checkPair(actual, upper, "upper bound")
        var inside = 0
        for i in actual.indices where lower[i] <= actual[i] && actual[i] <= upper[i] {
            inside += 1
        }
        return Double(inside) / Double(actual.count)
    }

    /// Continuous ranked probability score of normal predictive distributions, averaged over the steps:
    /// CRPS(N(μ, σ²), y) = σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π] with z = (y − μ)/σ (Gneiting & Raftery 2007,
    /// eq. 21), in the units of y. A step with σ = 0 is a point forecast, whose CRPS is |y − μ|.
    ///
    /// CRPS = ∫ (F(x) − 1{x ≥ y})² dx rewards a sharp distribution centred on the outcome: it is the MAE
    /// for point forecasts and twice the pinball loss averaged over all quantile levels
    /// (``crps(actual:quantile:levels:)``).
    /// - Parameters:
    ///   - actual: observed values.
    ///   - mean: predictive means, same length.
    ///   - standardDeviation: predictive standard deviations (≥ 0), same length.
    /// - Returns: the mean CRPS, in the units of the actuals.
    /// - Throws: ``ForecastError`` for empty or mismatched arrays or a negative standard deviation.
    /// - Complexity: O(n).
    public static func crps(actual: [Double], mean: [Double], standardDeviation: [Double]) throws -> Double {
        try checkPair(actual, mean, "mean")
        try checkPair(actual, standardDeviation, "standard deviation")
        if let bad = standardDeviation.first(where: { $0 < 0 }) {
            throw ForecastError("The CRPS needs standard deviations >= 0, but got \(bad).")
        }
        return Self.mean(actual.indices.map { crpsNormal(y: actual[$0], mean: mean[$0], standardDeviation: standardDeviation[$0]) })
    }

    /// CRPS of predictive distributions given by draws, averaged over the steps: for draws x₁…xₙ of
    /// step i, CRPS = mean |x − y| − ½ · mean |x − x'| (Gneiting & Raftery 2007, eq. 20, with the
    /// empirical distribution of the draws), computed from the sorted draws as
    /// mean |x − y| − Σ x₍ₖ₎ (2k − n + 1) / n² (k = 0…n−1) — exact for that empirical distribution.
    /// - Parameters:
    ///   - actual: observed values.
    ///   - samples: per step, its draws (non-empty; sorted here when they are not), same count as `actual`.
    /// - Returns: the mean CRPS, in the units of the actuals.
    /// - Throws: ``ForecastError`` for empty or mismatched inputs.
    /// - Complexity: O(total draws), O(n log n) per step whose draws are not sorted.
    public static func crps(actual: [Double], samples: [[Double]]) throws -> Double {
        guard !actual.isEmpty, actual.count == samples.count else {
            throw ForecastError("The sample CRPS needs one set of draws per actual value, but got \(samples.count) sets for \(actual.count) values.")
        }
        guard samples.allSatisfy({ !$0.isEmpty }) else { throw ForecastError("The sample CRPS needs at least one draw per step.") }
        let sorted = Forecast.ascending(samples)
        return Self.mean(actual.indices.map { i in
            let x = sorted[i], n = Double(x.count), y = actual[i]
            var absolute = 0.0, spread = 0.0
            for (k, value) in x.enumerated() {
                absolute += abs(value - y)
                spread += value * Double(2 * k - x.count + 1)
            }
            return absolute / n - spread / (n * n)
        })
    }

    /// CRPS of one normal distribution N(mean, standardDeviation²) at the outcome y (|y − mean| when the
    /// standard deviation is 0).
    static func crpsNormal(y: Double, mean: Double, standardDeviation sigma: Double) -> Double {
        guard sigma > 0 else { return abs(y - mean) }
        let z = (y - mean) / sigma
        let cdf = 0.5 * erfc(-z / 2.0.squareRoot())
        let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        return sigma * (z * (2 * cdf - 1) + 2 * density - 1 / Double.pi.squareRoot())
    }

    /// CRPS estimated from a predictive distribution given only by its quantiles: CRPS = 2 ∫₀¹ pinball_p dp
    /// (Gneiting & Raftery 2007, eq. 22), by the midpoint rule on `levels` levels p = (k − ½)/levels. It
    /// converges to the exact CRPS as `levels` grows (for a normal distribution, 99 levels are within 0.1% of it).
    /// - Parameters:
    ///   - actual: the observed value.
    ///   - quantile: the predictive p-quantile for p in (0, 1), in the units of `actual`.
    ///   - levels: quantile levels on the grid (≥ 1).
    /// - Returns: the estimate, in the units of `actual`.
    /// - Complexity: O(levels) calls of `quantile`.
    public static func crps(actual: Double, quantile: (Double) -> Double, levels: Int) -> Double {
        let count = Swift.max(1, levels)
        var sum = 0.0
        for k in 0..<count {
            let p = (Double(k) + 0.5) / Double(count)
            let u = actual - quantile(p)
            sum += Swift.max(p * u, (p - 1) * u)
        }
        return 2 * sum / Double(count)
    }

    // Shared argument check, so each metric reports a mismatch in the same words.
    private static func checkPair(_ actual: [Double], _ other: [Double], _ label: String) throws {
        guard !actual.isEmpty else {
            throw ForecastError("An accuracy metric needs at least one actual value, but none were given.")
        }
        guard actual.count == other.count else {
            throw ForecastError(
                "An accuracy metric needs one \(label) per actual value, but got \(other.count) for \(actual.count) actuals.")
        }
    }

    private static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }
}
