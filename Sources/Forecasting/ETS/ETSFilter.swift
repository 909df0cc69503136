import Foundation

/// The one-pass ETS recursion (the "filter"): one-step forecasts, innovations and state updates for
/// every observation, and the pieces of the state-space likelihood (Hyndman et al. 2002, §3;
/// FPP3 §8.5–8.6).
///
/// Every form is run through one loop by writing the updates in terms of the *absolute* one-step error
/// `e = y − μ`. For the multiplicative-error forms the published updates, e.g. ETS(M,A,M)'s
/// `ℓ = (ℓ + φb)(1 + αε)` with `ε = e/μ`, expand to exactly the additive-error updates in `e`
/// (`ℓ = ℓ + φb + α·e/s`), so the error type changes only the likelihood, never the states.
///
/// Allocation-free: the caller owns the seasonal ring buffer (slot `t mod m` holds the state used and
/// then replaced at time t), so an optimiser can call ``run(_:parameters:level:trend:seasonal:fitted:)``
/// thousands of times per series without touching the heap.
struct ETSFilter {
    /// Smoothing and damping parameters as plain numbers: β = 0 without trend, γ = 0 without season,
    /// φ = 1 for an undamped trend.
    struct Coefficients {
        var alpha: Double
        var beta: Double
        var gamma: Double
        var phi: Double
    }

    /// Likelihood pieces of one pass.
    struct Pass {
        /// Σe² (additive error) or Σ(e/μ)² (multiplicative error); +∞ for an infeasible pass.
        var sumOfSquares: Double
        /// Σ log μ (multiplicative error only; 0 otherwise).
        var sumLogMean: Double
        /// Observations processed before the parameters became infeasible (all of them when feasible).
        var completedSteps: Int
    }

    /// Criterion values at or above this mark infeasible points.
    static let infeasible = 1e200

    let multiplicativeError: Bool
    let hasTrend: Bool
    let season: ETSSpec.SeasonType
    /// Periods per cycle; 1 for non-seasonal forms.
    let seasonLength: Int

    init(spec: ETSSpec, seasonLength: Int) {
        multiplicativeError = spec.error == .multiplicative
        hasTrend = spec.hasTrend
        season = spec.season
        self.seasonLength = spec.isSeasonal ? max(1, seasonLength) : 1
    }

    /// Runs the recursion over `y`.
    /// - Parameters:
    ///   - y: the observations.
    ///   - parameters: smoothing and damping.
    ///   - level: initial level in, final level out.
    ///   - trend: initial trend in, final trend out (ignored without a trend).
    ///   - seasonal: ring of `seasonLength` seasonal states (slot k holds the state for observation k);
    ///     updated in place. Unused for non-seasonal forms.
    ///   - fitted: when non-nil, receives the one-step forecasts μ (room for `y.count` values).
    /// - Returns: the likelihood pieces; `completedSteps < y.count` if the parameters drive a
    ///   multiplicative form to a non-positive mean or seasonal factor, or the pass overflows.
    /// - Complexity: O(n) time, O(1) extra memory.
    @inline(__always)
    func run(_ y: UnsafeBufferPointer<Double>, parameters: Coefficients,
             level: inout Double, trend: inout Double,
             seasonal: UnsafeMutableBufferPointer<Double>,
             fitted: UnsafeMutablePointer<Double>?) -> Pass {
        // One inlined copy of the loop per form, so no component test is left inside it.
        switch (season, multiplicativeError) {
        case (.none, false):
            return Self.loop(y, season: .none, multiplicativeError: false, hasTrend: hasTrend, m: seasonLength,
                             parameters, &level, &trend, seasonal, fitted)
        case (.none, true):
            return Self.loop(y, season: .none, multiplicativeError: true, hasTrend: hasTrend, m: seasonLength,
                             parameters, &level, &trend, seasonal, fitted)
        case (.additive, false):
            return Self.loop(y, season: .additive, multiplicativeError: false, hasTrend: hasTrend, m: seasonLength,
                             parameters, &level, &trend, seasonal, fitted)
        case (.additive, true):
            return Self.loop(y, season: .additive, multiplicativeError: true, hasTrend: hasTrend, m: seasonLength,
                             parameters, &level, &trend, seasonal, fitted)
        case (.multiplicative, false):
            return Self.loop(y, season: .multiplicative, multiplicativeError: false, hasTrend: hasTrend,
                             m: seasonLength, parameters, &level, &trend, seasonal, fitted)
        case (.multiplicative, true):
            return Self.loop(y, season: .multiplicative, multiplicativeError: true, hasTrend: hasTrend,
                             m: seasonLength, parameters, &level, &trend, seasonal, fitted)
        }
    }

    /// The recursion for one form (constant arguments fold away after inlining).
    ///
    /// With `p` the deseasonalised observation (y, y − s or y/s) and `q = ℓ + φb`, every form's level and
    /// trend updates read `ℓ' = (1 − α)q + αp`, `b' = φb + β(p − q)`. They are evaluated as the linear
    /// map `ℓ' = (1 − α)ℓ + (1 − α)φb + αp`, `b' = −βℓ + φ(1 − β)b + βp`: the same numbers, but the
    /// loop-carried dependency through ℓ and b shrinks to two fused multiply-adds, with μ, the error and
    /// the likelihood sums computed off that chain. This recursion is latency-bound, so that is most of
    /// its cost.
    @inline(__always)
    private static func loop(_ y: UnsafeBufferPointer<Double>, season: ETSSpec.SeasonType, multiplicativeError: Bool,
                             hasTrend: Bool, m: Int, _ parameters: Coefficients,
                             _ level: inout Double, _ trend: inout Double,
                             _ seasonal: UnsafeMutableBufferPointer<Double>,
                             _ fitted: UnsafeMutablePointer<Double>?) -> Pass {
        let alpha = parameters.alpha
        let beta = hasTrend ? parameters.beta : 0
        let gamma = parameters.gamma
        let phi = hasTrend ? parameters.phi : 0
        let positive = multiplicativeError || season == .multiplicative
        let levelFromLevel = 1 - alpha
        let levelFromTrend = (1 - alpha) * phi
        let trendFromLevel = -beta
        let trendFromTrend = phi * (1 - beta)
        var l = level
        var b = hasTrend ? trend : 0
        var sumOfSquares = 0.0
        // Σ log μ is kept as a product of significands plus a sum of binary exponents, so the loop pays
        // a multiply and two bit extractions per step instead of a `log`; the product is renormalised
        // long before it could overflow (each factor is below 2).
        var significandProduct = 1.0
        var exponentSum = 0
        var slot = 0

        for t in 0..<y.count {
            let observation = y[t]
            let q = l + phi * b
            let mu: Double
            let deseasonalised: Double
            var s = 0.0
            switch season {
            case .none:
                deseasonalised = observation
                mu = q
            case .additive:
                s = seasonal[slot]
                deseasonalised = observation - s
                mu = q + s
            case .multiplicative:
                s = seasonal[slot]
                // q > 0 and s > 0 together: the seasonal update divides by q, the level update by s.
                guard q > 0, s > 0 else { return Pass(sumOfSquares: .infinity, sumLogMean: 0, completedSteps: t) }
                deseasonalised = observation / s
                mu = q * s
            }
            if positive && !(mu > 0 && mu < .infinity) {
                return Pass(sumOfSquares: .infinity, sumLogMean: 0, completedSteps: t)
            }
            fitted?[t] = mu
            let e = observation - mu
            if multiplicativeError {
                let relative = e / mu
                sumOfSquares += relative * relative
                significandProduct *= mu.significand
                exponentSum += Int(mu.exponent)
                if significandProduct > 0x1p500 {
                    exponentSum += Int(significandProduct.exponent)
                    significandProduct = significandProduct.significand
                }
            } else {
                sumOfSquares += e * e
            }
            switch season {
            case .none: break
            case .additive: seasonal[slot] = s + gamma * e
            case .multiplicative: seasonal[slot] = s + gamma * (e / q)
            }
            let nextLevel = levelFromLevel * l + (levelFromTrend * b + alpha * deseasonalised)
            b = trendFromLevel * l + (trendFromTrend * b + beta * deseasonalised)
            l = nextLevel
            if season != .none {
                slot += 1
                if slot == m { slot = 0 }
            }
        }
        guard sumOfSquares.isFinite, l.isFinite, b.isFinite else {
            return Pass(sumOfSquares: .infinity, sumLogMean: 0, completedSteps: y.count - 1)
        }
        level = l
        if hasTrend { trend = b }
        let sumLogMean = multiplicativeError ? log(significandProduct) + Double(exponentSum) * ln2 : 0
        return Pass(sumOfSquares: sumOfSquares, sumLogMean: sumLogMean, completedSteps: y.count)
    }

    /// The sum of squares with the initial level and trend at their least-squares values, and those
    /// values (as shifts from the supplied start).
    struct Profile {
        /// Σe² at the best initial level and trend.
        var sumOfSquares: Double
        /// Best initial level minus the supplied one.
        var levelShift: Double
        /// Best initial trend minus the supplied one (0 without a trend).
        var trendShift: Double
    }

    /// Whether ``runProfiled(_:parameters:level:trend:seasonal:responses:)`` applies: for additive
    /// errors without multiplicative seasonality the model is linear, so every one-step error is an
    /// affine function of the initial state (Hyndman et al. 2008, §5.2) and Σe² is quadratic in it.
    var canProfileInitialStates: Bool { !multiplicativeError && season != .multiplicative }

    /// Runs the recursion from `level`/`trend` together with its responses to a unit change of the
    /// initial level and of the initial trend, and solves the 2×2 (or 1×1) least-squares problem for
    /// the initial level and trend in closed form — the "concentrated" likelihood, which removes those
    /// coordinates from the optimiser's search.
    /// - Parameters:
    ///   - y: the observations.
    ///   - parameters: smoothing and damping.
    ///   - level: starting level (the shift is relative to it).
    ///   - trend: starting trend.
    ///   - seasonal: ring of initial seasonal states (clobbered).
    ///   - responses: scratch for 2·seasonLength values (clobbered).
    /// - Returns: the profiled sum of squares and the shifts, or nil if the pass overflows.
    /// - Complexity: O(n) time, O(1) extra memory; the response chains are independent of the main one,
    ///   so on a superscalar core they cost little more than the main recursion.
    @inline(__always)
    func runProfiled(_ y: UnsafeBufferPointer<Double>, parameters: Coefficients, level: Double, trend: Double,
                     seasonal: UnsafeMutableBufferPointer<Double>,
                     responses: UnsafeMutableBufferPointer<Double>) -> Profile? {
        switch (season, hasTrend) {
        case (.additive, true):
            return Self.profiledLoop(y, seasonal: true, hasTrend: true, m: seasonLength, parameters, level, trend,
                                     seasonal, responses)
        case (.additive, false):
            return Self.profiledLoop(y, seasonal: true, hasTrend: false, m: seasonLength, parameters, level, trend,
                                     seasonal, responses)
        case (_, true):
            return Self.profiledLoop(y, seasonal: false, hasTrend: true, m: seasonLength, parameters, level, trend,
                                     seasonal, responses)
        case (_, false):
            return Self.profiledLoop(y, seasonal: false, hasTrend: false, m: seasonLength, parameters, level, trend,
                                     seasonal, responses)
        }
    }

    @inline(__always)
    private static func profiledLoop(_ y: UnsafeBufferPointer<Double>, seasonal isSeasonal: Bool, hasTrend: Bool,
                                     m: Int, _ parameters: Coefficients, _ level: Double, _ trend: Double,
                                     _ seasonal: UnsafeMutableBufferPointer<Double>,
                                     _ responses: UnsafeMutableBufferPointer<Double>) -> Profile? {
        let alpha = parameters.alpha
        let beta = hasTrend ? parameters.beta : 0
        let gamma = parameters.gamma
        let phi = hasTrend ? parameters.phi : 0
        // Main recursion (as in `loop`), plus the responses (l1, b1) to a unit initial level and
        // (l2, b2) to a unit initial trend; their seasonal responses live in `responses`.
        var l = level, b = hasTrend ? trend : 0
        var l1 = 1.0, b1 = 0.0
        var l2 = 0.0, b2 = 1.0
        if isSeasonal {
            for k in 0..<(2 * m) { responses[k] = 0 }
        }
        var see = 0.0, s1e = 0.0, s2e = 0.0, s11 = 0.0, s12 = 0.0, s22 = 0.0
        var slot = 0
        for t in 0..<y.count {
            let observation = y[t]
            let q = l + phi * b
            let q1 = l1 + phi * b1
            let q2 = l2 + phi * b2
            var s = 0.0, r1 = 0.0, r2 = 0.0
            if isSeasonal {
                s = seasonal[slot]
                r1 = responses[slot]
                r2 = responses[m + slot]
            }
            let e = observation - q - s
            // How e moves per unit of initial level (x1) and trend (x2).
            let x1 = -(q1 + r1)
            let x2 = -(q2 + r2)
            see += e * e
            s1e += x1 * e
            s11 += x1 * x1
            if hasTrend {
                s2e += x2 * e
                s12 += x1 * x2
                s22 += x2 * x2
            }
            if isSeasonal {
                seasonal[slot] = s + gamma * e
                responses[slot] = r1 + gamma * x1
                responses[m + slot] = r2 + gamma * x2
                slot += 1
                if slot == m { slot = 0 }
            }
            let nextLevel = (1 - alpha) * l + ((1 - alpha) * phi * b + alpha * (observation - s))
            b = -beta * l + (phi * (1 - beta) * b + beta * (observation - s))
            l = nextLevel
            l1 = q1 + alpha * x1
            b1 = phi * b1 + beta * x1
            if hasTrend {
                l2 = q2 + alpha * x2
                b2 = phi * b2 + beta * x2
            }
        }
        guard see.isFinite, s11.isFinite, s22.isFinite else { return nil }
        // Normal equations G·δ = −v with G = [s11 s12; s12 s22], v = [s1e; s2e].
        var levelShift = 0.0, trendShift = 0.0
        let determinant = s11 * s22 - s12 * s12
        if hasTrend && determinant > 1e-10 * s11 * s22 && s11 > 0 {
            levelShift = -(s22 * s1e - s12 * s2e) / determinant
            trendShift = -(s11 * s2e - s12 * s1e) / determinant
        } else if s11 > 0 {
            // Level and trend responses (nearly) collinear: shift the level only.
            levelShift = -s1e / s11
        }
        let profiled = max(0, see + s1e * levelShift + s2e * trendShift)
        return Profile(sumOfSquares: profiled, levelShift: levelShift, trendShift: trendShift)
    }

    /// The criterion minimised in fitting: −2·log-likelihood up to a constant in n,
    /// `n·log Σe² (+ 2·Σ log μ for multiplicative errors)` (Hyndman et al. 2002, eq. 8).
    /// - Parameters:
    ///   - pass: the likelihood pieces.
    ///   - count: observations.
    /// - Returns: the criterion (a zero sum of squares is floored so a perfect fit stays finite). An
    ///   infeasible pass scores ``infeasible`` times the number of steps it fell short by, so a simplex
    ///   stranded among infeasible points still slides towards parameters that survive longer.
    /// - Complexity: O(1).
    @inline(__always)
    static func criterion(_ pass: Pass, count: Int) -> Double {
        guard pass.completedSteps >= count else { return infeasible * Double(1 + count - pass.completedSteps) }
        return Double(count) * log(max(pass.sumOfSquares, Double.leastNormalMagnitude)) + 2 * pass.sumLogMean
    }

    /// The Gaussian log-likelihood with the innovation variance at its maximum (Σe²/n):
    /// `−n/2·(log(2π·Σe²/n) + 1) − Σ log μ`.
    /// - Parameters:
    ///   - pass: the likelihood pieces.
    ///   - count: observations.
    /// - Returns: the log-likelihood (+∞ for a perfect fit).
    /// - Complexity: O(1).
    static func logLikelihood(_ pass: Pass, count: Int) -> Double {
        guard pass.sumOfSquares > 0 else { return .infinity }
        let n = Double(count)
        return -0.5 * n * (log(2 * Double.pi * pass.sumOfSquares / n) + 1) - pass.sumLogMean
    }

    static let ln2 = 0.693_147_180_559_945_309_4
}
