/// A rolling-origin evaluation plan: how many forecast origins, how far ahead, and how far apart.
///
/// Fold i (0-based, oldest first) trains on the first `origin(i)` observations and forecasts the
/// next `horizon`. The last fold's test window ends at the end of the series, and each earlier
/// origin is `step` periods before the next:
/// origin(i) = n − horizon − (folds − 1 − i)·step (Tashman 2000, "Out-of-sample tests of forecasting
/// accuracy", *IJF* 16(4):437–450; Hyndman & Athanasopoulos, *FPP* 3rd ed., §5.10).
public struct Backtest: Sendable, Equatable {
    /// Number of forecast origins (≥ 1).
    public var folds: Int
    /// Steps forecast from each origin (≥ 1).
    public var horizon: Int
    /// Periods between consecutive origins (≥ 1; equal to `horizon` gives non-overlapping test
    /// windows).
    public var step: Int
    /// Fewest observations any fold may train on (≥ 1).
    public var minimumTrainingLength: Int

    /// Creates a plan.
    /// - Parameters:
    ///   - folds: number of origins.
    ///   - horizon: steps forecast from each origin.
    ///   - step: periods between origins; defaults to `horizon`.
    ///   - minimumTrainingLength: fewest training observations allowed in the first fold.
    public init(folds: Int = 3, horizon: Int, step: Int? = nil, minimumTrainingLength: Int = 1) {
        self.folds = folds
        self.horizon = horizon
        self.step = step ?? horizon
        self.minimumTrainingLength = minimumTrainingLength
    }

    /// The shortest series this plan can run on: minimumTrainingLength + horizon + (folds − 1)·step
    /// (`Int.max` when that overflows, so an absurd plan is rejected instead of trapping).
    public var requiredLength: Int {
        let (span, spanOverflow) = (Swift.max(folds, 1) - 1).multipliedReportingOverflow(by: Swift.max(step, 0))
        let (head, headOverflow) = Swift.max(1, minimumTrainingLength).addingReportingOverflow(Swift.max(horizon, 0))
        let (total, totalOverflow) = head.addingReportingOverflow(span)
        return spanOverflow || headOverflow || totalOverflow ? Int.max : total
    }

    /// The training length of each fold, oldest first.
    /// - Parameter seriesLength: n, the length of the whole series.
    /// - Returns: `folds` increasing origins; origin(i) observations train fold i.
    /// - Throws: ``ForecastError`` when a parameter is below 1 or the series is shorter than
    ///   ``requiredLength``.
    /// - Complexity: O(folds).
    public func origins(seriesLength: Int) throws -> [Int] {
        for (label, value) in [("folds", folds), ("horizon", horizon), ("step", step)] where value < 1 {
            throw ForecastError("A backtest needs \(label) of at least 1, but it is \(value).")
        }
        guard minimumTrainingLength >= 1 else {
            throw ForecastError(
                "A backtest needs a minimum training length of at least 1, but it is \(minimumTrainingLength).")
        }
        guard seriesLength >= requiredLength else {
            throw ForecastError(
                "A backtest with \(folds) folds, horizon \(horizon), step \(step) and at least \(minimumTrainingLength) training observations needs a series of \(requiredLength) observations, but it has \(seriesLength); use fewer folds, a shorter horizon or step, or a smaller minimum training length.")
        }
        return (0..<folds).map { seriesLength - horizon - (folds - 1 - $0) * step }
    }
}
