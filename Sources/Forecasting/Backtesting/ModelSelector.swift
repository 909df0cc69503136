/// Automatic model choice (`auto`): backtests every candidate and keeps the one with the smallest
/// mean MASE.
///
/// Choosing by rolling-origin out-of-sample error rather than in-sample fit is the cross-validation
/// approach of Hyndman & Athanasopoulos (*FPP* 3rd ed., §5.10); MASE makes scores comparable across
/// series of different scales (Hyndman & Koehler 2006). Ties go to the candidate listed first, so
/// list simpler models first. A candidate that throws on the series (too short, negative values for
/// an intermittent model, …) is skipped and reported, not fatal.
public struct ModelSelector: Forecaster {
    /// `auto`.
    public let name = "auto"
    /// The forecasters to choose from, in tie-breaking order.
    public let candidates: [any Forecaster]
    /// The backtest every candidate is scored with.
    public let backtest: Backtest

    /// Creates a selector.
    /// - Parameters:
    ///   - candidates: forecasters to compare; earlier ones win ties.
    ///   - backtest: the rolling-origin plan.
    public init(candidates: [any Forecaster], backtest: Backtest) {
        self.candidates = candidates
        self.backtest = backtest
    }

    /// Backtests every candidate on `series` and ranks them.
    /// - Parameter series: the history.
    /// - Returns: the ranking, the skipped candidates and the winner.
    /// - Throws: ``ForecastError`` when there are no candidates, the series is empty or has a
    ///   NaN/infinite value, the plan does not fit the series, or every candidate throws (the
    ///   message lists each reason).
    /// - Complexity: candidates × folds fits.
    public func select(_ series: TimeSeries) throws -> ModelSelection {
        guard !candidates.isEmpty else {
            throw ForecastError("Automatic model selection needs at least one candidate forecaster, but none were given.")
        }
        guard !series.values.isEmpty else {
            throw ForecastError("Automatic model selection needs a series with observations, but it is empty.")
        }
        // Problems with the data or the plan concern every candidate alike, so they are reported
        // as such rather than as a pile of per-candidate failures.
        try SeriesValidation.checkFinite(series.values)
        _ = try backtest.origins(seriesLength: series.count)

        var entries: [ModelSelection.Entry] = []
        var skipped: [ModelSelection.Skipped] = []
        for (index, candidate) in candidates.enumerated() {
            do {
                let result = try Backtester.evaluate(forecaster: candidate, series: series, config: backtest)
                entries.append(
                    ModelSelection.Entry(
                        candidateIndex: index, name: candidate.name, meanMASE: result.meanMASE, result: result))
            } catch {
                let reason = (error as? ForecastError)?.message ?? String(describing: error)
                skipped.append(ModelSelection.Skipped(candidateIndex: index, name: candidate.name, reason: reason))
            }
        }
        let ranking = entries.sorted { a, b in
            // NaN sorts last; equal scores keep list order, which makes ties go to the earlier one.
            switch (a.meanMASE.isNaN, b.meanMASE.isNaN) {
            case (false, true): return true
            case (true, false): return false
            case (true, true): return a.candidateIndex < b.candidateIndex
            case (false, false):
                return a.meanMASE != b.meanMASE ? a.meanMASE < b.meanMASE : a.candidateIndex < b.candidateIndex
            }
        }
        guard let best = ranking.first else {
            let reasons = skipped.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
            throw ForecastError("Automatic model selection failed: every candidate threw on this series (\(reasons)).")
        }
        return ModelSelection(ranking: ranking, skipped: skipped, best: best)
    }

    /// Selects the best candidate by backtest and fits it to the whole series.
    /// - Parameter series: the history.
    /// - Returns: the winner's fitted model (its `name` tells which candidate won).
    /// - Throws: ``ForecastError`` as for ``select(_:)``, or if the winner fails on the full series.
    /// - Complexity: as for ``select(_:)`` plus one fit.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        let selection = try select(series)
        return try candidates[selection.best.candidateIndex].fit(series)
    }
}
