import Foundation

/// Automatic ARIMA: Hyndman & Khandakar's stepwise algorithm ("Automatic time series forecasting:
/// the forecast package for R", *Journal of Statistical Software* 27(3), 2008; *FPP3* §9.7), as in
/// R's `auto.arima` and statsforecast's `AutoARIMA`.
///
/// - d by repeated KPSS tests, D by the seasonal-strength rule (classical decomposition instead of
///   STL, see ``ARIMADifferencing``), no seasonal differencing or seasonal terms when n ≤ 2m;
/// - stepwise search over p, q ≤ 5 and P, Q ≤ 2 (also p, q < m and ≤ n/3, P, Q ≤ n/3m) minimising
///   AICc, rejecting candidates with AR or MA roots within 1.01 of the unit circle;
/// - a mean when d + D = 0 and a drift when d + D = 1, each kept only if it lowers AICc;
/// - CSS approximation during the search when n > 150 or m > 12, then exact ML for the winner.
///
/// **Long seasons.** Seasonal ARIMA terms for m > `maxSeasonalPeriod` (default 24, e.g. m = 52 for
/// weekly data) are slow and unstable (each seasonal lag adds m states), so they are not fitted.
/// Instead — Hyndman & Athanasopoulos' recipe for weekly data (*FPP3* §10.5, §13.1) — the search
/// runs non-seasonally with K = 0, 1, … Fourier pairs of period m as regressors (needs n ≥ 2m;
/// K ≤ `maxFourierPairs`; the scan stops after two K in a row fail to lower AICc) and keeps the K
/// with the lowest AICc (or, with `preselectFourierPairs`, as in ``combinationMember``, K is chosen first
/// by one cheap fit per K and the search runs once). d is chosen once, by KPSS on the residuals of the regression on the
/// largest K, so that all candidates share the same differencing and their AICc are comparable. The fitted name says what happened, e.g.
/// `ARIMA(1,0,0) with non-zero mean + Fourier(K=2)[52] [m=52 > 24: Fourier terms instead of
/// seasonal ARIMA]`. A series shorter than two seasons gets no seasonal modelling at all, also
/// said in the name.
///
/// **Degenerate input.** A constant series gets ARIMA(0,0,0) with its value as the mean and zero
/// forecast variance; an exact line or repeating pattern gets the matching (0,d,0)(0,D,0) model
/// with σ² = 0. Empty series, fewer than 3 observations (unless constant) and non-finite values
/// throw ``ForecastError``; non-finite values are named by period.
public struct AutoARIMA: Forecaster {
    /// Largest non-seasonal AR order.
    public var maxP: Int
    /// Largest non-seasonal MA order.
    public var maxQ: Int
    /// Largest seasonal AR order.
    public var maxSeasonalP: Int
    /// Largest seasonal MA order.
    public var maxSeasonalQ: Int
    /// Largest number of first differences.
    public var maxD: Int
    /// Largest number of seasonal differences.
    public var maxSeasonalD: Int
    /// Starting p of the stepwise search.
    public var startP: Int
    /// Starting q of the stepwise search.
    public var startQ: Int
    /// Starting P of the stepwise search.
    public var startSeasonalP: Int
    /// Starting Q of the stepwise search.
    public var startSeasonalQ: Int
    /// Cap on the candidates fitted in one search (R's `nmodels`).
    public var maxModels: Int
    /// Compare candidates by CSS during the search; `nil` uses R's rule (n > 150 or m > 12).
    public var approximation: Bool?
    /// Allow a drift when d + D = 1.
    public var allowDrift: Bool
    /// Allow a mean when d + D = 0.
    public var allowMean: Bool
    /// Use the series' season at all.
    public var seasonal: Bool
    /// Longest season modelled with seasonal ARIMA terms; longer ones get Fourier terms instead.
    public var maxSeasonalPeriod: Int
    /// Most Fourier pairs tried for a long season (`nil`: min(6, m/2); 0: none).
    public var maxFourierPairs: Int?
    /// For a long season, choose K first (lowest AICc of one ARIMA(1,d,1) per K, by CSS) and run the
    /// stepwise search once, for that K; `false` runs a whole search per K (R's recipe, up to K + 1 times
    /// the cost).
    public var preselectFourierPairs: Bool

    /// Creates the search with Hyndman & Khandakar's defaults.
    /// - Parameters:
    ///   - maxP: largest p (5).
    ///   - maxQ: largest q (5).
    ///   - maxSeasonalP: largest P (2).
    ///   - maxSeasonalQ: largest Q (2).
    ///   - maxD: largest d (2).
    ///   - maxSeasonalD: largest D (1).
    ///   - approximation: CSS during the search (`nil`: automatic).
    ///   - allowDrift: allow a drift.
    ///   - allowMean: allow a mean.
    ///   - seasonal: use the series' season.
    ///   - maxSeasonalPeriod: longest season for seasonal ARIMA terms (24).
    ///   - maxFourierPairs: most Fourier pairs for longer seasons (`nil`: min(6, m/2)).
    ///   - preselectFourierPairs: choose K by one fit per K, then search once (`false`: a search per K).
    /// - Complexity: O(1).
    public init(maxP: Int = 5, maxQ: Int = 5, maxSeasonalP: Int = 2, maxSeasonalQ: Int = 2, maxD: Int = 2,
                maxSeasonalD: Int = 1, approximation: Bool? = nil, allowDrift: Bool = true, allowMean: Bool = true,
                seasonal: Bool = true, maxSeasonalPeriod: Int = 24, maxFourierPairs: Int? = nil,
                preselectFourierPairs: Bool = false) {
        self.maxP = max(0, maxP)
        self.maxQ = max(0, maxQ)
        self.maxSeasonalP = max(0, maxSeasonalP)
        self.maxSeasonalQ = max(0, maxSeasonalQ)
        self.maxD = max(0, maxD)
        self.maxSeasonalD = max(0, maxSeasonalD)
        self.startP = 2
        self.startQ = 2
        self.startSeasonalP = 1
        self.startSeasonalQ = 1
        self.maxModels = 94
        self.approximation = approximation
        self.allowDrift = allowDrift
        self.allowMean = allowMean
        self.seasonal = seasonal
        self.maxSeasonalPeriod = max(1, maxSeasonalPeriod)
        self.maxFourierPairs = maxFourierPairs.map { max(0, $0) }
        self.preselectFourierPairs = preselectFourierPairs
    }

    /// `auto-arima`.
    public var name: String { "auto-arima" }

    /// The search `combo` and `auto` use: candidates ranked by CSS whatever the series' length (R's rule
    /// uses exact likelihood below 151 observations and m ≤ 12, at 3–4× the cost; the winner is still fitted
    /// by exact ML), and at most 3 Fourier pairs for long seasons, chosen before the search. On the first 200 M3 monthly series it
    /// took 11.6 ms a series instead of 38 ms, with mean MASE 0.777 against 0.772 and sMAPE 22.1 against 22.8.
    public static let combinationMember = AutoARIMA(approximation: true, maxFourierPairs: 3, preselectFourierPairs: true)

    /// Fewest observations for a non-constant series.
    public static let minimumObservations = 3

    /// Chooses and fits a model.
    /// - Parameter series: the history, oldest first.
    /// - Returns: a ``FittedARIMA``.
    /// - Throws: ``ForecastError`` for empty, too short or non-finite input.
    /// - Complexity: as ``fitARIMA(_:)``.
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitARIMA(series)
    }

    /// Chooses and fits a model, returning the concrete type.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the chosen model fitted by exact maximum likelihood.
    /// - Throws: ``ForecastError`` for empty, too short or non-finite input.
    /// - Complexity: up to `maxModels` ARIMA fits (times `maxFourierPairs + 1` for long seasons),
    ///   each O(iterations · k · n·r²); in release builds about 3–4 ms of CPU for a 104-point
    ///   non-seasonal search and about 60 ms for a 104-week series with m = 52 (Fourier scan).
    public func fitARIMA(_ series: TimeSeries) throws -> FittedARIMA {
        let y = series.values
        try ARIMAInput.validate(y, model: name)
        let n = y.count
        if ARIMADifferencing.isConstant(y) {
            // A constant: the mean model with the value fixed and no noise (as R does).
            let regression = ARIMARegression(intercept: true, drift: false, fourierPeriod: 1, fourierPairs: 0)
            return try ARIMAEstimator(order: ARIMAOrder(p: 0, d: 0, q: 0), regression: regression).fitFixed(y, beta: [y[0]])
        }
        guard n >= Self.minimumObservations else {
            throw ForecastError("auto-arima needs at least \(Self.minimumObservations) observations to choose a model, but the series has \(n)")
        }
        let m = seasonal ? series.seasonLength : 1
        if m > maxSeasonalPeriod {
            return try fitLongSeason(y, period: m)
        }
        var fit = try AutoARIMASearch(settings: self, period: m, fourier: .none, seasonLength: m).run(y)
        if m > 1 && n <= 2 * m {
            fit.label = "m=\(m) not modelled: seasonal terms need more than \(2 * m) observations"
        }
        return fit
    }

    /// Non-seasonal search with K = 0…maxK Fourier pairs; the lowest AICc wins (*FPP3* §10.5).
    private func fitLongSeason(_ y: [Double], period m: Int) throws -> FittedARIMA {
        let n = y.count
        let maxK = min(maxFourierPairs ?? 6, m / 2)
        let plain = AutoARIMASearch(settings: self, period: 1, fourier: .none, seasonLength: m)
        guard n >= 2 * m, maxK > 0 else {
            var fit = try plain.run(y)
            fit.label = "m=\(m) > \(maxSeasonalPeriod): season not modelled"
                + (n < 2 * m ? " (fewer than two seasons)" : "")
            return fit
        }
        // One d for every K, from KPSS on the residuals of the richest harmonic regression: the
        // seasonal swing would otherwise look like a unit root, and AICc can only rank models
        // fitted to the same differenced data.
        let design = [[Double](repeating: 1, count: n)]
            + ARIMARegression(intercept: false, drift: false, fourierPeriod: m, fourierPairs: maxK).columns(offset: 0, count: n)
        let residuals = ARIMALinearAlgebra.leastSquares(columns: design, y: y)
            .map { ARIMARegression.remove($0.coefficients, columns: design, from: y) } ?? y
        let d = ARIMADifferencing.nonSeasonalDifferences(residuals, maxD: maxD)
        var best: FittedARIMA?
        var firstError: Error?
        var misses = 0
        let scanned = preselectFourierPairs ? [preselectedPairs(y, period: m, maxK: maxK, d: d)] : Array(0...maxK)
        for k in scanned {
            let fourier = ARIMARegression(intercept: false, drift: false, fourierPeriod: m, fourierPairs: k)
            do {
                let fit = try AutoARIMASearch(settings: self, period: 1, fourier: fourier, seasonLength: m, fixedD: d).run(y)
                if best == nil || fit.aicc < (best?.aicc ?? .infinity) {
                    best = fit
                    misses = 0
                } else {
                    misses += 1
                }
            } catch {
                if firstError == nil { firstError = error }
                misses += 1
            }
            // AICc is close to unimodal in K; two misses in a row end the scan and halve the cost.
            if misses >= 2 { break }
        }
        guard var chosen = best else { throw firstError ?? ForecastError("auto-arima could not fit this series") }
        chosen.label = chosen.fourierPairs > 0
            ? "m=\(m) > \(maxSeasonalPeriod): Fourier terms instead of seasonal ARIMA"
            : "m=\(m) > \(maxSeasonalPeriod): no seasonal ARIMA terms; Fourier terms did not lower AICc"
        return chosen
    }

    /// The K of ``preselectFourierPairs``: the lowest AICc of ARIMA(1,d,1) (with a mean when d = 0, a drift when
    /// d = 1) on K = 0…maxK Fourier pairs, fitted by conditional sum of squares, stopping after two K in a row
    /// that do not lower it. The seasonal swing is what K captures; the short-memory part is then searched for
    /// that K alone. On 200 weekly SKUs (`benchmarks/scale/make-weekly-history.py`) this halved `arima-css`'s
    /// time at the same held-out MASE (0.643).
    private func preselectedPairs(_ y: [Double], period m: Int, maxK: Int, d: Int) -> Int {
        var bestK = 0
        var bestAICc = Double.infinity
        var misses = 0
        for k in 0...maxK {
            var regression = ARIMARegression(intercept: false, drift: false, fourierPeriod: m, fourierPairs: k)
            regression.intercept = allowMean && d == 0
            regression.drift = allowDrift && d == 1
            let order = ARIMAOrder(p: min(1, maxP), d: d, q: min(1, maxQ))
            var aicc = Double.infinity
            if let fit = try? ARIMAEstimator(order: order, regression: regression).fitCSS(y), fit.sigma2 > 0 {
                // AICc from the CSS variance: every K shares d and the AR lag, so the same observations.
                let used = Double(fit.usedCount), parameters = Double(fit.coefficientCount + 1)
                if used - parameters - 1 > 0 {
                    let correction: Double = 2 * parameters * (parameters + 1) / (used - parameters - 1)
                    aicc = used * Foundation.log(fit.sigma2) + 2 * parameters + correction
                }
            }
            if aicc < bestAICc {
                bestAICc = aicc
                bestK = k
                misses = 0
            } else {
                misses += 1
            }
            if misses >= 2 { break }
        }
        return bestK
    }
}
