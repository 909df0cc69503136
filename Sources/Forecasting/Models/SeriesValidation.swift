/// The data guards every model in this module runs before fitting.
///
/// Kept in one place so that every model words its errors the same way and names the offending
/// index, which is what a user needs to find a bad row in a CSV.
enum SeriesValidation {
    /// Checks that `series` has at least `minimumCount` observations, all finite.
    /// - Parameters:
    ///   - series: the history to fit.
    ///   - minimumCount: the fewest observations the model can work with (≥ 1).
    ///   - model: the model's name, for the message.
    ///   - requirement: why the model needs that many, completing "needs at least N observations …".
    /// - Throws: ``ForecastError`` for an empty or too-short series or a NaN/infinite value.
    /// - Complexity: O(n).
    static func check(
        _ series: TimeSeries, minimumCount: Int = 1, model: String, requirement: String = ""
    ) throws {
        let needed = Swift.max(1, minimumCount)
        if series.values.isEmpty {
            throw ForecastError(
                "The \(model) model cannot be fitted to an empty series; supply at least \(needed) observation\(needed == 1 ? "" : "s").")
        }
        try checkFinite(series.values)
        if series.count < needed {
            let why = requirement.isEmpty ? "" : " \(requirement)"
            throw ForecastError(
                "The \(model) model needs at least \(needed) observations\(why), but the series has only \(series.count).")
        }
    }

    /// Checks that every value is finite.
    /// - Parameter values: the observations.
    /// - Throws: ``ForecastError`` naming the first index holding NaN or ±∞.
    /// - Complexity: O(n).
    static func checkFinite(_ values: [Double]) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError(
                "The series holds a non-finite value (\(values[index])) at index \(index); remove or impute it before forecasting.")
        }
    }

    /// Checks that no value is negative (demand models).
    /// - Parameters:
    ///   - values: the observations.
    ///   - model: the model's name, for the message.
    /// - Throws: ``ForecastError`` naming the first negative index.
    /// - Complexity: O(n).
    static func checkNonNegative(_ values: [Double], model: String) throws {
        if let index = values.firstIndex(where: { $0 < 0 }) {
            throw ForecastError(
                "The \(model) model needs non-negative demand, but index \(index) holds \(values[index]); intermittent-demand methods model sizes and intervals of positive demands.")
        }
    }

    /// Root mean square of the finite entries of `residuals` (0 when there are none).
    ///
    /// The residual scale used for prediction intervals; NaN entries mark periods where the model
    /// had no forecast yet and are skipped.
    /// - Parameter residuals: one-step errors, NaN where undefined.
    /// - Returns: √(Σe²/k) over the k finite errors, or 0 when k = 0.
    /// - Complexity: O(n).
    static func rootMeanSquare(_ residuals: [Double]) -> Double {
        var sum = 0.0
        var count = 0
        for e in residuals where e.isFinite {
            sum += e * e
            count += 1
        }
        return count == 0 ? 0 : (sum / Double(count)).squareRoot()
    }
}
