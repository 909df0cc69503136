import Foundation
import Stochastics
import Testing

/// The ziggurat sampler must be an exact exponential: moments, the whole cdf, and the tail beyond the base layer.
@Suite("Exponential (ziggurat)")
struct ExponentialZigguratTests {
    static let n = 400_000

    static func draws(mean: Double = 1, seed: UInt64 = 2024) -> [Double] {
        let stream = RandomStream(seed: seed)
        return (0..<n).map { _ in stream.exponential(mean: mean) }
    }

    @Test("mean and variance within 4 standard errors of theory")
    func moments() {
        let x = Self.draws(mean: 3)
        let n = Double(Self.n)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        // Exp(mean 3): sd 3, so SE(mean) = 3/√n; Var(s²) ≈ (μ4 − σ⁴)/n = (9·81 − 81)/n.
        #expect(abs(mean - 3) < 4 * 3 / n.squareRoot())
        #expect(abs(variance - 9) < 4 * (8 * 81 / n).squareRoot())
        #expect(x.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test("the empirical cdf stays within the 99.9% Kolmogorov band of 1 − e^−x")
    func kolmogorov() {
        let x = Self.draws().sorted()
        let n = Double(Self.n)
        var worst = 0.0
        for (i, value) in x.enumerated() {
            let f = -expm1(-value)
            worst = max(worst, abs(f - Double(i) / n), abs(f - Double(i + 1) / n))
        }
        #expect(worst < 1.95 / n.squareRoot())
    }

    @Test("the tail beyond the base layer (x > 7.697) has its exponential share")
    func tail() {
        let x = Self.draws(seed: 99)
        let beyond = Double(x.filter { $0 > 7.69711747013104972 }.count)
        let expected = Double(Self.n) * exp(-7.69711747013104972)
        #expect(abs(beyond - expected) < 4 * expected.squareRoot())
        #expect(x.contains { $0 > 9 })
    }

    @Test("a degenerate mean gives 0, not a trap")
    func degenerate() {
        let stream = RandomStream(seed: 1)
        #expect(stream.exponential(mean: 0) == 0)
        #expect(stream.exponential(mean: -1) == 0)
    }
}
