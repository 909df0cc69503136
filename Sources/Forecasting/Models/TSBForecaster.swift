/// The Teunter–Syntetos–Babai (TSB) method for intermittent demand.
///
/// Unlike Croston's method, TSB smooths the *probability* of demand in every period,
/// p̂ ← p̂ + β(d(t) − p̂) with d(t) = 1 when y(t) > 0 and 0 otherwise, and smooths the demand size
/// only when demand occurs, ẑ ← ẑ + α(y(t) − ẑ). The forecast per period is p̂·ẑ, which decays
/// towards zero during long runs without demand — the point of the method for obsolescence
/// (Teunter, Syntetos & Babai 2011, "Intermittent demand: linking forecasting to inventory
/// obsolescence", *EJOR* 214(3):606–615).
///
/// Initialisation (no look-ahead, matching ``CrostonForecaster``): at the first demand, at index
/// t₁, ẑ is its size and p̂ = 1/(t₁ + 1), the share of periods with demand so far. Both recursions
/// run from the next period on.
///
/// The predictive standard deviation is the root mean square of the in-sample one-step errors,
/// constant over the horizon (the method has no underlying stochastic model). A series without
/// demand forecasts a flat zero with zero standard deviation (documented fallback, not 0/0).
public struct TSBForecaster: ConcreteForecaster {
    /// How the two smoothing constants are chosen.
    public enum Smoothing: Sendable, Equatable {
        /// Given constants in (0, 1]: `demand` is α (sizes), `probability` is β (occurrence).
        case fixed(demand: Double, probability: Double)
        /// α and β minimising the in-sample one-step mean squared error, each in
        /// ``optimizationRange``. Golden section is one-dimensional, so the pair is found by
        /// coordinate descent: three alternating golden-section sweeps from (0.1, 0.1).
        case optimized
    }

    /// The interval searched by `.optimized` for each constant.
    public static let optimizationRange: ClosedRange<Double> = 0.05...0.3

    /// How α and β are chosen.
    public let smoothing: Smoothing

    /// `tsb`.
    public let name = "tsb"

    /// Creates the method.
    /// - Parameter smoothing: fixed constants (default α = β = 0.1) or `.optimized`.
    public init(smoothing: Smoothing = .fixed(demand: 0.1, probability: 0.1)) {
        self.smoothing = smoothing
    }


    /// Fits the method and returns the concrete model.
    /// - Parameter series: non-negative demand per period, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as for ``fit(_:)``.
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(series, model: name)
        try SeriesValidation.checkNonNegative(series.values, model: name)
        let values = series.values
        var alpha = 0.1
        var beta = 0.1
        switch smoothing {
        case .fixed(let demand, let probability):
            for (label, value) in [("demand-size", demand), ("demand-probability", probability)]
            where !(value > 0 && value <= 1) {
                throw ForecastError("TSB's \(label) smoothing constant must lie in (0, 1], but it is \(value).")
            }
            alpha = demand
            beta = probability
        case .optimized:
            let probe = Self.smooth(values, alpha: alpha, beta: beta)
            // With no error to score every pair fits equally well; keep the customary 0.1s.
            if probe.residuals.contains(where: { $0.isFinite && $0 != 0 }) {
                let range = Self.optimizationRange
                for _ in 0..<3 {
                    let a = beta
                    alpha = GoldenSection.minimize(
                        lower: range.lowerBound, upper: range.upperBound, tolerance: 1e-5, scanPoints: 5
                    ) { CrostonForecaster.meanSquare(Self.smooth(values, alpha: $0, beta: a).residuals) }.x
                    let b = alpha
                    beta = GoldenSection.minimize(
                        lower: range.lowerBound, upper: range.upperBound, tolerance: 1e-5, scanPoints: 5
                    ) { CrostonForecaster.meanSquare(Self.smooth(values, alpha: b, beta: $0).residuals) }.x
                }
            }
        }
        let run = Self.smooth(values, alpha: alpha, beta: beta)
        return Fitted(
            name: name, alpha: alpha, beta: beta, demandSize: run.size, probability: run.probability,
            sigma: SeriesValidation.rootMeanSquare(run.residuals), residuals: run.residuals)
    }

    /// The state after running the recursion.
    struct Run {
        /// ẑ (NaN without demand).
        var size: Double
        /// p̂ (0 without demand).
        var probability: Double
        /// One-step errors, NaN before the first demand.
        var residuals: [Double]
    }

    /// Runs the TSB recursion.
    /// - Parameters:
    ///   - values: non-negative demand per period.
    ///   - alpha: size smoothing constant.
    ///   - beta: probability smoothing constant.
    /// - Returns: the final state and in-sample one-step errors.
    /// - Complexity: O(n).
    static func smooth(_ values: [Double], alpha: Double, beta: Double) -> Run {
        var size = Double.nan
        var probability = 0.0
        var started = false
        var residuals = [Double](repeating: .nan, count: values.count)
        for (t, y) in values.enumerated() {
            guard started else {
                if y > 0 {
                    size = y
                    probability = 1 / Double(t + 1)
                    started = true
                }
                continue
            }
            residuals[t] = y - probability * size
            probability += beta * ((y > 0 ? 1 : 0) - probability)
            if y > 0 {
                size += alpha * (y - size)
            }
        }
        guard started else {
            // Documented all-zero fallback: a zero forecast, which fits the history exactly.
            return Run(size: .nan, probability: 0, residuals: [Double](repeating: 0, count: values.count))
        }
        return Run(size: size, probability: probability, residuals: residuals)
    }

    /// A TSB model fitted to one series.
    public struct Fitted: FittedForecaster {
        /// `tsb`.
        public let name: String
        /// Demand-size smoothing constant α.
        public let alpha: Double
        /// Demand-probability smoothing constant β.
        public let beta: Double
        /// Smoothed demand size ẑ (NaN when the series has no demand).
        public let demandSize: Double
        /// Smoothed probability of demand in a period, p̂.
        public let probability: Double
        /// Root mean square of the in-sample one-step errors.
        public let sigma: Double
        /// One-step errors; NaN before the first demand.
        public let residuals: [Double]

        /// Forecast demand per period, p̂·ẑ (0 when the series has no demand).
        public var rate: Double { demandSize.isFinite ? probability * demandSize : 0 }

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
