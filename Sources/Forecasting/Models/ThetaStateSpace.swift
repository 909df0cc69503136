/// The recursions of the optimised and dynamic Theta models of Fiorucci, Pellegrini, Louzada,
/// Petropoulos & Koehler (2016, "Models for optimising the theta method and their relationship to
/// state space models", *IJF* 32(4):1151–1161), used by ``AutoThetaForecaster``.
///
/// With observations y(0…n−1) (0-based here; the paper counts from 1), smoothing constant α, weight
/// c = 1 − 1/θ and initial level ℓ₀ = ℓ(−1):
///
///     μ(i) = ℓ(i−1) + c·[A(i−1)(1−α)^i + B(i−1)(1 − (1−α)^(i+1))/α]   one-step forecast of y(i)
///     ℓ(i) = α·y(i) + (1−α)·ℓ(i−1)
///
/// A, B are the intercept and slope of the least-squares line through y against t = 1, 2, …: fixed at
/// the whole-sample fit (A(n), B(n)) for STM/OTM; for the dynamic DSTM/DOTM updated after every
/// observation from the running mean ȳ(i),
///
///     B(i) = [(i−1)·B(i−1) + 6(y(i) − ȳ(i−1))/(i+1)] / (i+2),   A(i) = ȳ(i) − B(i)(i+2)/2,
///
/// started at A(0) = y(0), B(0) = 0 (the paper's eqs. for the DOTM, and statsforecast's `theta.cpp`).
///
/// Key fact used for estimation: for a fixed α, ℓ(i−1) = s(i) + (1−α)^i·ℓ₀ where s is the level
/// recursion started from 0, and A, B do not depend on the parameters in sample, so every fitted
/// value μ(i) is *linear in (ℓ₀, c)*. The in-sample sum of squared errors is therefore a quadratic in
/// (ℓ₀, c) whose constrained minimum (c in [0, 1 − 1/θmax], i.e. θ ≥ 1) has a closed form; only α
/// needs a numerical search.
enum ThetaStateSpace {
    /// Least-squares line through `values` against t = 1…n: the intercept A (value at t = 0) and
    /// slope B, as in Fiorucci et al. (2016, eq. 3). One value gives slope 0.
    /// - Complexity: O(n).
    static func linearTrend(_ values: [Double]) -> (intercept: Double, slope: Double) {
        let n = values.count
        guard n > 0 else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(n)
        guard n > 1 else { return (mean, 0) }
        let tMean = Double(n + 1) / 2
        var sxy = 0.0
        var sxx = 0.0
        for (i, y) in values.enumerated() {
            let dt = Double(i + 1) - tMean
            sxy += dt * (y - mean)
            sxx += dt * dt
        }
        let slope = sxy / sxx
        return (mean - slope * tMean, slope)
    }

    /// The trend coefficients each one-step forecast uses, and the state after the last observation.
    struct Trend {
        /// A and B used to forecast y(i): A(i−1), B(i−1) (dynamic) or A(n), B(n) (static).
        var intercepts: [Double]
        var slopes: [Double]
        /// A(n−1), B(n−1) in 0-based terms: the coefficients after the last observation.
        var finalIntercept: Double
        var finalSlope: Double
        /// ȳ after the last observation.
        var mean: Double
    }

    /// The trend coefficients of a static (`dynamic == false`) or dynamic model.
    /// - Parameter values: at least one observation.
    /// - Complexity: O(n).
    static func trend(_ values: [Double], dynamic: Bool) -> Trend {
        let n = values.count
        let mean = values.reduce(0, +) / Double(Swift.max(n, 1))
        if !dynamic {
            let line = linearTrend(values)
            return Trend(
                intercepts: [Double](repeating: line.intercept, count: n),
                slopes: [Double](repeating: line.slope, count: n),
                finalIntercept: line.intercept, finalSlope: line.slope, mean: mean)
        }
        var intercepts = [Double](repeating: 0, count: n)
        var slopes = [Double](repeating: 0, count: n)
        // Before y(0) nothing is known; statsforecast's initial state A = y(0), B = 0 is used for the
        // forecast of y(0), which only enters the burn-in.
        var a = values.first ?? 0
        var b = 0.0
        var runningMean = values.first ?? 0
        for i in 0..<n {
            intercepts[i] = a
            slopes[i] = b
            if i >= 1 {
                (a, b, runningMean) = dynamicUpdate(
                    intercept: a, slope: b, mean: runningMean, observation: values[i], index: i)
            }
        }
        return Trend(intercepts: intercepts, slopes: slopes, finalIntercept: a, finalSlope: b, mean: runningMean)
    }

    /// One step of the dynamic trend update after observation `index` (0-based, ≥ 1).
    /// - Returns: A(i), B(i), ȳ(i).
    @inline(__always)
    static func dynamicUpdate(intercept: Double, slope: Double, mean: Double, observation y: Double, index i: Int)
        -> (Double, Double, Double)
    {
        let t = Double(i)
        let newSlope = ((t - 1) * slope + 6 * (y - mean) / (t + 1)) / (t + 2)
        let newMean = (t * mean + y) / (t + 1)
        return (newMean - newSlope * (t + 2) / 2, newSlope, newMean)
    }

    /// The pieces of the fitted values for one α: μ(i) = base(i) + levelWeight(i)·ℓ₀ + c·drift(i).
    struct Design {
        var base: [Double]
        var levelWeight: [Double]
        var drift: [Double]
        /// s(n−1): the level after the last observation when started from 0.
        var finalBase: Double
        /// (1−α)^n: the weight of ℓ₀ in the final level.
        var finalWeight: Double
    }

    /// The linear decomposition of the fitted values for smoothing constant `alpha` in (0, 1].
    /// - Complexity: O(n).
    static func design(_ values: [Double], alpha: Double, trend: Trend) -> Design {
        let n = values.count
        var base = [Double](repeating: 0, count: n)
        var weight = [Double](repeating: 0, count: n)
        var drift = [Double](repeating: 0, count: n)
        var level = 0.0
        var w = 1.0  // (1−α)^i
        for i in 0..<n {
            base[i] = level
            weight[i] = w
            // (1 − (1−α)^(i+1))/α, the sum 1 + (1−α) + … + (1−α)^i, written as a sum-free ratio.
            drift[i] = trend.intercepts[i] * w + trend.slopes[i] * (1 - w * (1 - alpha)) / alpha
            level = alpha * values[i] + (1 - alpha) * level
            w *= 1 - alpha
        }
        return Design(base: base, levelWeight: weight, drift: drift, finalBase: level, finalWeight: w)
    }

    /// A least-squares solution for (ℓ₀, c) at one α.
    struct Solution {
        var initialLevel: Double
        var weight: Double
        /// Σ e(i)² over i ≥ burn-in.
        var sse: Double
    }

    /// Minimises Σ_{i ≥ burnIn} (y(i) − μ(i))² over the free ones of ℓ₀ and c, with c kept in
    /// `weightRange`.
    ///
    /// The objective is a convex quadratic. With both free, the unconstrained normal equations are
    /// solved; if c falls outside its range, the profile in c (ℓ₀ minimised out) is a convex parabola,
    /// so the constrained optimum has c at the violated bound and ℓ₀ re-solved. When the two columns
    /// are (nearly) collinear — e.g. a constant series, where the drift is a multiple of (1−α)^i — c
    /// is not identified and is set to `defaultWeight` (θ = 2). When ℓ₀ has no weight (α = 1) it is set
    /// to `defaultLevel`.
    /// - Complexity: O(n).
    static func solve(
        _ values: [Double], design d: Design, burnIn: Int,
        fixedInitialLevel: Double?, fixedWeight: Double?,
        weightRange: ClosedRange<Double>, defaultWeight: Double, defaultLevel: Double
    ) -> Solution {
        let n = values.count
        var sww = 0.0, swg = 0.0, sgg = 0.0, swr = 0.0, sgr = 0.0
        for i in Swift.min(burnIn, n)..<n {
            let r = values[i] - d.base[i]
            let w = d.levelWeight[i]
            let g = d.drift[i]
            sww += w * w
            swg += w * g
            sgg += g * g
            swr += w * r
            sgr += g * r
        }
        func clampWeight(_ c: Double) -> Double {
            c.isFinite ? Swift.min(Swift.max(c, weightRange.lowerBound), weightRange.upperBound) : defaultWeight
        }
        func levelGiven(_ c: Double) -> Double {
            guard sww > 0 else { return defaultLevel }
            let l = (swr - swg * c) / sww
            return l.isFinite ? l : defaultLevel
        }
        var level: Double
        var c: Double
        switch (fixedInitialLevel, fixedWeight) {
        case let (l?, c0?):
            level = l
            c = c0
        case let (nil, c0?):
            c = c0
            level = levelGiven(c)
        case let (l?, nil):
            level = l
            c = sgg > 0 ? clampWeight((sgr - swg * l) / sgg) : clampWeight(defaultWeight)
        case (nil, nil):
            let det = sww * sgg - swg * swg
            if sww > 0, sgg > 0, det > 1e-10 * sww * sgg {
                c = clampWeight((sww * sgr - swg * swr) / det)
            } else if sww == 0, sgg > 0 {
                c = clampWeight(sgr / sgg)
            } else {
                c = clampWeight(defaultWeight)
            }
            level = levelGiven(c)
        }
        // The SSE from the errors themselves rather than the quadratic form, to avoid cancellation.
        var sse = 0.0
        for i in Swift.min(burnIn, n)..<n {
            let e = values[i] - (d.base[i] + d.levelWeight[i] * level + c * d.drift[i])
            sse += e * e
        }
        return Solution(initialLevel: level, weight: c, sse: sse.isNaN ? .infinity : sse)
    }

    /// Point forecasts h = 1…`horizon` by running the recursions with each forecast in place of the
    /// unseen observation (statsforecast's `theta.cpp`). For STM/OTM this equals the closed form of
    /// Fiorucci et al. (2016, eq. 9), ℓ(n) + c·{(1−α)^n A + [(h−1) + (1 − (1−α)^(n+1))/α] B}; for the
    /// dynamic models A and B keep being updated with the forecasts.
    /// - Parameters:
    ///   - count: n, the number of observations the state summarises.
    ///   - level, mean, intercept, slope: ℓ, ȳ, A, B after the last observation.
    /// - Complexity: O(horizon).
    static func forecast(
        horizon: Int, count n: Int, alpha: Double, weight c: Double, dynamic: Bool,
        level: Double, mean: Double, intercept: Double, slope: Double
    ) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(Swift.max(0, horizon))
        guard horizon > 0 else { return result }
        var level = level
        var mean = mean
        var a = intercept
        var b = slope
        var w = power(1 - alpha, n)  // (1−α)^i for i = n, n+1, …
        for j in 0..<horizon {
            let i = n + j
            let mu = level + c * (a * w + b * (1 - w * (1 - alpha)) / alpha)
            result.append(mu)
            level = alpha * mu + (1 - alpha) * level
            if dynamic {
                (a, b, mean) = dynamicUpdate(intercept: a, slope: b, mean: mean, observation: mu, index: i)
            } else {
                mean = (Double(i) * mean + mu) / Double(i + 1)
            }
            w *= 1 - alpha
        }
        return result
    }

    /// `base`ⁿ by repeated squaring (the smoothing weights `(1 − α)ⁿ` of both Theta forecasters).
    /// - Complexity: O(log n).
    static func power(_ base: Double, _ n: Int) -> Double {
        var result = 1.0
        var base = base
        var e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }

    /// A deseasonalised mean path put back on the seasonal indices, with the Theta method's standard
    /// deviation σ̂√(1 + (h−1)α²) times the same index (Hyndman & Billah 2003).
    /// - Parameters:
    ///   - path: the deseasonalised forecast, one value per step ahead.
    ///   - seasonalIndices: multiplicative indices of one season (empty: not seasonal).
    ///   - count: length of the fitted series (the phase of the first step).
    ///   - sigma: standard deviation of the one-step errors.
    ///   - alpha: smoothing parameter.
    /// - Complexity: O(path count).
    static func reseasonalized(_ path: [Double], seasonalIndices: [Double], count: Int, sigma: Double, alpha: Double) -> Forecast {
        var mean: [Double] = []
        var sd: [Double] = []
        mean.reserveCapacity(path.count)
        sd.reserveCapacity(path.count)
        for (step, value) in path.enumerated() {
            let index = seasonalIndices.isEmpty ? 1 : seasonalIndices[(count + step) % seasonalIndices.count]
            mean.append(index * value)
            sd.append(index * sigma * (1 + Double(step) * alpha * alpha).squareRoot())
        }
        return Forecast(mean: mean, standardDeviation: sd)
    }
}
