import Testing
@testable import Stochastics

/// Invalid parameters are rejected with a message naming the parameter.
@Suite("Distribution validation")
struct DistributionValidationTests {
    /// An invalid law and a word its error message must contain.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let distribution: Distribution
        let parameter: String
        var testDescription: String { "\(distribution) -> \(parameter)" }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(distribution: .poisson(mean: -1), parameter: "mean"),
        InvalidCase(distribution: .poisson(mean: .nan), parameter: "mean"),
        InvalidCase(distribution: .poisson(mean: .infinity), parameter: "mean"),
        InvalidCase(distribution: .negativeBinomial(mean: -0.5, dispersion: 2), parameter: "mean"),
        InvalidCase(distribution: .negativeBinomial(mean: 5, dispersion: 0), parameter: "dispersion"),
        InvalidCase(distribution: .negativeBinomial(mean: 5, dispersion: .infinity), parameter: "dispersion"),
        InvalidCase(distribution: .gamma(mean: -2, sd: 1), parameter: "mean"),
        InvalidCase(distribution: .gamma(mean: 0, sd: 1), parameter: "mean"),
        InvalidCase(distribution: .gamma(mean: .nan, sd: 1), parameter: "mean"),
        InvalidCase(distribution: .gamma(mean: 2, sd: 0), parameter: "sd"),
        InvalidCase(distribution: .lognormal(mean: 2, sd: -1), parameter: "sd"),
        InvalidCase(distribution: .lognormal(mean: -2, sd: 1), parameter: "mean"),
        InvalidCase(distribution: .truncatedNormal(mean: 1, sd: 0), parameter: "sd"),
        InvalidCase(distribution: .truncatedNormal(mean: .nan, sd: 1), parameter: "mean"),
        InvalidCase(distribution: .uniform(low: 3, high: 2), parameter: "low"),
        InvalidCase(distribution: .uniform(low: 2, high: 2), parameter: "low"),
        InvalidCase(distribution: .uniform(low: 0, high: .infinity), parameter: "high"),
        InvalidCase(distribution: .uniformInteger(low: 4, high: 3), parameter: "low"),
        InvalidCase(distribution: .uniformInteger(low: Int.min, high: Int.max), parameter: "range"),
        InvalidCase(distribution: .constant(.nan), parameter: "value"),
        // Parameters that are each fine but whose derived GSL parameters are not.
        InvalidCase(distribution: .gamma(mean: 1e-200, sd: 1), parameter: "shape"),
        InvalidCase(distribution: .truncatedNormal(mean: -1e300, sd: 1e-300), parameter: "mean / sd"),
        InvalidCase(distribution: .negativeBinomial(mean: 1e300, dispersion: 1e-300), parameter: "dispersion"),
    ]

    @Test("invalid parameters throw a message naming the parameter", arguments: invalidCases)
    func invalidParametersThrow(_ testCase: InvalidCase) {
        #expect {
            try testCase.distribution.validate()
        } throws: { error in
            guard let error = error as? DistributionError else { return false }
            return error.message.contains(testCase.parameter) && error.description == error.message
                && error.message.hasSuffix(".")
        }
    }

    @Test func emptyEmpiricalIsRejected() {
        #expect(throws: DistributionError.self) { try Empirical(values: []) }
        do {
            _ = try Empirical(values: [])
        } catch let error as DistributionError {
            #expect(error.message.contains("empty"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func nonFiniteEmpiricalIsRejected() {
        do {
            _ = try Empirical(values: [1, .nan, 3])
            Issue.record("expected an error")
        } catch let error as DistributionError {
            #expect(error.message.contains("index 1"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func validLawsPass() throws {
        try Distribution.poisson(mean: 0).validate()
        try Distribution.negativeBinomial(mean: 4, dispersion: 0.1).validate()
        try Distribution.truncatedNormal(mean: -5, sd: 2).validate()
        try Distribution.uniformInteger(low: 2, high: 2).validate()
        try Distribution.empirical(Empirical(values: [1])).validate()
        try Distribution.constant(-3).validate()
    }

    @Test("sampling invalid laws never traps")
    func invalidSamplingIsHarmless() {
        let stream = RandomStream(seed: 9)
        #expect(Distribution.gamma(mean: 2, sd: 0).sample(using: stream).isNaN)
        #expect(Distribution.gamma(mean: -1e300, sd: 1).sample(using: stream).isNaN)
        #expect(Distribution.truncatedNormal(mean: -1, sd: 0).sample(using: stream).isNaN)
        #expect(Distribution.poisson(mean: .nan).sample(using: stream).isNaN)
        #expect(Distribution.uniformInteger(low: 3, high: 1).sample(using: stream) == 3)
    }

    @Test("overdispersed negative binomial does not overflow 32-bit counts")
    func tinyDispersionSamplesStayFinite() throws {
        let law = Distribution.negativeBinomial(mean: 1e8, dispersion: 1e-3)
        try law.validate()
        let stream = RandomStream(seed: 77)
        let draws = (0..<20_000).map { _ in law.sample(using: stream) }
        #expect(draws.allSatisfy { $0.isFinite && $0 >= 0 && $0 == $0.rounded() })
        // The Poisson intensity is Gamma(0.001, 1) * 1e11, above 2^32 whenever the gamma
        // draw exceeds 0.043: probability ~ 0.001 * E1(0.043) = 2.6e-3, so ~50 of 20,000
        // draws land where a 32-bit count would have wrapped.
        #expect(draws.contains { $0 > Double(UInt32.max) })
    }
}
