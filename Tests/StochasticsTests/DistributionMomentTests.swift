import Testing
@testable import Stochastics

/// A law with its theoretical moments, computed independently of the library.
struct MomentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    let mean: Double
    let variance: Double
    let excessKurtosis: Double
    var testDescription: String { name }
}

/// Sample moments of 200,000 draws against theory, one fixed seed per law.
@Suite("Distribution moments")
struct DistributionMomentTests {
    static let sampleCount = 200_000

    static let empiricalValues: [Double] = [1, 2, 2, 3, 5, 8, 13, 21]

    static var cases: [MomentCase] {
        // Excess kurtosis from the standard formulas; the non-obvious ones were checked
        // with scipy.stats (`.stats('mvsk')`), and the truncated normals come from it.
        var result: [MomentCase] = [
            MomentCase(name: "poisson(6)", distribution: .poisson(mean: 6), mean: 6, variance: 6, excessKurtosis: 1.0 / 6),
            MomentCase(name: "poisson(0.3)", distribution: .poisson(mean: 0.3), mean: 0.3, variance: 0.3, excessKurtosis: 1 / 0.3),
            MomentCase(name: "poisson(40)", distribution: .poisson(mean: 40), mean: 40, variance: 40, excessKurtosis: 1.0 / 40),
            // q = m / k = 5: kappa2 = k q (1 + q) = 60, kappa4 = kappa2 (1 + 6q + 6q^2) = 10,860,
            // excess = kappa4 / kappa2^2 = 3.01667 (scipy nbinom(2, 1/6): 3.0166666666666666).
            MomentCase(
                name: "negativeBinomial(10, 2)", distribution: .negativeBinomial(mean: 10, dispersion: 2),
                mean: 10, variance: 60, excessKurtosis: 10_860.0 / 3_600),
            // shape a = (5 / 2)^2 = 6.25; excess = 6 / a.
            MomentCase(
                name: "gamma(5, 2)", distribution: .gamma(mean: 5, sd: 2), mean: 5, variance: 4, excessKurtosis: 6 / 6.25),
            // shape 0.25: checks GSL's a < 1 branch.
            MomentCase(
                name: "gamma(1, 2)", distribution: .gamma(mean: 1, sd: 2), mean: 1, variance: 4, excessKurtosis: 6 / 0.25),
            // w = exp(sigma^2) = 1 + (3/10)^2; excess = w^4 + 2 w^3 + 3 w^2 - 6 (scipy: 1.56593961).
            MomentCase(
                name: "lognormal(10, 3)", distribution: .lognormal(mean: 10, sd: 3), mean: 10, variance: 9,
                excessKurtosis: pow4(1.09) + 2 * 1.09 * 1.09 * 1.09 + 3 * 1.09 * 1.09 - 6),
            // scipy truncnorm(-2/3, inf, loc=2, scale=3).stats('mvsk'); rejection sampler.
            MomentCase(
                name: "truncatedNormal(2, 3)", distribution: .truncatedNormal(mean: 2, sd: 3),
                mean: 3.282052774994489, variance: 4.792235132139951, excessKurtosis: 0.23251445163763496),
            // scipy truncnorm(1.5, inf, loc=-3, scale=2); inversion sampler.
            MomentCase(
                name: "truncatedNormal(-3, 2)", distribution: .truncatedNormal(mean: -3, sd: 2),
                mean: 0.8773543332450866, variance: 0.5981863742008096, excessKurtosis: 2.5345540384904934),
            // Far tail (alpha = 40, log-space inversion): moments by mpmath quadrature of
            // y^k phi(40 + y) / Q(40) at 60 digits (scipy's truncnorm is inaccurate this far out).
            MomentCase(
                name: "truncatedNormal(-40, 1)", distribution: .truncatedNormal(mean: -40, sd: 1),
                mean: 0.024968847207263723, variance: 0.0006226683785913888, excessKurtosis: 5.970273558536826),
            // Continuous uniform: variance (b - a)^2 / 12, excess kurtosis -6/5.
            MomentCase(
                name: "uniform(2, 7)", distribution: .uniform(low: 2, high: 7), mean: 4.5, variance: 25.0 / 12,
                excessKurtosis: -1.2),
            // Discrete uniform on N = 10 points: variance (N^2 - 1) / 12,
            // excess = -6 (N^2 + 1) / (5 (N^2 - 1)) (scipy randint: -1.2242424).
            MomentCase(
                name: "uniformInteger(3, 12)", distribution: .uniformInteger(low: 3, high: 12), mean: 7.5,
                variance: 99.0 / 12, excessKurtosis: -6.0 * 101 / (5 * 99)),
        ]
        if let data = try? Empirical(values: empiricalValues) {
            let n = Double(empiricalValues.count)
            let mean = empiricalValues.reduce(0, +) / n
            let variance = empiricalValues.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
            let mu4 = empiricalValues.map { pow4($0 - mean) }.reduce(0, +) / n
            result.append(
                MomentCase(
                    name: "empirical", distribution: .empirical(data), mean: mean, variance: variance,
                    excessKurtosis: mu4 / (variance * variance) - 3))
        }
        return result
    }

    @Test("sample mean and variance within 4 standard errors", arguments: cases)
    func sampleMomentsMatchTheory(_ testCase: MomentCase) throws {
        try testCase.distribution.validate()
        let stream = RandomStream(seed: 20_240_601)
        let draws = (0..<Self.sampleCount).map { _ in testCase.distribution.sample(using: stream) }
        let sample = SampleMoments(draws)

        let meanTolerance = SampleMoments.meanTolerance(variance: testCase.variance, count: sample.count)
        #expect(abs(sample.mean - testCase.mean) <= meanTolerance, "sample mean \(sample.mean) vs \(testCase.mean)")

        let varianceTolerance = SampleMoments.varianceTolerance(
            variance: testCase.variance, excessKurtosis: testCase.excessKurtosis, count: sample.count)
        #expect(
            abs(sample.variance - testCase.variance) <= varianceTolerance,
            "sample variance \(sample.variance) vs \(testCase.variance)")

        if testCase.distribution.isNonNegative {
            #expect(draws.allSatisfy { $0 >= 0 })
        }
        if testCase.distribution.isDiscrete {
            #expect(draws.allSatisfy { $0 == $0.rounded() })
        }
    }

    @Test("theoretical mean and variance properties agree with the reference values", arguments: cases)
    func theoreticalMoments(_ testCase: MomentCase) {
        let law = testCase.distribution
        #expect(abs(law.mean - testCase.mean) <= 1e-12 * max(1, abs(testCase.mean)))
        #expect(abs(law.variance - testCase.variance) <= 1e-12 * max(1, testCase.variance))
        #expect(abs(law.standardDeviation - testCase.variance.squareRoot()) <= 1e-12 * max(1, testCase.variance))
    }

    @Test("every generator kind gives correct gamma moments", arguments: GeneratorKind.allCases)
    func generatorKindsAgree(_ kind: GeneratorKind) {
        // gamma(5, 2): shape 6.25, excess kurtosis 6 / 6.25; exercises the uniform and
        // gaussian primitives of each generator.
        let law = Distribution.gamma(mean: 5, sd: 2)
        let stream = RandomStream(seed: 8_675_309, kind: kind)
        let sample = SampleMoments((0..<Self.sampleCount).map { _ in law.sample(using: stream) })
        #expect(abs(sample.mean - 5) <= SampleMoments.meanTolerance(variance: 4, count: sample.count))
        #expect(
            abs(sample.variance - 4)
                <= SampleMoments.varianceTolerance(variance: 4, excessKurtosis: 6 / 6.25, count: sample.count))
    }

    @Test func constantAlwaysReturnsItsValue() {
        let law = Distribution.constant(4.5)
        let stream = RandomStream(seed: 3)
        #expect((0..<Self.sampleCount).allSatisfy { _ in law.sample(using: stream) == 4.5 })
        #expect(law.mean == 4.5)
        #expect(law.variance == 0)
    }

    @Test("far-tail truncated normals have stable moments")
    func farTailTruncatedNormalMoments() {
        // mpmath at 60 digits: mean = m + h(-m), var = 1 + a h - h^2 with a = -m.
        let law100 = Distribution.truncatedNormal(mean: -100, sd: 1)
        #expect(abs(law100.mean - 0.009998000999260705) <= 1e-15)
        #expect(abs(law100.variance - 0.00009994004994826345) <= 1e-17)
        let law1e4 = Distribution.truncatedNormal(mean: -1e4, sd: 1)
        #expect(abs(law1e4.mean / 0.0000999999980000001 - 1) <= 1e-12)
        #expect(abs(law1e4.variance / 9.99999940000005e-9 - 1) <= 1e-12)
        // Scaling: location and scale multiply through.
        let scaled = Distribution.truncatedNormal(mean: -400, sd: 10)
        #expect(abs(scaled.mean - 10 * 0.024968847207263723) <= 1e-13)
    }
}

private func pow4(_ x: Double) -> Double { x * x * x * x }
