import Testing
@testable import Stochastics

/// Determinism, substream separation and the primitive variates of RandomStream.
@Suite("RandomStream")
struct RandomStreamTests {
    private func firstUniforms(_ stream: RandomStream, _ count: Int = 16) -> [Double] {
        (0..<count).map { _ in stream.uniform() }
    }

    @Test("same seed gives the same sequence", arguments: GeneratorKind.allCases)
    func sameSeedSameSequence(_ kind: GeneratorKind) {
        let a = RandomStream(seed: 12_345, kind: kind)
        let b = RandomStream(seed: 12_345, kind: kind)
        #expect(firstUniforms(a) == firstUniforms(b))
        #expect((0..<50).map { _ in a.poisson(mean: 7) } == (0..<50).map { _ in b.poisson(mean: 7) })
        #expect(a.seed == 12_345)
    }

    @Test("different seeds and kinds give different sequences")
    func differentSeedsDiffer() {
        #expect(firstUniforms(RandomStream(seed: 1)) != firstUniforms(RandomStream(seed: 2)))
        #expect(firstUniforms(RandomStream(seed: 1)) != firstUniforms(RandomStream(seed: 1, kind: .taus2)))
        #expect(firstUniforms(RandomStream(seed: 1, kind: .ranlxd2)) != firstUniforms(RandomStream(seed: 1, kind: .taus2)))
        // Seeds differing only in the high 32 bits still differ after folding.
        #expect(firstUniforms(RandomStream(seed: 7)) != firstUniforms(RandomStream(seed: 7 | (1 << 40))))
    }

    @Test func mt19937MatchesGSLReference() {
        // GSL's documented example: the first gsl_rng_get of mt19937 under the default
        // seed 4357 is 4293858116; seed 0 maps to that default.
        let stream = RandomStream(seed: 0)
        #expect(stream.uniform() == 4_293_858_116.0 / 4_294_967_296.0)
    }

    @Test func substreamSeedIsDeterministic() {
        let a = RandomStream.substreamSeed(scenarioSeed: 42, replication: 3, sku: 17, purpose: .demand)
        let b = RandomStream.substreamSeed(scenarioSeed: 42, replication: 3, sku: 17, purpose: .demand)
        #expect(a == b)
        let stream1 = RandomStream(scenarioSeed: 42, replication: 3, sku: 17, purpose: .demand)
        let stream2 = RandomStream(scenarioSeed: 42, replication: 3, sku: 17, purpose: .demand)
        #expect(stream1.seed == a)
        #expect(firstUniforms(stream1) == firstUniforms(stream2))
    }

    @Test("different substream keys give different seeds and sequences")
    func substreamKeysAreSeparated() {
        var seeds = Set<UInt64>()
        var foldedSeeds = Set<UInt64>()
        var keyCount = 0
        for scenario: UInt64 in [0, 1, 42] {
            for replication in -1..<20 {
                for sku in 0..<10 {
                    for purpose in StreamPurpose.allCases {
                        let seed = RandomStream.substreamSeed(
                            scenarioSeed: scenario, replication: replication, sku: sku, purpose: purpose)
                        seeds.insert(seed)
                        foldedSeeds.insert((seed ^ (seed >> 32)) & 0xFFFF_FFFF)
                        keyCount += 1
                    }
                }
            }
        }
        #expect(seeds.count == keyCount)
        // 3,780 keys into 2^32 folded values: a collision has probability ~1.7e-3.
        #expect(foldedSeeds.count == keyCount)

        let base = firstUniforms(RandomStream(scenarioSeed: 42, replication: 0, sku: 0, purpose: .demand))
        #expect(base != firstUniforms(RandomStream(scenarioSeed: 43, replication: 0, sku: 0, purpose: .demand)))
        #expect(base != firstUniforms(RandomStream(scenarioSeed: 42, replication: 1, sku: 0, purpose: .demand)))
        #expect(base != firstUniforms(RandomStream(scenarioSeed: 42, replication: 0, sku: 1, purpose: .demand)))
        #expect(base != firstUniforms(RandomStream(scenarioSeed: 42, replication: 0, sku: 0, purpose: .leadTime)))
        // Swapping fields must not give the same key.
        #expect(
            RandomStream.substreamSeed(scenarioSeed: 5, replication: 1, sku: 2, purpose: .demand)
                != RandomStream.substreamSeed(scenarioSeed: 5, replication: 2, sku: 1, purpose: .demand))
    }

    @Test func uniformRanges() {
        let stream = RandomStream(seed: 99, kind: .taus2)
        for _ in 0..<10_000 {
            let u = stream.uniform()
            #expect(u >= 0 && u < 1)
            let v = stream.uniformPositive()
            #expect(v > 0 && v < 1)
        }
    }

    @Test("uniformInt covers 0..<n evenly, including n beyond 32 bits")
    func uniformIntRanges() {
        let stream = RandomStream(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        let draws = 70_000
        for _ in 0..<draws { counts[stream.uniformInt(below: 7)] += 1 }
        // Each count is Binomial(70,000, 1/7): sd = sqrt(70,000 * 1/7 * 6/7) = 92.6; 4 sd = 371.
        #expect(counts.allSatisfy { abs($0 - 10_000) <= 371 }, "\(counts)")

        #expect(stream.uniformInt(below: 1) == 0)
        #expect(stream.uniformInt(below: 0) == 0)
        #expect(stream.uniformInt(below: -5) == 0)

        let wide = 1 << 40
        let wideDraws = (0..<20_000).map { _ in stream.uniformInt(below: wide) }
        #expect(wideDraws.allSatisfy { $0 >= 0 && $0 < wide })
        // Uniform on 0..<2^40: mean 2^39, sd 2^40 / sqrt(12); 4 standard errors of the mean.
        let mean = wideDraws.reduce(0.0) { $0 + Double($1) } / 20_000
        #expect(abs(mean - Double(wide) / 2) <= 4 * Double(wide) / 12.0.squareRoot() / 20_000.0.squareRoot())
        // Values above 2^32 must occur (they are 99.6% of the range).
        #expect(wideDraws.contains { $0 > Int(UInt32.max) })
        let full = (0..<1_000).map { _ in stream.uniformInt(below: Int.max) }
        #expect(full.allSatisfy { $0 >= 0 })
    }

    @Test func exponentialMoments() {
        let stream = RandomStream(seed: 2_718)
        let draws = (0..<200_000).map { _ in stream.exponential(mean: 2.5) }
        let sample = SampleMoments(draws)
        // Exponential: variance mean^2, excess kurtosis 6.
        #expect(abs(sample.mean - 2.5) <= SampleMoments.meanTolerance(variance: 6.25, count: sample.count))
        #expect(
            abs(sample.variance - 6.25)
                <= SampleMoments.varianceTolerance(variance: 6.25, excessKurtosis: 6, count: sample.count))
        #expect(draws.allSatisfy { $0 >= 0 })
        #expect(stream.exponential(mean: 0) == 0)
        #expect(stream.exponential(mean: -1) == 0)
        #expect(stream.exponential(mean: .nan).isNaN)
    }

    @Test("poisson beyond 32-bit counts uses the normal approximation")
    func hugePoissonMean() {
        let stream = RandomStream(seed: 31_415)
        let mean = 1e10
        let draws = (0..<20_000).map { _ in Double(stream.poisson(mean: mean)) }
        let sample = SampleMoments(draws)
        #expect(abs(sample.mean - mean) <= SampleMoments.meanTolerance(variance: mean, count: sample.count))
        // Poisson excess kurtosis 1 / mean is negligible here.
        #expect(
            abs(sample.variance - mean)
                <= SampleMoments.varianceTolerance(variance: mean, excessKurtosis: 1 / mean, count: sample.count))
        #expect(stream.poisson(mean: 0) == 0)
        #expect(stream.poisson(mean: -3) == 0)
        #expect(stream.poisson(mean: .infinity) == 0)
    }
}
