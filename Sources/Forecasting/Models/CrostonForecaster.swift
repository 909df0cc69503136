/// Croston's method for intermittent demand, optionally with the Syntetos–Boylan bias correction.
///
/// Demand sizes z and the intervals q between demands (in periods) are smoothed separately with
/// one constant α, and only in periods that have demand; the demand rate per period is
/// ẑ / q̂ (Croston 1972, "Forecasting and stock control for intermittent demands", *Operational
/// Research Quarterly* 23(3):289–303). Syntetos & Boylan (2005, "The accuracy of intermittent
/// demand estimates", *IJF* 21(2):303–314) showed that ẑ / q̂ is biased upwards and multiply it by
/// (1 − α/2) — the `.sba` variant.
///
/// Initialisation (no look-ahead): at the first demand, ẑ is that demand's size and q̂ its interval
/// counted from the start of the series (index + 1), as in Hyndman's `forecast::croston` and
/// statsforecast. Every later demand j of size z(j) arriving q(j) periods after the previous one
/// updates ẑ ← ẑ + α(z(j) − ẑ) and q̂ ← q̂ + α(q(j) − q̂).
///
/// The forecast is flat at the current rate. The method has no stochastic model behind it
/// (Shenstone & Hyndman 2005, *J. Forecasting* 24:389–402), so the predictive standard deviation is
/// the root mean square of the in-sample one-step errors, constant over the horizon.
///
/// Fallbacks: a series with no positive demand forecasts a flat zero with zero standard deviation
/// (there is nothing to size a demand from, and zero is what the history shows) instead of 0/0.
/// Before the first demand the model has no forecast, so those residuals are NaN.
public struct CrostonForecaster: ConcreteForecaster {
    /// Which estimator of the demand rate.
    public enum Variant: Sendable, Equatable {
        /// Croston's original ẑ / q̂.
        case classic
        /// Syntetos–Boylan approximation (1 − α/2) ẑ / q̂.
        case sba
    }

    /// How the smoothing constant α is chosen.
    public enum Smoothing: Sendable, Equatable {
        /// A given α in (0, 1]; 0.1 is the customary value for intermittent demand
        /// (Syntetos & Boylan 2005 recommend 0.05–0.2).
        case fixed(Double)
        /// α minimising the in-sample one-step mean squared error over ``optimizationRange``,
        /// found by golden-section search.
        case optimized
    }

    /// The interval searched by `.optimized`: Syntetos & Boylan's practical range for α.
    public static let optimizationRange: ClosedRange<Double> = 0.05...0.3

    /// The estimator.
    public let variant: Variant
    /// How α is chosen.
    public let smoothing: Smoothing

    /// `croston` or `croston-sba`.
    public var name: String { variant == .classic ? "croston" : "croston-sba" }

    /// Creates the method.
    /// - Parameters:
    ///   - variant: `.classic` (Croston) or `.sba` (bias-corrected).
    ///   - smoothing: fixed α (default 0.1) or `.optimized`.
    public init(variant: Variant = .classic, smoothing: Smoothing = .fixed(0.1)) {
        self.variant = variant
        self.smoothing = smoothing
    }


    /// Fits the method and returns the concrete model (for inspecting ẑ, q̂ and α).
    /// - Parameter series: non-negative demand per period, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as for ``fit(_:)``.
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(series, model: name)
        try SeriesValidation.checkNonNegative(series.values, model: name)
        let values = series.values
        let alpha: Double
        switch smoothing {
        case .fixed(let value):
            guard value > 0, value <= 1 else {
                throw ForecastError("Croston's smoothing constant must lie in (0, 1], but it is \(value).")
            }
            alpha = value
        case .optimized:
            alpha = Self.optimizedAlpha(values, variant: variant)
        }
        let run = Self.smooth(values, alpha: alpha, variant: variant)
        return Fitted(
            name: name, alpha: alpha, variant: variant, demandSize: run.size, interval: run.interval,
            rate: run.rate, sigma: SeriesValidation.rootMeanSquare(run.residuals), residuals: run.residuals)
    }

    /// The state after running the recursion over a series.
    struct Run {
        /// ẑ (NaN when there was no demand).
        var size: Double
        /// q̂ (NaN when there was no demand).
        var interval: Double
        /// Forecast demand per period (0 when there was no demand).
        var rate: Double
        /// One-step errors, NaN before the first demand.
        var residuals: [Double]
    }

    /// Runs Croston's recursion.
    /// - Parameters:
    ///   - values: non-negative demand per period.
    ///   - alpha: smoothing constant in (0, 1].
    ///   - variant: estimator.
    /// - Returns: the final state and the in-sample one-step errors.
    /// - Complexity: O(n).
    static func smooth(_ values: [Double], alpha: Double, variant: Variant) -> Run {
        let factor = variant == .sba ? 1 - alpha / 2 : 1
        var size = Double.nan
        var interval = Double.nan
        var lastDemand = -1
        var residuals = [Double](repeating: .nan, count: values.count)
        for (t, y) in values.enumerated() {
            if lastDemand >= 0 {
                residuals[t] = y - factor * size / interval
            }
            guard y > 0 else { continue }
            let gap = Double(t - lastDemand)
            if lastDemand < 0 {
                size = y
                interval = gap
            } else {
                size += alpha * (y - size)
                interval += alpha * (gap - interval)
            }
            lastDemand = t
        }
        guard lastDemand >= 0 else {
            // Documented all-zero fallback: forecast zero, which the history matches exactly.
            return Run(size: .nan, interval: .nan, rate: 0, residuals: [Double](repeating: 0, count: values.count))
        }
        // interval ≥ 1 always (gaps are ≥ 1 and smoothing is a convex combination), so no 0/0.
        return Run(size: size, interval: interval, rate: factor * size / interval, residuals: residuals)
    }

    /// α in ``optimizationRange`` minimising the in-sample one-step MSE.
    ///
    /// When the series gives no error to score (no demand, or a single demand in the last period)
    /// every α fits equally well and the customary 0.1 is returned.
    /// - Complexity: O(n log(1/tol)).
    static func optimizedAlpha(_ values: [Double], variant: Variant) -> Double {
        let probe = smooth(values, alpha: 0.1, variant: variant)
        guard probe.residuals.contains(where: { $0.isFinite && $0 != 0 }) else { return 0.1 }
        let result = GoldenSection.minimize(
            lower: optimizationRange.lowerBound, upper: optimizationRange.upperBound,
            tolerance: 1e-5, scanPoints: 5
        ) { alpha in
            meanSquare(smooth(values, alpha: alpha, variant: variant).residuals)
        }
        return result.x
    }

    /// Mean of the squared finite entries (NaN when there are none).
    static func meanSquare(_ residuals: [Double]) -> Double {
        var sum = 0.0
        var count = 0
        for e in residuals where e.isFinite {
            sum += e * e
            count += 1
        }
        return count == 0 ? .nan : sum / Double(count)
    }

    /// A Croston model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `croston` or `croston-sba`.
        public let name: String
        /// The smoothing constant used.
        public let alpha: Double
        /// The estimator.
        public let variant: Variant
        /// Smoothed demand size ẑ (NaN when the series has no demand).
        public let demandSize: Double
        /// Smoothed inter-demand interval q̂ in periods (NaN when the series has no demand).
        public let interval: Double
        /// Forecast demand per period: ẑ/q̂, times (1 − α/2) for SBA; 0 when there is no demand.
        public let rate: Double
        /// Root mean square of the in-sample one-step errors.
        public let sigma: Double
        /// One-step errors y(t) − rate(t−1); NaN before the first demand.
        public let residuals: [Double]

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: a flat path at ``rate`` with standard deviation ``sigma`` at every step.
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            return Forecast(
                mean: [Double](repeating: rate, count: h),
                standardDeviation: [Double](repeating: sigma, count: h))
        }
    }
}
