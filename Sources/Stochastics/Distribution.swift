internal import _CGSL
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A probability law for demand per period (units), order sizes (units) or lead times (days).
///
/// The unit of every parameter, sample and moment is the unit of the quantity modelled;
/// the law itself is unit-agnostic. Build a value, call ``validate()`` once (typically when a
/// scenario is loaded), then sample freely.
public enum Distribution: Sendable, Equatable {
    /// Poisson with the given mean (>= 0; 0 is the point mass at 0).
    case poisson(mean: Double)
    /// Negative binomial with mean m >= 0 and dispersion k > 0 (GSL's n):
    /// variance = m + m^2 / k, so it tends to the Poisson as k grows.
    /// In GSL's parametrisation p = k / (k + m) and n = k.
    case negativeBinomial(mean: Double, dispersion: Double)
    /// Gamma with the given mean (> 0) and standard deviation (> 0):
    /// shape = (mean / sd)^2, scale = sd^2 / mean.
    case gamma(mean: Double, sd: Double)
    /// Lognormal parametrised by the mean (> 0) and standard deviation (> 0) of the
    /// variable itself, not of its logarithm.
    case lognormal(mean: Double, sd: Double)
    /// A normal with location `mean` and scale `sd` truncated to x >= 0.
    ///
    /// The parameters are the parent normal's (so `mean` may be negative); ``mean`` and
    /// ``variance`` of the `Distribution` return the moments of the truncated law.
    case truncatedNormal(mean: Double, sd: Double)
    /// Continuous uniform on [low, high), low < high.
    case uniform(low: Double, high: Double)
    /// Discrete uniform on the integers low...high (inclusive), low <= high.
    case uniformInteger(low: Int, high: Int)
    /// Resampling of observed values with equal weights.
    case empirical(Empirical)
    /// Always the given value.
    case constant(Double)

    /// Checks the parameters.
    ///
    /// Run this when a law is built from user input; the other members assume valid
    /// parameters (they never trap on invalid ones, but may return NaN or nonsense).
    /// - Throws: ``DistributionError`` naming the first invalid parameter, what is allowed,
    ///   and the value given.
    public func validate() throws {
        switch self {
        case let .poisson(mean):
            try Self.require(mean.isFinite && mean >= 0, "Poisson mean must be a finite number >= 0, but it is \(mean).")
        case let .negativeBinomial(mean, dispersion):
            try Self.require(mean.isFinite && mean >= 0, "Negative binomial mean must be a finite number >= 0, but it is \(mean).")
            try Self.require(
                dispersion.isFinite && dispersion > 0,
                "Negative binomial dispersion must be a finite number > 0 (use a Poisson law for infinite dispersion), but it is \(dispersion).")
            try Self.require(
                Self.negativeBinomialP(mean: mean, dispersion: dispersion) > 0,
                "Negative binomial dispersion \(dispersion) is too small relative to the mean \(mean): dispersion / (dispersion + mean) underflows to 0.")
        case let .gamma(mean, sd):
            try Self.require(mean.isFinite && mean > 0, "Gamma mean must be a finite number > 0, but it is \(mean).")
            try Self.require(sd.isFinite && sd > 0, "Gamma sd must be a finite number > 0, but it is \(sd).")
            let (shape, scale) = Self.gammaParameters(mean: mean, sd: sd)
            try Self.require(
                shape.isNormal && scale.isNormal,
                "Gamma mean \(mean) and sd \(sd) must give a representable shape (mean / sd)^2 and scale sd^2 / mean, but they give shape \(shape) and scale \(scale).")
        case let .lognormal(mean, sd):
            try Self.require(mean.isFinite && mean > 0, "Lognormal mean must be a finite number > 0, but it is \(mean).")
            try Self.require(sd.isFinite && sd > 0, "Lognormal sd must be a finite number > 0, but it is \(sd).")
            let (zeta, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
            try Self.require(
                zeta.isFinite && sigma.isNormal,
                "Lognormal mean \(mean) and sd \(sd) must give a finite log-scale location and a positive log-scale sd, but they give \(zeta) and \(sigma).")
        case let .truncatedNormal(mean, sd):
            try Self.require(
                mean.isFinite,
                "Truncated normal mean (the parent normal's location, which may be negative) must be a finite number, but it is \(mean).")
            try Self.require(sd.isFinite && sd > 0, "Truncated normal sd must be a finite number > 0, but it is \(sd).")
            try Self.require(
                (mean / sd).isFinite,
                "Truncated normal mean / sd must be a finite number, but \(mean) / \(sd) overflows.")
        case let .uniform(low, high):
            try Self.require(low.isFinite, "Uniform low must be a finite number, but it is \(low).")
            try Self.require(high.isFinite, "Uniform high must be a finite number, but it is \(high).")
            try Self.require(low < high, "Uniform low must be less than high, but low is \(low) and high is \(high).")
            try Self.require(
                (high - low).isFinite, "Uniform high - low must be a finite number, but \(high) - \(low) overflows.")
        case let .uniformInteger(low, high):
            try Self.require(
                low <= high, "Uniform integer low must be less than or equal to high, but low is \(low) and high is \(high).")
            try Self.require(
                Self.integerRangeCount(low: low, high: high) != nil,
                "Uniform integer range \(low)...\(high) must contain at most \(Int.max) values.")
        case let .empirical(data):
            // Empirical.init already enforces this; re-checked in case that ever changes.
            try Self.require(!data.values.isEmpty, "Empirical values must contain at least one observation, but the list is empty.")
            if let index = data.values.firstIndex(where: { !$0.isFinite }) {
                throw DistributionError(
                    "Empirical values must all be finite numbers, but the value at index \(index) is \(data.values[index]).")
            }
        case let .constant(value):
            try Self.require(value.isFinite, "Constant value must be a finite number, but it is \(value).")
        }
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw DistributionError(message()) }
    }

    /// high - low + 1, or nil when that exceeds `Int.max` (or low > high).
    internal static func integerRangeCount(low: Int, high: Int) -> Int? {
        let (difference, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, difference >= 0, difference < Int.max else { return nil }
        return difference + 1
    }

    /// Draws one value.
    ///
    /// Discrete laws return an integer-valued `Double`. Invalid parameters give NaN (or, for
    /// the integer laws, the lower bound) instead of trapping; call ``validate()`` first.
    /// - Parameter stream: The generator to consume; how many numbers a draw uses depends on
    ///   the law (one for exponential-like inversions, a variable number for rejection).
    /// - Returns: A value in the law's units.
    public func sample(using stream: RandomStream) -> Double {
        switch self {
        case let .poisson(mean):
            guard mean >= 0, mean.isFinite else { return .nan }
            return Double(stream.poisson(mean: mean))

        case let .negativeBinomial(mean, dispersion):
            guard mean >= 0, mean.isFinite, dispersion > 0, dispersion.isFinite else { return .nan }
            // The same gamma-Poisson mixture as gsl_ran_negative_binomial (a Gamma(n, 1) draw
            // times (1 - p) / p as the Poisson mean), spelled out because GSL's 32-bit Poisson
            // count wraps when a small dispersion yields a huge gamma draw, which
            // RandomStream.poisson handles. mean / k is also more accurate than (1 - p) / p.
            let intensity = gsl_ran_gamma(stream.rng, dispersion, 1.0) * (mean / dispersion)
            return Double(stream.poisson(mean: intensity))

        case let .gamma(mean, sd):
            // An invalid shape can make GSL's gamma sampler recurse without end.
            guard mean > 0, mean.isFinite, sd > 0, sd.isFinite else { return .nan }
            let shape = (mean / sd) * (mean / sd)
            return gsl_ran_gamma(stream.rng, shape, sd * sd / mean)

        case let .lognormal(mean, sd):
            guard mean > 0, mean.isFinite, sd > 0, sd.isFinite else { return .nan }
            let (zeta, sigma) = Self.lognormalParameters(mean: mean, sd: sd)
            return gsl_ran_lognormal(stream.rng, zeta, sigma)

        case let .truncatedNormal(mean, sd):
            guard mean.isFinite, sd > 0, sd.isFinite else { return .nan }
            return TruncatedNormalMath(location: mean, scale: sd).sample(stream)

        case let .uniform(low, high):
            return gsl_ran_flat(stream.rng, low, high)

        case let .uniformInteger(low, high):
            guard let count = Self.integerRangeCount(low: low, high: high) else { return Double(low) }
            return Double(low + stream.uniformInt(below: count))

        case let .empirical(data):
            guard !data.values.isEmpty else { return .nan }
            return data.values[stream.uniformInt(below: data.values.count)]

        case let .constant(value):
            return value
        }
    }

    /// (zeta, sigma) of the underlying normal for a lognormal with the given mean and sd:
    /// sigma^2 = log(1 + (sd / mean)^2), zeta = log(mean) - sigma^2 / 2.
    internal static func lognormalParameters(mean: Double, sd: Double) -> (zeta: Double, sigma: Double) {
        let cv = sd / mean
        // log1p keeps sigma accurate for small coefficients of variation.
        let sigmaSquared = (cv * cv).isFinite ? log1p(cv * cv) : 2 * log(cv)
        return (log(mean) - sigmaSquared / 2, sigmaSquared.squareRoot())
    }

    /// GSL's negative binomial success probability p = k / (k + m).
    internal static func negativeBinomialP(mean: Double, dispersion: Double) -> Double {
        dispersion / (dispersion + mean)
    }
}
