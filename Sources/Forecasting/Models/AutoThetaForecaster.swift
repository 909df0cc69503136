/// AutoTheta: the optimised and dynamic Theta models of Fiorucci, Pellegrini, Louzada, Petropoulos
/// & Koehler (2016, "Models for optimising the theta method and their relationship to state space
/// models", *IJF* 32(4):1151–1161), with the model chosen per series by in-sample MSE as
/// statsforecast's `AutoTheta` does.
///
/// The four candidates (recursions in ``ThetaStateSpace``):
/// - **STM** — standard Theta model: θ = 2, α and ℓ₀ estimated. Same forecasts as the standard Theta
///   method (``ThetaForecaster``) for the same α and equivalent ℓ₀; only the estimation differs (here
///   the errors include the drift, `thetaf` fits SES alone).
/// - **OTM** — optimised Theta model: θ ≥ 1, α and ℓ₀ estimated.
/// - **DSTM**, **DOTM** — dynamic versions: the trend line's A and B are re-estimated after every
///   observation instead of once on the whole sample.
///
/// Steps:
/// 1. Seasonality exactly as ``ThetaForecaster``: when m > 1, n ≥ 2m and the lag-m autocorrelation is
///    significant at 90% (``ClassicalDecomposition/isSeasonal(_:period:)``), the series is divided by
///    the indices of a classical multiplicative decomposition (positive series only).
/// 2. Each candidate is fitted to the adjusted series by least squares on the one-step errors e(i),
///    i ≥ 3: the first three are a burn-in, as in statsforecast (the dynamic trend needs a few points,
///    and ℓ₀'s weight (1−α)^i fades). Bounds as in the paper and statsforecast: 0.1 ≤ α ≤ 0.99,
///    1 ≤ θ ≤ 10¹⁰. Rather than a Nelder–Mead over (ℓ₀, α, θ) this uses that, for a fixed α, the
///    errors are linear in (ℓ₀, 1 − 1/θ), so those two have a closed-form constrained optimum; α is
///    found by golden section after a 40-point grid scan of that profile. Deterministic; on airline it
///    reaches a slightly lower optimum than statsforecast's simplex (OTM: SSE 10002.34 against
///    10002.76 on the same errors).
/// 3. The candidate with the smallest in-sample MSE (same errors for all) wins; ties go to the
///    earlier of STM, OTM, DSTM, DOTM.
/// 4. Forecasts run the recursions forward with forecasts in place of observations, then are
///    multiplied by the seasonal index of each period.
///
/// Prediction standard deviation: σ̂√(1 + (h−1)α²), the SES growth that also ``ThetaForecaster`` and
/// `forecast::thetaf` use (the dynamic models' extra trend uncertainty is not added), with
/// σ̂² = Σ_{i≥3} e(i)² / (n − 3 − k), k the number of estimated parameters (ℓ₀, α, and θ for
/// OTM/DOTM, less any fixed ones); for a seasonal fit it is multiplied by the seasonal index, as in
/// ``ThetaForecaster``.
///
/// Residuals are y(t) − index(t)·μ(t); the three burn-in entries are NaN (not part of the fit).
///
/// Short series: fewer than 3 observations throw ``ForecastError``. With 3 to 6 (too few for three
/// burn-in errors plus three parameters plus one degree of freedom for σ̂) the fit falls back to the
/// standard Theta method: ``ThetaForecaster``'s α and ℓ₀, written as an STM (so its forecasts and σ̂
/// are exactly ``ThetaForecaster``'s); `models` and fixed parameters are then ignored, and the fitted
/// name says `fallback`.
public struct AutoThetaForecaster: ConcreteForecaster {
    /// The four Theta models of Fiorucci et al. (2016).
    public enum Model: String, CaseIterable, Sendable, Hashable {
        /// Standard Theta model (θ = 2).
        case stm = "STM"
        /// Optimised Theta model (θ estimated).
        case otm = "OTM"
        /// Dynamic standard Theta model.
        case dstm = "DSTM"
        /// Dynamic optimised Theta model.
        case dotm = "DOTM"

        /// Whether A and B are updated after every observation.
        public var isDynamic: Bool { self == .dstm || self == .dotm }
        /// Whether θ is a parameter (otherwise 2).
        public var optimisesTheta: Bool { self == .otm || self == .dotm }
    }

    /// `auto-theta`.
    public let name = "auto-theta"
    /// Candidate models, tried in this order.
    public let models: [Model]
    /// Fixed α, or nil to estimate it in ``alphaRange``.
    public let alpha: Double?
    /// Fixed θ for OTM/DOTM, or nil to estimate it in ``thetaRange`` (STM/DSTM always use 2).
    public let theta: Double?
    /// Fixed initial level ℓ₀ (seasonally adjusted scale), or nil to estimate it.
    public let initialLevel: Double?

    /// Bounds of the estimated α (Fiorucci et al. 2016; statsforecast).
    public static let alphaRange: ClosedRange<Double> = 0.1...0.99
    /// Bounds of the estimated θ (statsforecast's; the paper requires θ ≥ 1).
    public static let thetaRange: ClosedRange<Double> = 1...1e10
    /// Leading one-step errors left out of estimation, MSE and σ̂ (statsforecast's `e[3:]`).
    public static let burnIn = 3
    /// Fewest observations for the model search; below, the standard-Theta fallback.
    public static let minimumSearchCount = 7

    /// Creates the method.
    /// - Parameters:
    ///   - models: candidates (default all four).
    ///   - alpha: fix α in (0, 1] instead of estimating it.
    ///   - theta: fix θ ≥ 1 for OTM/DOTM instead of estimating it.
    ///   - initialLevel: fix ℓ₀ (seasonally adjusted scale) instead of estimating it.
    public init(models: [Model] = Model.allCases, alpha: Double? = nil, theta: Double? = nil,
                initialLevel: Double? = nil) {
        self.models = models
        self.alpha = alpha
        self.theta = theta
        self.initialLevel = initialLevel
    }


    /// Fits the method and returns the concrete model.
    /// - Parameter series: the history, oldest first (at least 3 finite values).
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` as for ``fit(_:)``.
    /// - Complexity: as for ``fit(_:)``.
    public func fitModel(_ series: TimeSeries) throws -> Fitted {
        try SeriesValidation.check(
            series, minimumCount: 3, model: name,
            requirement: "to estimate a smoothing constant, an initial level and a residual variance")
        try validateSettings()
        let values = series.values
        let n = values.count
        if n < Self.minimumSearchCount {
            return try standardThetaFallback(series)
        }
        let m = series.seasonLength

        // Work on values scaled by a power of two (exact) so that squares neither overflow nor
        // underflow for extreme magnitudes; the models are equivariant under scaling.
        let scale = Self.powerOfTwoScale(values)
        let scaled = values.map { $0 / scale }

        var decomposition: ClassicalDecomposition?
        // The rule of ThetaForecaster: n / 2 ≥ m is n ≥ 2m without overflow.
        if m > 1, n / 2 >= m, ClassicalDecomposition.isSeasonal(scaled, period: m) {
            decomposition = ClassicalDecomposition.multiplicative(scaled, period: m)
        }
        let adjusted = decomposition.map { d in scaled.indices.map { scaled[$0] / d.index(at: $0) } } ?? scaled

        var best: Candidate?
        var candidateMSE: [Model: Double] = [:]
        var seen = Set<Model>()
        for model in models where seen.insert(model).inserted {
            let candidate = fitCandidate(model, adjusted, scale: scale)
            candidateMSE[model] = candidate.sse / Double(n - Self.burnIn) * scale * scale
            if best == nil || candidate.sse < best!.sse {
                best = candidate
            }
        }
        // models is non-empty (validated) and every SSE is finite or +∞, so best is set.
        let chosen = best!
        return makeFitted(
            chosen, adjusted: adjusted, values: values, scale: scale, decomposition: decomposition,
            candidateMSE: candidateMSE, fallback: false, sigmaOverride: nil)
    }

    // MARK: - Fitting

    /// One model fitted to the (scaled, adjusted) series.
    struct Candidate {
        var model: Model
        var alpha: Double
        var weight: Double
        /// θ as fixed or estimated (2 for STM/DSTM; the upper bound when c sits at it).
        var theta: Double
        var initialLevel: Double
        var sse: Double
        var trend: ThetaStateSpace.Trend
        var design: ThetaStateSpace.Design
        /// Estimated parameters, for σ̂'s degrees of freedom.
        var parameterCount: Int
        var burnIn: Int
    }

    private func validateSettings() throws {
        if models.isEmpty {
            throw ForecastError("The \(name) model needs at least one candidate model (STM, OTM, DSTM, DOTM); none were given.")
        }
        if let a = alpha, !(a > 0 && a <= 1) {
            throw ForecastError("The \(name) model's fixed smoothing constant must lie in (0, 1], but it is \(a).")
        }
        if let t = theta, !(t >= 1 && t.isFinite) {
            throw ForecastError("The \(name) model's fixed theta must be finite and at least 1, but it is \(t).")
        }
        if let l = initialLevel, !l.isFinite {
            throw ForecastError("The \(name) model's fixed initial level must be finite, but it is \(l).")
        }
    }

    /// The largest power of two not above max |y| (1 for an all-zero series).
    static func powerOfTwoScale(_ values: [Double]) -> Double {
        let largest = values.reduce(0) { Swift.max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return 1 }
        return Double(sign: .plus, exponent: largest.exponent, significand: 1)
    }

    /// c = 1 − 1/θ for a θ, and the range of c matching ``thetaRange``.
    static func weight(theta: Double) -> Double { 1 - 1 / theta }
    static var weightRange: ClosedRange<Double> {
        weight(theta: thetaRange.lowerBound)...weight(theta: thetaRange.upperBound)
    }

    /// Fits one model: α by golden section on the profile SSE (ℓ₀ and c solved in closed form).
    func fitCandidate(_ model: Model, _ adjusted: [Double], scale: Double) -> Candidate {
        let trend = ThetaStateSpace.trend(adjusted, dynamic: model.isDynamic)
        let fixedWeight: Double? =
            model.optimisesTheta ? theta.map { Self.weight(theta: $0) } : Self.weight(theta: 2)
        let fixedLevel = initialLevel.map { $0 / scale }
        func solve(_ a: Double) -> (ThetaStateSpace.Design, ThetaStateSpace.Solution) {
            let design = ThetaStateSpace.design(adjusted, alpha: a, trend: trend)
            let solution = ThetaStateSpace.solve(
                adjusted, design: design, burnIn: Self.burnIn,
                fixedInitialLevel: fixedLevel, fixedWeight: fixedWeight,
                weightRange: Self.weightRange, defaultWeight: Self.weight(theta: 2),
                defaultLevel: adjusted[0])
            return (design, solution)
        }
        let a: Double
        if let fixed = alpha {
            a = fixed
        } else {
            a = GoldenSection.minimize(
                lower: Self.alphaRange.lowerBound, upper: Self.alphaRange.upperBound,
                tolerance: 1e-8, scanPoints: 40
            ) { solve($0).1.sse }.x
        }
        let (design, solution) = solve(a)
        let thetaValue: Double
        if !model.optimisesTheta {
            thetaValue = 2
        } else if let fixed = theta {
            thetaValue = fixed
        } else {
            thetaValue = solution.weight >= Self.weightRange.upperBound
                ? Self.thetaRange.upperBound : 1 / (1 - solution.weight)
        }
        let parameterCount = (alpha == nil ? 1 : 0) + (initialLevel == nil ? 1 : 0)
            + (model.optimisesTheta && theta == nil ? 1 : 0)
        return Candidate(
            model: model, alpha: a, weight: solution.weight, theta: thetaValue, initialLevel: solution.initialLevel,
            sse: solution.sse, trend: trend, design: design, parameterCount: parameterCount,
            burnIn: Self.burnIn)
    }

    /// The standard Theta method (``ThetaForecaster``) for 3–6 observations, as an STM: the same α,
    /// ℓ₀ shifted by c(A + B) (STM's ℓ₀ is the level before the drift is added), so the forecasts
    /// coincide; σ̂ is ``ThetaForecaster``'s.
    private func standardThetaFallback(_ series: TimeSeries) throws -> Fitted {
        let standard = try ThetaForecaster().fitModel(series)
        let values = series.values
        let scale = Self.powerOfTwoScale(values)
        let scaled = values.map { $0 / scale }
        let decomposition = standard.isSeasonal
            ? ClassicalDecomposition(period: standard.seasonalIndices.count, indices: standard.seasonalIndices)
            : nil
        let adjusted = decomposition.map { d in scaled.indices.map { scaled[$0] / d.index(at: $0) } } ?? scaled
        let trend = ThetaStateSpace.trend(adjusted, dynamic: false)
        let c = Self.weight(theta: 2)
        let level0 = standard.initialLevel / scale - c * (trend.finalIntercept + trend.finalSlope)
        let design = ThetaStateSpace.design(adjusted, alpha: standard.alpha, trend: trend)
        let solution = ThetaStateSpace.solve(
            adjusted, design: design, burnIn: 0, fixedInitialLevel: level0, fixedWeight: c,
            weightRange: Self.weightRange, defaultWeight: c, defaultLevel: adjusted[0])
        let candidate = Candidate(
            model: .stm, alpha: standard.alpha, weight: c, theta: 2, initialLevel: level0, sse: solution.sse,
            trend: trend, design: design, parameterCount: 2, burnIn: 0)
        return makeFitted(
            candidate, adjusted: adjusted, values: values, scale: scale, decomposition: decomposition,
            candidateMSE: [.stm: solution.sse / Double(values.count) * scale * scale], fallback: true,
            sigmaOverride: standard.sigma)
    }

    /// Assembles the fitted model on the original scale.
    private func makeFitted(
        _ c: Candidate, adjusted: [Double], values: [Double], scale: Double,
        decomposition: ClassicalDecomposition?, candidateMSE: [Model: Double], fallback: Bool,
        sigmaOverride: Double?
    ) -> Fitted {
        let n = values.count
        var residuals = [Double](repeating: .nan, count: n)
        var sse = 0.0
        for i in c.burnIn..<n {
            let mu = c.design.base[i] + c.design.levelWeight[i] * c.initialLevel + c.weight * c.design.drift[i]
            let e = adjusted[i] - mu
            sse += e * e
            residuals[i] = (values[i] - (decomposition?.index(at: i) ?? 1) * mu * scale)
        }
        let degrees = Swift.max(1, n - c.burnIn - c.parameterCount)
        let sigma = sigmaOverride ?? (sse / Double(degrees)).squareRoot() * scale
        let level = (c.design.finalBase + c.design.finalWeight * c.initialLevel) * scale
        return Fitted(
            name: "\(name)(\(c.model.rawValue)\(fallback ? ", standard-theta fallback" : ""))",
            model: c.model, alpha: c.alpha, theta: c.theta, weight: c.weight,
            initialLevel: c.initialLevel * scale, level: level, mean: c.trend.mean * scale,
            intercept: c.trend.finalIntercept * scale, slope: c.trend.finalSlope * scale, count: n,
            seasonalIndices: decomposition?.indices ?? [], sigma: sigma.isFinite ? sigma : 0,
            residuals: residuals, candidateMSE: candidateMSE, isFallback: fallback)
    }

    /// A Theta model chosen and fitted by ``AutoThetaForecaster``.
    public struct Fitted: FittedForecaster {
        /// `auto-theta(OTM)` etc.; `…, standard-theta fallback)` for a short series.
        public let name: String
        /// The selected model.
        public let model: Model
        /// Smoothing constant α.
        public let alpha: Double
        /// θ (2 for STM/DSTM; 10¹⁰ stands for the bound, i.e. c ≈ 1).
        public let theta: Double
        /// c = 1 − 1/θ, the weight of the trend term.
        public let weight: Double
        /// ℓ₀ (seasonally adjusted scale).
        public let initialLevel: Double
        /// ℓ(n) after the last observation (seasonally adjusted scale).
        public let level: Double
        /// Mean of the adjusted series.
        public let mean: Double
        /// A and B after the last observation (for STM/OTM the whole-sample OLS line on t = 1…n).
        public let intercept: Double
        public let slope: Double
        /// Length n of the fitted series.
        public let count: Int
        /// Multiplicative seasonal indices, phase 0 = first observation; empty when not seasonal.
        public let seasonalIndices: [Double]
        /// σ̂ of the one-step errors (seasonally adjusted scale).
        public let sigma: Double
        /// y(t) − index(t)·μ(t); NaN for the burn-in.
        public let residuals: [Double]
        /// In-sample MSE (after the burn-in, original units of the adjusted series) of every candidate.
        public let candidateMSE: [Model: Double]
        /// Whether the short-series standard-Theta fallback was used.
        public let isFallback: Bool

        /// Whether the forecasts are reseasonalised.
        public var isSeasonal: Bool { !seasonalIndices.isEmpty }

        /// Forecasts `horizon` steps.
        /// - Parameter horizon: steps ahead; 0 or less gives an empty forecast.
        /// - Returns: the model's recursion run forward, times the seasonal index; standard deviation
        ///   σ̂√(1 + (h−1)α²) times the same index.
        /// - Complexity: O(horizon).
        public func forecast(horizon: Int) -> Forecast {
            let h = Swift.max(0, horizon)
            let path = ThetaStateSpace.forecast(
                horizon: h, count: count, alpha: alpha, weight: weight, dynamic: model.isDynamic,
                level: level, mean: mean, intercept: intercept, slope: slope)
            return ThetaStateSpace.reseasonalized(path, seasonalIndices: seasonalIndices, count: count, sigma: sigma, alpha: alpha)
        }
    }
}
