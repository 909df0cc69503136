/// Point forecasts and forecast-error variances of a fitted ETS model, by the classes of Hyndman,
/// Koehler, Ord & Snyder (2005) and Hyndman et al. (2008, ch. 6); FPP3 §8.7 and Table 8.8.
///
/// See ``FittedETS/forecast(horizon:)`` for which formula applies to which form.
struct ETSForecastVariance {
    /// The fitted model.
    let model: FittedETS

    /// Mean path and variances of one forecast.
    struct Path {
        var mean: [Double]
        var variance: [Double]
    }

    /// Computes the path.
    /// - Parameter horizon: steps ahead (≥ 1).
    /// - Returns: means and variances, one per step.
    /// - Complexity: O(h²) time, O(h) memory.
    func path(horizon: Int) -> Path {
        let spec = model.spec
        let m = spec.isSeasonal ? max(1, model.seasonLength) : 1
        let alpha = model.parameters.alpha
        let beta = model.parameters.beta ?? 0
        let gamma = model.parameters.gamma ?? 0
        let phi = model.parameters.phi ?? 1
        let sigma2 = max(0, model.innovationVariance)
        let level = model.finalState.level
        let trend = model.finalState.trend ?? 0
        let seasonal = model.finalState.seasonal

        // φₕ = φ + … + φʰ (h for an undamped trend, 0 without one), for h = 0…horizon.
        var phiSums = [Double](repeating: 0, count: horizon + 1)
        if spec.hasTrend {
            var power = 1.0
            for h in 1...horizon {
                power *= phi
                phiSums[h] = phiSums[h - 1] + (spec.trend == .additiveDamped ? power : 1)
            }
        }
        // Non-seasonal part μ̃ₕ = ℓ + φₕb, seasonal state sₕ, and the full mean μₕ.
        var core = [Double](repeating: 0, count: horizon + 1)
        var season = [Double](repeating: spec.season == .multiplicative ? 1 : 0, count: horizon + 1)
        var mean = [Double](repeating: 0, count: horizon)
        for h in 1...horizon {
            core[h] = level + phiSums[h] * trend
            if spec.isSeasonal && seasonal.count == m { season[h] = seasonal[(h - 1) % m] }
            switch spec.season {
            case .none: mean[h - 1] = core[h]
            case .additive: mean[h - 1] = core[h] + season[h]
            case .multiplicative: mean[h - 1] = core[h] * season[h]
            }
        }
        // cⱼ without the seasonal term, j = 1…horizon − 1 (index 0 unused).
        var c = [Double](repeating: 0, count: horizon)
        for j in 1..<horizon { c[j] = alpha + beta * phiSums[j] }
        func seasonalHit(_ j: Int) -> Double { spec.isSeasonal && j % m == 0 ? 1 : 0 }

        var variance = [Double](repeating: 0, count: horizon)
        switch (spec.error, spec.season) {
        case (.additive, .none), (.additive, .additive):
            // Class 1: σ²(1 + Σ cⱼ²), cumulative in h.
            var sum = 0.0
            for h in 1...horizon {
                if h > 1 {
                    let cj = c[h - 1] + gamma * seasonalHit(h - 1)
                    sum += cj * cj
                }
                variance[h - 1] = sigma2 * (1 + sum)
            }
        case (.multiplicative, .none), (.multiplicative, .additive):
            // Class 2: θₕ = μₕ² + σ² Σⱼ cⱼ² θₕ₋ⱼ, variance (1 + σ²)θₕ − μₕ².
            var cSquared = [Double](repeating: 0, count: horizon)
            for j in 1..<horizon {
                let cj = c[j] + gamma * seasonalHit(j)
                cSquared[j] = cj * cj
            }
            let muSquared = mean.map { $0 * $0 }
            let theta = Self.theta(meanSquared: muSquared, cSquared: cSquared, sigma2: sigma2)
            for h in 0..<horizon { variance[h] = (1 + sigma2) * theta[h] - muSquared[h] }
        case (.multiplicative, .multiplicative):
            // Class 3: the class-2 recursion on the non-seasonal part μ̃ (exact when γ = 0, where y/s is
            // an M,·,N model), with the seasonal update's effect γ·μ̃ₕ/μ̃ₕ₋ⱼ added to cⱼ at whole cycles
            // so the level–season covariance of a shared error is kept (first-order exact).
            let coreSquared = (1...horizon).map { core[$0] * core[$0] }
            var theta = [Double](repeating: 0, count: horizon)
            for h in 1...horizon {
                var sum = 0.0
                for j in 1..<h {
                    let source = h - j
                    let viaSeason = core[source] != 0 ? gamma * seasonalHit(j) * core[h] / core[source] : 0
                    let cj = c[j] + viaSeason
                    sum += cj * cj * theta[source - 1]
                }
                theta[h - 1] = coreSquared[h - 1] + sigma2 * sum
                let s = season[h]
                variance[h - 1] = s * s * ((1 + sigma2) * theta[h - 1] - coreSquared[h - 1])
            }
        case (.additive, .multiplicative):
            // Delta method: an error j steps before the target moves the level/trend by cⱼ·ε/s at its own
            // period (seen through the target's factor) and, every whole cycle, the target's seasonal
            // factor by γ·ε/μ̃ (seen through the target's μ̃).
            for h in 1...horizon {
                var sum = 0.0
                for j in 1..<h {
                    let source = h - j
                    let viaLevel = season[source] != 0 ? c[j] * season[h] / season[source] : 0
                    let viaSeason = core[source] != 0 ? gamma * seasonalHit(j) * core[h] / core[source] : 0
                    let coefficient = viaLevel + viaSeason
                    sum += coefficient * coefficient
                }
                variance[h - 1] = sigma2 * (1 + sum)
            }
        }
        for h in 0..<horizon where !(variance[h] >= 0) { variance[h] = 0 }
        return Path(mean: mean, variance: variance)
    }

    /// The class-2 second-moment recursion θₕ = μₕ² + σ² Σⱼ₌₁ʰ⁻¹ cⱼ² θₕ₋ⱼ (0-based arrays: entry h − 1).
    private static func theta(meanSquared: [Double], cSquared: [Double], sigma2: Double) -> [Double] {
        let horizon = meanSquared.count
        var theta = [Double](repeating: 0, count: horizon)
        for h in 1...horizon {
            var sum = 0.0
            for j in 1..<h { sum += cSquared[j] * theta[h - j - 1] }
            theta[h - 1] = meanSquared[h - 1] + sigma2 * sum
        }
        return theta
    }
}
