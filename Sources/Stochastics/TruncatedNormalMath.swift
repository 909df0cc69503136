internal import _CGSL
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Numerics of a normal(location, scale) truncated to x >= 0, stable for any location.
///
/// Everything is expressed through the standardised truncation point alpha = -location / scale.
/// The awkward regime is a large alpha (most of the parent's mass below 0): the retained mass
/// Q(alpha) underflows beyond alpha ~ 38 and the textbook moment formulas cancel
/// catastrophically well before that, so those cases go through the normal hazard
/// h = phi / Q (`gsl_sf_hazard`) and its continued fraction instead of through Q itself.
internal struct TruncatedNormalMath {
    let location: Double
    let scale: Double
    /// Standardised truncation point -location / scale.
    let alpha: Double

    /// Above this alpha Q(alpha) < 5e-198 and ratios of Q are taken in log space.
    static let farTail = 30.0
    /// Above this alpha the moments come from the continued fraction, which has converged
    /// to machine precision with `continuedFractionDepth` terms (checked against mpmath).
    static let continuedFractionThreshold = 3.0
    static let continuedFractionDepth = 100

    init(location: Double, scale: Double) {
        self.location = location
        self.scale = scale
        self.alpha = -location / scale
    }

    /// Mean and variance of the truncated law.
    var moments: (mean: Double, variance: Double) {
        GSLRuntime.prepare()
        if alpha > Self.continuedFractionThreshold {
            // Laplace's continued fraction Q/phi = 1/(a + 1/(a + 2/(a + 3/(a + ...)))).
            // With C_j = j / (a + C_{j+1}) the hazard is a + C_1, so E[Z - a | Z > a] = C_1
            // exactly, and Var[Z | Z > a] = 1 - (a + C_1) C_1 = (C_2 - C_1) / (a + C_2), both
            // free of cancellation. Since location + scale * a = 0, the mean is scale * C_1.
            var tail = 0.0
            var first = 0.0
            var second = 0.0
            for j in stride(from: Self.continuedFractionDepth, through: 1, by: -1) {
                tail = Double(j) / (alpha + tail)
                if j == 2 { second = tail }
                if j == 1 { first = tail }
            }
            return (scale * first, scale * scale * (second - first) / (alpha + second))
        }
        // Below -38 the truncation removes less than 1e-315 of the mass, and GSL's hazard
        // can overflow on the way to its result of ~0.
        let hazard = alpha < -38 ? 0 : gsl_sf_hazard(alpha)
        let mean = location + scale * hazard
        let variance = scale * scale * (1 + alpha * hazard - hazard * hazard)
        return (max(mean, 0), max(variance, 0))
    }

    /// Q(alpha + y) / Q(alpha) for y >= 0: the probability of exceeding x = scale * y given
    /// x >= 0. Taking the offset y = x / scale rather than z = (x - location) / scale avoids
    /// the cancellation in z - alpha that ruins the far tail (there x is ~ scale / alpha).
    private func survivalRatio(offset y: Double) -> Double {
        if alpha <= Self.farTail {
            return gsl_cdf_ugaussian_Q(alpha + y) / gsl_cdf_ugaussian_Q(alpha)
        }
        // Q(t) = phi(t) / h(t), so the ratio is exp(-(z^2 - a^2) / 2) h(a) / h(z), and
        // z^2 - a^2 = y (y + 2a).
        return exp(-0.5 * y * (y + 2 * alpha)) * gsl_sf_hazard(alpha) / gsl_sf_hazard(alpha + y)
    }

    func cdf(_ x: Double) -> Double {
        GSLRuntime.prepare()
        if x.isNaN { return .nan }
        if x < 0 { return 0 }
        if x == .infinity { return 1 }
        if alpha <= 0 {
            let z = (x - location) / scale
            if z <= 0 {
                // Both P values are small here; differencing them keeps relative accuracy.
                return (gsl_cdf_ugaussian_P(z) - gsl_cdf_ugaussian_P(alpha)) / gsl_cdf_ugaussian_Q(alpha)
            }
            return 1 - gsl_cdf_ugaussian_Q(z) / gsl_cdf_ugaussian_Q(alpha)
        }
        return min(max(1 - survivalRatio(offset: x / scale), 0), 1)
    }

    func pdf(_ x: Double) -> Double {
        GSLRuntime.prepare()
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return 0 }
        if alpha <= 0 {
            return gsl_ran_ugaussian_pdf((x - location) / scale) / (scale * gsl_cdf_ugaussian_Q(alpha))
        }
        // phi(z) / Q(a) = h(a) exp(-(z^2 - a^2) / 2): no underflowing Q(a).
        let y = x / scale
        return gsl_sf_hazard(alpha) * exp(-0.5 * y * (y + 2 * alpha)) / scale
    }

    /// Inverse cdf for p in (0, 1).
    func quantile(_ p: Double) -> Double {
        GSLRuntime.prepare()
        if alpha <= 0 {
            let lowerMass = gsl_cdf_ugaussian_P(alpha)
            let keptMass = gsl_cdf_ugaussian_Q(alpha)
            let target = lowerMass + p * keptMass
            // Above 1/2, work with the upper tail: 1 - target would cancel.
            let z = target <= 0.5
                ? gsl_cdf_ugaussian_Pinv(target) : -gsl_cdf_ugaussian_Pinv((1 - p) * keptMass)
            return max(location + scale * z, 0)
        }
        // For alpha > 0 the answer is x = scale * y with y = z - alpha small next to alpha,
        // so y is solved for directly rather than recovered from z by cancellation.
        let start: Double
        if alpha <= Self.farTail {
            start = max(-gsl_cdf_ugaussian_Pinv((1 - p) * gsl_cdf_ugaussian_Q(alpha)) - alpha, 0)
        } else {
            start = -log1p(-p) / alpha  // the exponential approximation of the far tail
        }
        return scale * offset(logSurvival: log1p(-p), start: start)
    }

    /// Solves Q(alpha + y) / Q(alpha) = exp(logSurvival) for the offset y >= 0 by Newton's
    /// method on g(y) = -y (y + 2 alpha) / 2 + log h(alpha) - log h(alpha + y) - logSurvival
    /// (that log-ratio, via Q = phi / h), whose derivative is -h(alpha + y). g is decreasing
    /// and concave, so once an iterate lands at or beyond the root the rest decrease to it.
    private func offset(logSurvival: Double, start: Double) -> Double {
        let logHazardAlpha = log(gsl_sf_hazard(alpha))
        var y = start
        for _ in 0..<100 {
            let hazard = gsl_sf_hazard(alpha + y)
            let g = -0.5 * y * (y + 2 * alpha) + logHazardAlpha - log(hazard) - logSurvival
            let step = g / hazard
            y = max(y + step, 0)
            if !(abs(step) > 4 * Double.ulpOfOne * y) { break }
        }
        return y
    }

    /// One draw. When at least Q(1) = 16% of the parent's mass is kept, plain rejection from
    /// the parent is cheap; otherwise inversion avoids an unbounded number of rejections and
    /// uses exactly one uniform.
    func sample(_ stream: RandomStream) -> Double {
        if alpha < 1 {
            while true {
                let x = location + scale * gsl_ran_ugaussian(stream.rng)
                if x >= 0 { return x }
            }
        }
        return quantile(stream.uniformPositive())
    }
}
