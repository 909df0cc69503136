internal import _CGSL
import Foundation

/// Log-linear regression of sales on price, promotions, trend and Fourier seasonality:
///
///     log(1 + y_t) = a + b·t/n + Σ_k (c_k sin(2πkt/m) + d_k cos(2πkt/m)) + e·log(p_t / p̄) + Σ_j f_j·promo_{j,t} + ε_t
///
/// `e` is the price elasticity (log-log), `exp(f_j)` the sales multiplier of promotion column j, and the
/// Fourier pairs carry a season of any length — 52 weeks included — with a handful of parameters
/// (Hyndman & Athanasopoulos, FPP3 §7.4 and §12.1). Fitted by ordinary least squares with GSL's
/// SVD-based `gsl_multifit_linear`, which copes with constant or collinear columns. Forecasts are the
/// lognormal mean `exp(μ + σ²/2) − 1`, with the lognormal standard deviation.
public struct RegressionForecaster: CausalForecaster {
    /// Fourier pairs for the season (0: none; default chosen from the season length).
    public var fourierTerms: Int?
    /// Whether to include a linear trend.
    public var trend: Bool

    /// Creates the model.
    /// - Parameters:
    ///   - fourierTerms: sine/cosine pairs (default: 3 for short seasons, 6 for m ≥ 52, none for m = 1; none
    ///     either when the history is shorter than two seasons).
    ///   - trend: include a linear trend.
    public init(fourierTerms: Int? = nil, trend: Bool = true) {
        self.fourierTerms = fourierTerms
        self.trend = trend
    }

    /// `regression`.
    public var name: String { "regression" }

    /// Fits without covariates (trend and seasonality only).
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitRegression(series, covariates: .none)
    }

    /// Fits with prices and promotions.
    public func fit(_ series: TimeSeries, covariates: Covariates) throws -> any CausalFittedForecaster {
        try fitRegression(series, covariates: covariates)
    }

    func fitRegression(_ series: TimeSeries, covariates: Covariates) throws -> FittedRegression {
        let n = series.count
        if let bad = series.values.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw ForecastError("the regression model needs finite, non-negative sales; period \(bad) has \(series.values[bad])")
        }
        if let count = covariates.count, count != n {
            throw ForecastError("the covariates cover \(count) periods but the series has \(n)")
        }
        let m = series.seasonLength
        // Fourier terms need two whole seasons: over part of one cycle the sines and cosines are nearly
        // collinear with the trend, their coefficients grow huge and the forecast explodes (44 weeks of a
        // 52-week season gave 10^29 units eight weeks ahead). With less, the season is not modelled.
        let k = m <= 1 || n < 2 * m ? 0 : min(fourierTerms ?? (m >= 52 ? 6 : 3), m / 2)
        // A price column helps only when the price moved.
        var reference = 1.0
        var usePrice = false
        if let prices = covariates.prices {
            guard prices.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw ForecastError("prices must be positive numbers to estimate a price elasticity")
            }
            reference = prices.sorted()[prices.count / 2]
            // The elasticity is identified only if the price also moved outside promotions: when every
            // price change is a promotion discount, price and promotion effects cannot be told apart,
            // and the promotion columns carry the whole lift.
            let regular = prices.indices.filter { t in covariates.promotions.allSatisfy { $0[t] == 0 } }.map { prices[$0] }
            usePrice = Set(regular).count > 1
        }
        let promotionColumns = covariates.promotions.indices.filter { Set(covariates.promotions[$0]).count > 1 }
        let design = Design(periods: n, seasonLength: m, fourierPairs: k, trend: trend, usePrice: usePrice,
                            referencePrice: reference, promotionColumns: promotionColumns)
        let p = design.width
        guard n >= p + 3 else {
            throw ForecastError("the regression model needs at least \(p + 3) periods for \(p) coefficients, but the series has \(n)")
        }
        guard let x = gsl_matrix_alloc(n, p), let y = gsl_vector_alloc(n), let c = gsl_vector_alloc(p),
              let cov = gsl_matrix_alloc(p, p), let work = gsl_multifit_linear_alloc(n, p) else {
            throw ForecastError("out of memory for a \(n)×\(p) regression")
        }
        defer {
            gsl_matrix_free(x); gsl_vector_free(y); gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work)
        }
        var row = [Double](repeating: 0, count: p)
        for t in 0..<n {
            design.fill(&row, period: t, price: covariates.prices?[t], promotions: covariates.promotions.map { $0[t] })
            for j in 0..<p { gsl_matrix_set(x, t, j, row[j]) }
            gsl_vector_set(y, t, log1p(series.values[t]))
        }
        var chisq = 0.0
        let status = gsl_multifit_linear(x, y, c, cov, &chisq, work)
        guard status == GSL_SUCCESS else { throw ForecastError("the least-squares fit failed (GSL status \(status))") }
        let coefficients = (0..<p).map { gsl_vector_get(c, $0) }
        guard coefficients.allSatisfy(\.isFinite) else { throw ForecastError("the least-squares fit gave non-finite coefficients") }
        let variance = chisq / Double(max(1, n - p))
        var residuals: [Double] = []
        residuals.reserveCapacity(n)
        for t in 0..<n {
            design.fill(&row, period: t, price: covariates.prices?[t], promotions: covariates.promotions.map { $0[t] })
            let mu = zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            residuals.append(series.values[t] - max(0, exp(mu + variance / 2) - 1))
        }
        return FittedRegression(design: design, coefficients: coefficients, logVariance: variance, residuals: residuals,
                                lastCovariates: covariates)
    }
}

/// The columns of the regression: intercept, trend, Fourier pairs, log price, promotions.
struct Design: Sendable {
    var periods: Int
    var seasonLength: Int
    var fourierPairs: Int
    var trend: Bool
    var usePrice: Bool
    var referencePrice: Double
    var promotionColumns: [Int]

    var width: Int { 1 + (trend ? 1 : 0) + 2 * fourierPairs + (usePrice ? 1 : 0) + promotionColumns.count }
    var priceIndex: Int? { usePrice ? 1 + (trend ? 1 : 0) + 2 * fourierPairs : nil }
    var promotionStart: Int { 1 + (trend ? 1 : 0) + 2 * fourierPairs + (usePrice ? 1 : 0) }

    func fill(_ row: inout [Double], period t: Int, price: Double?, promotions: [Double]) {
        var j = 0
        row[j] = 1; j += 1
        if trend { row[j] = Double(t) / Double(max(1, periods)); j += 1 }
        for k in 0..<fourierPairs {
            let angle = 2 * Double.pi * Double(k + 1) * Double(t) / Double(seasonLength)
            row[j] = sin(angle); row[j + 1] = cos(angle); j += 2
        }
        if usePrice { row[j] = log((price ?? referencePrice) / referencePrice); j += 1 }
        for column in promotionColumns { row[j] = column < promotions.count ? promotions[column] : 0; j += 1 }
    }
}

/// A fitted ``RegressionForecaster``.
public struct FittedRegression: CausalFittedForecaster {
    let design: Design
    /// Coefficients in column order: intercept, trend, Fourier pairs, log price, promotions.
    public let coefficients: [Double]
    /// Residual variance on the log(1 + y) scale.
    public let logVariance: Double
    /// In-sample errors in units (actual − fitted mean).
    public let residuals: [Double]
    let lastCovariates: Covariates

    /// `regression` with its terms.
    public var name: String {
        var terms: [String] = []
        if design.trend { terms.append("trend") }
        if design.fourierPairs > 0 { terms.append("fourier\(design.fourierPairs)") }
        if design.usePrice { terms.append("price") }
        if !design.promotionColumns.isEmpty { terms.append("promo") }
        let unseasonal = design.seasonLength > 1 && design.periods < 2 * design.seasonLength
            ? " [season \(design.seasonLength) not modelled: fewer than two seasons of history]" : ""
        return "regression(\(terms.joined(separator: "+")))" + unseasonal
    }

    /// Price elasticity (log-log slope), when prices varied in the history.
    public var priceElasticity: Double? { design.priceIndex.map { coefficients[$0] } }

    /// Sales multiplier of each promotion column that varied in the history (in the order of the
    /// covariates' columns that were used).
    /// The multiplier of the first promotion column, when promotions varied in the history.
    public var promotionLift: Double? { promotionMultipliers.first }

    public var promotionMultipliers: [Double] {
        design.promotionColumns.indices.map { exp(coefficients[design.promotionStart + $0]) }
    }

    /// Forecast with the last price carried forward and no promotion.
    public func forecast(horizon: Int) -> Forecast {
        forecast(horizon: horizon, future: .carriedForward(lastCovariates, horizon: horizon))
    }

    /// Forecast for planned prices and promotions.
    public func forecast(horizon: Int, future: Covariates) -> Forecast {
        var row = [Double](repeating: 0, count: design.width)
        var mean: [Double] = [], sd: [Double] = []
        for h in 0..<max(0, horizon) {
            let price = future.prices.flatMap { h < $0.count ? $0[h] : $0.last }
            let promotions = future.promotions.map { h < $0.count ? $0[h] : 0 }
            design.fill(&row, period: design.periods + h, price: price, promotions: promotions)
            let mu = zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            // Lognormal moments of exp(μ + ε), ε ~ N(0, σ²); exp overflow is capped, not propagated as inf.
            let level = exp(min(mu + logVariance / 2, 700))
            mean.append(max(0, level - 1))
            sd.append(level * (exp(min(logVariance, 700)) - 1).squareRoot())
        }
        return Forecast(mean: mean, standardDeviation: sd)
    }
}
