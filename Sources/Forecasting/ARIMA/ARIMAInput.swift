/// Checks shared by ``ARIMAForecaster`` and ``AutoARIMA`` before any arithmetic touches the data.
enum ARIMAInput {
    /// Rejects empty series and non-finite values.
    /// - Parameters:
    ///   - values: the observations.
    ///   - model: the model name for the message.
    /// - Throws: ``ForecastError`` naming the first offending period.
    /// - Complexity: O(n).
    static func validate(_ values: [Double], model: String) throws {
        guard !values.isEmpty else { throw ForecastError("\(model) needs observations, but the series is empty") }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError("\(model) needs finite observations; period \(bad) is \(values[bad])")
        }
    }
}
