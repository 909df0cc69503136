/// Automatic model choice (`auto`): backtests every candidate and keeps the one with the smallest
/// mean MASE.
///
/// Choosing by rolling-origin out-of-sample error rather than in-sample fit is the cross-validation
/// approach of Hyndman & Athanasopoulos (*FPP* 3rd ed., §5.10); MASE makes scores comparable across
/// series of different scales (Hyndman & Koehler 2006). Ties go to the candidate listed first, so
/// list simpler models first. A candidate that throws on the series (too short, negative values for
/// an intermittent model, …) is skipped and reported, not fatal.
///
/// Combinations (``CombinationForecaster``) are favoured: one wins any comparison it loses by less than
/// ``combinationMargin`` (relative), since a few folds' MASE is a noisy estimate and combinations are
/// the safer bet out of sample (Petropoulos & Svetunkov 2020). When ``combinationMembers`` says which
/// candidates a combination is made of, each member is fitted once per fold and the combination is
/// backtested from those fits, with exactly the scores its own backtest would have.
///
/// With ``reusesFormAcrossFolds`` (the default), a candidate that searches for its form (AutoETS's
/// error/trend/season, AutoARIMA's orders and Fourier terms, a combination's members) searches once, on
/// the earliest fold's training data, and later folds re-estimate that form's parameters on their longer
/// prefixes (``FittedForecaster/sameFormForecaster``). No fold sees data past its origin (the form comes
/// from an earlier prefix), and the search, which is most of auto's cost, runs once instead of once per
/// fold. The winner is still fitted from scratch, search included, on the whole series.
public struct ModelSelector: Forecaster {
    /// `auto`.
    public let name = "auto"
    /// The forecasters to choose from, in tie-breaking order.
    public let candidates: [any Forecaster]
    /// The backtest every candidate is scored with.
    public let backtest: Backtest
    /// For a candidate that is a ``CombinationForecaster``: the positions, among the candidates, of
    /// forecasters identical to its members, in member order. The caller vouches for the identity.
    public let combinationMembers: [Int: [Int]]
    /// Relative margin by which a combination may trail and still rank ahead (0.02: within 2%).
    public let combinationMargin: Double
    /// Whether folds after the first refit the form the first fold's search chose instead of searching again.
    public let reusesFormAcrossFolds: Bool
    /// Candidates a combination gets no margin against: when one of them scores below the combination
    /// that would win, the best of them wins instead (e.g. the regression on promotions, when the
    /// history has promotions: a combination of models that ignore them is no safer bet there).
    public let marginExempt: Set<Int>

    /// Creates a selector.
    /// - Parameters:
    ///   - candidates: forecasters to compare; earlier ones win ties.
    ///   - backtest: the rolling-origin plan.
    ///   - combinationMembers: for combination candidates, the candidates that are their members.
    ///   - combinationMargin: relative margin a combination may trail by and still win (≥ 0).
    ///   - reusesFormAcrossFolds: search a candidate's form on the first fold only (see the type's notes).
    ///   - marginExempt: candidates that beat a combination on their plain score (see ``marginExempt``).
    public init(candidates: [any Forecaster], backtest: Backtest, combinationMembers: [Int: [Int]] = [:],
                combinationMargin: Double = 0, reusesFormAcrossFolds: Bool = true, marginExempt: Set<Int> = []) {
        self.candidates = candidates
        self.marginExempt = marginExempt
        self.reusesFormAcrossFolds = reusesFormAcrossFolds
        self.backtest = backtest
        self.combinationMembers = combinationMembers
        self.combinationMargin = Swift.max(0, combinationMargin.isFinite ? combinationMargin : 0)
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
        let sharing = validSharing()
        let shared = Set(sharing.values.flatMap { $0 })
        var fits: [Int: [Int: Result<any FittedForecaster, any Error>]] = [:]
        // The first fold's fit of each candidate, whose form later folds refit.
        var firstFits: [Int: any FittedForecaster] = [:]
        func fitCandidate(_ candidate: Int, fold: Int, training: TimeSeries) throws -> any FittedForecaster {
            if reusesFormAcrossFolds, fold > 0, let form = firstFits[candidate]?.sameFormForecaster {
                return try form.fit(training)
            }
            let fitted = try candidates[candidate].fit(training)
            if fold == 0 { firstFits[candidate] = fitted }
            return fitted
        }
        func sharedFit(_ candidate: Int, fold: Int, training: TimeSeries) -> Result<any FittedForecaster, any Error> {
            if let known = fits[candidate]?[fold] { return known }
            let outcome = Result { try fitCandidate(candidate, fold: fold, training: training) }
            fits[candidate, default: [:]][fold] = outcome
            return outcome
        }
        for (index, candidate) in candidates.enumerated() {
            do {
                let result: BacktestResult
                if let members = sharing[index], let combination = candidate as? CombinationForecaster {
                    result = try Backtester.evaluate(name: candidate.name, series: series, config: backtest) { fold, training in
                        try combination.combine(members.map { sharedFit($0, fold: fold, training: training) })
                    }
                } else if shared.contains(index) {
                    result = try Backtester.evaluate(name: candidate.name, series: series, config: backtest) { fold, training in
                        try sharedFit(index, fold: fold, training: training).get()
                    }
                } else {
                    result = try Backtester.evaluate(name: candidate.name, series: series, config: backtest) { fold, training in
                        try fitCandidate(index, fold: fold, training: training)
                    }
                }
                entries.append(
                    ModelSelection.Entry(
                        candidateIndex: index, name: candidate.name, meanMASE: result.meanMASE, result: result))
            } catch {
                let reason = (error as? ForecastError)?.message ?? String(describing: error)
                skipped.append(ModelSelection.Skipped(candidateIndex: index, name: candidate.name, reason: reason))
            }
        }
        // A combination's score counts as if it were `combinationMargin` smaller.
        func key(_ entry: ModelSelection.Entry) -> Double {
            candidates[entry.candidateIndex] is CombinationForecaster ? entry.meanMASE / (1 + combinationMargin) : entry.meanMASE
        }
        var ranking = entries.sorted { a, b in
            // NaN sorts last; equal scores keep list order, which makes ties go to the earlier one.
            let (x, y) = (key(a), key(b))
            switch (x.isNaN, y.isNaN) {
            case (false, true): return true
            case (true, false): return false
            case (true, true): return a.candidateIndex < b.candidateIndex
            case (false, false): return x != y ? x < y : a.candidateIndex < b.candidateIndex
            }
        }
        if let leader = ranking.first, candidates[leader.candidateIndex] is CombinationForecaster,
           let exempt = ranking.firstIndex(where: { marginExempt.contains($0.candidateIndex) && $0.meanMASE < leader.meanMASE }) {
            ranking.insert(ranking.remove(at: exempt), at: 0)
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

    /// The entries of ``combinationMembers`` that can be used: a combination candidate whose member
    /// positions are in range, not itself, and as many as its members.
    private func validSharing() -> [Int: [Int]] {
        combinationMembers.filter { index, members in
            guard candidates.indices.contains(index), let combination = candidates[index] as? CombinationForecaster else {
                return false
            }
            return members.count == combination.members.count
                && members.allSatisfy { candidates.indices.contains($0) && $0 != index }
        }
    }
}
