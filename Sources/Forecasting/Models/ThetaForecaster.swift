/// The standard Theta method (Assimakopoulos & Nikolopoulos 2000, "The theta model: a
/// decomposition approach to forecasting", *IJF* 16(4):521–530), in the form shown equivalent by
/// Hyndman & Billah (2003, "Unmasking the Theta method", *IJF* 19(2):287–290): simple exponential
/// smoothing with a drift equal to half the slope of a least-squares linear trend.
///
/// Steps, following `forecast::thetaf` (the M3 implementation):
/// 1. Seasonality: when m = `seasonLength` > 1 and n ≥ 2m, the lag-m autocorrelation is tested at
///    the 90% level (see ``ClassicalDecomposition/isSeasonal(_:period:)``). If significant, and the
///    series is positive, it is divided by the indices of a classical multiplicative decomposition.
///    (`thetaf` requires n > 2m; this type accepts exactly two cycles, as the decomposition is
///    defined there, though each index then rests on one ratio.)
/// 2. SES on the adjusted series with α in [10⁻⁴, 0.9999] (the bounds of `forecast::ets`) and the
///    initial level ℓ₀ both minimising the in-sample one-step MSE. For a given α the fitted values
///    are linear in ℓ₀, so the optimal ℓ₀ has a closed form and α alone is searched, by golden
///    section after a 20-point grid scan.
/// 3. Forecast ŷ(n+h) = ℓ(n) + (b/2)·(h − 1 + (1 − (1−α)ⁿ)/α), b the OLS slope of the adjusted
///    series on time, then multiplied by the seasonal index of period n+h.
///
/// Prediction standard deviation: as in `thetaf`, the SES one, σ̂√(1 + (h−1)α²) with
/// σ̂² = SSE/(n − 2) (two estimated parameters, as `forecast::ets` counts them). Deliberate
/// difference: for a seasonal fit it is multiplied by the seasonal index of the step, because σ̂ is
/// measured on the seasonally adjusted scale and reseasonalising scales errors with the mean.
///
/// Residuals are y(t) − (seasonal index × SES fitted value), as `thetaf` reports them.
public struct ThetaForecaster: ConcreteForecaster {
    /// `theta`.
    public let name = "theta"

    /// Bounds of the SES smoothing constant.
    public static let alphaRange: ClosedRange<Double> = 1e-4...0.9999

    /// Creates the method; α is estimated per series.
    public init() {}


    /// Fits the method and returns the concrete model (for inspecting α, level, drift, indices).
    /// - Parameter series: the history, oldest first (at least 3 finite values).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as for ``fit(_:)``.
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(
            series, minimumCount: 3, model: name,
            requirement: "to estimate a smoothing constant, an initial level and a residual variance")
        let values = series.values
        let n = values.count
        let m = series.seasonLength

        var decomposition: ClassicalDecomposition?
        // n / 2 ≥ m is n ≥ 2m, written so a huge season length cannot overflow.
        if m > 1, n / 2 >= m, ClassicalDecomposition.isSeasonal(values, period: m) {
            decomposition = ClassicalDecomposition.multiplicative(values, period: m)
        }
        let adjusted = decomposition.map { d in values.indices.map { values[$0] / d.index(at: $0) } } ?? values

        let search = GoldenSection.minimize(
            lower: Self.alphaRange.lowerBound, upper: Self.alphaRange.upperBound,
            tolerance: 1e-7, scanPoints: 20
        ) { Self.smooth(adjusted, alpha: $0).sse }
        let alpha = search.x
        let fit = Self.smooth(adjusted, alpha: alpha)

        // OLS slope on t = 0…n−1; n ≥ 3 makes the time variance positive.
        let tMean = Double(n - 1) / 2
        let yMean = adjusted.reduce(0, +) / Double(n)
        var sxy = 0.0
        var sxx = 0.0
        for (t, y) in adjusted.enumerated() {
            sxy += (Double(t) - tMean) * (y - yMean)
            sxx += (Double(t) - tMean) * (Double(t) - tMean)
        }
        let slope = sxy / sxx

        var residuals = [Double](repeating: 0, count: n)
        for t in 0..<n {
            residuals[t] = values[t] - (decomposition?.index(at: t) ?? 1) * fit.fitted[t]
        }
        return Fitted(
            name: name, alpha: alpha, initialLevel: fit.initialLevel, level: fit.level, drift: slope / 2,
            count: n, seasonalIndices: decomposition?.indices ?? [],
            sigma: (fit.sse / Double(n - 2)).squareRoot(), residuals: residuals)
    }

    /// An SES fit with the initial level concentrated out.
    struct SmoothingFit {
        /// Optimal ℓ₀ for the α used.
        var initialLevel: Double
        /// ℓ(n), the level after the last observation.
        var level: Double
        /// One-step fitted values ℓ(t−1).
        var fitted: [Double]
        /// Sum of squared one-step errors.
        var sse: Double
    }

    /// Fits SES with smoothing constant `alpha` and the SSE-optimal initial level.
    ///
    /// With ℓ(t) = αy(t) + (1−α)ℓ(t−1), the fitted value ℓ(t−1) equals a(t) + b(t)ℓ₀ where
    /// b(t) = (1−α)^(t) and a(t) is the recursion started from 0; the SSE is a quadratic in ℓ₀,
    /// minimised at ℓ₀ = Σb(y − a)/Σb². This is the joint (α, ℓ₀) MSE fit of `forecast::ses`
    /// reduced to a one-dimensional search.
    /// - Complexity: O(n).
    static func smooth(_ values: [Double], alpha: Double) -> SmoothingFit {
        let n = values.count
        var a = [Double](repeating: 0, count: n)
        var b = [Double](repeating: 0, count: n)
        var levelFromZero = 0.0
        var weight = 1.0
        for t in 0..<n {
            a[t] = levelFromZero
            b[t] = weight
            levelFromZero = alpha * values[t] + (1 - alpha) * levelFromZero
            weight *= 1 - alpha
        }
        var numerator = 0.0
        var denominator = 0.0
        for t in 0..<n {
            numerator += b[t] * (values[t] - a[t])
            denominator += b[t] * b[t]
        }
        // b(0) = 1, so the denominator is at least 1.
        let initialLevel = numerator / denominator
        var fitted = [Double](repeating: 0, count: n)
        var sse = 0.0
        for t in 0..<n {
            fitted[t] = a[t] + b[t] * initialLevel
            let e = values[t] - fitted[t]
            sse += e * e
        }
        return SmoothingFit(
            initialLevel: initialLevel, level: levelFromZero + weight * initialLevel, fitted: fitted, sse: sse)
    }

    /// A Theta model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `theta`.
        public let name: String
        /// SES smoothing constant α.
        public let alpha: Double
        /// Estimated initial level ℓ₀ (seasonally adjusted scale).
        public let initialLevel: Double
        /// Level after the last observation, ℓ(n) (seasonally adjusted scale).
        public let level: Double
        /// Half the OLS trend slope, b/2, per period (seasonally adjusted scale).
        public let drift: Double
        /// Length n of the fitted series.
        public let count: Int
        /// Multiplicative seasonal indices, phase 0 = the first observation; empty when the series
        /// was not treated as seasonal.
        public let seasonalIndices: [Double]
        /// σ̂ of the SES one-step errors (seasonally adjusted scale).
        public let sigma: Double
        /// y(t) − index(t)·ℓ(t−1).
        public let residuals: [Double]

        /// Whether the forecasts are reseasonalised.
        public var isSeasonal: Bool { !seasonalIndices.isEmpty }

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: ℓ(n) + (b/2)(h − 1 + (1 − (1−α)ⁿ)/α) times the seasonal index, with standard
        ///   deviation σ̂√(1 + (h−1)α²) times the same index.
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            // (1 − (1−α)ⁿ)/α: the drift's offset at h = 1 (Hyndman & Billah 2003, eq. 3).
            let offset = (1 - ThetaStateSpace.power(1 - alpha, count)) / alpha
            let path = (0..<h).map { level + drift * (Double($0) + offset) }
            return ThetaStateSpace.reseasonalized(path, seasonalIndices: seasonalIndices, count: count, sigma: sigma, alpha: alpha)
        }
    }
}
