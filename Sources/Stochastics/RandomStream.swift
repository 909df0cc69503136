internal import _CGSL

/// A seeded GSL random number generator.
///
/// Owns its `gsl_rng` and frees it in `deinit`. Not thread-safe: create one per task
/// (typically one per replication, SKU and ``StreamPurpose`` via
/// ``init(scenarioSeed:replication:sku:purpose:kind:)``) rather than sharing one.
public final class RandomStream {
    /// The 64-bit seed this stream was created with (before folding to GSL's 32 bits).
    public let seed: UInt64

    /// Internal rather than private so `Distribution` can call GSL samplers directly.
    internal let rng: UnsafeMutablePointer<gsl_rng>

    /// Creates a generator seeded with `seed`.
    ///
    /// GSL's seeding routines for all three ``GeneratorKind``s read only the low 32 bits of
    /// their `unsigned long` seed, so the high half is folded in first (`seed ^ (seed >> 32)`)
    /// rather than silently ignored. Consequently at most 2^32 distinct sequences exist per
    /// kind, and a folded value of 0 is replaced by GSL's own default seed (4357 for
    /// mt19937, 1 for ranlxd2 and taus2), so it coincides with the seed that folds to that
    /// value.
    /// - Parameters:
    ///   - seed: Any 64-bit value.
    ///   - kind: The generator algorithm; mt19937 by default.
    public init(seed: UInt64, kind: GeneratorKind = .mt19937) {
        GSLRuntime.prepare()
        let type: UnsafePointer<gsl_rng_type>
        switch kind {
        case .mt19937: type = cgsl_rng_mt19937()
        case .ranlxd2: type = cgsl_rng_ranlxd2()
        case .taus2: type = cgsl_rng_taus2()
        }
        // gsl_rng_alloc fails only when malloc does; no input can cause that, and there is
        // no sensible way to continue a simulation without its generator.
        guard let allocated = gsl_rng_alloc(type) else {
            fatalError("RandomStream: gsl_rng_alloc failed (out of memory)")
        }
        self.seed = seed
        self.rng = allocated
        gsl_rng_set(allocated, UInt(truncatingIfNeeded: seed ^ (seed >> 32)))
    }

    /// Creates the deterministic substream for one (replication purpose, replication, SKU, purpose) of
    /// a scenario.
    ///
    /// Two policies simulated in the same replication get identical numbers for the same
    /// SKU and purpose (common random numbers), which makes their comparison far less noisy.
    /// - Parameters:
    ///   - scenarioSeed: The scenario's master seed.
    ///   - replication: Replication index (any value; usually 0-based).
    ///   - sku: SKU index or identifier.
    ///   - purpose: What the numbers are used for.
    ///   - replicationPurpose: Which set of replications: `report` (the default) for what a user reads;
    ///     training, tuning and evaluation use their own, disjoint sets.
    ///   - kind: The generator algorithm; mt19937 by default.
    public convenience init(
        scenarioSeed: UInt64, replication: Int, sku: Int, purpose: StreamPurpose,
        replicationPurpose: ReplicationPurpose = .report, kind: GeneratorKind = .mt19937
    ) {
        self.init(
            seed: Self.substreamSeed(
                scenarioSeed: scenarioSeed, replication: replication, sku: sku, purpose: purpose,
                replicationPurpose: replicationPurpose),
            kind: kind)
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// The seed of the substream for (replication purpose, replication, SKU, purpose) under `scenarioSeed`.
    ///
    /// Each field is absorbed through the SplitMix64 finaliser, which is a bijection, so for a
    /// given prefix different values of the next field always give different states; keys
    /// that differ only in earlier fields collide with probability about 2^-64. Note that
    /// the generators themselves use only 32 bits of the seed (see ``init(seed:kind:)``), so
    /// among millions of substreams a few pairs will share a sequence.
    /// - Parameters:
    ///   - scenarioSeed: The scenario's master seed.
    ///   - replication: Replication index.
    ///   - sku: SKU index or identifier.
    ///   - purpose: What the numbers are used for.
    ///   - replicationPurpose: Which set of replications (`report` keys are those of earlier versions).
    /// - Returns: A well-mixed 64-bit seed; the same inputs always give the same seed.
    public static func substreamSeed(
        scenarioSeed: UInt64, replication: Int, sku: Int, purpose: StreamPurpose,
        replicationPurpose: ReplicationPurpose = .report
    ) -> UInt64 {
        // Domain constant so that substream seeds are not simply SplitMix64.mix(scenarioSeed) chains
        // that a user could reproduce by accident with hand-picked seeds.
        var state = SplitMix64.mix(scenarioSeed ^ 0x5245_5354_4F43_4B31)  // "RESTOCK1"
        if let salt = replicationPurpose.keySalt { state = SplitMix64.mix(state ^ salt) }
        state = SplitMix64.mix(state ^ UInt64(bitPattern: Int64(replication)))
        state = SplitMix64.mix(state ^ UInt64(bitPattern: Int64(sku)))
        state = SplitMix64.mix(state ^ purpose.rawValue)
        return state
    }

    /// A uniform variate on [0, 1).
    /// - Returns: A value with the generator's resolution (2^-32 for all three kinds).
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform variate on the open interval (0, 1); safe to pass to `log`.
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// A uniform integer in `0..<n`, without modulo bias.
    ///
    /// Uses `gsl_rng_uniform_int` when `n` fits the generator's range (2^32 - 1 for all
    /// three kinds); larger `n` are served from 64 random bits by rejection, since GSL would
    /// return 0 and flag an error.
    /// - Parameter n: The number of outcomes; values below 1 yield 0.
    /// - Returns: An integer in `0..<max(n, 1)`.
    public func uniformInt(below n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt(n)
        if bound <= gsl_rng_max(rng) - gsl_rng_min(rng) {
            return Int(gsl_rng_uniform_int(rng, bound))
        }
        return Int(wideUniformInt(below: UInt64(bound)))
    }

    /// Rejection sampling on 64 bits built from four 16-bit draws (any GSL generator covers
    /// 16 bits): accepting only below the largest multiple of `n` removes modulo bias.
    private func wideUniformInt(below n: UInt64) -> UInt64 {
        // 2^64 mod n, computed without overflowing.
        let excess = (UInt64.max % n &+ 1) % n
        while true {
            var bits: UInt64 = 0
            for _ in 0..<4 {
                bits = (bits << 16) | UInt64(gsl_rng_uniform_int(rng, 1 << 16))
            }
            if excess == 0 || bits < 0 &- excess {
                return bits % n
            }
        }
    }

    /// An exponential variate (e.g. an inter-arrival time, in whatever time unit `mean` uses).
    ///
    /// Sampled by the ziggurat method (``ExponentialZiggurat``) on the GSL generator's 32-bit words:
    /// it is the simulator's most frequent draw (Poisson customer arrivals), and inversion spends most
    /// of its time in `log`. It usually consumes one word, occasionally more; a stream used only for
    /// arrivals still gives every policy the same arrival times (common random numbers).
    /// - Parameter mean: The mean (> 0). A non-positive mean yields 0 (the degenerate limit)
    ///   and NaN yields NaN, rather than trapping.
    /// - Returns: A value >= 0 in the units of `mean`.
    public func exponential(mean: Double) -> Double {
        guard mean > 0 else { return mean.isNaN ? mean : 0 }
        return mean * ExponentialZiggurat.shared.sample(rng)
    }

    /// A Poisson variate (e.g. units demanded in a period).
    ///
    /// GSL's sampler counts in 32 bits, so for means above 10^9 a normal approximation is
    /// used instead (its skewness, 1/sqrt(mean), is then below 3.2e-5).
    /// - Parameter mean: The mean (>= 0). Non-finite or non-positive means yield 0.
    /// - Returns: A count >= 0.
    public func poisson(mean: Double) -> Int {
        guard mean > 0, mean.isFinite else { return 0 }
        if mean > 1e9 {
            let draw = (mean + mean.squareRoot() * gsl_ran_ugaussian(rng)).rounded()
            return Int(max(0, min(draw, 9.0e18)))
        }
        return Int(gsl_ran_poisson(rng, mean))
    }
}
