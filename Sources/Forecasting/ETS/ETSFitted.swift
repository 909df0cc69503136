/// An ETS model fitted by maximum likelihood (Hyndman, Koehler, Snyder & Grose 2002; FPP3 ch. 8):
/// its form, parameters, states, in-sample errors, information criteria and forecasts.
///
/// Produced by ``ETSForecaster`` and ``AutoETS``. (The file is named `ETSFitted.swift` to keep the ETS
/// sources under one `ETS*` prefix.)
public struct FittedETS: FittedForecaster {
    /// The model form.
    public let spec: ETSSpec
    /// Periods per cycle used in the fit (1 for non-seasonal forms).
    public let seasonLength: Int
    /// Smoothing and damping parameters.
    public let parameters: ETSParameters
    /// States before the first observation (the estimated initial states).
    public let initialState: ETSState
    /// States after the last observation, from which forecasts start.
    public let finalState: ETSState
    /// One-step-ahead in-sample forecasts μₜ, oldest first.
    public let fittedValues: [Double]
    /// One-step-ahead in-sample errors `y − μ`, in the series' units (also for multiplicative errors,
    /// whose innovations are `residuals[t] / fittedValues[t]`).
    public let residuals: [Double]
    /// Innovation variance σ²: Σε² / (n − p) with p the estimated parameters. Squared series units for
    /// additive errors; dimensionless (relative errors) for multiplicative ones.
    public let innovationVariance: Double
    /// Gaussian log-likelihood at the optimum with the innovation variance profiled out,
    /// `−n/2·(log(2π·Σε²/n) + 1) − Σ log μ` (the last sum for multiplicative errors only); +∞ for a
    /// perfect fit. R's `forecast::ets` drops the constant, so its AIC equals this model's
    /// `aic − n·(log(2π/n) + 1)`; model choices are the same.
    public let logLikelihood: Double
    /// Observations fitted.
    public let observationCount: Int
    /// Likelihood evaluations the optimiser spent (0 for the exact fit of a constant series).
    public let likelihoodEvaluations: Int
    /// Remarks on the fit: fallbacks taken, candidates compared by ``AutoETS``.
    public internal(set) var notes: [String]
    /// Whether the estimator searched the initial seasonal states (cycles up to 12) or kept the
    /// decomposition's; a same-form refit does the same.
    public let optimisesSeasonalStates: Bool

    /// Creates a fitted model (used by the estimators).
    init(spec: ETSSpec, seasonLength: Int, parameters: ETSParameters, initialState: ETSState, finalState: ETSState,
         fittedValues: [Double], residuals: [Double], innovationVariance: Double, logLikelihood: Double,
         observationCount: Int, likelihoodEvaluations: Int, notes: [String], optimisesSeasonalStates: Bool = true) {
        self.spec = spec
        self.seasonLength = seasonLength
        self.parameters = parameters
        self.initialState = initialState
        self.finalState = finalState
        self.fittedValues = fittedValues
        self.residuals = residuals
        self.innovationVariance = innovationVariance
        self.logLikelihood = logLikelihood
        self.observationCount = observationCount
        self.likelihoodEvaluations = likelihoodEvaluations
        self.notes = notes
        self.optimisesSeasonalStates = optimisesSeasonalStates
    }

    /// A copy with other notes (AutoETS adds its selection remarks).
    func with(notes: [String]) -> FittedETS {
        var copy = self
        copy.notes = notes
        return copy
    }

    /// The model name, e.g. `ETS(M,Ad,M)`.
    public var name: String { spec.description }

    /// Estimated parameters k counted by the information criteria: smoothing parameters, initial
    /// states (m − 1 seasonal) and the innovation variance.
    public var parameterCount: Int { spec.estimatedParameterCount(seasonLength: seasonLength) + 1 }

    /// Akaike's criterion `−2 log L + 2k`.
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }

    /// The small-sample corrected AIC used for model selection (FPP3 §8.6):
    /// `AIC + 2k(k + 1)/(n − k − 1)`; +∞ when n ≤ k + 1, where it is undefined.
    public var aicc: Double {
        let k = Double(parameterCount)
        let denominator = Double(observationCount) - k - 1
        guard denominator > 0 else { return .infinity }
        return aic + 2 * k * (k + 1) / denominator
    }

    /// Forecasts `horizon` steps past the end of the series.
    ///
    /// The mean path is the model's point forecast `(ℓ + φₕb)` combined with the seasonal state of the
    /// target period. Standard deviations:
    /// - additive error, no multiplicative season (Hyndman et al. 2008 class 1, FPP3 Table 8.8): exact,
    ///   `σ²(1 + Σⱼ₌₁ʰ⁻¹ cⱼ²)` with `cⱼ = α + βφⱼ + γ·[j ≡ 0 mod m]`;
    /// - multiplicative error, no multiplicative season (class 2): exact,
    ///   `(1 + σ²)θₕ − μₕ²` with `θₕ = μₕ² + σ² Σⱼ cⱼ² θₕ₋ⱼ`;
    /// - multiplicative error and season (class 3): an approximation — the class-2 recursion applied to
    ///   the non-seasonal part μ̃ₕ = ℓ + φₕb and scaled by the target's seasonal factor,
    ///   `sₕ²[(1 + σ²)θₕ − μ̃ₕ²]`, with `θₕ = μ̃ₕ² + σ² Σⱼ (cⱼ + γ[j ≡ 0 mod m]·μ̃ₕ/μ̃ₕ₋ⱼ)² θₕ₋ⱼ`. It is
    ///   exact for γ = 0 and correct to first order in σ² otherwise; unlike an independent
    ///   (1 + γ²σ²)-per-cycle inflation it keeps the covariance of the level and seasonal corrections a
    ///   single error drives (class 3 of Hyndman, Koehler, Ord & Snyder 2005, whose exact matrix
    ///   recursion costs O(m³) per step). Monte Carlo checks in the tests agree within a few percent;
    /// - additive error with multiplicative season: a first-order (delta-method) linearisation around the
    ///   mean path, exact when γ = 0.
    /// - Parameter horizon: steps ahead; a value below 1 gives an empty forecast.
    /// - Returns: mean path and standard deviations (0 where σ² = 0, e.g. a constant series).
    /// - Complexity: O(h²) time (the variance recursions), O(h) memory.
    public func forecast(horizon: Int) -> Forecast {
        guard horizon >= 1 else { return Forecast(mean: [], standardDeviation: []) }
        let path = ETSForecastVariance(model: self).path(horizon: horizon)
        return Forecast(mean: path.mean, standardDeviation: path.variance.map { $0 > 0 ? $0.squareRoot() : 0 })
    }
}
