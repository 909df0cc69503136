extension DiscretePMF {
    /// The law of whole units as the simulator makes them from a draw of `law`: discrete laws as they
    /// are, continuous ones rounded to the nearest unit, `P(round(X) = k) = F(k + ½) − F(k − ½)`.
    /// - Parameters:
    ///   - law: the law of one draw (nonnegative).
    ///   - tailTolerance: upper-tail probability that may be left out of the table.
    /// - Returns: the pmf of the rounded draw, renormalised over the table.
    /// - Throws: `DistributionError` when the law is invalid or too wide for a table (more than about
    ///   five million units).
    /// - Complexity: O(support).
    public static func roundedDraws(of law: Distribution, tailTolerance: Double = 1e-12) throws -> DiscretePMF {
        try law.validate()
        if law.isDiscrete {
            guard let vector = law.pmfVector(tailTolerance: tailTolerance) else {
                throw DistributionError("the law \(law) is too wide for a probability table")
            }
            return DiscretePMF(unnormalized: vector)
        }
        let top = law.quantile(1 - tailTolerance)
        guard top.isFinite, top < 5_000_000 else { throw DistributionError("the law \(law) is too wide for a probability table") }
        let n = Int(top.rounded(.up)) + 1
        var probabilities = [Double](repeating: 0, count: n + 1)
        var previous = 0.0
        for k in 0...n {
            let upper = law.cdf(Double(k) + 0.5)
            probabilities[k] = max(0, upper - previous)
            previous = upper
        }
        guard probabilities.contains(where: { $0 > 0 }) else { throw DistributionError("the law \(law) has no mass on 0…\(n)") }
        return DiscretePMF(unnormalized: probabilities)
    }
}
