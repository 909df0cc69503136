/// Exponential smoothing of one given form, fitted by maximum likelihood in its innovations state-space
/// form (Hyndman, Koehler, Snyder & Grose 2002; Hyndman & Athanasopoulos, *Forecasting: Principles and
/// Practice*, 3rd ed., ch. 8).
///
/// Parameters α, β, γ, φ and the initial states are estimated jointly (see ``FittedETS`` for what is
/// reported and how forecast variances are computed). For the automatic choice of form use ``AutoETS``.
public struct ETSForecaster: Forecaster {
    /// The model form to fit.
    public var spec: ETSSpec
    /// Periods per cycle for seasonal forms; nil uses the series' own `seasonLength`.
    public var seasonLength: Int?
    /// Search the initial seasonal states (cycles up to 12); `false` keeps the classical decomposition's.
    public var optimisesSeasonalStates: Bool

    /// Creates a forecaster.
    /// - Parameters:
    ///   - spec: the model form.
    ///   - seasonLength: periods per cycle, or nil to take it from the series.
    ///   - optimisesSeasonalStates: search the initial seasonal states (default) or keep the decomposition's.
    public init(spec: ETSSpec, seasonLength: Int? = nil, optimisesSeasonalStates: Bool = true) {
        self.spec = spec
        self.seasonLength = seasonLength
        self.optimisesSeasonalStates = optimisesSeasonalStates
    }

    /// `ets`.
    public var name: String { "ets" }

    /// Simple exponential smoothing, ETS(A,N,N) (FPP3 §8.1).
    public static let simple = ETSForecaster(spec: .simple)

    /// Holt's linear trend method, ETS(A,A,N), or its damped form ETS(A,Ad,N) (FPP3 §8.2).
    /// - Parameter damped: whether to damp the trend.
    /// - Returns: the forecaster.
    public static func holt(damped: Bool = false) -> ETSForecaster {
        ETSForecaster(spec: ETSSpec(error: .additive, trend: damped ? .additiveDamped : .additive, season: .none))
    }

    /// Holt–Winters' seasonal method (FPP3 §8.3): ETS(A,A,A), or ETS(M,A,M) for the multiplicative
    /// version (the state-space form R's `hw()` uses).
    /// - Parameters:
    ///   - multiplicative: multiplicative seasonality (and errors).
    ///   - seasonLength: periods per cycle (≥ 2).
    ///   - damped: whether to damp the trend.
    /// - Returns: the forecaster.
    public static func holtWinters(multiplicative: Bool, seasonLength: Int, damped: Bool = false) -> ETSForecaster {
        ETSForecaster(spec: ETSSpec(error: multiplicative ? .multiplicative : .additive,
                                    trend: damped ? .additiveDamped : .additive,
                                    season: multiplicative ? .multiplicative : .additive),
                      seasonLength: seasonLength)
    }

    /// Fits the form to `series`.
    /// - Parameter series: the history, oldest first.
    /// - Returns: a ``FittedETS``.
    /// - Throws: ``ForecastError`` for an empty series, non-finite values or values beyond ±1e100, a series shorter than
    ///   ``ETSSpec/minimumLength(seasonLength:)``, a seasonal form without a cycle of at least 2, or a
    ///   multiplicative form on data that are not strictly positive, or a multiplicative form for which
    ///   no admissible parameters exist (the level or a factor would have to go below zero).
    /// - Complexity: O(E·(n + m)) for E likelihood evaluations (a few hundred to a few thousand).
    public func fit(_ series: TimeSeries) throws -> any FittedForecaster {
        try fitETS(series)
    }

    /// ``fit(_:)`` with the concrete result type.
    /// - Parameter series: the history, oldest first.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as ``fit(_:)``.
    public func fitETS(_ series: TimeSeries) throws -> FittedETS {
        let y = series.values
        try Self.validate(y, what: spec.description)
        let m = seasonLength ?? series.seasonLength
        if spec.isSeasonal && m < 2 {
            throw ForecastError("\(spec) is seasonal but the season length is \(m); give a season length of at least 2 or use a non-seasonal form.")
        }
        let minimum = spec.minimumLength(seasonLength: m)
        if y.count < minimum {
            throw ForecastError("\(spec) needs at least \(minimum) observations\(spec.isSeasonal ? " (season length \(m))" : ""), but the series has \(y.count).")
        }
        if spec.requiresPositiveData, let bad = y.first(where: { $0 <= 0 }) {
            throw ForecastError("\(spec) has a multiplicative component and needs strictly positive data, but the series contains \(bad); use an additive form.")
        }
        if Self.isConstant(y) {
            return Self.constantFit(y, spec: spec, seasonLength: m)
        }
        return try ETSEstimator(spec: spec, seasonLength: m, optimisesSeasonalStates: optimisesSeasonalStates).fit(y)
    }

    /// Largest magnitude accepted: squares of the errors must stay far from overflow.
    static let largestMagnitude = 1e100

    /// Throws unless `y` is non-empty, finite and of a magnitude whose squared errors cannot overflow.
    static func validate(_ y: [Double], what: String) throws {
        if y.isEmpty {
            throw ForecastError("\(what) cannot be fitted to an empty series.")
        }
        if let index = y.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError("\(what) needs finite observations, but value \(index + 1) of \(y.count) is \(y[index]); fill or drop missing values first.")
        }
        if let index = y.firstIndex(where: { abs($0) > largestMagnitude }) {
            throw ForecastError("\(what) needs observations within ±1e100, but value \(index + 1) is \(y[index]); rescale the series.")
        }
    }

    /// Whether every value equals the first up to rounding (relative 1e-12).
    static func isConstant(_ y: [Double]) -> Bool {
        guard let first = y.first else { return true }
        let tolerance = 1e-12 * max(abs(first), 1e-300)
        return y.allSatisfy { abs($0 - first) <= tolerance }
    }

    /// The exact fit of a constant series: a flat level, no trend, neutral seasonal states, zero
    /// residuals and zero innovation variance (so forecasts are flat with standard deviation 0, and
    /// no likelihood ratio divides by a zero sum of squares). The smoothing parameters are not
    /// identifiable and are reported at their lower bounds.
    static func constantFit(_ y: [Double], spec: ETSSpec, seasonLength: Int, notes: [String] = []) -> FittedETS {
        let value = y.first ?? 0
        let m = spec.isSeasonal ? max(2, seasonLength) : 1
        let neutral = spec.season == .multiplicative ? 1.0 : 0.0
        let seasonal = spec.isSeasonal ? [Double](repeating: neutral, count: m) : []
        let lower = ETSEstimator.lowerBound
        let parameters = ETSParameters(alpha: lower, beta: spec.hasTrend ? lower : nil,
                                       gamma: spec.isSeasonal ? lower : nil,
                                       phi: spec.trend == .additiveDamped ? ETSEstimator.phiRange.upperBound : nil)
        let state = ETSState(level: value, trend: spec.hasTrend ? 0 : nil, seasonal: seasonal)
        return FittedETS(spec: spec, seasonLength: m, parameters: parameters, initialState: state, finalState: state,
                         fittedValues: y, residuals: [Double](repeating: 0, count: y.count), innovationVariance: 0,
                         logLikelihood: .infinity, observationCount: y.count, likelihoodEvaluations: 0,
                         notes: notes + ["The series is constant: the fit is exact, forecasts are flat with zero spread."])
    }
}
