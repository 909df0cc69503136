import Testing
@testable import Stochastics

/// Spot values computed independently with scipy 1.17 (`scipy.stats`) or mpmath.
@Suite("Distribution reference values")
struct DistributionReferenceTests {
    private func close(_ actual: Double?, _ expected: Double, relative: Double = 1e-12) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= relative * abs(expected)
    }

    @Test func poisson() {
        let law = Distribution.poisson(mean: 6)
        // stats.poisson(6).cdf(8), .pmf(3), .ppf([.01, .1, .5, .9, .99])
        #expect(close(law.cdf(8), 0.8472374939845612))
        #expect(close(law.cdf(8.7), 0.8472374939845612))
        #expect(close(law.pmf(3), 0.08923507835998894))
        #expect([0.01, 0.1, 0.5, 0.9, 0.99].map(law.quantile) == [1, 3, 6, 9, 12])
    }

    @Test("poisson pmf stays accurate at large means")
    func poissonPMFAccuracy() {
        // mpmath at 50 digits: exp(k log(m) - m - loggamma(k + 1)).
        let cases: [(k: Int, mean: Double, expected: Double)] = [
            (3, 6, 0.089235078359988903),
            (20, 6, 3.7250619470429507e-6),
            (1, 0.001, 0.00099900049983337501),
            (100_000, 1e5, 0.0012615652097053006),
            (101_000, 1e5, 8.59961239408931e-6),
        ]
        for c in cases {
            let law = Distribution.poisson(mean: c.mean)
            #expect(close(law.pmf(c.k), c.expected, relative: 1e-13), "k = \(c.k), m = \(c.mean)")
        }
        #expect(Distribution.poisson(mean: 1e5).pmf(0) == 0)  // 3.6e-43430 underflows
    }

    @Test func negativeBinomial() {
        // mean 10, dispersion 2 is scipy's nbinom(n = 2, p = 2 / 12).
        let law = Distribution.negativeBinomial(mean: 10, dispersion: 2)
        #expect(close(law.cdf(10), 0.6186673737323085))
        #expect(close(law.pmf(0), 0.02777777777777778))
        #expect(close(law.pmf(7), 0.06201814382970077))
        #expect(law.variance == 60)
    }

    @Test("negative binomial pmf stays accurate for extreme dispersions")
    func negativeBinomialPMFAccuracy() {
        // mpmath at 40-50 digits: exp(loggamma(k + n) - loggamma(n) - loggamma(k + 1)) p^n (1 - p)^k
        // with p = n / (n + m). GSL's own pdf is only good to ~1e-9 for n = 1e6.
        let cases: [(k: Int, mean: Double, dispersion: Double, expected: Double)] = [
            (0, 3, 0.05, 0.81420451858201803),
            (1, 3, 0.05, 0.040042845176164823),
            (40, 3, 0.05, 0.0006486440653752567),
            (50, 50, 1e6, 0.056323598252600519),
            (80, 50, 1e6, 2.2301115086997338e-5),
            (0, 50, 1e6, 1.9311622122756594e-22),
            (1000, 1000, 30, 0.0021470625548190558),
            (100_000, 1e5, 1e5, 0.00089206094299950989),
            (101_000, 1e5, 1e5, 7.3588816971458214e-5),
            (3, 3, 1e12, 0.22404180765505168),
            (10_000_000, 1_000, 1e-3, 4.553105112934973e-15),
            (1, 1e-8, 5, 9.999999880000001e-9),
        ]
        for c in cases {
            let law = Distribution.negativeBinomial(mean: c.mean, dispersion: c.dispersion)
            #expect(close(law.pmf(c.k), c.expected, relative: 1e-13), "k = \(c.k), m = \(c.mean), n = \(c.dispersion)")
        }
    }

    @Test func gamma() {
        // shape 6.25, scale 0.8: stats.gamma(6.25, scale=0.8)
        let law = Distribution.gamma(mean: 5, sd: 2)
        #expect(close(law.cdf(4), 0.34394163817569784))
        #expect(close(law.quantile(0.9), 7.672805801492004, relative: 1e-10))
        #expect(close(law.pdf(5), 0.19683140063936083))
    }

    @Test func lognormal() {
        // sigma^2 = log(1.09), zeta = log(10) - sigma^2 / 2:
        // stats.lognorm(s=sigma, scale=exp(zeta))
        let law = Distribution.lognormal(mean: 10, sd: 3)
        #expect(close(law.cdf(12), 0.7787119158486697))
        #expect(close(law.quantile(0.5), 9.578262852211514))
        #expect(close(law.quantile(0.95), 15.523579085443863, relative: 1e-10))
    }

    @Test func truncatedNormal() {
        // stats.truncnorm(-2/3, inf, loc=2, scale=3)
        let law = Distribution.truncatedNormal(mean: 2, sd: 3)
        #expect(close(law.mean, 3.282052774994489))
        #expect(close(law.variance, 4.792235132139951))
        #expect(close(law.cdf(1), 0.15645168578123977))
        #expect(close(law.pdf(1), 0.16828515506478192))
        #expect(close(law.quantile(0.9), 6.323883584652329, relative: 1e-10))
        #expect(law.cdf(-0.1) == 0)
        #expect(law.pdf(-0.1) == 0)

        // stats.truncnorm(1.5, inf, loc=-3, scale=2)
        let tail = Distribution.truncatedNormal(mean: -3, sd: 2)
        #expect(close(tail.cdf(1), 0.6594658731979527))
        #expect(close(tail.pdf(1), 0.40408043959144074))
        #expect(close(tail.quantile(0.9), 1.9479748348642065, relative: 1e-10))
    }

    @Test("truncating a normal far below its mean leaves the normal")
    func normalQuantile() {
        // stats.norm(100, 10).ppf(0.975); the truncation at 0 removes 1e-23 of the mass.
        let law = Distribution.truncatedNormal(mean: 100, sd: 10)
        #expect(close(law.quantile(0.975), 119.59963984540053))
        #expect(close(law.mean, 100))
        #expect(close(law.variance, 100))
    }

    @Test("truncated normal far in the tail: cdf at the mean")
    func farTailTruncatedNormal() {
        // mpmath, 60 digits: 1 - Q(z) / Q(a) at the truncated mean.
        let law40 = Distribution.truncatedNormal(mean: -40, sd: 1)
        #expect(close(law40.cdf(0.024968847207263723), 0.6320060787411767, relative: 1e-10))
        let law100 = Distribution.truncatedNormal(mean: -100, sd: 1)
        #expect(close(law100.cdf(0.009998000999260705), 0.6321021772610617, relative: 1e-10))
    }

    @Test func uniformLaws() {
        let flat = Distribution.uniform(low: 2, high: 7)
        #expect(flat.cdf(3) == 0.2)
        #expect(flat.pdf(3) == 0.2)
        #expect(flat.pdf(8) == 0)
        #expect(close(flat.quantile(0.5), 4.5))
        let integers = Distribution.uniformInteger(low: 3, high: 12)
        #expect(integers.pmf(3) == 0.1)
        #expect(integers.pmf(13) == 0)
        #expect(close(integers.cdf(5.5), 0.3))
        #expect(integers.quantile(0.3) == 5)
        #expect(integers.quantile(0.30001) == 6)
        #expect(integers.mean == 7.5)
    }

    @Test func discretenessAndSign() throws {
        #expect(Distribution.poisson(mean: 1).isDiscrete)
        #expect(!Distribution.truncatedNormal(mean: 1, sd: 1).isDiscrete)
        #expect(Distribution.constant(3).isDiscrete)
        #expect(!Distribution.constant(3.5).isDiscrete)
        #expect(Distribution.empirical(try Empirical(values: [1, -2, 3])).isDiscrete)
        #expect(!Distribution.empirical(try Empirical(values: [1, -2, 3])).isNonNegative)
        #expect(!Distribution.uniform(low: -1, high: 1).isNonNegative)
        #expect(Distribution.lognormal(mean: 1, sd: 1).isNonNegative)
        #expect(!Distribution.constant(-1).isNonNegative)
    }

    @Test("mean zero Poisson and negative binomial are the point mass at 0")
    func degenerateCountLaws() throws {
        for law in [Distribution.poisson(mean: 0), .negativeBinomial(mean: 0, dispersion: 3)] {
            try law.validate()
            #expect(law.pmf(0) == 1)
            #expect(law.pmf(1) == 0)
            #expect(law.cdf(0) == 1)
            #expect(law.cdf(-0.5) == 0)
            #expect(law.quantile(0.5) == 0)
            let stream = RandomStream(seed: 1)
            #expect(law.sample(using: stream) == 0)
        }
    }
}
