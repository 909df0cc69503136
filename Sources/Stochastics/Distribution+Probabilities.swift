internal import _CGSL
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension Distribution {
    /// Most entries ``pmfVector(tailTolerance:)`` will produce (80 MB of `Double`s).
    internal static let pmfVectorLimit = 10_000_000

    /// GSL's discrete cdf routines take `unsigned int` counts.
    private static let largestGSLCount = Double(UInt32.max)

    /// P(X = k).
    ///
    /// - Parameter k: The value, in the law's units.
    /// - Returns: The probability for discrete laws (see ``isDiscrete``); nil for continuous
    ///   laws, and also for a constant or empirical law taking non-integer values, which
    ///   have neither an integer pmf nor a density.
    public func pmf(_ k: Int) -> Double? {
        GSLRuntime.prepare()
        guard isDiscrete else { return nil }
        let x = Double(k)
        switch self {
        case let .poisson(mean):
            if k < 0 { return 0 }
            if mean == 0 { return k == 0 ? 1 : 0 }
            // Not gsl_ran_poisson_pdf: see SaddlePoint for its accuracy at large means.
            return SaddlePoint.poisson(x, mean: mean)

        case let .negativeBinomial(mean, dispersion):
            if k < 0 { return 0 }
            if mean == 0 { return k == 0 ? 1 : 0 }
            return SaddlePoint.negativeBinomial(x, mean: mean, dispersion: dispersion)

        case let .uniformInteger(low, high):
            guard k >= low, k <= high else { return 0 }
            return 1 / (Double(high) - Double(low) + 1)

        case let .empirical(data):
            return Double(data.countAtMost(x) - data.countBelow(x)) / Double(data.count)

        case let .constant(value):
            return value == x ? 1 : 0

        case .gamma, .lognormal, .truncatedNormal, .uniform:
            return nil
        }
    }

    /// The probability density at `x`, per unit of the law's units.
    ///
    /// - Parameter x: The point, in the law's units.
    /// - Returns: The density for continuous laws (0 outside the support); nil for discrete
    ///   laws, and for constant or empirical laws with non-integer values (atoms have no
    ///   density).
    public func pdf(_ x: Double) -> Double? {
        GSLRuntime.prepare()
        switch self {
        case let .gamma(mean, sd):
            if x < 0 { return 0 }
            let (shape, scale) = Self.gammaParameters(mean: mean, sd: sd)
            return gsl_ran_gamma_pdf(x, shape, scale)

        case let .lognormal(mean, sd):
            if x <= 0 { return 0 }
            let (zeta, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
            return gsl_ran_lognormal_pdf(x, zeta, sigma)

        case let .truncatedNormal(mean, sd):
            return TruncatedNormalMath(location: mean, scale: sd).pdf(x)

        case let .uniform(low, high):
            return gsl_ran_flat_pdf(x, low, high)

        case .poisson, .negativeBinomial, .uniformInteger, .empirical, .constant:
            return nil
        }
    }

    /// P(X <= x).
    ///
    /// - Parameter x: The point, in the law's units (any real; discrete laws use floor(x)).
    /// - Returns: A probability in [0, 1]; NaN if `x` is NaN.
    public func cdf(_ x: Double) -> Double {
        GSLRuntime.prepare()
        if x.isNaN { return .nan }
        switch self {
        case let .poisson(mean):
            if x < 0 { return 0 }
            if mean == 0 || x == .infinity { return 1 }
            return Self.poissonCDF(x.rounded(.down), mean: mean)

        case let .negativeBinomial(mean, dispersion):
            if x < 0 { return 0 }
            if mean == 0 || x == .infinity { return 1 }
            return Self.negativeBinomialCDF(x.rounded(.down), mean: mean, dispersion: dispersion)

        case let .gamma(mean, sd):
            if x <= 0 { return 0 }
            let (shape, scale) = Self.gammaParameters(mean: mean, sd: sd)
            return gsl_cdf_gamma_P(x, shape, scale)

        case let .lognormal(mean, sd):
            if x <= 0 { return 0 }
            let (zeta, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
            return gsl_cdf_lognormal_P(x, zeta, sigma)

        case let .truncatedNormal(mean, sd):
            return TruncatedNormalMath(location: mean, scale: sd).cdf(x)

        case let .uniform(low, high):
            return gsl_cdf_flat_P(x, low, high)

        case let .uniformInteger(low, high):
            let below = x.rounded(.down) - Double(low) + 1
            return min(max(below / (Double(high) - Double(low) + 1), 0), 1)

        case let .empirical(data):
            return data.cdf(x)

        case let .constant(value):
            return x >= value ? 1 : 0
        }
    }

    /// The smallest x with cdf(x) >= p.
    ///
    /// Discrete laws return an integer-valued `Double`, found exactly (so cdf(q) >= p and
    /// cdf(q - 1) < p); continuous laws return the inverse cdf.
    /// - Parameter p: A probability. p <= 0 gives the lower end of the support; p >= 1
    ///   gives the upper end, which is +infinity for unbounded laws; NaN gives NaN.
    /// - Returns: A value in the law's units.
    public func quantile(_ p: Double) -> Double {
        GSLRuntime.prepare()
        if p.isNaN { return .nan }
        switch self {
        case let .poisson(mean):
            if p <= 0 || mean == 0 { return 0 }
            if p >= 1 { return .infinity }
            let start = mean + gsl_cdf_ugaussian_Pinv(p) * mean.squareRoot()
            return QuantileSearch.discrete(p, lowerBound: 0, start: start) {
                Self.poissonCDF($0, mean: mean)
            }

        case let .negativeBinomial(mean, dispersion):
            if p <= 0 || mean == 0 { return 0 }
            if p >= 1 { return .infinity }
            let sd = (mean + mean * mean / dispersion).squareRoot()
            let start = mean + gsl_cdf_ugaussian_Pinv(p) * sd
            return QuantileSearch.discrete(p, lowerBound: 0, start: start) {
                Self.negativeBinomialCDF($0, mean: mean, dispersion: dispersion)
            }

        case let .gamma(mean, sd):
            if p <= 0 { return 0 }
            if p >= 1 { return .infinity }
            let (shape, scale) = Self.gammaParameters(mean: mean, sd: sd)
            let cdf = { (x: Double) in x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale) }
            let guess = gsl_cdf_gamma_Pinv(p, shape, scale)
            // GSL stops its Newton iteration at a relative cdf error of about 1e-10 and gives
            // NaN when it fails to converge (extreme shapes); bisect on the cdf in that case.
            if guess.isFinite, abs(cdf(guess) - p) <= 1e-12 {
                return QuantileSearch.reaching(p, from: guess, cdf: cdf)
            }
            return QuantileSearch.continuous(p, lowerBound: 0, start: guess.isFinite ? guess : mean, cdf: cdf)

        case let .lognormal(mean, sd):
            if p <= 0 { return 0 }
            if p >= 1 { return .infinity }
            let (zeta, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
            return QuantileSearch.reaching(p, from: gsl_cdf_lognormal_Pinv(p, zeta, sigma)) {
                $0 <= 0 ? 0 : gsl_cdf_lognormal_P($0, zeta, sigma)
            }

        case let .truncatedNormal(mean, sd):
            if p <= 0 { return 0 }
            if p >= 1 { return .infinity }
            let law = TruncatedNormalMath(location: mean, scale: sd)
            return QuantileSearch.reaching(p, from: law.quantile(p)) { law.cdf($0) }

        case let .uniform(low, high):
            if p <= 0 { return low }
            if p >= 1 { return high }
            return QuantileSearch.reaching(p, from: gsl_cdf_flat_Pinv(p, low, high)) {
                gsl_cdf_flat_P($0, low, high)
            }

        case let .uniformInteger(low, high):
            if p <= 0 { return Double(low) }
            if p >= 1 { return Double(high) }
            let count = Double(high) - Double(low) + 1
            let start = Double(low) + (p * count).rounded(.up) - 1
            return QuantileSearch.discrete(p, lowerBound: Double(low), upperBound: Double(high), start: start) {
                cdf($0)
            }

        case let .empirical(data):
            if p <= 0 { return data.sorted.first ?? .nan }
            if p >= 1 { return data.sorted.last ?? .nan }
            return data.quantile(p)

        case let .constant(value):
            return value
        }
    }

    /// The probabilities P(X = 0), P(X = 1), ..., P(X = K), for exact optimisers.
    ///
    /// K is the first k at which the entries so far add up to at least 1 - tailTolerance.
    /// The running total is kept with compensated (Neumaier) summation: a long tail holds
    /// much of its mass in terms below half an ulp of 1, which a plain running sum drops.
    /// A plain sum of the result may therefore fall short of 1 - tailTolerance by about
    /// count x 1e-16. If rounding in the individual probabilities keeps the total from ever
    /// getting there (a tolerance near 1e-16 or 0), the vector instead stops once the exact
    /// upper tail P(X > K) is below tailTolerance / 1000 (or the support ends).
    /// - Parameter tailTolerance: Probability mass that may be left out of the upper tail
    ///   (negative values count as 0, NaN as the default).
    /// - Returns: nil for laws that are not discrete and nonnegative (see ``isDiscrete`` and
    ///   ``isNonNegative``), for invalid parameters, and when more than 10 million entries
    ///   would be needed.
    public func pmfVector(tailTolerance: Double = 1e-12) -> [Double]? {
        GSLRuntime.prepare()
        // Invalid parameters would make the probabilities NaN, and the loop below would then
        // run all the way to the length limit.
        guard isDiscrete, isNonNegative, (try? validate()) != nil else { return nil }
        let tolerance = tailTolerance.isNaN ? 1e-12 : max(tailTolerance, 0)
        let target = 1 - tolerance
        // The quantile is a cheap lower bound on the length, so hopeless requests fail fast
        // instead of after filling 10 million entries.
        let lengthEstimate = quantile(min(target, 1 - 1e-15))
        guard lengthEstimate < Double(Self.pmfVectorLimit) else { return nil }

        var result: [Double] = []
        result.reserveCapacity(Int(lengthEstimate) + 1)
        var total = CompensatedSum()
        var k = 0
        switch self {
        case let .poisson(mean), let .negativeBinomial(mean, _):
            if mean == 0 { return [1] }
            while result.count < Self.pmfVectorLimit {
                let probability = pmf(k) ?? 0
                result.append(probability)
                total.add(probability)
                if total.value >= target { return result }
                // The exact tail is checked only now and then: it costs an incomplete
                // gamma or beta function, and is only a guard against a stalled total.
                if k % 64 == 63, upperTail(Double(k)) <= tolerance / 1000 { return result }
                k += 1
            }
            return nil

        case .uniformInteger, .empirical, .constant:
            // Finite support, whose top (below the limit, as checked above) ends the vector.
            let top = Int(quantile(1))
            while k <= top {
                let probability = pmf(k) ?? 0
                result.append(probability)
                total.add(probability)
                if total.value >= target { break }
                k += 1
            }
            return result

        case .gamma, .lognormal, .truncatedNormal, .uniform:
            return nil
        }
    }

    /// P(X > k) for the unbounded discrete laws, accurate deep in the tail.
    private func upperTail(_ k: Double) -> Double {
        switch self {
        case let .poisson(mean):
            return k <= Self.largestGSLCount ? gsl_cdf_poisson_Q(UInt32(k), mean) : gsl_cdf_gamma_P(mean, k + 1, 1)
        case let .negativeBinomial(mean, dispersion):
            let p = Self.negativeBinomialP(mean: mean, dispersion: dispersion)
            return k <= Self.largestGSLCount
                ? gsl_cdf_negative_binomial_Q(UInt32(k), p, dispersion)
                : gsl_cdf_beta_Q(p, dispersion, k + 1)
        default:
            return 1 - cdf(k)
        }
    }

    /// Poisson P(X <= k) for an integer-valued k >= 0 and mean > 0.
    /// Beyond GSL's 32-bit counts, uses the identity GSL itself uses: Q(k + 1, mean).
    private static func poissonCDF(_ k: Double, mean: Double) -> Double {
        if k < 0 { return 0 }
        if k <= largestGSLCount { return gsl_cdf_poisson_P(UInt32(k), mean) }
        return gsl_cdf_gamma_Q(mean, k + 1, 1)
    }

    /// Negative binomial P(X <= k) for an integer-valued k >= 0 and mean > 0.
    /// Beyond GSL's 32-bit counts, uses the identity GSL itself uses: I_p(n, k + 1).
    private static func negativeBinomialCDF(_ k: Double, mean: Double, dispersion: Double) -> Double {
        if k < 0 { return 0 }
        let p = negativeBinomialP(mean: mean, dispersion: dispersion)
        if k <= largestGSLCount { return gsl_cdf_negative_binomial_P(UInt32(k), p, dispersion) }
        return gsl_cdf_beta_P(p, dispersion, k + 1)
    }

    /// GSL's (shape a, scale b) for a gamma with the given mean and sd.
    internal static func gammaParameters(mean: Double, sd: Double) -> (shape: Double, scale: Double) {
        ((mean / sd) * (mean / sd), sd * sd / mean)
    }
}
