import Stochastics

/// One replication's daily demand of every SKU whose demand does not depend on what a policy does (a
/// fixed law per day, `perDay`), drawn once and replayed by every policy that runs the replication.
///
/// Policies of one replication see the same demand already (common random numbers: each SKU's demand
/// stream is keyed by the seed, replication and SKU only), so the tape changes no number: it draws what
/// each policy's run would have drawn, in the same order, once instead of once per policy. SKUs whose
/// demand reads the price a policy sets (`dailyMeans`) or comes from customer arrivals are not taped.
public final class DemandTape: Sendable {
    /// Days per SKU on the tape (the horizon).
    let days: Int
    /// Per SKU: its row in `units` (times `days`), or −1 when the SKU is not taped.
    let rows: [Int]
    /// Whole units per taped SKU and day, row-major.
    let units: [Int32]
    /// The draws it holds: a run of another replication, purpose, seed or generator does not use it.
    let replication: Int, purpose: ReplicationPurpose, seed: UInt64, generator: GeneratorKind
    /// Per SKU, the daily law it was drawn from (nil: not taped); a world with other laws does not use it.
    let laws: [Distribution?]
    /// The world's substream keys (``WorldConfiguration/streamKeys``): a part of a world draws other numbers.
    let keys: [Int]?

    /// Draws the tape of one replication.
    /// - Parameters:
    ///   - configuration: the world.
    ///   - replication: replication index.
    ///   - purpose: which set of replications.
    ///   - seed: the scenario seed.
    ///   - generator: GSL generator algorithm.
    /// - Complexity: O(taped SKUs × horizon days) draws; 4 bytes per SKU-day.
    public init(configuration: WorldConfiguration, replication: Int, purpose: ReplicationPurpose = .report, seed: UInt64,
                generator: GeneratorKind = .mt19937) {
        let days = max(0, configuration.horizonDays)
        let laws = Self.laws(configuration)
        var rows: [Int] = []
        var units: [Int32] = []
        units.reserveCapacity(laws.filter { $0 != nil }.count * days)
        var taped = 0
        for (sku, law) in laws.enumerated() {
            guard let law else {
                rows.append(-1)
                continue
            }
            rows.append(taped)
            taped += 1
            // The stream a run of this replication gives the SKU's demand, drawn day by day as the run draws it
            // (the run's Poisson shortcut is `Distribution.sample`'s own draw).
            let stream = RandomStream(scenarioSeed: seed, replication: replication, sku: configuration.streamKey(of: sku), purpose: .demand,
                                      replicationPurpose: purpose, kind: generator)
            for _ in 0..<days { units.append(Int32(WorldRun.wholeUnits(law.sample(using: stream)))) }
        }
        self.days = days
        self.rows = rows
        self.units = units
        self.laws = laws
        keys = configuration.streamKeys
        (self.replication, self.purpose, self.seed, self.generator) = (replication, purpose, seed, generator)
    }

    /// Whether a run of `configuration` with these keys would draw what this tape holds.
    func fits(_ configuration: WorldConfiguration, replication: Int, purpose: ReplicationPurpose, seed: UInt64,
              generator: GeneratorKind) -> Bool {
        rows.count == configuration.products.count && days == configuration.horizonDays && replication == self.replication
            && purpose == self.purpose && seed == self.seed && generator == self.generator && laws == Self.laws(configuration)
            && keys == configuration.streamKeys
    }

    /// Each SKU's fixed daily law, nil for other customer models.
    static func laws(_ configuration: WorldConfiguration) -> [Distribution?] {
        configuration.products.map { if case .perDay(let law) = $0.customers { return law } else { return nil } }
    }

    /// Whether any SKU is on the tape (a world of arrivals or price-driven demand has nothing to share).
    public var isEmpty: Bool { units.isEmpty }

    /// Whether any SKU of a world would be taped (else a tape saves nothing).
    public static func applies(to configuration: WorldConfiguration) -> Bool {
        laws(configuration).contains { $0 != nil }
    }
}
