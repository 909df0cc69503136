import Foundation

/// One run of Hyndman & Khandakar's stepwise algorithm (2008, §3.2; *FPP3* §9.7) for a fixed
/// seasonal period and fixed Fourier regressors, following R's `forecast::auto.arima` and
/// statsforecast's `auto_arima_f` step by step:
///
/// 1. D from the seasonal-strength rule (0 when n ≤ 2m), then d from repeated KPSS tests on the
///    seasonally differenced series (on regression residuals when there are Fourier terms);
/// 2. exact-fit shortcuts when the differenced series is constant;
/// 3. four starting models — (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1) — and
///    (0,d,0)(0,D,0) without the constant, then moves of ±1 in P, Q, p, q (singly and in pairs) and
///    toggling the constant, restarting from every improvement, until no neighbour lowers AICc or
///    `maxModels` have been tried;
/// 4. candidates with AR or MA roots within 1.01 of the unit circle are rejected (AICc = ∞).
///
/// With the approximation on (n > 150 or m > 12, as in R), candidates are compared by CSS with the
/// likelihood offset of Hyndman & Khandakar, and the best ones are then refitted by exact ML in
/// order until one passes.
struct AutoARIMASearch: Sendable {
    /// Search settings.
    var settings: AutoARIMA
    /// Seasonal period used by the ARIMA terms (1: non-seasonal).
    var period: Int
    /// Fourier regressors added to every candidate (K = 0: none).
    var fourier: ARIMARegression
    /// The series' own season length, which decides the approximation even when the ARIMA terms
    /// are non-seasonal (R uses `frequency(x) > 12`).
    var seasonLength: Int
    /// Number of first differences decided by the caller (so that AICc stays comparable across
    /// searches with different regressors); `nil` runs the KPSS tests here.
    var fixedD: Int? = nil

    /// A candidate's key in the table of models already tried.
    private struct Candidate: Hashable {
        var p: Int, q: Int, bigP: Int, bigQ: Int, constant: Bool
    }

    /// Runs the search.
    /// - Parameter y: the series (finite, not constant).
    /// - Returns: the chosen model, fitted by exact ML.
    /// - Throws: ``ForecastError`` when no candidate can be fitted.
    func run(_ y: [Double]) throws -> FittedARIMA {
        let n = y.count
        var maxP = min(settings.maxP, n / 3)
        var maxQ = min(settings.maxQ, n / 3)
        var maxSP = min(settings.maxSeasonalP, period > 1 ? n / 3 / period : 0)
        var maxSQ = min(settings.maxSeasonalQ, period > 1 ? n / 3 / period : 0)
        let useAIC = n <= 3

        // Differencing is chosen on the regression residuals when there are Fourier terms.
        var xx = y
        let fourierColumns = fourier.columns(offset: 0, count: n)
        if !fourierColumns.isEmpty {
            let design = [[Double](repeating: 1, count: n)] + fourierColumns
            if let ols = ARIMALinearAlgebra.leastSquares(columns: design, y: y) {
                xx = ARIMARegression.remove(ols.coefficients, columns: design, from: y)
            }
        }
        var bigD = 0
        if period == 1 {
            maxSP = 0
            maxSQ = 0
        } else if n > 2 * period {
            bigD = ARIMADifferencing.seasonalDifferences(xx, period: period, maxD: settings.maxSeasonalD)
        }
        let seasonallyDifferenced = ARIMADifferencing.difference(xx, lag: period, times: bigD)
        let d = fixedD ?? ARIMADifferencing.nonSeasonalDifferences(seasonallyDifferenced, maxD: settings.maxD)
        let dx = ARIMADifferencing.difference(seasonallyDifferenced, lag: 1, times: d)
        guard !dx.isEmpty else {
            throw ForecastError("auto-arima: the series of \(n) observations is too short for \(d) differences and \(bigD) seasonal differences")
        }
        if ARIMADifferencing.isConstant(dx) {
            return try exactFit(y, d: d, bigD: bigD, dx: dx)
        }
        if period > 1 {
            if maxP > 0 { maxP = min(maxP, period - 1) }
            if maxQ > 0 { maxQ = min(maxQ, period - 1) }
        }
        let approximate = settings.approximation ?? (n > 150 || seasonLength > 12)
        var offset = 0.0
        if approximate {
            let base = ARIMAOrder(p: 0, d: d, q: 0, P: 0, D: bigD, Q: 0, period: period)
            var regression = fourier
            regression.intercept = d + bigD == 0
            if let fit = try? ARIMAEstimator(order: base, regression: regression).fit(y), fit.sigma2ML > 0,
               fit.logLikelihood.isFinite {
                offset = -2 * fit.logLikelihood - Double(n) * log(fit.sigma2ML)
            }
        }
        let allowDrift = settings.allowDrift && d + bigD == 1
        let allowMean = settings.allowMean && d + bigD == 0
        var constant = allowDrift || allowMean

        var tried: [Candidate: Double] = [:]
        var order: [Candidate] = []
        var best: (candidate: Candidate, ic: Double, fit: FittedARIMA?)?

        /// Fits one candidate and records its criterion; returns whether it beat the best.
        func consider(_ c: Candidate) -> Bool {
            guard tried[c] == nil, tried.count < settings.maxModels else { return false }
            let (ic, fit) = evaluate(c, y: y, d: d, bigD: bigD, approximate: approximate, offset: offset, useAIC: useAIC)
            tried[c] = ic
            order.append(c)
            if best == nil || ic < (best?.ic ?? .infinity) {
                best = (c, ic, fit)
                return true
            }
            return false
        }

        var p = min(settings.startP, maxP)
        var q = min(settings.startQ, maxQ)
        var bigP = min(settings.startSeasonalP, maxSP)
        var bigQ = min(settings.startSeasonalQ, maxSQ)
        if n < 10 {
            p = min(p, 1)
            q = min(q, 1)
            bigP = 0
            bigQ = 0
        }
        _ = consider(Candidate(p: p, q: q, bigP: bigP, bigQ: bigQ, constant: constant))
        if consider(Candidate(p: 0, q: 0, bigP: 0, bigQ: 0, constant: constant)) {
            (p, q, bigP, bigQ) = (0, 0, 0, 0)
        }
        if maxP > 0 || maxSP > 0 {
            let pp = maxP > 0 ? 1 : 0
            let sp = period > 1 && maxSP > 0 ? 1 : 0
            if consider(Candidate(p: pp, q: 0, bigP: sp, bigQ: 0, constant: constant)) {
                (p, q, bigP, bigQ) = (pp, 0, sp, 0)
            }
        }
        if maxQ > 0 || maxSQ > 0 {
            let qq = maxQ > 0 ? 1 : 0
            let sq = period > 1 && maxSQ > 0 ? 1 : 0
            if consider(Candidate(p: 0, q: qq, bigP: 0, bigQ: sq, constant: constant)) {
                (p, q, bigP, bigQ) = (0, qq, 0, sq)
            }
        }
        if constant {
            if consider(Candidate(p: 0, q: 0, bigP: 0, bigQ: 0, constant: false)) {
                (p, q, bigP, bigQ) = (0, 0, 0, 0)
                constant = false
            }
        }
        // The neighbourhood, in Hyndman & Khandakar's order; each move is (Δp, Δq, ΔP, ΔQ, toggle).
        let moves: [(Int, Int, Int, Int, Bool)] = [
            (0, 0, -1, 0, false), (0, 0, 0, -1, false), (0, 0, 1, 0, false), (0, 0, 0, 1, false),
            (0, 0, -1, -1, false), (0, 0, -1, 1, false), (0, 0, 1, -1, false), (0, 0, 1, 1, false),
            (-1, 0, 0, 0, false), (0, -1, 0, 0, false), (1, 0, 0, 0, false), (0, 1, 0, 0, false),
            (-1, -1, 0, 0, false), (-1, 1, 0, 0, false), (1, -1, 0, 0, false), (1, 1, 0, 0, false),
            (0, 0, 0, 0, true),
        ]
        var improved = true
        while improved && tried.count < settings.maxModels {
            improved = false
            for move in moves {
                let np = p + move.0, nq = q + move.1, nP = bigP + move.2, nQ = bigQ + move.3
                guard np >= 0, np <= maxP, nq >= 0, nq <= maxQ, nP >= 0, nP <= maxSP, nQ >= 0, nQ <= maxSQ else { continue }
                if move.4 && !(allowDrift || allowMean) { continue }
                let c = Candidate(p: np, q: nq, bigP: nP, bigQ: nQ, constant: move.4 ? !constant : constant)
                if tried[c] != nil { continue }
                if consider(c) {
                    (p, q, bigP, bigQ, constant) = (np, nq, nP, nQ, c.constant)
                    improved = true
                    break
                }
            }
        }

        if approximate {
            // Refit the candidates by exact ML, best CSS criterion first, until one passes.
            let ranked = order.filter { (tried[$0] ?? .infinity).isFinite }.sorted { (tried[$0] ?? 0) < (tried[$1] ?? 0) }
            for c in ranked {
                let (ic, fit) = evaluate(c, y: y, d: d, bigD: bigD, approximate: false, offset: 0, useAIC: useAIC)
                if ic.isFinite, let fit { return fit }
            }
        } else if let best, best.ic.isFinite, let fit = best.fit {
            return fit
        }
        // Nothing passed: fall back to the simplest model for this differencing.
        let fallback = Candidate(p: 0, q: 0, bigP: 0, bigQ: 0, constant: allowDrift || allowMean)
        if let fit = try? fitCandidate(fallback, y: y, d: d, bigD: bigD) { return fit }
        throw ForecastError("auto-arima found no ARIMA model that could be fitted to this series of \(n) observations")
    }

    /// Fits one candidate by exact ML.
    private func fitCandidate(_ c: Candidate, y: [Double], d: Int, bigD: Int) throws -> FittedARIMA {
        try estimator(c, d: d, bigD: bigD).fit(y)
    }

    /// The estimator for a candidate.
    private func estimator(_ c: Candidate, d: Int, bigD: Int) -> ARIMAEstimator {
        let order = ARIMAOrder(p: c.p, d: d, q: c.q, P: c.bigP, D: bigD, Q: c.bigQ, period: period)
        var regression = fourier
        regression.intercept = c.constant && d + bigD == 0
        regression.drift = c.constant && d + bigD == 1
        return ARIMAEstimator(order: order, regression: regression)
    }

    /// A candidate's information criterion (∞ when it fails or has near-unit roots) and, for exact
    /// ML, the fit itself.
    private func evaluate(_ c: Candidate, y: [Double], d: Int, bigD: Int, approximate: Bool, offset: Double,
                          useAIC: Bool) -> (Double, FittedARIMA?) {
        let estimator = estimator(c, d: d, bigD: bigD)
        if approximate {
            guard let css = try? estimator.fitCSS(y), css.sigma2 > 0, !css.rootsInsideMargin else { return (.infinity, nil) }
            let parameters = Double(css.coefficientCount + 1)
            let used = Double(css.usedCount)
            let aic = offset + used * log(css.sigma2) + 2 * parameters
            guard !useAIC else { return (aic, nil) }
            let denominator = used - parameters - 1
            return (denominator > 0 ? aic + 2 * parameters * (parameters + 1) / denominator : .infinity, nil)
        }
        guard let fit = try? estimator.fit(y), !fit.rootsInsideMargin else { return (.infinity, nil) }
        let ic = useAIC ? fit.aic : fit.aicc
        return (ic.isNaN ? .infinity : ic, fit)
    }

    /// The shortcuts of `auto.arima` when the differenced series is constant: the data are an exact
    /// line or repeating pattern, so the model is (0,d,0)(0,D,0) with the drift fixed at the
    /// observed slope where one is needed.
    private func exactFit(_ y: [Double], d: Int, bigD: Int, dx: [Double]) throws -> FittedARIMA {
        let order = ARIMAOrder(p: 0, d: d, q: 0, P: 0, D: bigD, Q: 0, period: period)
        let meanDifference = dx.reduce(0, +) / Double(dx.count)
        if fourier.hasFourier {
            // As R's Arima(x, xreg = …) does by default: a mean only when nothing is differenced.
            var regression = fourier
            regression.intercept = d + bigD == 0
            return try ARIMAEstimator(order: order, regression: regression).fit(y)
        }
        if bigD > 0 && d == 0 {
            let regression = ARIMARegression(intercept: false, drift: true, fourierPeriod: 1, fourierPairs: 0)
            return try ARIMAEstimator(order: order, regression: regression).fitFixed(y, beta: [meanDifference / Double(period)])
        }
        if bigD > 0 || d == 2 {
            return try ARIMAEstimator(order: order, regression: .none).fitFixed(y, beta: [])
        }
        let regression = ARIMARegression(intercept: d == 0, drift: d == 1, fourierPeriod: 1, fourierPairs: 0)
        return try ARIMAEstimator(order: order, regression: regression).fitFixed(y, beta: [meanDifference])
    }
}
