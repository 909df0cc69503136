extension Distribution {
    /// The expected value, in the law's units.
    ///
    /// For ``truncatedNormal(mean:sd:)`` this is the mean of the truncated law, not the
    /// parent's location.
    public var mean: Double {
        switch self {
        case let .poisson(mean), let .negativeBinomial(mean, _), let .gamma(mean, _), let .lognormal(mean, _):
            return mean
        case let .truncatedNormal(location, scale):
            return TruncatedNormalMath(location: location, scale: scale).moments.mean
        case let .uniform(low, high):
            // Halving first cannot overflow for finite bounds.
            return low / 2 + high / 2
        case let .uniformInteger(low, high):
            return Double(low) / 2 + Double(high) / 2
        case let .empirical(data):
            return data.populationMean
        case let .constant(value):
            return value
        }
    }

    /// The variance, in squared units of the law.
    public var variance: Double {
        switch self {
        case let .poisson(mean):
            return mean
        case let .negativeBinomial(mean, dispersion):
            return mean + mean * mean / dispersion
        case let .gamma(_, sd), let .lognormal(_, sd):
            return sd * sd
        case let .truncatedNormal(location, scale):
            return TruncatedNormalMath(location: location, scale: scale).moments.variance
        case let .uniform(low, high):
            return (high - low) * (high - low) / 12
        case let .uniformInteger(low, high):
            let count = Double(high) - Double(low) + 1
            return (count * count - 1) / 12
        case let .empirical(data):
            return data.populationVariance
        case .constant:
            return 0
        }
    }

    /// The standard deviation, in the law's units.
    public var standardDeviation: Double {
        variance.squareRoot()
    }

    /// Whether the law lives on the integers.
    ///
    /// True for poisson, negative binomial and uniform integer, for a constant with an
    /// integral value and for an empirical law whose values are all integers; these have a
    /// ``pmf(_:)``. False for the continuous laws, which have a ``pdf(_:)``.
    public var isDiscrete: Bool {
        switch self {
        case .poisson, .negativeBinomial, .uniformInteger:
            return true
        case .gamma, .lognormal, .truncatedNormal, .uniform:
            return false
        case let .empirical(data):
            return data.allIntegers
        case let .constant(value):
            return value.isFinite && value == value.rounded()
        }
    }

    /// Whether every possible value is >= 0.
    ///
    /// Always true for poisson, negative binomial, gamma, lognormal and truncated normal;
    /// depends on the parameters for uniform, uniform integer, empirical and constant.
    public var isNonNegative: Bool {
        switch self {
        case .poisson, .negativeBinomial, .gamma, .lognormal, .truncatedNormal:
            return true
        case let .uniform(low, _):
            return low >= 0
        case let .uniformInteger(low, _):
            return low >= 0
        case let .empirical(data):
            return (data.sorted.first ?? 0) >= 0
        case let .constant(value):
            return value >= 0
        }
    }
}
