/// The noise law around a mean — of a forecast, or of the simulator's demand on a day: one law for
/// both, so that what a forecaster fits is what the simulator draws.
///
/// ``fit(actuals:residuals:)`` chooses it from a model's in-sample errors (method of moments): Poisson
/// when the errors are no more variable than Poisson counts would be, negative binomial when counts are
/// over-dispersed, gamma for quantities that are not whole units.
public enum NoiseLaw: Sendable, Equatable, CustomStringConvertible {
    /// Poisson: variance = mean (e.g. many small independent customers).
    case poisson
    /// Negative binomial with dispersion k: variance = mean + mean²/k (over-dispersed sales).
    case negativeBinomial(dispersion: Double)
    /// Gamma with a constant coefficient of variation: standard deviation = cv × mean.
    case gamma(coefficientOfVariation: Double)

    /// Fits the law to a history and the model's one-step errors on it.
    /// - Parameters:
    ///   - actuals: observed values.
    ///   - residuals: actual − fitted for the same periods (`nan` where the model had none).
    /// - Returns: the law; Poisson when there is too little to go on.
    public static func fit(actuals: [Double], residuals: [Double]) -> NoiseLaw {
        let pairs = zip(actuals, residuals).filter { $0.0.isFinite && $0.1.isFinite }
        guard pairs.count >= 4 else { return .poisson }
        let fitted = pairs.map { max(0, $0.0 - $0.1) }
        let mean = fitted.reduce(0, +) / Double(fitted.count)
        let errors = pairs.map(\.1)
        let errorMean = errors.reduce(0, +) / Double(errors.count)
        let variance = errors.reduce(0) { $0 + ($1 - errorMean) * ($1 - errorMean) } / Double(errors.count - 1)
        guard mean > 0, variance.isFinite else { return .poisson }
        let wholeUnits = actuals.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        if !wholeUnits { return .gamma(coefficientOfVariation: max(1e-3, variance.squareRoot() / mean)) }
        if variance <= 1.1 * mean { return .poisson }
        return .negativeBinomial(dispersion: mean * mean / (variance - mean))
    }

    /// The law of one of `parts` equal independent parts of a period (e.g. a day of a week), such that
    /// the parts add up to this law.
    /// - Parameter parts: number of parts (7 for days of a week).
    /// - Returns: the per-part law.
    public func split(into parts: Int) -> NoiseLaw {
        let n = Double(max(1, parts))
        switch self {
        case .poisson: return .poisson
        case .negativeBinomial(let k): return .negativeBinomial(dispersion: k / n)
        case .gamma(let cv): return .gamma(coefficientOfVariation: cv * n.squareRoot())
        }
    }

    /// Standard deviation of a draw with mean `mean`.
    public func standardDeviation(mean: Double) -> Double {
        switch self {
        case .poisson: return mean.squareRoot()
        case .negativeBinomial(let k): return (mean + mean * mean / k).squareRoot()
        case .gamma(let cv): return cv * mean
        }
    }

    /// `poisson`, `negativeBinomial(k=…)`, `gamma(cv=…)`.
    public var description: String {
        switch self {
        case .poisson: return "poisson"
        case .negativeBinomial(let k): return "negativeBinomial(dispersion \((k * 100).rounded() / 100))"
        case .gamma(let cv): return "gamma(cv \((cv * 1000).rounded() / 1000))"
        }
    }

    /// A draw with the given mean (units; 0 for a mean that is not positive and finite).
    /// - Parameters:
    ///   - mean: the mean of the draw.
    ///   - stream: the random stream to draw from.
    public func sample(mean: Double, using stream: RandomStream) -> Double {
        guard mean > 0, mean.isFinite else { return 0 }
        switch self {
        case .poisson: return Double(stream.poisson(mean: mean))
        case .negativeBinomial(let k): return Distribution.negativeBinomial(mean: mean, dispersion: k).sample(using: stream)
        case .gamma(let cv): return Distribution.gamma(mean: mean, sd: cv * mean).sample(using: stream)
        }
    }
}

extension NoiseLaw {
    /// The law a draw with mean `mean` follows (what ``sample(mean:using:)`` draws from), or `nil` for
    /// a mean that is not positive and finite (the draw is then 0).
    /// - Parameter mean: the mean of the draw.
    /// - Returns: the distribution.
    public func distribution(mean: Double) -> Distribution? {
        guard mean > 0, mean.isFinite else { return nil }
        switch self {
        case .poisson: return .poisson(mean: mean)
        case .negativeBinomial(let k): return .negativeBinomial(mean: mean, dispersion: k)
        case .gamma(let cv): return .gamma(mean: mean, sd: cv * mean)
        }
    }

    /// The exact law of the whole units the simulator makes of one draw with mean `mean` (the draw
    /// rounded to the nearest unit): what a dynamic program over a day's demand needs.
    /// - Parameters:
    ///   - mean: the mean of the draw, units.
    ///   - tailTolerance: upper-tail probability that may be left out of the table.
    /// - Returns: the pmf (the point mass at 0 for a mean that is not positive).
    /// - Throws: `DistributionError` when the law is invalid or too wide for a table.
    /// - Complexity: O(support).
    public func unitPMF(mean: Double, tailTolerance: Double = 1e-12) throws -> DiscretePMF {
        guard let law = distribution(mean: mean) else {
            guard mean.isNaN == false, mean != .infinity else {
                throw DistributionError("the mean of a demand draw must be finite, got \(mean)")
            }
            return DiscretePMF(unnormalized: [1])
        }
        return try DiscretePMF.roundedDraws(of: law, tailTolerance: tailTolerance)
    }
}

extension NoiseLaw {
    /// The law of the sum of `parts` independent draws with equal means, as one draw with the summed
    /// mean (the inverse of ``split(into:)``): exact for Poisson and negative binomial; for gamma, exact
    /// for the continuous draws (the simulator rounds each day, so whole units differ slightly).
    /// - Parameter parts: number of draws (≥ 1).
    /// - Returns: the law of the sum.
    public func sum(of parts: Int) -> NoiseLaw {
        let n = Double(max(1, parts))
        switch self {
        case .poisson: return .poisson
        case .negativeBinomial(let k): return .negativeBinomial(dispersion: k * n)
        case .gamma(let cv): return .gamma(coefficientOfVariation: cv / n.squareRoot())
        }
    }

    /// Variance over mean of a draw with mean `mean`: 1 for Poisson, `1 + mean/k` for the negative
    /// binomial, `cv²·mean` for gamma.
    /// - Parameter mean: the mean of the draw (> 0).
    /// - Returns: the dispersion index.
    public func dispersionIndex(mean: Double) -> Double {
        switch self {
        case .poisson: return 1
        case .negativeBinomial(let k): return 1 + mean / k
        case .gamma(let cv): return cv * cv * mean
        }
    }
}
