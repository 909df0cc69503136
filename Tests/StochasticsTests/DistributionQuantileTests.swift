import Testing
@testable import Stochastics

/// A named law, so parameterised test output says which one failed.
struct NamedLaw: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    var testDescription: String { name }
}

/// cdf / quantile consistency, pmf normalisation and pmfVector coverage.
@Suite("Distribution quantiles and probability functions")
struct DistributionQuantileTests {
    static let probabilities = [0.01, 0.1, 0.5, 0.9, 0.99]

    static var discreteLaws: [NamedLaw] {
        var laws: [NamedLaw] = [
            NamedLaw(name: "poisson(6)", distribution: .poisson(mean: 6)),
            NamedLaw(name: "poisson(0.05)", distribution: .poisson(mean: 0.05)),
            NamedLaw(name: "poisson(2500)", distribution: .poisson(mean: 2_500)),
            NamedLaw(name: "negativeBinomial(10, 2)", distribution: .negativeBinomial(mean: 10, dispersion: 2)),
            // Very overdispersed: the normal-approximation start is far off, so this
            // exercises the bracketing.
            NamedLaw(name: "negativeBinomial(3, 0.05)", distribution: .negativeBinomial(mean: 3, dispersion: 0.05)),
            NamedLaw(name: "negativeBinomial(50, 1e6)", distribution: .negativeBinomial(mean: 50, dispersion: 1e6)),
            NamedLaw(name: "uniformInteger(-3, 12)", distribution: .uniformInteger(low: -3, high: 12)),
            NamedLaw(name: "uniformInteger(5, 5)", distribution: .uniformInteger(low: 5, high: 5)),
            NamedLaw(name: "constant(4)", distribution: .constant(4)),
        ]
        if let data = try? Empirical(values: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]) {
            laws.append(NamedLaw(name: "empirical integers", distribution: .empirical(data)))
        }
        return laws
    }

    static var continuousLaws: [NamedLaw] {
        var laws: [NamedLaw] = [
            NamedLaw(name: "gamma(5, 2)", distribution: .gamma(mean: 5, sd: 2)),
            NamedLaw(name: "gamma(1, 3)", distribution: .gamma(mean: 1, sd: 3)),
            NamedLaw(name: "gamma(1000, 1)", distribution: .gamma(mean: 1_000, sd: 1)),
            NamedLaw(name: "lognormal(10, 3)", distribution: .lognormal(mean: 10, sd: 3)),
            NamedLaw(name: "lognormal(2, 20)", distribution: .lognormal(mean: 2, sd: 20)),
            NamedLaw(name: "truncatedNormal(2, 3)", distribution: .truncatedNormal(mean: 2, sd: 3)),
            NamedLaw(name: "truncatedNormal(100, 10)", distribution: .truncatedNormal(mean: 100, sd: 10)),
            NamedLaw(name: "truncatedNormal(-3, 2)", distribution: .truncatedNormal(mean: -3, sd: 2)),
            NamedLaw(name: "truncatedNormal(-40, 1)", distribution: .truncatedNormal(mean: -40, sd: 1)),
            NamedLaw(name: "truncatedNormal(-1e4, 1)", distribution: .truncatedNormal(mean: -1e4, sd: 1)),
            NamedLaw(name: "uniform(2, 7)", distribution: .uniform(low: 2, high: 7)),
            NamedLaw(name: "uniform(-1, 0.5)", distribution: .uniform(low: -1, high: 0.5)),
        ]
        if let data = try? Empirical(values: [0.5, 2.25, -1.5, 2.25, 7.75]) {
            laws.append(NamedLaw(name: "empirical non-integers", distribution: .empirical(data)))
        }
        return laws
    }

    @Test("discrete quantile is the exact smallest k with cdf(k) >= p", arguments: discreteLaws)
    func discreteQuantileIsExact(_ law: NamedLaw) throws {
        let distribution = law.distribution
        try distribution.validate()
        #expect(distribution.isDiscrete)
        for p in Self.probabilities {
            let q = distribution.quantile(p)
            #expect(q == q.rounded(), "p = \(p): q = \(q) is not an integer")
            #expect(distribution.cdf(q) >= p, "p = \(p): cdf(\(q)) = \(distribution.cdf(q))")
            #expect(distribution.cdf(q - 1) < p, "p = \(p): cdf(\(q - 1)) = \(distribution.cdf(q - 1))")
        }
    }

    @Test("continuous quantile inverts the cdf", arguments: continuousLaws)
    func continuousQuantileInvertsCDF(_ law: NamedLaw) throws {
        let distribution = law.distribution
        try distribution.validate()
        for p in Self.probabilities {
            let q = distribution.quantile(p)
            let c = distribution.cdf(q)
            #expect(c >= p, "p = \(p): cdf(\(q)) = \(c)")
            // The non-integer empirical law is a step function, so only the discrete
            // property can hold for it; it is checked separately below.
            if case .empirical = distribution { continue }
            #expect(abs(c - p) < 1e-9, "p = \(p): cdf(\(q)) = \(c)")
        }
    }

    @Test func nonIntegerEmpiricalQuantileIsTheSmallestObservationReachingP() throws {
        let data = try Empirical(values: [0.5, 2.25, -1.5, 2.25, 7.75])
        let law = Distribution.empirical(data)
        #expect(!law.isDiscrete)
        #expect(law.pmf(2) == nil)
        #expect(law.pdf(2.25) == nil)
        // Sorted: -1.5, 0.5, 2.25, 2.25, 7.75 (cdf steps of 0.2).
        #expect(law.quantile(0.2) == -1.5)
        #expect(law.quantile(0.2000001) == 0.5)
        #expect(law.quantile(0.5) == 2.25)
        #expect(law.quantile(0.9) == 7.75)
        #expect(law.cdf(2.25) == 0.8)
        #expect(law.cdf(2.2) == 0.4)
    }

    @Test("quantile clamps p outside (0, 1) to the support bounds")
    func quantileClampsOutOfRangeProbabilities() throws {
        #expect(Distribution.poisson(mean: 6).quantile(0) == 0)
        #expect(Distribution.poisson(mean: 6).quantile(1) == .infinity)
        #expect(Distribution.poisson(mean: 6).quantile(-3) == 0)
        #expect(Distribution.gamma(mean: 5, sd: 2).quantile(1.5) == .infinity)
        #expect(Distribution.uniform(low: 2, high: 7).quantile(0) == 2)
        #expect(Distribution.uniform(low: 2, high: 7).quantile(1) == 7)
        #expect(Distribution.uniformInteger(low: -3, high: 12).quantile(0) == -3)
        #expect(Distribution.uniformInteger(low: -3, high: 12).quantile(2) == 12)
        let data = try Empirical(values: [4, 2, 9])
        #expect(Distribution.empirical(data).quantile(0) == 2)
        #expect(Distribution.empirical(data).quantile(1) == 9)
        #expect(Distribution.constant(4).quantile(1) == 4)
        #expect(Distribution.poisson(mean: 6).quantile(.nan).isNaN)
    }

    @Test("pmf sums to 1 over the support", arguments: discreteLaws)
    func pmfSumsToOne(_ law: NamedLaw) throws {
        let distribution = law.distribution
        let low = Int(distribution.quantile(0))
        let high = Int(distribution.quantile(1 - 1e-15))
        var total = 0.0
        for k in low...high {
            total += try #require(distribution.pmf(k))
        }
        #expect(abs(total - 1) < 1e-10, "sum = \(total)")
        #expect(distribution.pmf(low - 1) == 0)
    }

    @Test("pmfVector covers all but the tail tolerance", arguments: discreteLaws)
    func pmfVectorCoversTheMass(_ law: NamedLaw) throws {
        let distribution = law.distribution
        guard distribution.isNonNegative else {
            #expect(distribution.pmfVector() == nil)
            return
        }
        for tolerance in [1e-12, 1e-6] {
            let vector = try #require(distribution.pmfVector(tailTolerance: tolerance))
            // Plain summation, as a caller would do it: these supports are short enough
            // for rounding not to matter.
            #expect(vector.reduce(0, +) >= 1 - tolerance)
            // Minimal: without the last entry the tail left out would exceed the tolerance.
            #expect(neumaierSum(vector.dropLast()) < 1 - tolerance)
            for (k, probability) in vector.enumerated() {
                #expect(probability == distribution.pmf(k))
            }
        }
    }

    @Test("pmfVector with zero tolerance still terminates, at the exhausted tail")
    func pmfVectorWithZeroTolerance() throws {
        for law in [Distribution.poisson(mean: 6), .negativeBinomial(mean: 10, dispersion: 2)] {
            let vector = try #require(law.pmfVector(tailTolerance: 0))
            #expect(abs(vector.reduce(0, +) - 1) < 1e-13)
            #expect(vector.count < 10_000)
        }
        let large = try #require(Distribution.poisson(mean: 1e5).pmfVector())
        #expect(large.reduce(0, +) >= 1 - 1e-12)
        // scipy: poisson(1e5).isf(1e-12) = 102,233, so the vector should end at k = 102,233
        // (102,234 entries); isf(1.2e-12) = 102,224 and isf(0.8e-12) = 102,242 bracket it
        // allowing 20% slack for rounding in the 1e5 summed terms.
        #expect((102_225...102_243).contains(large.count), "count = \(large.count)")
    }

    @Test("pmfVector of a long, heavy tail counts the mass of terms below 1e-16")
    func pmfVectorHeavyTail() throws {
        // Dispersion 1e-4: P(0) = 0.99897 and the rest decays like 0.99997^k, so much of
        // the last 1e-12 lies in terms a plain running sum near 1 would drop.
        let law = Distribution.negativeBinomial(mean: 3, dispersion: 1e-4)
        let vector = try #require(law.pmfVector(tailTolerance: 1e-12))
        #expect(neumaierSum(vector) >= 1 - 1e-12)
        // The upper tail left out, from GSL's incomplete beta function, is within tolerance
        // (plus its ~1e-16 absolute error)...
        let lastK = Double(vector.count - 1)
        #expect(1 - law.cdf(lastK) <= 1e-12 + 1e-15)
        // ...and one entry fewer would not be.
        #expect(1 - law.cdf(lastK - 1) > 1e-12 - 1e-15)
    }

    @Test("pmfVector refuses hopeless lengths quickly")
    func pmfVectorLengthLimit() {
        #expect(Distribution.poisson(mean: 1e9).pmfVector() == nil)
        #expect(Distribution.negativeBinomial(mean: 1e6, dispersion: 1e-6).pmfVector() == nil)
        #expect(Distribution.uniformInteger(low: 0, high: 1 << 40).pmfVector() == nil)
        #expect(Distribution.poisson(mean: -1).pmfVector() == nil)
    }

    @Test("quantiles of integer ranges beyond 2^53 terminate")
    func hugeIntegerRangeQuantile() {
        let law = Distribution.uniformInteger(low: 0, high: 1 << 60)
        let median = law.quantile(0.5)
        #expect(abs(median / Double(1 << 59) - 1) < 1e-12)
        #expect(law.quantile(0.999) <= Double(1 << 60))
    }

    @Test func pmfVectorIsNilForContinuousOrSignedLaws() throws {
        #expect(Distribution.gamma(mean: 5, sd: 2).pmfVector() == nil)
        #expect(Distribution.uniformInteger(low: -1, high: 3).pmfVector() == nil)
        #expect(Distribution.constant(2.5).pmfVector() == nil)
        #expect(Distribution.poisson(mean: 0).pmfVector() == [1])
        #expect(Distribution.constant(3).pmfVector() == [0, 0, 0, 1])
    }

    @Test("pdf is the derivative of the cdf", arguments: continuousLaws.filter { law in
        if case .empirical = law.distribution { return false }
        return true
    })
    func pdfIsTheDerivativeOfTheCDF(_ law: NamedLaw) throws {
        // Central difference with h = 1e-4 min(x, sd): the relative truncation error
        // h^2 f'' / (6 f) is then ~1e-9 and the rounding error ~1e-16 / (h f) ~ 1e-11, both
        // well under the 1e-6 allowed.
        let distribution = law.distribution
        for p in [0.1, 0.5, 0.9] {
            let x = distribution.quantile(p)
            let h = 1e-4 * min(abs(x), distribution.standardDeviation)
            let slope = (distribution.cdf(x + h) - distribution.cdf(x - h)) / (2 * h)
            let density = try #require(distribution.pdf(x))
            #expect(abs(density - slope) <= 1e-6 * density, "p = \(p), x = \(x): pdf \(density), slope \(slope)")
        }
    }

    @Test func discreteLawsHaveNoDensityAndContinuousNoPMF() {
        #expect(Distribution.poisson(mean: 3).pdf(2) == nil)
        #expect(Distribution.gamma(mean: 3, sd: 1).pmf(2) == nil)
        #expect(Distribution.constant(2.5).pmf(2) == nil)
        #expect(Distribution.constant(2).pmf(2) == 1)
        #expect(Distribution.constant(2).pmf(3) == 0)
    }
}

/// Neumaier-compensated sum, so checks on long vectors are not at the mercy of rounding.
private func neumaierSum<S: Sequence>(_ values: S) -> Double where S.Element == Double {
    var sum = 0.0
    var compensation = 0.0
    for value in values {
        let next = sum + value
        compensation += abs(sum) >= abs(value) ? (sum - next) + value : (value - next) + sum
        sum = next
    }
    return sum + compensation
}
